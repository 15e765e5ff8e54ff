/**
 * `PasswordMap` and `hexdigest` on real files: PoorWSGI's `test.digest`
 * (the example's users), files written and read back, bad lines, and the
 * atomic write (a new file renamed over the old one).
 * @module
 */
import assert from 'node:assert/strict';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { hexdigest } from '../../../src/auth/hexdigest.ts';
import { PasswordMap } from '../../../src/auth/password-map.ts';
import type { DigestAlgorithm } from '../../../src/crypto/digest-algorithm.ts';
import { PoorWSGIError } from '../../../src/errors/poorwsgi-error.ts';

const EXAMPLE = new URL('../../../examples/test.digest', import.meta.url);

/** The users of PoorWSGI's `examples/test.digest`, with their passwords. */
const USERS: ReadonlyArray<[realm: string, user: string, password: string, algorithm: DigestAlgorithm]> = [
  ['User Zone', 'user', 'looser', 'MD5'],
  ['User Zone', 'foo', 'bar', 'MD5'],
  ['User Zone', 'Ondřej', 'heslíčko', 'MD5'],
  ['User Zone', 'sha', 'sha', 'SHA-256'],
  ['Admin Zone', 'admin', 'admin', 'MD5'],
];

const MD5_A = 'a'.repeat(32);
const MD5_B = 'b'.repeat(32);

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'poorwsgi-password-map-'));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A new file of the temporary folder holding `text`; its path. */
let files = 0;
function file(text: string | Uint8Array): string {
  files += 1;
  const path = join(dir, `users-${files}.digest`);
  writeFileSync(path, text);
  return path;
}

/** Assert that `fn` throws a `PoorWSGIError` with `code` and a message matching `message`. */
function throwsCode(fn: () => unknown, code: string, message: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof PoorWSGIError, String(err));
    assert.equal(err.code, code);
    assert.match(err.message, message);
    return true;
  });
}

describe('hexdigest', () => {
  test("PoorWSGI's documented value", () => {
    assert.equal(hexdigest('user', 'User Zone', 'looser'), '99f490dffe2c74a7f13d0cf9b61098a5');
  });

  test('every line of test.digest, UTF-8 names and the SHA-256 user included', () => {
    const lines = readFileSync(EXAMPLE, 'utf8').trim().split('\n');
    const made = USERS.map(([realm, user, password, algorithm]) =>
      [user, realm, hexdigest(user, realm, password, algorithm)].join(':'),
    );
    assert.deepEqual(made.sort(), [...lines].sort());
  });

  test('a -sess algorithm stores the HA1 of its base algorithm', () => {
    assert.equal(hexdigest('u', 'r', 'p', 'MD5-sess'), hexdigest('u', 'r', 'p', 'MD5'));
    assert.equal(hexdigest('u', 'r', 'p', 'SHA-256-sess'), hexdigest('u', 'r', 'p', 'SHA-256'));
    assert.match(hexdigest('u', 'r', 'p', 'SHA-256'), /^[0-9a-f]{64}$/);
    assert.notEqual(hexdigest('u', 'r', 'p'), hexdigest('u', 'r', 'q'));
  });

  test('an unknown algorithm is refused', () => {
    for (const name of ['SHA1', 'md5', 'toString']) {
      throwsCode(
        () => hexdigest('u', 'r', 'p', name as DigestAlgorithm),
        'PW_ERR_PASSWORD_ENTRY',
        new RegExp(`Unknown Digest algorithm "${name}"`),
      );
    }
  });
});

describe('PasswordMap in memory', () => {
  test('set, find, verify, delete', () => {
    const map = new PasswordMap();
    assert.equal(map.pathname, null);
    assert.equal(map.size, 0);
    assert.equal(map.set('Zone', 'a', MD5_A), map);
    map.set('Zone', 'b', MD5_B).set('Other', 'a', MD5_B);
    assert.equal(map.size, 3);
    assert.equal(map.find('Zone', 'a'), MD5_A);
    assert.equal(map.find('Other', 'a'), MD5_B);
    assert.equal(map.find('Zone', 'c'), null);
    assert.equal(map.find('Nowhere', 'a'), null);
    // what an object's prototype has is no user
    assert.equal(map.find('Zone', 'constructor'), null);
    assert.equal(map.find('__proto__', 'a'), null);

    assert.equal(map.verify('Zone', 'a', MD5_A), true);
    assert.equal(map.verify('Zone', 'a', MD5_A.toUpperCase()), true);
    assert.equal(map.verify('Zone', 'a', MD5_B), false);
    assert.equal(map.verify('Zone', 'a', 'short'), false);
    assert.equal(map.verify('Zone', 'c', MD5_A), false);
    // an unknown user is not verified by the empty digest either
    assert.equal(map.verify('Zone', 'c', ''), false);

    map.set('Zone', 'a', MD5_B);
    assert.equal(map.find('Zone', 'a'), MD5_B);
    assert.equal(map.size, 3);

    assert.equal(map.delete('Zone', 'a'), true);
    assert.equal(map.delete('Zone', 'a'), false);
    assert.equal(map.delete('Nowhere', 'a'), false);
    assert.equal(map.find('Zone', 'a'), null);
    assert.equal(map.delete('Other', 'a'), true);
    assert.deepEqual([...map], [{ realm: 'Zone', user: 'b', digest: MD5_B }]);
  });

  test('entries come realm by realm, in the order they were first set', () => {
    const map = new PasswordMap().set('R1', 'x', MD5_A).set('R2', 'y', MD5_A).set('R1', 'z', MD5_B);
    map.set('R1', 'x', MD5_B);
    assert.deepEqual(
      [...map.entries()].map(({ realm, user, digest }) => `${user}:${realm}:${digest[0]}`),
      ['x:R1:b', 'z:R1:b', 'y:R2:a'],
    );
  });

  test('an upper-case HA1 is stored in lower case, as hexdigest makes it', () => {
    const map = new PasswordMap().set('Zone', 'u', 'ABCDEF'.repeat(5).concat('AB'));
    assert.equal(map.find('Zone', 'u'), 'abcdef'.repeat(5).concat('ab'));
  });

  const refused: ReadonlyArray<[string, string, string, RegExp]> = [
    ['Zone', '', MD5_A, /the user name is empty/],
    ['Zone', 'a:b', MD5_A, /the user name "a:b" contains ':'/],
    ['Zone', 'a\nb', MD5_A, /the user name "a\\nb" contains a line break/],
    ['Zone', 'a\rb', MD5_A, /contains a line break/],
    ['Zo\nne', 'a', MD5_A, /the realm "Zo\\nne" contains a line break/],
    ['Zone', 'a', 'password', /"password" is not an HA1 \(32 or 64 hexadecimal digits\)/],
    ['Zone', 'a', 'a'.repeat(33), /is not an HA1/],
    ['Zone', 'a', '', /is not an HA1/],
    ['Zone', 'a', `${MD5_A}\n`, /is not an HA1/],
  ];
  for (const [realm, user, digest, message] of refused) {
    test(`set() refuses ${JSON.stringify([realm, user, digest])}: a file could not hold it`, () => {
      const map = new PasswordMap();
      throwsCode(() => map.set(realm, user, digest), 'PW_ERR_PASSWORD_ENTRY', message);
      assert.equal(map.size, 0);
    });
  }

  test('without a pathname there is nothing to load or write', () => {
    for (const map of [new PasswordMap(), new PasswordMap('')]) {
      throwsCode(() => map.load(), 'PW_ERR_PASSWORD_PATH', /^PasswordMap\.load\(\): no pathname was set/);
      throwsCode(() => map.write(), 'PW_ERR_PASSWORD_PATH', /^PasswordMap\.write\(\): no pathname was set/);
    }
  });
});

describe('PasswordMap.load()', () => {
  test("PoorWSGI's test.digest, given as a file: URL", () => {
    const map = new PasswordMap(EXAMPLE).load();
    assert.equal(map.size, USERS.length);
    for (const [realm, user, password, algorithm] of USERS) {
      assert.equal(map.verify(realm, user, hexdigest(user, realm, password, algorithm)), true, user);
      assert.equal(map.verify(realm, user, hexdigest(user, realm, `${password}x`, algorithm)), false, user);
    }
    // a user of one realm is not a user of the other
    assert.equal(map.find('Admin Zone', 'user'), null);
    assert.equal(map.find('User Zone', 'admin'), null);
  });

  test('a realm with ":" in it: the user ends at the first ":", the HA1 starts after the last', () => {
    const map = new PasswordMap(file(`bob:urn:zone:one:${MD5_A}\n`)).load();
    assert.deepEqual([...map], [{ realm: 'urn:zone:one', user: 'bob', digest: MD5_A }]);
  });

  test('a BOM, CRLF line ends, blank lines, spaces around a line and no final line break', () => {
    const text = `\ufeffa:Zone:${MD5_A}\r\n\r\n   \n  b:Zone:${MD5_B.toUpperCase()}  \nc::${MD5_A}`;
    const map = new PasswordMap(file(text)).load();
    assert.deepEqual(
      [...map].map(({ realm, user, digest }) => `${user}:${realm}:${digest}`),
      [`a:Zone:${MD5_A}`, `b:Zone:${MD5_B}`, `c::${MD5_A}`],
    );
  });

  test('an empty file is an empty map', () => {
    assert.equal(new PasswordMap(file('')).load().size, 0);
  });

  test('load() again reads the file anew: a user removed from it is gone', () => {
    const path = file(`a:Zone:${MD5_A}\nb:Zone:${MD5_B}\n`);
    const map = new PasswordMap(path).load();
    map.set('Memory', 'm', MD5_A);
    writeFileSync(path, `b:Zone:${MD5_A}\n`);
    map.load();
    assert.deepEqual([...map], [{ realm: 'Zone', user: 'b', digest: MD5_A }]);
  });

  const bad: ReadonlyArray<[name: string, text: string | Uint8Array, line: number, message: RegExp]> = [
    ['no ":"', `a:Zone:${MD5_A}\nnonsense\n`, 2, /expected user:realm:HA1/],
    ['one ":"', `a:${MD5_A}\n`, 1, /expected user:realm:HA1/],
    ['an empty user name', `\n:Zone:${MD5_A}\n`, 2, /the user name is empty/],
    ['a password instead of HA1', 'a:Zone:looser\n', 1, /"looser" is not an HA1/],
    ['an empty HA1', 'a:Zone:\n', 1, /"" is not an HA1/],
    [
      'a user twice in one realm',
      `a:Z:${MD5_A}\nb:Z:${MD5_A}\na:Z:${MD5_B}\n`,
      3,
      /user "a" of realm "Z" is already on line 1/,
    ],
    [
      'bytes that are not UTF-8',
      Buffer.concat([
        Buffer.from(`a:Z:${MD5_A}\n`),
        Buffer.from([0x4f, 0x6e, 0x64, 0xf8, 0x65, 0x6a]),
        Buffer.from(`:Z:${MD5_A}\n`),
      ]),
      2,
      /not UTF-8/,
    ],
  ];
  for (const [name, text, line, message] of bad) {
    test(`${name}: PW_ERR_PASSWORD_LINE naming the file and line ${line}, the map unchanged`, () => {
      const path = file(text);
      const map = new PasswordMap(path).set('Kept', 'k', MD5_A);
      throwsCode(
        () => map.load(),
        'PW_ERR_PASSWORD_LINE',
        new RegExp(`^${path.replaceAll(/[.\\/]/g, '\\$&')}:${line}: `),
      );
      throwsCode(() => map.load(), 'PW_ERR_PASSWORD_LINE', message);
      assert.deepEqual([...map], [{ realm: 'Kept', user: 'k', digest: MD5_A }]);
    });
  }

  test("a missing file is Node's ENOENT, the map unchanged", () => {
    const map = new PasswordMap(join(dir, 'missing.digest')).set('Kept', 'k', MD5_A);
    assert.throws(() => map.load(), { code: 'ENOENT' });
    assert.equal(map.size, 1);
  });
});

describe('PasswordMap.write()', () => {
  test('writes user:realm:HA1 lines that load() reads back, a new file for its owner only', () => {
    const path = join(dir, 'new.digest');
    const map = new PasswordMap(path);
    for (const [realm, user, password, algorithm] of USERS)
      map.set(realm, user, hexdigest(user, realm, password, algorithm));
    map.set('urn:a:b', 'colon', MD5_A);
    map.write();
    const text = readFileSync(path, 'utf8');
    assert.equal(text, `${readFileSync(EXAMPLE, 'utf8')}colon:urn:a:b:${MD5_A}\n`);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual([...new PasswordMap(path).load()], [...map]);
  });

  test('the file is replaced by a rename: a reader of the old file keeps reading the old content', () => {
    const path = file(`a:Zone:${MD5_A}\n`);
    const inode = statSync(path).ino;
    const reader = openSync(path, 'r');
    try {
      new PasswordMap(path).load().set('Zone', 'b', MD5_B).write();
      assert.notEqual(statSync(path).ino, inode, 'a new file took the name');
      const old = Buffer.alloc(100);
      const length = readSync(reader, old, 0, old.length, 0);
      assert.equal(old.subarray(0, length).toString(), `a:Zone:${MD5_A}\n`);
      assert.equal(readFileSync(path, 'utf8'), `a:Zone:${MD5_A}\nb:Zone:${MD5_B}\n`);
    } finally {
      closeSync(reader);
    }
  });

  test('an existing file keeps its permissions', () => {
    const path = file(`a:Zone:${MD5_A}\n`);
    chmodSync(path, 0o640);
    new PasswordMap(path).load().set('Zone', 'b', MD5_B).write();
    assert.equal(statSync(path).mode & 0o777, 0o640);
  });

  test('a symbolic link stays a link; the file it points to is replaced', () => {
    const target = file(`a:Zone:${MD5_A}\n`);
    const link = join(dir, 'link.digest');
    symlinkSync(target, link);
    const map = new PasswordMap(link).load();
    map.delete('Zone', 'a');
    map.set('Zone', 'c', MD5_B).write();
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readFileSync(target, 'utf8'), `c:Zone:${MD5_B}\n`);
  });

  test('a write that fails leaves no temporary file and the old content', () => {
    const folder = join(dir, 'fails');
    mkdirSync(folder);
    // the name is a non-empty directory: the rename over it fails
    const path = join(folder, 'users.digest');
    mkdirSync(path);
    writeFileSync(join(path, 'inside'), 'x');
    assert.throws(() => new PasswordMap(path).set('Zone', 'a', MD5_A).write(), {
      code: /^(EISDIR|ENOTEMPTY|EEXIST|EPERM)$/,
    });
    assert.deepEqual(readdirSync(folder), ['users.digest']);
    assert.deepEqual(readdirSync(path), ['inside']);
  });

  test('the folder holds only the file after writes: no temporary file is left', () => {
    const folder = join(dir, 'clean');
    mkdirSync(folder);
    const path = join(folder, 'users.digest');
    copyFileSync(EXAMPLE, path);
    const map = new PasswordMap(path).load();
    map.set('User Zone', 'foo', hexdigest('foo', 'User Zone', 'rab'));
    map.write();
    map.write();
    assert.deepEqual(readdirSync(folder), ['users.digest']);
    assert.equal(
      new PasswordMap(pathToFileURL(path)).load().verify('User Zone', 'foo', hexdigest('foo', 'User Zone', 'rab')),
      true,
    );
  });
});
