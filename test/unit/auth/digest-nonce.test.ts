/**
 * The nonces and the opaque value of src/crypto/digest-nonce.ts, and the
 * challenge of src/crypto/digest-challenge.ts, on a clock of the tests' own:
 * bucketed lifetimes, stale and invalid nonces, the binding to the key and
 * the User-Agent.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkRealm, digestChallenge } from '../../../src/crypto/digest-challenge.ts';
import {
  checkNonce,
  digestOpaque,
  makeNonce,
  NO_TIMEOUT_LIFETIME,
  nowSeconds,
} from '../../../src/crypto/digest-nonce.ts';
import { parseChallenge } from '../../helpers/digest-client.ts';

const KEY = 'nonce test key';
const UA = 'Mozilla/5.0 (test)';
const T = 300;
/** A time at the start of a bucket of T seconds. */
const START = 1_700_000_100;

describe('makeNonce and checkNonce', () => {
  test('a nonce is 64 base64url characters, and each one differs (the salts of several pool fills)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 600; i++) {
      const nonce = makeNonce(KEY, UA, T, START);
      assert.match(nonce, /^[A-Za-z0-9_-]{64}$/);
      seen.add(nonce);
    }
    assert.equal(seen.size, 600);
  });

  test('it holds its expiry time in the clear: the end of the next bucket', () => {
    const nonce = makeNonce(KEY, UA, T, START + 123.5);
    assert.equal(Buffer.from(nonce, 'base64url').readUIntBE(0, 6), START + 2 * T);
  });

  test('it lives between T and 2T seconds, wherever in its bucket it was made', () => {
    for (const offset of [0, 1, 150, 299.999]) {
      const made = START + offset;
      const nonce = makeNonce(KEY, UA, T, made);
      const expiry = START + 2 * T;
      assert.deepEqual(checkNonce(nonce, KEY, UA, T, made), { state: 'valid', lifetime: Math.ceil(expiry - made) });
      assert.equal(checkNonce(nonce, KEY, UA, T, made + T - 0.001).state, 'valid', 'alive for at least T');
      assert.equal(checkNonce(nonce, KEY, UA, T, expiry - 0.5).state, 'valid');
      assert.deepEqual(checkNonce(nonce, KEY, UA, T, expiry - 0.5), { state: 'valid', lifetime: 1 });
      assert.equal(checkNonce(nonce, KEY, UA, T, expiry).state, 'stale', 'dead at 2T from its bucket');
      assert.equal(checkNonce(nonce, KEY, UA, T, expiry + 10 * T).state, 'stale');
    }
  });

  test('the lifetime is whole seconds, at least 1', () => {
    const nonce = makeNonce(KEY, UA, 1, START);
    assert.deepEqual(checkNonce(nonce, KEY, UA, 1, START), { state: 'valid', lifetime: 2 });
    assert.deepEqual(checkNonce(nonce, KEY, UA, 1, START + 1.999), { state: 'valid', lifetime: 1 });
  });

  test('another key, another User-Agent, or any changed byte: invalid', () => {
    const nonce = makeNonce(KEY, UA, T, START);
    assert.equal(checkNonce(nonce, 'other key', UA, T, START).state, 'invalid');
    assert.equal(checkNonce(nonce, Buffer.from(KEY), UA, T, START).state, 'valid', 'the same key as bytes');
    assert.equal(checkNonce(nonce, KEY, `${UA} `, T, START).state, 'invalid');
    assert.equal(checkNonce(nonce, KEY, '', T, START).state, 'invalid');
    const bytes = Buffer.from(nonce, 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      const spoiled = Buffer.from(bytes);
      spoiled[i] = (spoiled[i] as number) ^ 1;
      assert.equal(checkNonce(spoiled.toString('base64url'), KEY, UA, T, START).state, 'invalid', `byte ${i}`);
    }
  });

  test('a moved expiry time is caught by the MAC, not taken as stale or valid', () => {
    const nonce = makeNonce(KEY, UA, T, START);
    const bytes = Buffer.from(nonce, 'base64url');
    bytes.writeUIntBE(START + 100 * T, 0, 6);
    assert.equal(checkNonce(bytes.toString('base64url'), KEY, UA, T, START).state, 'invalid');
  });

  test('malformed nonces are invalid', () => {
    const nonce = makeNonce(KEY, UA, T, START);
    for (const bad of [
      undefined,
      '',
      'abc',
      `${nonce}A`,
      nonce.slice(1),
      `${nonce.slice(0, 63)}=`,
      `${nonce.slice(0, 63)}+`,
    ]) {
      assert.equal(checkNonce(bad, KEY, UA, T, START).state, 'invalid', String(bad));
    }
  });

  test('authTimeout null: the nonce never expires; a timed nonce is stale then, and the other way round', () => {
    const forever = makeNonce(KEY, UA, null, START);
    assert.equal(Buffer.from(forever, 'base64url').readUIntBE(0, 6), 0);
    assert.deepEqual(checkNonce(forever, KEY, UA, null, START + 1e9), {
      state: 'valid',
      lifetime: NO_TIMEOUT_LIFETIME,
    });
    assert.equal(checkNonce(forever, KEY, UA, T, START).state, 'stale');
    assert.equal(checkNonce(makeNonce(KEY, UA, T, START), KEY, UA, null, START).state, 'stale');
  });

  test('after authTimeout is lowered, a nonce made for the longer timeout is stale', () => {
    const long = makeNonce(KEY, UA, 3600, START);
    assert.equal(checkNonce(long, KEY, UA, 3600, START).state, 'valid');
    assert.equal(checkNonce(long, KEY, UA, 60, START).state, 'stale');
  });

  test('the default clock is the current time in seconds', () => {
    const before = Date.now() / 1000;
    const now = nowSeconds();
    assert.ok(now >= before && now <= Date.now() / 1000);
    assert.equal(checkNonce(makeNonce(KEY, UA, T), KEY, UA, T).state, 'valid');
  });
});

describe('digestOpaque', () => {
  test('the same for one key, different for another, 64 hexadecimal digits', () => {
    const a = digestOpaque(KEY);
    assert.match(a, /^[0-9a-f]{64}$/);
    assert.equal(digestOpaque(KEY), a);
    assert.notEqual(digestOpaque('other'), a);
    assert.equal(digestOpaque(KEY), a);
  });

  test('a key of bytes gives what its text gives, and is read again each time', () => {
    const bytes = new TextEncoder().encode(KEY);
    assert.equal(digestOpaque(bytes), digestOpaque(KEY));
    bytes[0] = 0;
    assert.notEqual(digestOpaque(bytes), digestOpaque(KEY));
  });
});

describe('digestChallenge and checkRealm', () => {
  const settings = { secretKey: KEY, authAlgorithm: 'SHA-256' as const, authQop: 'auth' as const, authTimeout: T };

  test('the parameters of the challenge', () => {
    const header = digestChallenge(settings, UA, 'Zone', false, START);
    const challenge = parseChallenge(header);
    assert.deepEqual(Object.keys(challenge), ['realm', 'qop', 'algorithm', 'nonce', 'opaque']);
    assert.equal(challenge.realm, 'Zone');
    assert.equal(challenge.qop, 'auth');
    assert.equal(challenge.algorithm, 'SHA-256');
    assert.equal(checkNonce(challenge.nonce, KEY, UA, T, START).state, 'valid');
    assert.equal(challenge.opaque, digestOpaque(KEY));
    assert.match(digestChallenge(settings, UA, 'Zone', true, START), /, stale=true$/);
    assert.doesNotMatch(digestChallenge({ ...settings, authQop: null }, UA, 'Zone'), /qop/);
  });

  test('no secret key, or a bad realm: a TypeError with code PW_ERR_DIGEST', () => {
    assert.throws(() => digestChallenge({ ...settings, secretKey: null }, UA, 'Zone'), {
      name: 'TypeError',
      code: 'PW_ERR_DIGEST',
      message: /needs the secretKey option/,
    });
    assert.throws(() => digestChallenge(settings, UA, 'a"b'), { code: 'PW_ERR_DIGEST' });
  });

  test('realms: any text but quotes, backslashes and control characters', () => {
    for (const good of ['Zone', 'User Zone', 'Zóna: 1/2 (test)', '🤪']) assert.equal(checkRealm(good), good);
    for (const bad of ['', 'a"b', 'a\\b', 'tab\there', 'nul\0', 'del\x7f', null, undefined, 3, {}]) {
      assert.throws(() => checkRealm(bad), { name: 'TypeError', code: 'PW_ERR_DIGEST' }, String(bad));
    }
    assert.throws(() => checkRealm(undefined), { message: /\(got undefined\)$/ });
    assert.throws(() => checkRealm(Object.create(null)), { message: /\(got object\)$/ });
    assert.throws(() => checkRealm(10n), { message: /\(got bigint\)$/ });
    assert.throws(() => checkRealm('a"b'), { message: /\(got "a\\"b"\)$/ });
  });
});
