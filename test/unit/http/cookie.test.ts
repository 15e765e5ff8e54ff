import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkCookieName,
  formatSetCookie,
  MAX_COOKIES,
  PW_ERR_COOKIE,
  parseCookieHeader,
  quoteCookieValue,
  type SetCookieOptions,
} from '../../../src/http/cookie.ts';
import { prng } from '../../helpers/prng.ts';

describe('parseCookieHeader', () => {
  const cases: Array<[string, Record<string, string>]> = [
    ['SESSID=abc; theme=dark', { SESSID: 'abc', theme: 'dark' }],
    ['SESSID=abc;theme=dark', { SESSID: 'abc', theme: 'dark' }],
    [' \tSESSID = abc \t;  theme=dark ', { SESSID: 'abc', theme: 'dark' }],
    ['', {}],
    [';;;', {}],
    // Python SimpleCookie's unquoting
    ['a="x\\"y\\\\z\\012w"', { a: 'x"y\\z\nw' }],
    ['a="\\377\\400"', { a: '\xff400' }],
    ['a=""', { a: '' }],
    ['a="\\q"', { a: 'q' }],
    // not quoted on both sides: kept as sent
    ['a="b', { a: '"b' }],
    ['a=b"', { a: 'b"' }],
    ['a=\\"b\\"', { a: '\\"b\\"' }],
    // PoorSession-like values with '=' inside
    ['s=abc==.def=', { s: 'abc==.def=' }],
    ['a=', { a: '' }],
    // first occurrence wins
    ['a=1; a=2', { a: '1' }],
    // no '=' or a name that is not a token: skipped, the rest still read
    ['flag; a=1', { a: '1' }],
    ['=1; a=1', { a: '1' }],
    ['a b=1; c=2', { c: '2' }],
    ['a[b]=1; c=2', { c: '2' }],
    ['"a"=1; c=2', { c: '2' }],
    ['é=1; c=2', { c: '2' }],
    // RFC 2965 attributes are skipped, as SimpleCookie does
    ['$Version=1; a=1; $Path=/', { a: '1' }],
    // names are case-sensitive
    ['A=1; a=2', { A: '1', a: '2' }],
    ['a=v w; b=x', { a: 'v w', b: 'x' }],
    ['a=caf\xc3\xa9', { a: 'caf\xc3\xa9' }],
  ];
  for (const [header, expected] of cases) {
    test(JSON.stringify(header), () => {
      const jar = parseCookieHeader(header);
      assert.equal(Object.getPrototypeOf(jar), null);
      assert.deepEqual({ ...jar }, expected);
      assert.deepEqual(Object.keys(jar), Object.keys(expected));
    });
  }

  const special: Array<[string, string]> = [
    ['__proto__=x; a=1', '__proto__'],
    ['constructor=x', 'constructor'],
    ['toString=x', 'toString'],
  ];
  for (const [header, name] of special) {
    test(`${name} is just a key`, () => {
      const jar = parseCookieHeader(header);
      assert.ok(Object.hasOwn(jar, name));
      assert.equal(jar[name], 'x');
      assert.equal(({} as Record<string, unknown>).x, undefined);
    });
  }

  test(`at most ${MAX_COOKIES} cookies`, () => {
    const header = Array.from({ length: 300 }, (_, i) => `c${i}=${i}`).join('; ');
    const jar = parseCookieHeader(header);
    assert.equal(Object.keys(jar).length, MAX_COOKIES);
    assert.equal(jar.c199, '199');
    assert.equal(jar.c200, undefined);
  });

  test('skipped pairs do not count toward the limit', () => {
    const header = `${'bad pair; '.repeat(300)}a=1`;
    assert.deepEqual({ ...parseCookieHeader(header) }, { a: '1' });
  });

  test('many pairs without "=" stay linear', { timeout: 10_000 }, () => {
    const header = `${';'.repeat(500_000)}a=1`;
    assert.deepEqual({ ...parseCookieHeader(header) }, { a: '1' });
  });
});

/** The code of what `fn` throws (its class checked), or 'no error'. */
function cookieErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof TypeError, String(err));
    return String((err as { code?: unknown }).code);
  }
  return 'no error';
}

describe('quoteCookieValue: as Python SimpleCookie quotes', () => {
  const cases: Array<[string, string]> = [
    ['abc', 'abc'],
    ["AZaz09!#$%&'*+-.^_`|~:", "AZaz09!#$%&'*+-.^_`|~:"],
    ['', '""'],
    ['a b', '"a b"'],
    ['a=b', '"a=b"'],
    ['base64+/==', '"base64+/=="'],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
    ['a;b,c', '"a\\073b\\054c"'],
    ['cr\rlf\n', '"cr\\015lf\\012"'],
    ['nul\0del\x7f', '"nul\\000del\\177"'],
    ['caf\u00e9 \u00ff', '"caf\\351 \\377"'],
    ['(){}[]<>@?/', '"(){}[]<>@?/"'],
  ];
  for (const [value, expected] of cases) {
    test(JSON.stringify(value), () => {
      assert.equal(quoteCookieValue(value), expected);
      // nothing that ends a header or a cookie pair is left outside an escape
      assert.doesNotMatch(expected, /[\r\n;,\0]/);
      assert.equal(parseCookieHeader(`n=${expected}`).n, value);
    });
  }

  for (const value of ['\u0159', 'emoji \u{1F600}', '\u2028']) {
    test(`${JSON.stringify(value)}: above U+00FF, refused`, () => {
      assert.equal(
        cookieErrorOf(() => quoteCookieValue(value)),
        PW_ERR_COOKIE,
      );
    });
  }

  test('a value that is not a string is refused', () => {
    assert.equal(
      cookieErrorOf(() => quoteCookieValue(42 as unknown as string)),
      PW_ERR_COOKIE,
    );
  });

  test('seeded random latin-1 strings: quoted, then read back the same by parseCookieHeader', () => {
    const random = prng(6265);
    for (let round = 0; round < 2000; round++) {
      const length = Math.floor(random() * 24);
      let value = '';
      for (let i = 0; i < length; i++) value += String.fromCharCode(Math.floor(random() * 256));
      const quoted = quoteCookieValue(value);
      assert.doesNotMatch(quoted, /[\x00-\x1f\x7f-\xff;,]/, JSON.stringify(value));
      assert.equal(parseCookieHeader(`a=1; n=${quoted}; z=2`).n, value, JSON.stringify(value));
    }
  });
});

describe('formatSetCookie', () => {
  const cases: Array<[string, string, SetCookieOptions, string]> = [
    ['SESSID', 'abc', { path: '/', httpOnly: true }, 'SESSID=abc; HttpOnly; Path=/'],
    ['SESSID', 'abc', {}, 'SESSID=abc'],
    [
      'X',
      'v',
      {
        secure: true,
        sameSite: 'Strict',
        path: '/p',
        maxAge: 20,
        httpOnly: true,
        expires: new Date(Date.UTC(2026, 10, 24, 12, 55, 22)),
        domain: 'ex.org',
      },
      'X=v; Domain=ex.org; expires=Tue, 24 Nov 2026 12:55:22 GMT; HttpOnly; Max-Age=20; Path=/p; SameSite=Strict; Secure',
    ],
    [
      'SESSID',
      '',
      { expires: new Date(0), maxAge: 0, path: '/', httpOnly: true },
      'SESSID=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Max-Age=0; Path=/',
    ],
    ['n', 'v', { maxAge: -1 }, 'n=v; Max-Age=-1'],
    ['n', 'v', { sameSite: 'None', secure: true }, 'n=v; SameSite=None; Secure'],
    ['n', 'v', { sameSite: 'Lax' }, 'n=v; SameSite=Lax'],
    ['n', 'v', { sameSite: false, secure: false, httpOnly: false, domain: null, path: null }, 'n=v'],
    ['n', 'v', { domain: '.example.com' }, 'n=v; Domain=.example.com'],
    ['n', 'v', { domain: '127.0.0.1' }, 'n=v; Domain=127.0.0.1'],
    ['n', 'v', { path: '/a b/%20/~x' }, 'n=v; Path=/a b/%20/~x'],
    ['__Secure-n', 'v', { secure: true }, '__Secure-n=v; Secure'],
    ['__Host-n', 'v', { secure: true, path: '/' }, '__Host-n=v; Path=/; Secure'],
  ];
  for (const [name, value, options, expected] of cases) {
    test(expected, () => assert.equal(formatSetCookie(name, value, options), expected));
  }

  /** Inputs that would add an attribute, split the header or be dropped by a browser. */
  const hostile: Array<[string, string, string, SetCookieOptions]> = [
    ['a name with a space', 'a b', 'v', {}],
    ['a name with "="', 'a=b', 'v', {}],
    ['a name with ";"', 'a;Domain=evil.com', 'v', {}],
    ['a name with CR LF', 'a\r\nSet-Cookie: x', 'v', {}],
    ['an empty name', '', 'v', {}],
    ['a "$" name', '$Version', 'v', {}],
    ['a non-ASCII name', 'n\u00e9', 'v', {}],
    ['a value beyond latin-1', 'n', 'Ond\u0159ej', {}],
    ['a domain with ";"', 'n', 'v', { domain: 'ex.org; Secure' }],
    ['a domain with CR LF', 'n', 'v', { domain: 'ex.org\r\nX: y' }],
    ['a domain with a space', 'n', 'v', { domain: 'ex .org' }],
    ['a domain with a port', 'n', 'v', { domain: 'ex.org:80' }],
    ['a non-ASCII domain', 'n', 'v', { domain: 'p\u0159\u00edklad.cz' }],
    ['an empty domain label', 'n', 'v', { domain: 'a..b' }],
    ['a domain too long', 'n', 'v', { domain: `${'a'.repeat(63)}.`.repeat(5) }],
    ['a domain that is not a string', 'n', 'v', { domain: 5 as unknown as string }],
    ['a path with ";"', 'n', 'v', { path: '/a; Domain=evil.com' }],
    ['a path with CR LF', 'n', 'v', { path: '/a\r\nX: y' }],
    ['a path with NUL', 'n', 'v', { path: '/a\0' }],
    ['a path with DEL', 'n', 'v', { path: '/a\x7f' }],
    ['a path with a tab', 'n', 'v', { path: '/a\tb' }],
    ['a non-ASCII path', 'n', 'v', { path: '/\u00e9' }],
    ['a relative path', 'n', 'v', { path: 'a/b' }],
    ['Max-Age not an integer', 'n', 'v', { maxAge: 1.5 }],
    ['Max-Age NaN', 'n', 'v', { maxAge: Number.NaN }],
    ['Max-Age as text', 'n', 'v', { maxAge: '20; Domain=x' as unknown as number }],
    ['an invalid Date', 'n', 'v', { expires: new Date(Number.NaN) }],
    ['expires as text', 'n', 'v', { expires: 'Tue; Domain=x' as unknown as Date }],
    ['SameSite of another case', 'n', 'v', { sameSite: 'lax' as 'Lax' }],
    ['SameSite with ";"', 'n', 'v', { sameSite: 'Lax; Domain=x' as 'Lax' }],
    ['SameSite=None without Secure', 'n', 'v', { sameSite: 'None' }],
    ['__Secure- without Secure', '__Secure-n', 'v', {}],
    ['__Host- without Secure', '__Host-n', 'v', { path: '/' }],
    ['__host- (any case) without Secure', '__host-n', 'v', { path: '/' }],
    ['__Host- with a Domain', '__Host-n', 'v', { secure: true, path: '/', domain: 'ex.org' }],
    ['__Host- with another Path', '__Host-n', 'v', { secure: true, path: '/p' }],
  ];
  for (const [what, name, value, options] of hostile) {
    test(`${what}: PW_ERR_COOKIE`, () => {
      assert.equal(
        cookieErrorOf(() => formatSetCookie(name, value, options)),
        PW_ERR_COOKIE,
      );
    });
  }

  test('checkCookieName returns the name it accepts', () => {
    assert.equal(checkCookieName('SESSID'), 'SESSID');
    assert.equal(
      cookieErrorOf(() => checkCookieName(7 as unknown as string)),
      PW_ERR_COOKIE,
    );
  });

  test('whatever the value, one header line with one name=value pair', () => {
    const random = prng(2109);
    for (let round = 0; round < 1000; round++) {
      let value = '';
      for (let i = 0; i < 16; i++) value += String.fromCharCode(Math.floor(random() * 256));
      const header = formatSetCookie('n', value, { path: '/', httpOnly: true });
      assert.doesNotMatch(header, /[\r\n\0]/);
      assert.ok(header.endsWith('; HttpOnly; Path=/'), header);
      // the browser's reading (RFC 6265 §5.2): the pair ends at the first ';'
      const pair = header.slice(0, header.indexOf(';'));
      assert.equal(`${pair}; HttpOnly; Path=/`, header);
      assert.equal(parseCookieHeader(pair).n, value);
    }
  });
});
