/**
 * The Digest options of the application: defaults, what each accepts, and
 * every refusal made before anything changes (PoorWSGI changed
 * `auth_algorithm` first and failed after).
 * @module
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MemoryNonceStore } from '../../../src/auth/index.ts';
import { Application, type ApplicationOptions, DEFAULT_OPTIONS, PoorWSGIError } from '../../../src/index.ts';
import { makeApp } from '../../helpers/app.ts';
import { quietLogger } from '../../helpers/serve.ts';

type Name = keyof ApplicationOptions;

/** Run `fn` with poor_SecretKey unset, as the defaults are meant. */
function withoutEnvKey<T>(fn: () => T): T {
  const saved = process.env.poor_SecretKey;
  delete process.env.poor_SecretKey;
  try {
    return fn();
  } finally {
    if (saved !== undefined) process.env.poor_SecretKey = saved;
  }
}

describe('defaults', () => {
  test('authType null, MD5-sess, qop auth, 300 s, nobody in the map', () =>
    withoutEnvKey(() => {
      const app = new Application('digest-defaults', { logger: quietLogger() });
      assert.equal(app.authType, null);
      assert.equal(app.authAlgorithm, 'MD5-sess');
      assert.equal(app.authQop, 'auth');
      assert.equal(app.authTimeout, 300);
      assert.deepEqual(app.authMap, {});
      assert.equal(DEFAULT_OPTIONS.authAlgorithm, 'MD5-sess');
      assert.equal(DEFAULT_OPTIONS.authTimeout, 300);
    }));

  test('every application has a memory nonce store of its own', () => {
    const a = new Application('a', { logger: quietLogger() });
    const b = new Application('b', { logger: quietLogger() });
    assert.ok(a.authNonceStore instanceof MemoryNonceStore);
    assert.ok(b.authNonceStore instanceof MemoryNonceStore);
    assert.notEqual(a.authNonceStore, b.authNonceStore);
    assert.notEqual(a.authNonceStore, DEFAULT_OPTIONS.authNonceStore);
    const mine = new MemoryNonceStore({ maxNonces: 5 });
    assert.equal(new Application('c', { logger: quietLogger(), authNonceStore: mine }).authNonceStore, mine);
  });
});

describe('authType needs secretKey', () => {
  test('setting Digest before the secret key is refused, and nothing changes', () =>
    withoutEnvKey(() => {
      const { app } = makeApp();
      assert.throws(
        () => {
          app.authType = 'Digest';
        },
        (err: unknown) =>
          err instanceof PoorWSGIError &&
          err.code === 'PW_ERR_OPTION' &&
          /authType.*secretKey first.*"Digest"/.test(err.message),
      );
      assert.equal(app.authType, null);
      app.secretKey = 'key';
      app.authType = 'Digest';
      assert.equal(app.authType, 'Digest');
    }));

  test('in the constructor, the two are checked together, in any order', () =>
    withoutEnvKey(() => {
      assert.throws(() => new Application('x', { authType: 'Digest' }), { code: 'PW_ERR_OPTION', message: /authType/ });
      assert.equal(new Application('y', { authType: 'Digest', secretKey: 'k' }).authType, 'Digest');
      assert.equal(new Application('z', { secretKey: 'k', authType: 'Digest' }).authType, 'Digest');
      assert.throws(() => new Application('w', { secretKey: null, authType: 'Digest' }), { code: 'PW_ERR_OPTION' });
    }));

  test('poor_SecretKey from the environment counts', () => {
    const saved = process.env.poor_SecretKey;
    process.env.poor_SecretKey = 'from the environment';
    try {
      const app = new Application('env', { authType: 'Digest', logger: quietLogger() });
      assert.equal(app.secretKey, 'from the environment');
      assert.equal(app.authType, 'Digest');
    } finally {
      if (saved === undefined) delete process.env.poor_SecretKey;
      else process.env.poor_SecretKey = saved;
    }
  });

  test('the secret key cannot be unset while authType is Digest; it can be changed', () => {
    const { app } = makeApp({ secretKey: 'k', authType: 'Digest' });
    assert.throws(
      () => {
        app.secretKey = null;
      },
      { code: 'PW_ERR_OPTION', message: /secretKey.*while authType is 'Digest'.*\(got null\)/ },
    );
    assert.equal(app.secretKey, 'k');
    app.secretKey = new Uint8Array([1, 2, 3]);
    app.authType = null;
    app.secretKey = null;
    assert.equal(app.secretKey, null);
  });

  test("PoorWSGI's any-case spelling is taken; other schemes are not", () => {
    const { app } = makeApp({ secretKey: 'k' });
    app.authType = 'digest' as 'Digest';
    assert.equal(app.authType, 'Digest');
    for (const bad of ['Basic', 'Bearer', '', 1, true]) {
      assert.throws(
        () => {
          app.authType = bad as 'Digest';
        },
        { code: 'PW_ERR_OPTION', message: /^Option authType must be 'Digest' or null/ },
      );
    }
    assert.equal(app.authType, 'Digest');
  });
});

/** Bad values of each option, refused with a message naming the option and the value; the value in force stays. */
const BAD: ReadonlyArray<[Name, unknown, string]> = [
  ['authAlgorithm', 'SHA256', '"SHA256"'],
  ['authAlgorithm', 'md5', '"md5"'],
  ['authAlgorithm', 'SHA-512-256', '"SHA-512-256"'],
  ['authAlgorithm', null, 'null'],
  ['authQop', 'auth-int', '"auth-int"'],
  ['authQop', true, 'true'],
  ['authTimeout', 0, '0'],
  ['authTimeout', -5, '-5'],
  ['authTimeout', 1.5, '1.5'],
  ['authTimeout', Number.NaN, 'NaN'],
  ['authTimeout', '300', '"300"'],
  ['authTimeout', 365 * 24 * 3600 + 1, '31536001'],
  ['authMap', null, 'null'],
  ['authMap', 'file.digest', '"file.digest"'],
  ['authMap', new Map(), '{}'],
  ['authMap', [], '[]'],
  ['authMap', { 'User Zone': 'user:HA1' }, '{"User Zone":"user:HA1"}'],
  ['authNonceStore', {}, '{}'],
  ['authNonceStore', null, 'null'],
  ['authNonceStore', { advance: 1 }, '{"advance":1}'],
];

describe('bad values are refused before anything changes', () => {
  for (const [name, value, shown] of BAD) {
    test(`${name} = ${shown}`, () => {
      const { app } = makeApp({ secretKey: 'k', authType: 'Digest' });
      const before = app[name];
      assert.throws(
        () => {
          (app as unknown as Record<string, unknown>)[name] = value;
        },
        (err: unknown) =>
          err instanceof PoorWSGIError &&
          err.code === 'PW_ERR_OPTION' &&
          err.message.startsWith(`Option ${name} must be `) &&
          err.message.endsWith(`(got ${shown})`),
      );
      assert.equal(app[name], before);
      assert.throws(() => new Application('bad', { [name]: value }), { code: 'PW_ERR_OPTION' });
    });
  }
  test('the unknown algorithm message lists the four', () => {
    const { app } = makeApp();
    assert.throws(
      () => {
        app.authAlgorithm = 'SHA256' as 'SHA-256';
      },
      { message: "Option authAlgorithm must be one of 'MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess' (got \"SHA256\")" },
    );
  });
});

describe('good values', () => {
  test('the four algorithms, qop auth or none, timeouts', () => {
    const { app } = makeApp();
    for (const algorithm of ['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess'] as const) {
      app.authAlgorithm = algorithm;
      assert.equal(app.authAlgorithm, algorithm);
    }
    app.authQop = null;
    assert.equal(app.authQop, null);
    app.authQop = '' as unknown as null;
    assert.equal(app.authQop, null, "PoorWSGI's '' is no qop");
    app.authQop = 'auth';
    assert.equal(app.authQop, 'auth');
    for (const timeout of [1, 60, 365 * 24 * 3600, null]) {
      app.authTimeout = timeout;
      assert.equal(app.authTimeout, timeout);
    }
  });

  test('authMap: a record or a lookup object, kept as given (it may change later)', () => {
    const { app } = makeApp();
    const record = { 'User Zone': { user: 'x' } };
    app.authMap = record;
    assert.equal(app.authMap, record);
    const lookup = { find: () => null };
    app.authMap = lookup;
    assert.equal(app.authMap, lookup);
  });
});
