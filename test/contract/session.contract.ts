/**
 * One contract for every session class: the cookie each writes (name,
 * attributes in SimpleCookie's order, their checks), `header()` into a
 * response or an empty `Headers`, `load()` of what it wrote, `destroy()`;
 * and for the sealed ones, that no cookie but one of their own is ever
 * read (`SessionError`, an empty session, no other error), that the expiry
 * and the absolute lifetime travel inside the seal, key rotation,
 * `regenerate()` and the size and depth limits.
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PoorWSGIError } from '../../src/errors/poorwsgi-error.ts';
import { parseCookieHeader } from '../../src/http/cookie.ts';
import { Headers } from '../../src/http/headers.ts';
import { Application } from '../../src/index.ts';
import { RedirectResponse } from '../../src/response/redirect-response.ts';
import { Response } from '../../src/response/response.ts';
import type { BaseSession } from '../../src/session/base-session.ts';
import {
  SESSION_COOKIE_LIMIT,
  SESSION_DEPTH_LIMIT,
  type SealedSession,
  type SealedSessionOptions,
} from '../../src/session/sealed-session.ts';
import type { SecretKeys } from '../../src/session/secret-keys.ts';
import { SessionError } from '../../src/session/session-error.ts';
import { quietLogger } from '../helpers/serve.ts';

/** How the contract makes and reads one session class. */
export interface SessionFixture {
  /** A new session with these options (a sealed one with `key`, `'contract key'` by default). */
  readonly create: (options?: SealedSessionOptions, key?: SecretKeys) => BaseSession;
  /** Put `sample` into the session's data. */
  readonly fill: (session: BaseSession, sample: string) => void;
  /** The sample in the session's data, `undefined` when there is none. */
  readonly read: (session: BaseSession) => string | undefined;
}

/** The sealed classes' extra: sealing any bytes with the session's first key (a subclass reaching `seal`). */
export interface SealedFixture extends SessionFixture {
  readonly create: (options?: SealedSessionOptions, key?: SecretKeys) => SealedSession;
  readonly seal: (session: SealedSession, plain: Buffer) => string;
}

/** The cookie value of the first `Set-Cookie` of a session's header, as a browser would send it back. */
export function cookieOf(session: BaseSession): Record<string, string> {
  const [[, header] = ['', '']] = session.header();
  return parseCookieHeader(header.slice(0, header.indexOf(';')));
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof PoorWSGIError, String(err));
    return err.code;
  }
  return 'no error';
}

/** The `SessionError` `load()` throws for `cookies` (failing on anything else); the session is checked empty. */
function refused(fixture: SessionFixture, session: BaseSession, cookies: Record<string, string>): SessionError {
  fixture.fill(session, 'stale');
  let thrown: unknown;
  try {
    session.load(cookies);
  } catch (err) {
    thrown = err;
  }
  assert.ok(thrown instanceof SessionError, `expected a SessionError, got ${String(thrown)}`);
  assert.equal(fixture.read(session), undefined, 'the session is empty after a refused cookie');
  assert.deepEqual({ ...(session as SealedSession).data }, {});
  assert.equal((session as SealedSession).id, null);
  return thrown;
}

const DATE = '[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT';

/** Run the shared session cases for one class. */
export function runSessionContract(name: string, fixture: SessionFixture): void {
  const { create, fill, read } = fixture;

  describe(`Session contract: ${name}`, () => {
    test('a new session is empty; no cookie, another cookie or an empty one change nothing', () => {
      const session = create();
      assert.equal(read(session), undefined);
      const jars: Array<Record<string, string> | null | undefined> = [
        null,
        undefined,
        {},
        { OTHER: 'x' },
        { SESSID: '' },
      ];
      for (const cookies of jars) {
        assert.equal(session.tryLoad(cookies), null);
        session.load(cookies);
        assert.equal(read(session), undefined);
      }
      fill(session, 'kept');
      session.load({ OTHER: 'x' });
      assert.equal(read(session), 'kept');
    });

    test('what a session writes, a new session loads', () => {
      const writer = create();
      fill(writer, 'alice');
      const reader = create();
      assert.equal(reader.tryLoad(cookieOf(writer)), null);
      assert.equal(read(reader), 'alice');
    });

    test('the default cookie: SESSID, HttpOnly, Path=/, nothing else', () => {
      const session = create();
      fill(session, 'v');
      const [[field, value] = ['', '']] = session.header();
      assert.equal(field, 'Set-Cookie');
      assert.match(value, /^SESSID=[^;]+; HttpOnly; Path=\/$/);
      assert.equal(session.write(), cookieOf(session).SESSID);
    });

    test("every attribute, in SimpleCookie's order", () => {
      const session = create({
        sid: 'X',
        domain: 'ex.org',
        expires: 20,
        maxAge: 20,
        path: '/p',
        sameSite: 'Strict',
        secure: true,
      });
      fill(session, 'v');
      const before = Math.trunc(Date.now() / 1000);
      const [[, value] = ['', '']] = session.header();
      const after = Math.trunc(Date.now() / 1000);
      const match = new RegExp(
        `^X=[^;]+; Domain=ex\\.org; expires=(${DATE}); HttpOnly; Max-Age=20; Path=/p; SameSite=Strict; Secure$`,
      ).exec(value);
      assert.ok(match, value);
      const expires = Date.parse(match[1] as string) / 1000;
      assert.ok(expires >= before + 20 && expires <= after + 20, `${expires} in [${before + 20}, ${after + 20}]`);
    });

    test('httpOnly: false, path: null and domain: null leave those out; sameSite None with secure', () => {
      const session = create({ httpOnly: false, path: null, domain: null, sameSite: 'None', secure: true, sid: 'n' });
      fill(session, 'v');
      assert.equal(session.domain, '');
      assert.match(session.header()[0]?.[1] ?? '', /^n=[^;]+; SameSite=None; Secure$/);
    });

    const bad: Array<[string, SealedSessionOptions]> = [
      ['sameSite of another case', { sameSite: 'lax' as 'Lax' }],
      ['sameSite true', { sameSite: true as unknown as 'Lax' }],
      ['sameSite None without secure', { sameSite: 'None' }],
      ['a sid that is not a token', { sid: 'SESS ID' }],
      ['a sid with ";"', { sid: 'a;b' }],
      ['a domain with ";"', { domain: 'ex.org; Secure' }],
      ['a path with CR LF', { path: '/\r\nX: 1' }],
      ['a negative expires', { expires: -1 }],
      ['a fractional expires', { expires: 1.5 }],
      ['maxAge 0', { maxAge: 0 }],
      ['a negative maxAge', { maxAge: -5 }],
    ];
    for (const [what, options] of bad) {
      test(`${what}: PoorWSGIError PW_ERR_COOKIE when the session is made`, () => {
        assert.equal(
          codeOf(() => create(options)),
          'PW_ERR_COOKIE',
        );
      });
    }

    test('header(response) adds the cookie to the response, header(headers) to Headers even empty ones', () => {
      const session = create();
      fill(session, 'v');
      const response = new RedirectResponse('/private');
      const pairs = session.header(response);
      assert.deepEqual(response.headers.getAll('Set-Cookie'), [pairs[0]?.[1]]);
      const empty = new Headers();
      session.header(empty);
      assert.equal(empty.size, 1);
      assert.match(empty.get('Set-Cookie') ?? '', /^SESSID=/);
      // without a target: only returned
      assert.equal(session.header().length, 1);
    });

    test('destroy(): data cleared, an empty value that expired in 1970 with Max-Age=0, the attributes kept', () => {
      const session = create({ domain: 'ex.org', sameSite: 'Lax', secure: true, maxAge: 300, expires: 300 });
      fill(session, 'v');
      session.destroy();
      assert.equal(session.destroyed, true);
      assert.equal(read(session), undefined);
      assert.equal(session.write(), '');
      assert.deepEqual(session.header(), [
        [
          'Set-Cookie',
          'SESSID=""; Domain=ex.org; expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Max-Age=0; Path=/; SameSite=Lax; Secure',
        ],
      ]);
    });

    test('through an application: a route sets the cookie, the next request reads it, logout removes it', async () => {
      const app = new Application('contract', { logger: quietLogger() });
      app.route('/login', () => {
        const session = create({ sameSite: 'Lax' });
        fill(session, 'bob');
        const response = new Response('in');
        session.header(response);
        return response;
      });
      app.route('/me', (req) => {
        const session = create();
        session.load(req.cookies);
        return read(session) ?? '(nobody)';
      });
      app.route('/logout', () => {
        const session = create();
        session.destroy();
        const response = new Response('out');
        session.header(response);
        return response;
      });
      const login = await app.request('/login');
      const [setCookie = ''] = login.headers.getSetCookie();
      assert.match(setCookie, /^SESSID=.+; HttpOnly; Path=\/; SameSite=Lax$/);
      const cookie = setCookie.slice(0, setCookie.indexOf(';'));
      assert.equal(await (await app.request('/me', { headers: { Cookie: cookie } })).text(), 'bob');
      assert.equal(await (await app.request('/me')).text(), '(nobody)');
      const logout = await app.request('/logout');
      assert.match(logout.headers.getSetCookie()[0] ?? '', /^SESSID=""; expires=Thu, 01 Jan 1970/);
    });
  });
}

/** The cases of the sealed classes, on top of {@link runSessionContract}. */
export function runSealedSessionContract(name: string, fixture: SealedFixture): void {
  const { create, fill, read, seal } = fixture;
  runSessionContract(name, fixture);

  describe(`Sealed session contract: ${name}`, () => {
    test('the data is not in the cookie in clear, and every write gives another cookie of the same session', () => {
      const session = create();
      fill(session, 'alice-the-user');
      const first = session.header()[0]?.[1] ?? '';
      assert.doesNotMatch(first, /alice/);
      const again = create();
      fill(again, 'alice-the-user');
      assert.notEqual(again.write(), session.write());
      // a write of unchanged data seals nothing again
      assert.equal(session.write(), session.write());
      const id = session.id;
      assert.match(id ?? '', /^[A-Za-z0-9_-]{22}$/);
      fill(session, 'changed');
      assert.notEqual(session.write(), first);
      assert.equal(session.id, id);
      const reader = create();
      reader.load(cookieOf(session));
      assert.equal(reader.id, id);
    });

    const garbage = [
      'x',
      '.',
      '..',
      'a.b',
      '{}',
      '"quoted"',
      'e30=.e30=',
      'AAAA.AAAA',
      'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      `${'A'.repeat(64)}.${'A'.repeat(43)}=`,
      '\u0000\u0001\u00ff',
      '\u0159\u{1F600}',
      'A'.repeat(SESSION_COOKIE_LIMIT),
    ];
    for (const value of garbage) {
      test(`garbage ${JSON.stringify(value.slice(0, 30))}: SessionError, empty session`, () => {
        refused(fixture, create(), { SESSID: value });
        const session = create();
        const error = session.tryLoad({ SESSID: value });
        assert.ok(error instanceof SessionError);
        assert.equal(read(session), undefined);
      });
    }

    test('a cookie over 4096 bytes is refused before any crypto (too-large)', () => {
      const error = refused(fixture, create(), { SESSID: `${'A'.repeat(SESSION_COOKIE_LIMIT)}=.x` });
      assert.equal(error.reason, 'too-large');
    });

    test('a cookie of another key, or re-signed, is refused (signature)', () => {
      const other = create({}, 'another key');
      fill(other, 'mallory');
      assert.equal(refused(fixture, create(), cookieOf(other)).reason, 'signature');
      // the payload of our own cookie with the signature of the other key
      const mine = create();
      fill(mine, 'alice');
      const [payload] = mine.write().split('.');
      const [, foreignSig] = other.write().split('.');
      assert.equal(refused(fixture, create(), { SESSID: `${payload}.${foreignSig}` }).reason, 'signature');
    });

    test('key rotation: the first key seals, every key opens', () => {
      const old = create({}, 'k1');
      fill(old, 'from the old key');
      const rotated = create({}, ['k2', 'k1']);
      assert.equal(rotated.tryLoad(cookieOf(old)), null);
      assert.equal(read(rotated), 'from the old key');
      // a new cookie is sealed with the new key: the old key alone cannot open it
      const fresh = create({}, ['k2', 'k1']);
      fill(fresh, 'new');
      assert.equal(create({}, 'k2').tryLoad(cookieOf(fresh)), null);
      assert.equal(refused(fixture, create({}, 'k1'), cookieOf(fresh)).reason, 'signature');
      // a key given as bytes is the same key as its UTF-8 text
      assert.equal(create({}, Buffer.from('k1')).tryLoad(cookieOf(old)), null);
    });

    test('no key, an empty key or an empty list: PW_ERR_SESSION', () => {
      // (undefined is the fixture's default key)
      for (const key of [null, '', new Uint8Array(0), [], ['k', ''], [42 as unknown as string]]) {
        assert.equal(
          codeOf(() => create({}, key as SecretKeys)),
          'PW_ERR_SESSION',
          String(key),
        );
      }
      assert.equal(
        codeOf(() => create({ lifetime: 0 })),
        'PW_ERR_SESSION',
      );
      assert.equal(
        codeOf(() => create({ lifetime: 1.5 })),
        'PW_ERR_SESSION',
      );
    });

    test('the expiry travels in the seal: maxAge and expires, the shorter wins', () => {
      let now = 1_000_000;
      const clock = () => now;
      const writer = create({ maxAge: 60, expires: 30, clock });
      fill(writer, 'v');
      const cookies = cookieOf(writer);
      assert.equal(writer.expiresAt, 1_000_030);
      now = 1_000_029;
      const early = create({ clock });
      assert.equal(early.tryLoad(cookies), null);
      assert.equal(early.expiresAt, 1_000_030);
      now = 1_000_030;
      assert.equal(refused(fixture, create({ clock }), cookies).reason, 'expired');
      // the reader's own options do not matter: the sealed time does
      assert.equal(refused(fixture, create({ clock, maxAge: 3600 }), cookies).reason, 'expired');
    });

    test('without expires or maxAge nothing expires but the absolute lifetime', () => {
      let now = 2_000_000;
      const clock = () => now;
      const session = create({ clock });
      fill(session, 'v');
      const cookies = cookieOf(session);
      assert.equal(session.expiresAt, null);
      now += 10 * 365 * 86400;
      assert.equal(create({ clock }).tryLoad(cookies), null);
    });

    test('the absolute lifetime is kept by every write: activity does not extend it', () => {
      let now = 3_000_000;
      const clock = () => now;
      const first = create({ lifetime: 100, maxAge: 60, clock });
      fill(first, 'v');
      let cookies = cookieOf(first);
      assert.equal(first.deadline, 3_000_100);
      now = 3_000_050;
      const active = create({ lifetime: 100, maxAge: 60, clock });
      active.load(cookies);
      fill(active, 'still active');
      cookies = cookieOf(active);
      assert.equal(active.expiresAt, 3_000_110);
      assert.equal(active.deadline, 3_000_100);
      now = 3_000_099;
      assert.equal(create({ clock }).tryLoad(cookies), null);
      now = 3_000_100;
      assert.equal(refused(fixture, create({ lifetime: 100, clock }), cookies).reason, 'expired');
    });

    test('regenerate(): a new id and a new lifetime, the data kept unless asked', () => {
      let now = 4_000_000;
      const clock = () => now;
      const session = create({ lifetime: 100, clock });
      fill(session, 'before login');
      const old = cookieOf(session);
      const oldId = session.id;
      now = 4_000_090;
      const next = create({ lifetime: 100, clock });
      next.load(old);
      next.regenerate();
      assert.equal(read(next), 'before login');
      const renewed = cookieOf(next);
      const renewedId = next.id;
      assert.notEqual(renewedId, oldId);
      assert.equal(next.deadline, 4_000_190);
      assert.notEqual(renewed.SESSID, old.SESSID);
      next.regenerate({ keepData: false });
      assert.equal(read(next), undefined);
      now = 4_000_150;
      const reader = create({ clock });
      assert.equal(reader.tryLoad(renewed), null);
      assert.equal(reader.id, renewedId);
      assert.equal(reader.deadline, 4_000_190);
    });

    test('data that cannot be written: PW_ERR_SESSION, nothing sent', () => {
      const deep = create();
      let value: unknown = 'bottom';
      for (let i = 0; i < SESSION_DEPTH_LIMIT; i++) value = [value];
      (deep.data as Record<string, unknown>).deep = value;
      assert.equal(
        codeOf(() => deep.header()),
        'PW_ERR_SESSION',
      );
      const shallow = create();
      value = 'bottom';
      for (let i = 0; i < SESSION_DEPTH_LIMIT - 1; i++) value = [value];
      (shallow.data as Record<string, unknown>).deep = value;
      const reader = create();
      assert.equal(reader.tryLoad(cookieOf(shallow)), null);
      const cases: Array<[string, (session: SealedSession) => void]> = [
        ['a BigInt', (s) => Object.assign(s.data, { n: 1n })],
        [
          'a cycle',
          (s) => {
            const cycle: Record<string, unknown> = {};
            cycle.self = cycle;
            Object.assign(s.data, { cycle });
          },
        ],
        ['not an object', (s) => Object.assign(s, { data: ['a'] })],
        ['null', (s) => Object.assign(s, { data: null })],
        ['too much for a cookie', (s) => Object.assign(s.data, { big: randomText(4000) })],
        ['more than 64 KiB of JSON', (s) => Object.assign(s.data, { big: 'a'.repeat(70_000) })],
      ];
      for (const [what, spoil] of cases) {
        const session = create();
        spoil(session);
        const response = new Response('');
        assert.equal(
          codeOf(() => session.header(response)),
          'PW_ERR_SESSION',
          what,
        );
        assert.deepEqual(response.headers.getAll('Set-Cookie'), [], what);
      }
    });

    const sealedShapes: Array<[string, string, SessionError['reason']]> = [
      ['not JSON', 'not json', 'malformed'],
      ['a JSON array', '[1]', 'malformed'],
      ['no id', '{"d":{}}', 'malformed'],
      ['a short id', '{"i":"abc","d":{}}', 'malformed'],
      ['an expiry that is text', `{"i":"${'A'.repeat(22)}","d":{},"e":"soon"}`, 'malformed'],
      ['a lifetime that is text', `{"i":"${'A'.repeat(22)}","d":{},"a":null}`, 'malformed'],
      ['data that is an array', `{"i":"${'A'.repeat(22)}","d":[1,2]}`, 'not-dictionary'],
      ['data that is text', `{"i":"${'A'.repeat(22)}","d":"x"}`, 'not-dictionary'],
      ['no data', `{"i":"${'A'.repeat(22)}"}`, 'not-dictionary'],
      ['expired long ago', `{"i":"${'A'.repeat(22)}","d":{},"e":1}`, 'expired'],
      ['a lifetime long over', `{"i":"${'A'.repeat(22)}","d":{},"a":1}`, 'expired'],
      [
        'nested deeper than the limit',
        `{"i":"${'A'.repeat(22)}","d":{"x":${'['.repeat(SESSION_DEPTH_LIMIT)}${']'.repeat(SESSION_DEPTH_LIMIT)}}}`,
        'malformed',
      ],
      ['invalid UTF-8', '\xff\xfe', 'malformed'],
    ];
    for (const [what, json, reason] of sealedShapes) {
      test(`sealed with the right key but ${what}: SessionError (${reason})`, () => {
        const session = create();
        const value = seal(session, Buffer.from(json, 'latin1'));
        assert.equal(refused(fixture, create(), { SESSID: value }).reason, reason);
      });
    }

    test('a well-formed envelope sealed by hand opens: the format is what the checks above refuse parts of', () => {
      const session = create();
      const value = seal(session, Buffer.from(`{"i":"${'B'.repeat(22)}","d":{"v":"by hand","__proto__":{"x":1}}}`));
      const reader = create();
      assert.equal(reader.tryLoad({ SESSID: value }), null);
      assert.equal(read(reader), 'by hand');
      assert.equal(reader.id, 'B'.repeat(22));
      // a "__proto__" key is a plain key of a null-prototype object
      assert.equal(Object.getPrototypeOf(reader.data), null);
      assert.deepEqual(Object.getOwnPropertyDescriptor(reader.data, '__proto__')?.value, { x: 1 });
      assert.equal(({} as Record<string, unknown>).x, undefined);
    });
  });
}

/** Text that does not compress: base64 of a fixed pseudo-random byte sequence. */
function randomText(length: number): string {
  let state = 12345;
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes.toString('base64').slice(0, length);
}
