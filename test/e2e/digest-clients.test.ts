/**
 * `examples/http-digest.ts` under real HTTP Digest clients, one application
 * per algorithm on port 0: `curl --digest` (all four algorithms), a request
 * of curl's replayed by a raw client, Python `requests` `HTTPDigestAuth`
 * (PoorWSGI's integration test of the example, under pytest), and Chromium
 * answering the challenge with playwright's `httpCredentials`.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../examples/http-digest.ts';
import type { DigestAlgorithm } from '../../src/crypto/digest-algorithm.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { curlDigest, nextCredentials, resend } from '../helpers/digest.ts';
import { runCommand, runPytest } from '../helpers/run-command.ts';
import { curlRun, quietLogger, type Running, start } from '../helpers/serve.ts';

const ALGORITHMS: readonly DigestAlgorithm[] = ['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess'];

/** A user of `examples/test.digest` whose HA1 is of the algorithm's hash: MD5 users for MD5, `sha` for SHA-256. */
function userFor(algorithm: DigestAlgorithm): { user: string; password: string } {
  return algorithm.startsWith('MD5') ? { user: 'user', password: 'looser' } : { user: 'sha', password: 'sha' };
}

interface Served extends Running {
  readonly log: ReturnType<typeof quietLogger>;
}

const servers = new Map<DigestAlgorithm, Served>();
before(async () => {
  for (const algorithm of ALGORITHMS) {
    const app = createApp({ algorithm });
    const log = quietLogger();
    app.logger = log;
    servers.set(algorithm, { ...(await start(app)), log });
  }
});
after(async () => {
  for (const server of servers.values()) await server.close();
});

function server(algorithm: DigestAlgorithm): Served {
  const found = servers.get(algorithm);
  assert.ok(found, algorithm);
  return found;
}

describe('curl --digest', () => {
  test('curl is 7.57 or later (SHA-256 Digest came in 7.57.0)', { timeout: 30_000 }, async () => {
    const run = await curlRun(['--version']);
    const [, major = '0', minor = '0'] = /^curl (\d+)\.(\d+)/.exec(run.stdout) ?? [];
    assert.ok(Number(major) * 100 + Number(minor) >= 757, run.stdout);
  });

  for (const algorithm of ALGORITHMS) {
    test(`${algorithm}: let in with the right password, refused with a wrong one or another realm's user`, {
      timeout: 60_000,
    }, async () => {
      const { url } = server(algorithm);
      const { user, password } = userFor(algorithm);
      const { res } = await curlDigest(`${url}/user_zone?param=text`, user, password);
      assert.equal(res.status, 200, res.body);
      assert.match(res.body, new RegExp(`<h2>User Zone test for ${algorithm} algorithm\\.</h2>\\nUser: ${user}\\n`));

      const wrong = await curlDigest(`${url}/user_zone`, user, `${password}x`);
      assert.equal(wrong.res.status, 401);
      const challenge = wrong.res.headers.get('www-authenticate')?.[0] ?? '';
      assert.match(challenge, new RegExp(`^Digest realm="User Zone", .*algorithm="?${algorithm}"?`));

      if (algorithm.startsWith('MD5')) {
        assert.equal((await curlDigest(`${url}/admin_zone?arg=42`, 'admin', 'admin')).res.status, 200);
        // a UTF-8 user name and password, a path of UTF-8 and spaces
        const crazy = await curlDigest(`${url}/crazy%20in%20url%20%F0%9F%A4%AA`, 'Ondřej', 'heslíčko');
        assert.equal(crazy.res.status, 200, crazy.res.body);
        assert.match(Buffer.from(crazy.res.body, 'latin1').toString('utf8'), /User: Ondřej\n/);
        // the user of the other realm, and a user of the realm that is not the one let in
        assert.equal((await curlDigest(`${url}/user_zone`, 'admin', 'admin')).res.status, 401);
        assert.equal((await curlDigest(`${url}/admin_zone`, 'user', 'looser')).res.status, 401);
        assert.equal((await curlDigest(`${url}/user`, 'foo', 'bar')).res.status, 401);
        assert.equal((await curlDigest(`${url}/user`, 'user', 'looser')).res.status, 200);
      } else {
        // an MD5 HA1 cannot answer a SHA-256 challenge
        assert.equal((await curlDigest(`${url}/user_zone`, 'user', 'looser')).res.status, 401);
      }
    });
  }
});

describe('a request of curl replayed by a raw client', () => {
  for (const algorithm of ALGORITHMS) {
    test(`${algorithm}: the same nonce and nc again is refused; the next nc is let in`, {
      timeout: 60_000,
    }, async () => {
      const { url, port, log } = server(algorithm);
      const { user, password } = userFor(algorithm);
      const { res, sent } = await curlDigest(`${url}/user_zone`, user, password);
      assert.equal(res.status, 200);
      assert.ok(sent, 'curl sent no Authorization');

      const before = log.lines.length;
      const replayed = await resend(port, sent);
      assert.equal(replayed.status, 401);
      assert.match(replayed.headers.get('www-authenticate')?.[0] ?? '', /stale=true/);
      assert.ok(
        log.lines.slice(before).some((line) => /nonce count 1 of user "\w+" was used already/.test(String(line[0]))),
        JSON.stringify(log.lines.slice(before)),
      );

      // the same credentials with a higher count, answered as a client would: let in, then refused in turn
      const third = nextCredentials(sent, algorithm, 'User Zone', password, 3);
      const thirdRes = await resend(port, sent, third);
      assert.equal(thirdRes.status, 200, thirdRes.body);
      assert.equal((await resend(port, sent, third)).status, 401);
      // a count lower than the highest used, though never used itself, is refused too
      assert.equal((await resend(port, sent, nextCredentials(sent, algorithm, 'User Zone', password, 2))).status, 401);
    });
  }
});

describe('Python requests HTTPDigestAuth (pytest)', () => {
  test('python3 has requests and pytest', { timeout: 60_000 }, async () => {
    const probe = await runCommand('python3', ['-c', 'import requests, pytest']);
    assert.equal(probe.exitCode, 0, `python3 with requests and pytest is needed:\n${probe.output}`);
  });

  test('test/e2e/python/test_digest.py passes: MD5, MD5-sess, SHA-256', { timeout: 150_000 }, async () => {
    const result = await runPytest('test/e2e/python/test_digest.py', {
      DIGEST_URL: server('MD5-sess').url,
      DIGEST_MD5_URL: server('MD5').url,
      DIGEST_SHA256_URL: server('SHA-256').url,
    });
    assert.equal(result.exitCode, 0, `pytest failed (exit ${result.exitCode}):\n${result.output}`);
    assert.match(result.output, /\b1[0-9] passed\b/);
  });
});

describe('Chromium with httpCredentials', () => {
  /**
   * One browser per user: what it is shown on each application. Chromium
   * answers every algorithm of RFC 7616 it is challenged with; a user whose
   * HA1 is of the other hash, or of the other realm, is refused.
   */
  const cases: ReadonlyArray<{ user: string; password: string; expect: Record<string, number> }> = [
    {
      user: 'Ondřej',
      password: 'heslíčko',
      expect: {
        'MD5 /user_zone': 200,
        'MD5-sess /user_zone': 200,
        'MD5-sess /čeština v url': 200,
        'MD5-sess /admin_zone': 401,
        'MD5-sess /user': 401,
        'SHA-256 /user_zone': 401,
      },
    },
    {
      user: 'sha',
      password: 'sha',
      expect: { 'SHA-256 /user_zone': 200, 'SHA-256-sess /user_zone': 200, 'MD5-sess /user_zone': 401 },
    },
    { user: 'user', password: 'wrong', expect: { 'MD5-sess /user_zone': 401 } },
  ];
  for (const { user, password, expect } of cases) {
    test(`${user}/${password}: ${JSON.stringify(expect)}`, { timeout: 120_000 }, async () => {
      const profile = mkdtempSync(join(tmpdir(), 'poorwsgi-chromium-digest-'));
      const browser = await launchChromium(profile, { httpCredentials: { username: user, password } });
      try {
        const page = await browser.newPage();
        const seen: Record<string, number> = {};
        for (const key of Object.keys(expect)) {
          const space = key.indexOf(' ');
          const algorithm = key.slice(0, space) as DigestAlgorithm;
          const path = key.slice(space + 1);
          const res = await page.goto(`${server(algorithm).url}${encodeURI(path)}`);
          assert.ok(res);
          seen[key] = res.status();
          if (res.status() === 200) {
            assert.match(await page.content(), new RegExp(`User: ${user}\\b`));
            assert.match(await page.content(), new RegExp(`test for ${algorithm} algorithm`));
          }
        }
        assert.deepEqual(seen, expect);
      } finally {
        await browser.close();
        rmSync(profile, { recursive: true, force: true });
      }
    });
  }
});
