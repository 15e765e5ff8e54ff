/**
 * The cookie API of responses: `setCookie()` and `clearCookie()` add one
 * `Set-Cookie` header each, with `Path=/` by default, and refuse bad input
 * with `PoorWSGIError` `PW_ERR_COOKIE` (the codec's error as its cause).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PoorWSGIError } from '../../../src/errors/poorwsgi-error.ts';
import {
  BaseResponse,
  clearCookieValue,
  JSONResponse,
  NoContentResponse,
  NotModifiedResponse,
  RedirectResponse,
  Response,
  setCookieValue,
} from '../../../src/response/index.ts';

function cookieError(fn: () => unknown): PoorWSGIError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof PoorWSGIError, String(err));
    return err;
  }
  assert.fail('no error');
}

describe('setCookieValue and clearCookieValue', () => {
  test('Path=/ unless the options say otherwise; null leaves it out', () => {
    assert.equal(setCookieValue('a', '1'), 'a=1; Path=/');
    assert.equal(setCookieValue('a', '1', { path: '/app' }), 'a=1; Path=/app');
    assert.equal(setCookieValue('a', '1', { path: null }), 'a=1');
    assert.equal(
      setCookieValue('theme', 'dark', { maxAge: 3600, httpOnly: true, sameSite: 'Lax', secure: true }),
      'theme=dark; HttpOnly; Max-Age=3600; Path=/; SameSite=Lax; Secure',
    );
  });

  test('clearing: an empty value, expired in 1970 and Max-Age=0, with the attributes that name the cookie', () => {
    assert.equal(clearCookieValue('a'), 'a=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/');
    assert.equal(
      clearCookieValue('__Host-id', { secure: true, httpOnly: true, sameSite: 'Strict' }),
      '__Host-id=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Max-Age=0; Path=/; SameSite=Strict; Secure',
    );
    assert.equal(
      clearCookieValue('a', { domain: 'ex.org', path: '/p' }),
      'a=""; Domain=ex.org; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/p',
    );
    assert.equal(clearCookieValue('a', { path: null }), 'a=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0');
  });

  const bad: Array<[string, () => unknown]> = [
    ['a bad name', () => setCookieValue('a;b', '1')],
    ['a bad path', () => setCookieValue('a', '1', { path: '/;Domain=evil' })],
    ['a bad domain', () => clearCookieValue('a', { domain: 'evil.com\r\nX: 1' })],
    ['a value beyond latin-1', () => setCookieValue('a', '\u0159')],
    ['SameSite=None without Secure', () => setCookieValue('a', '1', { sameSite: 'None' })],
    ['__Host- with a path', () => clearCookieValue('__Host-a', { secure: true, path: '/p' })],
  ];
  for (const [what, fn] of bad) {
    test(`${what}: PoorWSGIError PW_ERR_COOKIE, the codec's TypeError as its cause`, () => {
      const err = cookieError(fn);
      assert.equal(err.code, 'PW_ERR_COOKIE');
      assert.ok(err.cause instanceof TypeError);
      assert.equal((err.cause as { code?: string }).code, 'PW_ERR_COOKIE');
      assert.equal(err.message, err.cause.message);
    });
  }
});

describe('response.setCookie() and response.clearCookie()', () => {
  test('several cookies are several Set-Cookie headers, in order, and the calls chain', () => {
    const res = new Response('hi').setCookie('a', '1').setCookie('b', 'two words', { httpOnly: true }).clearCookie('c');
    assert.deepEqual(res.headers.getAll('Set-Cookie'), [
      'a=1; Path=/',
      'b="two words"; HttpOnly; Path=/',
      'c=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/',
    ]);
    const wire = res.prepare().headers.toWire();
    assert.equal(wire.filter((item) => item === 'Set-Cookie').length, 3);
  });

  test('setting the same name twice sends both: the client keeps the last', () => {
    const res = new Response('').setCookie('a', '1').setCookie('a', '2');
    assert.deepEqual(res.headers.getAll('set-cookie'), ['a=1; Path=/', 'a=2; Path=/']);
  });

  test('a response without cookies has no headers object made for them', () => {
    const res = new Response('hi');
    // the fast path's literal array: no Headers object was ever made
    assert.deepEqual(res.wireHeaders(), [
      'X-Powered-By',
      'Poor WSGI for TypeScript',
      'Content-Type',
      'text/html; charset=utf-8',
      'Content-Length',
      '2',
    ]);
  });

  test('every kind of response has them: redirects, JSON, 204 and 304 keep their cookies', () => {
    const responses: BaseResponse[] = [
      new RedirectResponse('/').setCookie('a', '1'),
      new JSONResponse({ ok: true }).setCookie('a', '1'),
      new NoContentResponse().setCookie('a', '1'),
      new NotModifiedResponse({ etag: '"x"' }).setCookie('a', '1'),
      new BaseResponse().setCookie('a', '1'),
    ];
    for (const res of responses) {
      assert.deepEqual(res.prepare().headers.getAll('Set-Cookie'), ['a=1; Path=/'], res.constructor.name);
    }
  });

  test('a 200 turned 304 keeps its cookies', () => {
    const res = new Response('body').setCookie('a', '1');
    res.statusCode = 304;
    const prepared = res.prepare();
    assert.equal(prepared.statusCode, 304);
    assert.deepEqual(prepared.headers.getAll('Set-Cookie'), ['a=1; Path=/']);
    assert.equal(prepared.headers.get('Content-Type'), undefined);
  });

  test('a bad cookie throws and adds nothing', () => {
    const res = new Response('');
    assert.equal(cookieError(() => res.setCookie('a', '1', { domain: 'a b' })).code, 'PW_ERR_COOKIE');
    assert.equal(cookieError(() => res.clearCookie('$a')).code, 'PW_ERR_COOKIE');
    assert.deepEqual(res.headers.getAll('Set-Cookie'), []);
  });
});
