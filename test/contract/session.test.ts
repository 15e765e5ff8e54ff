/**
 * The session contract run against `Session`, `PoorSession` and
 * `AESSession`; and what tells the two sealed classes apart.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AESSession } from '../../src/session/aes-session.ts';
import type { BaseSession } from '../../src/session/base-session.ts';
import { PoorSession } from '../../src/session/poor-session.ts';
import type { SealedSession, SealedSessionOptions } from '../../src/session/sealed-session.ts';
import type { SecretKeys } from '../../src/session/secret-keys.ts';
import { Session } from '../../src/session/session.ts';
import { SessionError } from '../../src/session/session-error.ts';
import { cookieOf, runSealedSessionContract, runSessionContract } from './session.contract.ts';

const KEY = 'contract key';

/** PoorSession with its `seal` reachable, to seal bytes of the test's choice with the real keys. */
class OpenPoorSession extends PoorSession {
  sealBytes(plain: Buffer): string {
    return this.seal(plain);
  }
}

/** AESSession with its `seal` reachable. */
class OpenAESSession extends AESSession {
  sealBytes(plain: Buffer): string {
    return this.seal(plain);
  }
}

function sealedRead(session: BaseSession): string | undefined {
  const value = (session as SealedSession).data.v;
  return typeof value === 'string' ? value : undefined;
}

function sealedFill(session: BaseSession, sample: string): void {
  (session as SealedSession).data.v = sample;
}

runSessionContract('Session', {
  create: (options: SealedSessionOptions = {}) => {
    const { lifetime: _lifetime, clock: _clock, ...cookie } = options;
    return new Session(cookie);
  },
  fill: (session, sample) => {
    (session as Session).data = sample;
  },
  read: (session) => (session as Session).data || undefined,
});

runSealedSessionContract('PoorSession', {
  create: (options?: SealedSessionOptions, key: SecretKeys = KEY) => new OpenPoorSession(key, options),
  fill: sealedFill,
  read: sealedRead,
  seal: (session, plain) => (session as OpenPoorSession).sealBytes(plain),
});

runSealedSessionContract('AESSession', {
  create: (options?: SealedSessionOptions, key: SecretKeys = KEY) => new OpenAESSession(key, options),
  fill: sealedFill,
  read: sealedRead,
  seal: (session, plain) => (session as OpenAESSession).sealBytes(plain),
});

describe('the two sealed classes apart', () => {
  test('a cookie of one class is refused by the other, with the same key', () => {
    const poor = new PoorSession(KEY);
    poor.data.user = 'alice';
    const aes = new AESSession(KEY);
    aes.data.user = 'alice';
    assert.ok(new AESSession(KEY).tryLoad(cookieOf(poor)) instanceof SessionError);
    assert.ok(new PoorSession(KEY).tryLoad(cookieOf(aes)) instanceof SessionError);
  });

  test('PoorSession uses standard base64, AESSession the URL-safe alphabet, both padded', () => {
    for (let i = 0; i < 20; i++) {
      const poor = new PoorSession(KEY);
      poor.data.n = i;
      assert.match(poor.write(), /^[A-Za-z0-9+/]+={0,2}\.[A-Za-z0-9+/]{43}=$/);
      const aes = new AESSession(KEY);
      aes.data.n = i;
      assert.match(aes.write(), /^[A-Za-z0-9_-]+={0,2}\.[A-Za-z0-9_-]{43}=$/);
    }
  });

  test('a Session reads a sealed cookie as its plain text, and a sealed class refuses a Session cookie', () => {
    const poor = new PoorSession(KEY);
    poor.data.v = 'x';
    const plain = new Session();
    plain.load(cookieOf(poor));
    assert.equal(plain.data, poor.write());
    const session = new Session();
    session.data = 'token';
    assert.ok(new PoorSession(KEY).tryLoad(cookieOf(session)) instanceof SessionError);
  });

  test('PoorSession refuses a payload that inflates past 64 KiB (a zip bomb) without building it', () => {
    const bomb = new OpenPoorSession(KEY).sealBytes(Buffer.alloc(1_000_000, 0x20));
    assert.ok(bomb.length < 4096, `${bomb.length}`);
    const error = new PoorSession(KEY).tryLoad({ SESSID: bomb });
    assert.ok(error instanceof SessionError);
    assert.equal(error.reason, 'malformed');
    assert.ok(error.cause instanceof RangeError, String(error.cause));
  });

  test('the data of a sealed session compresses in PoorSession, not in AESSession', () => {
    const poor = new PoorSession(KEY);
    const aes = new AESSession(KEY);
    poor.data.text = aes.data.text = 'a'.repeat(2000);
    assert.ok(poor.write().length < 200, `${poor.write().length}`);
    assert.ok(aes.write().length > 2000);
  });

  test('a plain Session with data a header cannot carry: PW_ERR_COOKIE', () => {
    const session = new Session();
    session.data = 'Ond\u0159ej';
    assert.throws(() => session.header(), { name: 'PoorWSGIError', code: 'PW_ERR_COOKIE' });
    session.data = 'caf\u00e9; x';
    const [[, header] = ['', '']] = session.header();
    assert.equal(header, 'SESSID="caf\\351\\073 x"; HttpOnly; Path=/');
    const reader = new Session();
    reader.load(cookieOf(session));
    assert.equal(reader.data, 'caf\u00e9; x');
  });
});
