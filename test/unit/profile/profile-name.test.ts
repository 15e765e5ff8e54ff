/**
 * The names of request profiles (`src/profile/profile-name.ts`) and where
 * they go (`profileTarget`): PoorWSGI's `{dump}_{METHOD}{PATH_INFO, "/" as "_"}.{time}`,
 * one path component whatever the client sent.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PoorWSGIError } from '../../../src/errors/poorwsgi-error.ts';
import {
  CpuProfiler,
  checkSamplingInterval,
  MAX_METHOD_LENGTH,
  MAX_PATH_BYTES,
  profileStem,
  profileTarget,
  profileTime,
  targetPath,
  writeProfile,
} from '../../../src/profile/index.ts';

function isProfileError(err: unknown): boolean {
  return err instanceof PoorWSGIError && err.code === 'PW_ERR_PROFILE';
}

describe('profileStem: {METHOD}{path} as one safe file name', () => {
  const cases: ReadonlyArray<[method: string, target: string, stem: string]> = [
    ['GET', '/', 'GET_'],
    ['GET', '/test/json', 'GET_test_json'],
    ['POST', '/test/json?x=1&y=/../', 'POST_test_json'],
    ['GET', '/debug-info', 'GET_debug-info'],
    // percent-decoded as PATH_INFO is, then every "/" and unsafe character is "_"
    ['GET', '/a%20b/c%2Fd', 'GET_a_b_c_d'],
    ['GET', '/../../etc/passwd', 'GET_.._.._etc_passwd'],
    ['GET', '/..%2F..%2F..%5Cx%00y', 'GET_.._.._.._x_y'],
    ['GET', '/%E0%A4%A', 'GET__E0_A4_A'],
    ['GET', '/čeština/日本', 'GET_čeština_日本'],
    ['M-SEARCH', '*', 'M-SEARCH_'],
    ["A!#$%&'*+^`|~", '/x', 'A___________~_x'],
    ['GET', 'http://host:80/x', 'GEThttp___host_80_x'],
  ];
  for (const [method, target, stem] of cases) {
    test(`${method} ${target} → ${stem}`, () => {
      const got = profileStem(method, target);
      assert.equal(got, stem);
      assert.doesNotMatch(got, /[/\\\0]/);
    });
  }

  test('a long method is cut, a long path is cut to whole characters under the byte limit', () => {
    assert.equal(profileStem('X'.repeat(100), '/').length, MAX_METHOD_LENGTH + 1);
    const ascii = profileStem('GET', `/${'a'.repeat(1000)}`);
    assert.equal(Buffer.byteLength(ascii), 3 + MAX_PATH_BYTES);
    const wide = profileStem('GET', `/${'ř'.repeat(1000)}`);
    const pathPart = wide.slice(3);
    assert.ok(Buffer.byteLength(pathPart) <= MAX_PATH_BYTES);
    assert.ok(Buffer.byteLength(pathPart) > MAX_PATH_BYTES - 2, 'cut at the last whole character');
    assert.doesNotMatch(pathPart, /\uFFFD/);
  });

  test('targetPath drops the query and decodes, or keeps what does not decode', () => {
    assert.equal(targetPath('/a%2Fb?c=d'), '/a/b');
    assert.equal(targetPath('/a%zz'), '/a%zz');
  });

  test('profileTime is seconds with microseconds, as Python time() prints them', () => {
    assert.equal(profileTime(1500), '1.500000');
    assert.equal(profileTime(1733310000123.456), '1733310000.123456');
    assert.match(profileTime(), /^\d{10}\.\d{6}$/);
  });
});

describe('profileTarget: where the profiles of a prefix go', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'poorwsgi-profile-name-'));
    mkdirSync(join(dir, 'log'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a prefix in an existing directory: that directory, names start with "{prefix}_"', () => {
    assert.deepEqual(profileTarget(join(dir, 'log', 'req')), { dir: join(dir, 'log'), start: 'req_' });
  });

  test('an existing directory, with or without a trailing "/": names start with the method', () => {
    assert.deepEqual(profileTarget(join(dir, 'log')), { dir: join(dir, 'log'), start: '' });
    assert.deepEqual(profileTarget(`${join(dir, 'log')}/`), { dir: join(dir, 'log'), start: '' });
  });

  test('a relative prefix is resolved against the working directory, once', () => {
    const target = profileTarget(relative(process.cwd(), join(dir, 'log', 'req')));
    assert.equal(target.dir, join(dir, 'log'));
  });

  test('a directory that does not exist, an empty prefix or no string: PW_ERR_PROFILE', () => {
    assert.throws(() => profileTarget(join(dir, 'missing', 'req')), isProfileError);
    assert.throws(() => profileTarget(`${join(dir, 'missing')}/`), isProfileError);
    assert.throws(() => profileTarget(join(dir, 'log', 'req', 'deeper')), isProfileError);
    assert.throws(() => profileTarget(''), isProfileError);
    assert.throws(() => profileTarget(42 as unknown as string), isProfileError);
  });

  test('a file where the directory should be: PW_ERR_PROFILE', () => {
    writeFileSync(join(dir, 'plain'), 'x');
    assert.throws(() => profileTarget(join(dir, 'plain', 'req')), isProfileError);
  });
});

describe('checkSamplingInterval', () => {
  test('positive whole microseconds pass', () => {
    assert.equal(checkSamplingInterval(1), 1);
    assert.equal(checkSamplingInterval(1000), 1000);
  });
  for (const bad of [0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '100', null]) {
    test(`${String(bad)} is PW_ERR_PROFILE`, () => {
      assert.throws(() => checkSamplingInterval(bad), isProfileError);
      assert.throws(() => new CpuProfiler(bad as number), isProfileError);
    });
  }
});

describe('writeProfile never replaces a file', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'poorwsgi-profile-write-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const profile = { nodes: [], startTime: 0, endTime: 1, samples: [], timeDeltas: [] };

  test('an existing name (or a symbolic link under it) gets -1, -2, ...', async () => {
    const base = join(dir, 'GET_.1.000000');
    writeFileSync(`${base}.cpuprofile`, 'theirs');
    symlinkSync(join(dir, 'elsewhere'), `${base}-1.cpuprofile`);
    assert.equal(await writeProfile(base, profile), `${base}-2.cpuprofile`);
    assert.equal(readFileSync(`${base}.cpuprofile`, 'utf8'), 'theirs');
    assert.ok(!readdirSync(dir).includes('elsewhere'), 'the link was not followed');
    assert.deepEqual(JSON.parse(readFileSync(`${base}-2.cpuprofile`, 'utf8')), profile);
  });

  test('any other failure is thrown', async () => {
    await assert.rejects(writeProfile(join(dir, 'missing', 'x'), profile), { code: 'ENOENT' });
  });
});
