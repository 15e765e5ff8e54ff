/**
 * `checkDigest` through an application, in process: the independent client
 * of test/helpers/digest-client.ts answers the 401 challenges for the four
 * algorithms, with and without qop, and spoils each part of the credentials
 * in turn; nonce-count replay protection with synchronous and asynchronous
 * stores; the 401 page in Digest mode.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkDigest,
  DIGEST_ALGORITHMS,
  type DigestAlgorithm,
  digestChallenge,
  MemoryNonceStore,
  type NonceCountStore,
  verifyDigest,
} from '../../../src/auth/index.ts';
import { makeNonce } from '../../../src/crypto/digest-nonce.ts';
import { type ApplicationOptions, HTTPException, METHOD_POST, Response } from '../../../src/index.ts';
import { type Answer, ask, logText, makeApp } from '../../helpers/app.ts';
import { type Challenge, digestAuthorization, H, parseChallenge } from '../../helpers/digest-client.ts';
import { fakeRequest } from '../../helpers/fake-request.ts';

const SECRET = 'a secret of the tests';
const USER_ZONE = 'User Zone';
const ADMIN_ZONE = 'Admin Zone';
const UA = 'digest-test/1.0';

/** HA1 of the algorithm's hash, as an htdigest file stores it. */
function ha1(algorithm: string, user: string, realm: string, password: string): string {
  return H(algorithm, `${user}:${realm}:${password}`);
}

/** An application in Digest mode with three protected zones and an unprotected page. */
function digestApp(options: Partial<ApplicationOptions> = {}) {
  const { app, log } = makeApp({ secretKey: SECRET, authType: 'Digest', errorFormat: 'text', ...options });
  const alg = app.authAlgorithm;
  app.authMap = {
    [USER_ZONE]: { user: ha1(alg, 'user', USER_ZONE, 'looser'), foo: ha1(alg, 'foo', USER_ZONE, 'bar') },
    [ADMIN_ZONE]: { admin: ha1(alg, 'admin', ADMIN_ZONE, 'admin') },
  };
  app.route(
    '/user',
    checkDigest(USER_ZONE)((req) => `user ${String(req.user)}`),
  );
  app.route(
    '/foo',
    checkDigest(USER_ZONE, 'foo')((req) => `foo ${String(req.user)}`),
  );
  app.route(
    '/admin',
    checkDigest(ADMIN_ZONE)((req) => `admin ${String(req.user)}`),
  );
  app.route(
    '/item/<id:int>',
    checkDigest(USER_ZONE)((req, id: number) => `${String(req.user)} ${id + 1}`),
  );
  app.route(
    '/async',
    checkDigest(USER_ZONE)(async (req) => `async ${String(req.user)}`),
  );
  app.route(
    '/spaces in url',
    checkDigest(USER_ZONE)((req) => `spaces ${String(req.user)}`),
  );
  app.route('/open', () => 'open');
  return { app, log };
}

type App = ReturnType<typeof digestApp>['app'];

/** GET without credentials: the 401 and its challenge. */
async function challengeOf(app: App, path: string, userAgent = UA): Promise<Challenge> {
  const res = await ask(app, path, { headers: { 'User-Agent': userAgent } });
  assert.equal(res.status, 401);
  return parseChallenge(res.headers.get('www-authenticate'));
}

/** A request with an `Authorization` header. */
function withAuth(app: App, path: string, authorization: string, init: RequestInit = {}): Promise<Answer> {
  return ask(app, path, {
    ...init,
    headers: { 'User-Agent': UA, Authorization: authorization, ...(init.headers as Record<string, string>) },
  });
}

/** Answer the challenge of `path` as `user` and send the request. */
async function login(
  app: App,
  path: string,
  user: string,
  password: string,
  extra: Partial<Parameters<typeof digestAuthorization>[0]> = {},
): Promise<Answer> {
  const challenge = await challengeOf(app, path);
  return withAuth(app, path, digestAuthorization({ user, password, method: 'GET', uri: path, challenge, ...extra }));
}

/** HA1 hashes for the `-sess` and plain names of one algorithm are the same. */
describe('logging in, every algorithm, with and without qop', () => {
  for (const algorithm of DIGEST_ALGORITHMS) {
    for (const qop of ['auth', null] as const) {
      test(`${algorithm}, qop ${String(qop)}`, async () => {
        const { app } = digestApp({ authAlgorithm: algorithm, authQop: qop });
        const challenge = await challengeOf(app, '/user');
        assert.equal(challenge.realm, USER_ZONE);
        assert.equal(challenge.algorithm, algorithm);
        assert.equal(challenge.qop, qop ?? undefined);
        assert.equal(challenge.stale, undefined);
        assert.match(challenge.nonce as string, /^[A-Za-z0-9_-]{64}$/);
        assert.match(challenge.opaque as string, /^[0-9a-f]{64}$/);
        const res = await withAuth(
          app,
          '/user?x=1',
          digestAuthorization({ user: 'user', password: 'looser', method: 'GET', uri: '/user?x=1', challenge }),
        );
        assert.equal(res.status, 200, res.text);
        assert.equal(res.text, 'user user');
        const wrong = await withAuth(
          app,
          '/user',
          digestAuthorization({ user: 'user', password: 'LOOSER', method: 'GET', uri: '/user', challenge, nc: 2 }),
        );
        assert.equal(wrong.status, 401);
      });
    }
  }

  test('the challenge header, as RFC 7616 §3.3 writes it', async () => {
    const { app } = digestApp();
    const res = await ask(app, '/user', { headers: { 'User-Agent': UA } });
    assert.match(
      res.headers.get('www-authenticate') ?? '',
      /^Digest realm="User Zone", qop="auth", algorithm=MD5-sess, nonce="[A-Za-z0-9_-]{64}", opaque="[0-9a-f]{64}"$/,
    );
    const plain = digestApp({ authQop: null }).app;
    const none = await ask(plain, '/user');
    assert.match(none.headers.get('www-authenticate') ?? '', /^Digest realm="User Zone", algorithm=MD5-sess, nonce="/);
  });

  test('every challenge has a nonce of its own; the opaque value is the same', async () => {
    const { app } = digestApp();
    const a = await challengeOf(app, '/user');
    const b = await challengeOf(app, '/user');
    assert.notEqual(a.nonce, b.nonce);
    assert.equal(a.opaque, b.opaque);
  });

  test('a client that sends no User-Agent', async () => {
    const { app } = digestApp();
    const first = await ask(app, '/user');
    const challenge = parseChallenge(first.headers.get('www-authenticate'));
    const header = digestAuthorization({ user: 'user', password: 'looser', method: 'GET', uri: '/user', challenge });
    assert.equal((await ask(app, '/user', { headers: { Authorization: header } })).status, 200);
    const withAgent = digestAuthorization({
      user: 'user',
      password: 'looser',
      method: 'GET',
      uri: '/user',
      challenge,
      nc: 2,
    });
    assert.equal((await withAuth(app, '/user', withAgent)).status, 401, 'the nonce is bound to no User-Agent');
  });

  test('one login, many requests: the nonce count grows', async () => {
    const { app } = digestApp();
    const challenge = await challengeOf(app, '/user');
    for (let nc = 1; nc <= 5; nc++) {
      const res = await withAuth(
        app,
        '/user',
        digestAuthorization({ user: 'foo', password: 'bar', method: 'GET', uri: '/user', challenge, nc }),
      );
      assert.equal(res.status, 200);
    }
  });

  test('req.user is the user name; path parameters and async handlers go through', async () => {
    const { app } = digestApp();
    assert.equal((await login(app, '/item/41', 'foo', 'bar')).text, 'foo 42');
    assert.equal((await login(app, '/async', 'user', 'looser')).text, 'async user');
    assert.equal((await login(app, '/admin', 'admin', 'admin')).text, 'admin admin');
  });

  test('a request target with escapes: the uri is the target as sent, or the same decoded', async () => {
    const { app } = digestApp();
    assert.equal((await login(app, '/spaces%20in%20url?q=a%20b', 'user', 'looser')).status, 200);
    const challenge = await challengeOf(app, '/spaces%20in%20url');
    const decoded = digestAuthorization({
      user: 'user',
      password: 'looser',
      method: 'GET',
      uri: '/spaces in url',
      challenge,
    });
    assert.equal((await withAuth(app, '/spaces%20in%20url', decoded)).status, 200);
  });

  test('HEAD and POST hash their own method', async () => {
    const { app } = digestApp();
    const challenge = await challengeOf(app, '/user');
    const head = digestAuthorization({ user: 'user', password: 'looser', method: 'HEAD', uri: '/user', challenge });
    assert.equal((await withAuth(app, '/user', head, { method: 'HEAD' })).status, 200);
    const asGet = digestAuthorization({
      user: 'user',
      password: 'looser',
      method: 'GET',
      uri: '/user',
      challenge,
      nc: 2,
    });
    assert.equal((await withAuth(app, '/user', asGet, { method: 'HEAD' })).status, 401);
  });

  test('no algorithm in the credentials means MD5 (RFC 7616 §3.4)', async () => {
    const md5 = digestApp({ authAlgorithm: 'MD5' }).app;
    assert.equal((await login(md5, '/user', 'user', 'looser', { omit: ['algorithm'] })).status, 200);
    const sess = digestApp().app;
    assert.equal((await login(sess, '/user', 'user', 'looser', { omit: ['algorithm'] })).status, 401);
  });

  test('an authMap that is a lookup object (PasswordMap has find)', async () => {
    const { app } = digestApp();
    const asked: string[] = [];
    app.authMap = {
      find(realm: string, user: string) {
        asked.push(`${realm}/${user}`);
        return user === 'user' ? ha1('MD5', 'user', realm, 'looser') : null;
      },
    };
    assert.equal((await login(app, '/user', 'user', 'looser')).status, 200);
    assert.equal((await login(app, '/user', 'nobody', 'x')).status, 401);
    assert.deepEqual(asked, ['User Zone/user', 'User Zone/nobody']);
  });

  test('an upper-case HA1 in the map and an upper-case response are read as hexadecimal', async () => {
    const { app } = digestApp();
    app.authMap = { [USER_ZONE]: { user: ha1('MD5', 'user', USER_ZONE, 'looser').toUpperCase() } };
    const challenge = await challengeOf(app, '/user');
    const header = digestAuthorization({ user: 'user', password: 'looser', method: 'GET', uri: '/user', challenge });
    const upper = header.replace(/response="([0-9a-f]+)"/, (_m, hex: string) => `response="${hex.toUpperCase()}"`);
    assert.equal((await withAuth(app, '/user', upper)).status, 200);
  });
});

describe('refused credentials: a 401 with a new challenge, and the reason logged', () => {
  /** Assert a 401 with a fresh challenge for `realm`, `stale` or not, and that the log says `reason`. */
  function assertRefused(res: Answer, log: ReturnType<typeof digestApp>['log'], reason: RegExp, stale = false): void {
    assert.equal(res.status, 401, res.text);
    const challenge = parseChallenge(res.headers.get('www-authenticate'));
    assert.equal(challenge.stale, stale ? 'true' : undefined);
    assert.ok(
      logText(log).some((line) => reason.test(line)),
      `log ${JSON.stringify(logText(log))} says ${reason}`,
    );
  }

  test('a wrong password', async () => {
    const { app, log } = digestApp();
    assertRefused(await login(app, '/user', 'user', 'wrong'), log, /response of user "user" is wrong/);
  });

  test('a user who is not in the map, and a user of another realm', async () => {
    const { app, log } = digestApp();
    assertRefused(await login(app, '/user', 'nobody', 'x'), log, /user "nobody" is not in authMap/);
    assertRefused(await login(app, '/user', 'admin', 'admin'), log, /user "admin" is not in authMap for "User Zone"/);
  });

  test('credentials made for another realm', async () => {
    const { app, log } = digestApp();
    const res = await login(app, '/user', 'admin', 'admin', { realm: ADMIN_ZONE });
    assertRefused(res, log, /realm "Admin Zone" is not "User Zone"/);
  });

  test("checkDigest(realm, 'foo'): another valid user of the realm is refused", async () => {
    const { app, log } = digestApp();
    assertRefused(await login(app, '/foo', 'user', 'looser'), log, /user "user" may not enter here/);
    assert.equal((await login(app, '/foo', 'foo', 'bar')).text, 'foo foo');
  });

  test('a nonce tampered with, byte by byte', async () => {
    const { app, log } = digestApp();
    const challenge = await challengeOf(app, '/user');
    const nonce = challenge.nonce as string;
    for (const at of [0, 7, 8, 21, 22, 40, 63]) {
      const char = nonce[at] === 'A' ? 'B' : 'A';
      const spoiled = { ...challenge, nonce: `${nonce.slice(0, at)}${char}${nonce.slice(at + 1)}` };
      const header = digestAuthorization({
        user: 'user',
        password: 'looser',
        method: 'GET',
        uri: '/user',
        challenge: spoiled,
      });
      assertRefused(await withAuth(app, '/user', header), log, /was not made here for this client/);
    }
  });

  test('nonces that are not ours at all: too short, too long, not base64url, made with another key', async () => {
    const { app, log } = digestApp();
    const challenge = await challengeOf(app, '/user');
    const others = ['abc', `${challenge.nonce as string}A`, '!'.repeat(64), makeNonce('another key', UA, 300)];
    for (const nonce of others) {
      const header = digestAuthorization({
        user: 'user',
        password: 'looser',
        method: 'GET',
        uri: '/user',
        challenge: { ...challenge, nonce },
      });
      assertRefused(await withAuth(app, '/user', header), log, /was not made here/);
    }
  });

  test('a stale nonce: stale=true, and the new nonce works', async () => {
    const { app, log } = digestApp();
    const challenge = await challengeOf(app, '/user');
    // made by this application's key for this client, 3 timeouts ago: expired whatever the clock says now
    const old = { ...challenge, nonce: makeNonce(SECRET, UA, 300, Date.now() / 1000 - 900) };
    const res = await withAuth(
      app,
      '/user',
      digestAuthorization({ user: 'user', password: 'looser', method: 'GET', uri: '/user', challenge: old }),
    );
    assertRefused(res, log, /nonce is stale/, true);
    const fresh = parseChallenge(res.headers.get('www-authenticate'));
    const again = digestAuthorization({
      user: 'user',
      password: 'looser',
      method: 'GET',
      uri: '/user',
      challenge: fresh,
    });
    assert.equal((await withAuth(app, '/user', again)).status, 200);
  });

  test('a nonce made for another User-Agent', async () => {
    const { app, log } = digestApp();
    const challenge = await challengeOf(app, '/user', 'Browser A');
    const header = digestAuthorization({ user: 'user', password: 'looser', method: 'GET', uri: '/user', challenge });
    const res = await ask(app, '/user', { headers: { 'User-Agent': 'Browser B', Authorization: header } });
    assertRefused(res, log, /was not made here for this client/);
    const same = await ask(app, '/user', { headers: { 'User-Agent': 'Browser A', Authorization: header } });
    assert.equal(same.status, 200);
  });

  test('a replayed request (the same nonce count again): stale=true', async () => {
    const { app, log } = digestApp();
    const challenge = await challengeOf(app, '/user');
    const header = digestAuthorization({ user: 'user', password: 'looser', method: 'GET', uri: '/user', challenge });
    assert.equal((await withAuth(app, '/user', header)).status, 200);
    assertRefused(await withAuth(app, '/user', header), log, /nonce count 1 of user "user" was used already/, true);
    assertRefused(await withAuth(app, '/user', header), log, /was used already/, true);
  });

  test('a decreasing nonce count: stale=true; a greater one goes on working', async () => {
    const { app, log } = digestApp();
    const challenge = await challengeOf(app, '/user');
    const at = (nc: number) =>
      withAuth(
        app,
        '/user',
        digestAuthorization({ user: 'user', password: 'looser', method: 'GET', uri: '/user', challenge, nc }),
      );
    assert.equal((await at(5)).status, 200);
    assertRefused(await at(3), log, /nonce count 3 of user "user" was used already/, true);
    assert.equal((await at(16)).status, 200);
    assertRefused(await at(16), log, /nonce count 16 /, true);
  });

  test('credentials replayed to another resource are a 400 (RFC 7616 §3.4.6), not just an ending match', async () => {
    const { app, log } = digestApp();
    const challenge = await challengeOf(app, '/user');
    const header = digestAuthorization({ user: 'admin', password: 'admin', method: 'GET', uri: '/x/admin', challenge });
    const res = await withAuth(app, '/admin', header);
    assert.equal(res.status, 400);
    assert.match(res.text, /The Digest uri is not the request target/);
    assert.ok(logText(log).some((line) => /uri "\/x\/admin" is not the request target "\/admin"/.test(line)));
    const query = digestAuthorization({ user: 'user', password: 'looser', method: 'GET', uri: '/user?a=1', challenge });
    assert.equal((await withAuth(app, '/user?a=2', query)).status, 400);
  });

  const missing: ReadonlyArray<[field: string, reason: RegExp]> = [
    ['uri', /no uri/],
    ['nonce', /no nonce/],
    ['response', /response \(none\)/],
    ['cnonce', /no cnonce/],
    ['nc', /nc \(none\)/],
    ['qop', /qop \(none\) is not auth/],
    ['username', /no username/],
    ['realm', /realm \(none\)/],
    ['opaque', /opaque \(none\) is wrong/],
  ];
  for (const [field, reason] of missing) {
    test(`no ${field}: a 401, never a 500`, async () => {
      const { app, log } = digestApp();
      assertRefused(await login(app, '/user', 'user', 'looser', { omit: [field] }), log, reason);
    });
  }

  test('a -sess algorithm without qop still needs a cnonce (its HA1 holds one)', async () => {
    const { app, log } = digestApp({ authQop: null });
    const challenge = await challengeOf(app, '/user');
    const plain = digestAuthorization({ user: 'user', password: 'looser', method: 'GET', uri: '/user', challenge });
    assert.doesNotMatch(plain, /nc=|qop=/);
    assert.match(plain, /cnonce="/);
    assert.equal((await withAuth(app, '/user', plain)).status, 200);
    assertRefused(await login(app, '/user', 'user', 'looser', { omit: ['cnonce'] }), log, /no cnonce/);
  });

  const spoiled: ReadonlyArray<[name: string, override: Record<string, string>, reason: RegExp]> = [
    ['another algorithm', { algorithm: 'SHA-256' }, /algorithm "SHA-256" is not MD5-sess/],
    ['another opaque', { opaque: 'x'.repeat(64) }, /opaque "x+" is wrong/],
    ['qop auth-int', { qop: 'auth-int' }, /qop "auth-int" is not auth/],
    ['an nc that is not 8 hexadecimal digits', { nc: '1' }, /nc "1" is not 8 hexadecimal digits/],
    ['an nc with other characters', { nc: '0000000g' }, /nc "0000000g"/],
    ['a response of the wrong length', { response: 'abc' }, /response "abc" is not 32 hexadecimal digits/],
    ['a response that is not hexadecimal', { response: 'z'.repeat(32) }, /is not 32 hexadecimal digits/],
  ];
  for (const [name, override, reason] of spoiled) {
    test(`${name}: a 401`, async () => {
      const { app, log } = digestApp();
      assertRefused(await login(app, '/user', 'user', 'looser', { override }), log, reason);
    });
  }

  test('qop sent to an application that offers none', async () => {
    const { app, log } = digestApp({ authQop: null });
    const challenge = { ...(await challengeOf(app, '/user')), qop: 'auth' };
    const header = digestAuthorization({ user: 'user', password: 'looser', method: 'GET', uri: '/user', challenge });
    assertRefused(await withAuth(app, '/user', header), log, /qop "auth" was not offered/);
  });

  const garbage: ReadonlyArray<[name: string, header: string, reason: RegExp]> = [
    ['Basic credentials', `Basic ${Buffer.from('user:looser').toString('base64')}`, /scheme "Basic" is not Digest/],
    ['a bare Digest', 'Digest', /no nonce/],
    ['Digest with garbage', 'Digest !!!, ,,, ="', /does not parse/],
    ['a parameter given twice', 'Digest nonce="a", nonce="b"', /does not parse/],
    ['a Bearer token', 'Bearer abc.def', /scheme "Bearer"/],
    ['bytes that are no header at all', '\u00ff\u00fe garbage', /is not Digest/],
  ];
  for (const [name, header, reason] of garbage) {
    test(`${name}: a 401 with a challenge`, async () => {
      const { app, log } = digestApp();
      assertRefused(await withAuth(app, '/user', header), log, reason);
    });
  }

  test('no Authorization header: a 401 with a challenge, logged at info level only', async () => {
    const { app, log } = digestApp();
    const res = await ask(app, '/user');
    assert.equal(res.status, 401);
    assert.equal(parseChallenge(res.headers.get('www-authenticate')).realm, USER_ZONE);
    assert.deepEqual(logText(log), ['Digest: no Authorization header']);
  });

  test('an unprotected route is not affected', async () => {
    const { app } = digestApp();
    const res = await ask(app, '/open');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('www-authenticate'), null);
  });
});

describe('nonce count stores', () => {
  /** A store that records what it is told and answers with `answer`. */
  function recording(answer: (count: number) => boolean | Promise<boolean>) {
    const calls: Array<[string, number, number]> = [];
    const store: NonceCountStore = {
      advance(nonce, count, lifetime) {
        calls.push([nonce, count, lifetime]);
        return answer(count);
      },
    };
    return { store, calls };
  }

  test('the store is told the nonce, the count in decimal and the seconds the nonce has left', async () => {
    const { store, calls } = recording(() => true);
    const { app } = digestApp({ authNonceStore: store, authTimeout: 60 });
    const challenge = await challengeOf(app, '/user');
    const header = digestAuthorization({
      user: 'user',
      password: 'looser',
      method: 'GET',
      uri: '/user',
      challenge,
      nc: 26,
    });
    assert.equal((await withAuth(app, '/user', header)).status, 200);
    assert.equal(calls.length, 1);
    const [nonce, count, lifetime] = calls[0] as [string, number, number];
    assert.equal(nonce, challenge.nonce);
    assert.equal(count, 26);
    // a nonce lives between authTimeout and twice as long
    assert.ok(lifetime >= 59 && lifetime <= 120, String(lifetime));
  });

  test('without qop there is no nonce count: the store is not asked', async () => {
    const { store, calls } = recording(() => false);
    const { app } = digestApp({ authNonceStore: store, authQop: null, authAlgorithm: 'MD5' });
    assert.equal((await login(app, '/user', 'user', 'looser')).status, 200);
    assert.equal(calls.length, 0);
  });

  test('only verified credentials reach the store', async () => {
    const { store, calls } = recording(() => true);
    const { app } = digestApp({ authNonceStore: store });
    await login(app, '/user', 'user', 'wrong');
    await login(app, '/user', 'nobody', 'x');
    await login(app, '/foo', 'user', 'looser');
    assert.equal(calls.length, 0);
  });

  test('a store that throws: 503, the reason logged, the handler never called', async () => {
    let called = false;
    const { log, app } = digestApp({
      authNonceStore: {
        advance() {
          throw new Error('store is down');
        },
      },
    });
    app.route(
      '/guarded',
      checkDigest(USER_ZONE)(() => {
        called = true;
        return 'in';
      }),
    );
    const res = await login(app, '/guarded', 'user', 'looser');
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('www-authenticate'), null);
    assert.equal(called, false);
    assert.ok(
      logText(log).some((line) => /nonce count store failed.*store is down/.test(line)),
      logText(log).join('\n'),
    );
  });

  test('an asynchronous store that rejects: 503', async () => {
    const { store } = recording(() => Promise.reject(new Error('timeout')));
    const { app, log } = digestApp({ authNonceStore: store });
    const res = await login(app, '/user', 'user', 'looser');
    assert.equal(res.status, 503);
    assert.ok(logText(log).some((line) => /nonce count store failed.*timeout/.test(line)));
  });

  test('an asynchronous store: true lets in (sync and async handlers), false is a stale 401', async () => {
    const seen = new Set<number>();
    const { store } = recording(async (count) => {
      if (seen.has(count)) return false;
      seen.add(count);
      return true;
    });
    const { app } = digestApp({ authNonceStore: store });
    const challenge = await challengeOf(app, '/user');
    for (const path of ['/user', '/async', '/item/1']) {
      const header = digestAuthorization({
        user: 'user',
        password: 'looser',
        method: 'GET',
        uri: path,
        challenge,
        nc: seen.size + 1,
      });
      const res = await withAuth(app, path, header);
      assert.equal(res.status, 200, path);
      assert.match(res.text, /user/);
      const replay = await withAuth(app, path, header);
      assert.equal(replay.status, 401);
      assert.equal(parseChallenge(replay.headers.get('www-authenticate')).stale, 'true');
    }
  });

  test('a store answering something that is not true refuses (fail closed)', async () => {
    const { store } = recording(() => Promise.resolve(1 as unknown as boolean));
    const { app } = digestApp({ authNonceStore: store });
    assert.equal((await login(app, '/user', 'user', 'looser')).status, 401);
  });

  test('each application has a store of its own', async () => {
    const a = digestApp().app;
    const b = digestApp().app;
    assert.ok(a.authNonceStore instanceof MemoryNonceStore);
    assert.notEqual(a.authNonceStore, b.authNonceStore);
    const challenge = await challengeOf(a, '/user');
    const header = digestAuthorization({ user: 'user', password: 'looser', method: 'GET', uri: '/user', challenge });
    assert.equal((await withAuth(a, '/user', header)).status, 200);
    // the same secret key: b takes a's nonce, and has not seen its count
    assert.equal((await withAuth(b, '/user', header)).status, 200);
    assert.equal((await withAuth(a, '/user', header)).status, 401);
  });
});

describe('synchronous stays synchronous', () => {
  /** A request of an application without a server: the wrapped handler is called directly. */
  function request(store: NonceCountStore, authorization?: string) {
    const settings: Partial<ApplicationOptions> = {
      secretKey: SECRET,
      authType: 'Digest',
      authMap: { [USER_ZONE]: { user: ha1('MD5', 'user', USER_ZONE, 'looser') } },
      authNonceStore: store,
    };
    const headers: Array<[string, string]> = [['User-Agent', UA]];
    if (authorization !== undefined) headers.push(['Authorization', authorization]);
    return fakeRequest({ url: '/user', headers, settings });
  }

  function credentials(): string {
    const settings = {
      secretKey: SECRET,
      authAlgorithm: 'MD5-sess' as const,
      authQop: 'auth' as const,
      authTimeout: 300,
    };
    const challenge = parseChallenge(digestChallenge(settings, UA, USER_ZONE));
    return digestAuthorization({ user: 'user', password: 'looser', method: 'GET', uri: '/user', challenge });
  }

  test('with the memory store, the wrapped handler returns its value, not a promise', () => {
    const handler = checkDigest(USER_ZONE)((req) => `sync ${String(req.user)}`);
    const req = request(new MemoryNonceStore(), credentials());
    assert.equal(handler(req), 'sync user');
    assert.equal(req.user, 'user');
  });

  test('with an asynchronous store, a promise', async () => {
    const handler = checkDigest(USER_ZONE)((req) => `async ${String(req.user)}`);
    const req = request({ advance: async () => true }, credentials());
    const result = handler(req);
    assert.ok(result instanceof Promise);
    assert.equal(req.user, null, 'not set before the store answered');
    assert.equal(await result, 'async user');
    assert.equal(req.user, 'user');
  });

  test('a refusal is a thrown HTTPException(401, { realm }) for the 401 handler', () => {
    const handler = checkDigest(USER_ZONE)(() => 'never');
    assert.throws(
      () => handler(request(new MemoryNonceStore())),
      (err: unknown) =>
        err instanceof HTTPException &&
        err.statusCode === 401 &&
        err.extra.realm === USER_ZONE &&
        !('stale' in err.extra),
    );
  });

  test('the wrapper keeps the handler name', () => {
    function profile(): string {
      return 'p';
    }
    assert.equal(checkDigest(USER_ZONE)(profile).name, 'profile');
  });
});

describe('checkDigest arguments and the application it needs', () => {
  test('a realm that a quoted string cannot hold, or an empty user, is refused at once', () => {
    for (const realm of ['', 'a"b', 'a\\b', 'line\nbreak', 42 as unknown as string]) {
      assert.throws(() => checkDigest(realm), { code: 'PW_ERR_DIGEST', name: 'TypeError' }, JSON.stringify(realm));
    }
    assert.throws(() => checkDigest(USER_ZONE, ''), { code: 'PW_ERR_DIGEST' });
    assert.doesNotThrow(() => checkDigest('Zóna 1: dveře'));
  });

  test('checkDigest in an application that is not in Digest mode: a 500 that says why', async () => {
    const { app, log } = makeApp({ secretKey: SECRET, errorFormat: 'text' });
    app.route(
      '/user',
      checkDigest(USER_ZONE)(() => 'never'),
    );
    const res = await ask(app, '/user');
    assert.equal(res.status, 500);
    assert.ok(logText(log).some((line) => /needs the application options secretKey and authType: 'Digest'/.test(line)));
  });

  test('the clock of checkDigest can be given: a nonce is stale once its time is up', async () => {
    const { app } = digestApp({ authTimeout: 10 });
    let now = 1_000_000;
    app.route(
      '/clock',
      checkDigest(USER_ZONE, undefined, { now: () => now })((req) => String(req.user)),
    );
    const challenge = { ...(await challengeOf(app, '/clock')), nonce: makeNonce(SECRET, UA, 10, now) };
    const at = (nc: number) =>
      withAuth(
        app,
        '/clock',
        digestAuthorization({ user: 'user', password: 'looser', method: 'GET', uri: '/clock', challenge, nc }),
      );
    assert.equal((await at(1)).status, 200);
    now += 10;
    assert.equal((await at(2)).status, 200, 'a nonce lives at least authTimeout');
    now += 10;
    const res = await at(3);
    assert.equal(res.status, 401, 'and at most twice as long');
    assert.equal(parseChallenge(res.headers.get('www-authenticate')).stale, 'true');
  });
});

describe('verifyDigest in a before-response hook', () => {
  test('a whole prefix is protected before any body is read', async () => {
    const { app } = digestApp();
    let bodies = 0;
    app.beforeResponse(async (req) => {
      if (req.path.startsWith('/private/')) req.user = await verifyDigest(req, USER_ZONE);
    });
    app.route(
      '/private/upload',
      (req) => {
        bodies++;
        return `${String(req.user)} sent ${JSON.stringify(req.json)}`;
      },
      METHOD_POST,
    );
    const post = (authorization?: string) =>
      ask(app, '/private/upload', {
        method: 'POST',
        headers: {
          'User-Agent': UA,
          'Content-Type': 'application/json',
          ...(authorization === undefined ? {} : { Authorization: authorization }),
        },
        body: '{"a":1}',
      });
    const refused = await post();
    assert.equal(refused.status, 401);
    assert.equal(bodies, 0);
    const challenge = parseChallenge(refused.headers.get('www-authenticate'));
    const header = digestAuthorization({
      user: 'foo',
      password: 'bar',
      method: 'POST',
      uri: '/private/upload',
      challenge,
    });
    const res = await post(header);
    assert.equal(res.status, 200);
    assert.equal(res.text, 'foo sent {"a":1}');
  });
});

describe('the 401 page in Digest mode', () => {
  const formats: ReadonlyArray<[accept: string, type: RegExp, body: RegExp]> = [
    ['application/json', /^application\/problem\+json/, /"status":401/],
    ['text/html', /^text\/html/, /401 - Unauthorized/],
    ['*/*', /^text\/plain/, /^401 - Unauthorized\nThe request GET \/user needs authorization/],
  ];
  for (const [accept, type, body] of formats) {
    test(`negotiated as the other pages (Accept: ${accept}), with the challenge`, async () => {
      const { app } = digestApp({ errorFormat: 'auto' });
      const res = await ask(app, '/user', { headers: { Accept: accept } });
      assert.equal(res.status, 401);
      assert.match(res.headers.get('content-type') ?? '', type);
      assert.match(res.text, body);
      assert.equal(parseChallenge(res.headers.get('www-authenticate')).realm, USER_ZONE);
    });
  }

  test('HTTPException(401, { realm, stale: true }) thrown by the application makes a stale challenge', async () => {
    const { app } = digestApp();
    app.route('/own', () => {
      throw new HTTPException(401, { realm: 'Own', stale: true });
    });
    const challenge = parseChallenge((await ask(app, '/own')).headers.get('www-authenticate'));
    assert.equal(challenge.realm, 'Own');
    assert.equal(challenge.stale, 'true');
  });

  const badRealms: ReadonlyArray<[name: string, extra: Record<string, unknown>]> = [
    ['no realm', {}],
    ['a realm that is not a string', { realm: 7 }],
    ['a realm with a quote', { realm: 'say "hi"' }],
  ];
  for (const [name, extra] of badRealms) {
    test(`a 401 with ${name}: a 500, and the log says why`, async () => {
      const { app, log } = digestApp();
      app.route('/bad', () => {
        throw new HTTPException(401, extra);
      });
      const res = await ask(app, '/bad');
      assert.equal(res.status, 500);
      assert.equal(res.headers.get('www-authenticate'), null);
      assert.ok(logText(log).some((line) => /a 401 answer needs the realm of its challenge/.test(line)));
    });
  }

  test('without Digest mode, a 401 has no challenge, realm or not', async () => {
    const { app } = makeApp({ secretKey: SECRET });
    app.route('/plain', () => {
      throw new HTTPException(401, { realm: 'R' });
    });
    const res = await ask(app, '/plain');
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('www-authenticate'), null);
  });

  test("an application's own 401 handler makes its challenge with digestChallenge()", async () => {
    const { app } = digestApp();
    app.httpState(401, (req, extra) => {
      const res = new Response('log in, please', { statusCode: 401 });
      res.headers.set('WWW-Authenticate', digestChallenge(req.app.settings, req.userAgent ?? '', String(extra.realm)));
      return res;
    });
    const res = await ask(app, '/user', { headers: { 'User-Agent': UA } });
    assert.equal(res.text, 'log in, please');
    const challenge = parseChallenge(res.headers.get('www-authenticate'));
    const header = digestAuthorization({ user: 'user', password: 'looser', method: 'GET', uri: '/user', challenge });
    assert.equal((await withAuth(app, '/user', header)).status, 200);
  });
});

/** The type of each algorithm name, for the compiler: a typo does not compile. */
const _algorithms: DigestAlgorithm[] = ['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess'];
void _algorithms;
