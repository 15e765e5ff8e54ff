/**
 * The base of the sealed sessions with a seal of the test's own (a
 * transparent one that counts its calls): what `SealedSession` does before
 * and after the subclass's crypto, and the key-material cache.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  SESSION_COOKIE_LIMIT,
  SESSION_DATA_LIMIT,
  SealedSession,
  type SealedSessionOptions,
} from '../../../src/session/sealed-session.ts';
import { KeyCache, secretKeyList } from '../../../src/session/secret-keys.ts';
import { SessionError } from '../../../src/session/session-error.ts';
import { decodeBase64, encodeBase64 } from '../../../src/session/strict-base64.ts';

/** A "seal" that is plain base64url, and counts how often the crypto would have run. */
class CountingSession extends SealedSession {
  opened = 0;
  sealed = 0;
  /** What `open` returns instead of decoding, when set. */
  openAs: Buffer | undefined;

  constructor(options: SealedSessionOptions = {}) {
    super(options);
  }

  protected seal(plain: Buffer): string {
    this.sealed++;
    return plain.toString('base64url');
  }

  protected open(value: string): Buffer {
    this.opened++;
    return this.openAs ?? Buffer.from(value, 'base64url');
  }
}

describe('SealedSession', () => {
  test('a cookie over the limit is refused before open() runs', () => {
    const session = new CountingSession();
    const error = session.tryLoad({ SESSID: 'A'.repeat(SESSION_COOKIE_LIMIT) });
    assert.ok(error instanceof SessionError);
    assert.equal(error.reason, 'too-large');
    assert.equal(session.opened, 0);
    // one byte less (with the name and "="): opened
    session.tryLoad({ SESSID: 'A'.repeat(SESSION_COOKIE_LIMIT - 'SESSID='.length) });
    assert.equal(session.opened, 1);
  });

  test('opened bytes over the data limit are refused before they are parsed', () => {
    const session = new CountingSession();
    session.openAs = Buffer.alloc(SESSION_DATA_LIMIT + 1, 0x20);
    const error = session.tryLoad({ SESSID: 'x' });
    assert.equal(error?.reason, 'malformed');
  });

  test('an error of the subclass that is not a SessionError becomes one (malformed, with the cause)', () => {
    class Throwing extends CountingSession {
      protected override open(): Buffer {
        throw new TypeError('broken');
      }
    }
    const error = new Throwing().tryLoad({ SESSID: 'x' });
    assert.ok(error instanceof SessionError);
    assert.equal(error.reason, 'malformed');
    assert.ok(error.cause instanceof TypeError);
  });

  test('tryLoad() returns SessionErrors only: anything else a load() throws is thrown', () => {
    class Broken extends CountingSession {
      override load(): void {
        throw new RangeError('a bug, not a bad cookie');
      }
    }
    assert.throws(() => new Broken().tryLoad({ SESSID: 'x' }), RangeError);
  });

  test('write() seals once per distinct content: header() after write() reuses the seal', () => {
    const session = new CountingSession({ clock: () => 1000 });
    session.data.a = 1;
    const value = session.write();
    session.header();
    session.header();
    assert.equal(session.sealed, 1);
    session.data.a = 2;
    assert.notEqual(session.write(), value);
    assert.equal(session.sealed, 2);
    session.regenerate();
    session.write();
    assert.equal(session.sealed, 3);
  });

  test("the envelope: the id, the data, and the expiry and lifetime's end when set", () => {
    const session = new CountingSession({ clock: () => 5000, maxAge: 60, lifetime: 600 });
    session.data.user = 'alice';
    const envelope = JSON.parse(Buffer.from(session.write(), 'base64url').toString('utf8')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(envelope), ['i', 'd', 'e', 'a']);
    assert.equal(envelope.i, session.id);
    assert.deepEqual(envelope.d, { user: 'alice' });
    assert.equal(envelope.e, 5060);
    assert.equal(envelope.a, 5600);
    const bare = new CountingSession();
    assert.deepEqual(Object.keys(JSON.parse(Buffer.from(bare.write(), 'base64url').toString('utf8'))), ['i', 'd']);
  });

  test('a destroyed session writes nothing and seals nothing', () => {
    const session = new CountingSession();
    session.data.a = 1;
    session.destroy();
    assert.equal(session.write(), '');
    assert.equal(session.sealed, 0);
  });
});

describe('secret keys', () => {
  test('KeyCache derives once per distinct secret, and starts again past 64', () => {
    let derived = 0;
    const cache = new KeyCache((secret) => {
      derived++;
      return secret.length;
    });
    const a = Buffer.from('a');
    assert.deepEqual(cache.materials([a, Buffer.from('bb')]), [1, 2]);
    assert.deepEqual(cache.materials([Buffer.from('a')]), [1]);
    assert.equal(derived, 2);
    for (let i = 0; i < 70; i++) cache.materials([Buffer.from(`key ${i}`)]);
    assert.equal(derived, 72);
    cache.materials([a]);
    assert.equal(derived, 73, 'the first key was dropped when the cache started again');
  });

  test('secretKeyList: text as UTF-8, bytes copied, a list kept in order', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const list = secretKeyList('T', ['h\u00e9', bytes]);
    assert.deepEqual(
      list.map((key) => [...key]),
      [
        [0x68, 0xc3, 0xa9],
        [1, 2, 3],
      ],
    );
    bytes[0] = 9;
    assert.equal(list[1]?.[0], 1);
  });
});

describe('strict base64', () => {
  const cases: Array<[string, boolean, number[] | undefined]> = [
    ['', false, []],
    ['QQ==', false, [0x41]],
    ['QUI=', false, [0x41, 0x42]],
    ['QUJD', false, [0x41, 0x42, 0x43]],
    ['+/8=', false, [0xfb, 0xff]],
    ['-_8=', true, [0xfb, 0xff]],
    ['-_8=', false, undefined],
    ['+/8=', true, undefined],
    ['QR==', false, undefined],
    ['QUJ=', false, undefined],
    ['QQ', false, undefined],
    ['QQ=', false, undefined],
    ['Q===', false, undefined],
    ['QQ==QQ==', false, undefined],
    [' QQ==', false, undefined],
    ['QQ==\n', false, undefined],
    ['Q\u0000Q=', false, undefined],
  ];
  for (const [text, urlSafe, bytes] of cases) {
    test(`${JSON.stringify(text)} (${urlSafe ? 'URL-safe' : 'standard'})`, () => {
      const decoded = decodeBase64(text, urlSafe);
      assert.deepEqual(decoded === undefined ? undefined : [...decoded], bytes);
      if (bytes !== undefined) assert.equal(encodeBase64(Uint8Array.from(bytes), urlSafe), text);
    });
  }
});
