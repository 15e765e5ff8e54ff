import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAuthorization } from '../../../src/http/authorization.ts';

const DIGEST = `Digest username="user", realm="User Zone",
    nonce="1bcb61aa4910f2d462db474efd51a49018413d811536d746538715480e7e730a",
    uri="/user", algorithm=MD5-sess,
    response="0dcecfef979808a940c34af8a3bc7ee4",
    opaque="5af87f1f655f3e60b744462318d3bbcaae8079df107dbcb08168e1a93fd943d0",
    qop=auth, nc=00000002, cnonce="b636b6204f836fdc"`;

describe('parseAuthorization', () => {
  const cases: Array<[string, string, Record<string, string>]> = [
    [
      'the Digest vector of the behaviour spec',
      DIGEST,
      {
        type: 'Digest',
        username: 'user',
        realm: 'User Zone',
        nonce: '1bcb61aa4910f2d462db474efd51a49018413d811536d746538715480e7e730a',
        uri: '/user',
        algorithm: 'MD5-sess',
        response: '0dcecfef979808a940c34af8a3bc7ee4',
        opaque: '5af87f1f655f3e60b744462318d3bbcaae8079df107dbcb08168e1a93fd943d0',
        qop: 'auth',
        nc: '00000002',
        cnonce: 'b636b6204f836fdc',
      },
    ],
    ['Basic gives the token68 credentials', 'Basic dXNlcjpwYXNz', { type: 'Basic', token: 'dXNlcjpwYXNz' }],
    ['Basic with padding', 'Basic dXNlcjpwYXNzd29yZA==', { type: 'Basic', token: 'dXNlcjpwYXNzd29yZA==' }],
    ['a bearer token', 'Bearer abc.def-ghi_jkl~+/=', { type: 'Bearer', token: 'abc.def-ghi_jkl~+/=' }],
    ['a bare Bearer is Bearer, not Beare', 'Bearer', { type: 'Bearer' }],
    ['the scheme is capitalized', 'dIGEST username="alice"', { type: 'Digest', username: 'alice' }],
    ['the header is trimmed', '  basic  dXNlcjpwYXNz  ', { type: 'Basic', token: 'dXNlcjpwYXNz' }],
    ['empty header', '', {}],
    ['blank header', '   ', {}],
    [
      'username* with UTF-8 percent-encoding',
      'Digest username*=UTF-8\'\'Ond%C5%99ej%20T%C5%AFma, realm="r"',
      { type: 'Digest', 'username*': "UTF-8''Ond%C5%99ej%20T%C5%AFma", username: 'Ondřej Tůma', realm: 'r' },
    ],
    [
      'username* with a language and a lowercase charset',
      "Digest username*=utf-8'cs'%C4%8Cech",
      { type: 'Digest', 'username*': "utf-8'cs'%C4%8Cech", username: 'Čech' },
    ],
    [
      'username* with bad percent escapes, as Python unquote',
      "Digest username*=UTF-8''a%ZZ%C5%",
      { type: 'Digest', 'username*': "UTF-8''a%ZZ%C5%", username: 'a%ZZ\ufffd%' },
    ],
    [
      'username* with bytes that are not UTF-8 gives U+FFFD',
      "Digest username*=UTF-8''%FFa",
      { type: 'Digest', 'username*': "UTF-8''%FFa", username: '\ufffda' },
    ],
    [
      'username* in another charset is left alone',
      "Digest username*=ISO-8859-1''caf%E9",
      { type: 'Digest', 'username*': "ISO-8859-1''caf%E9" },
    ],
    ['latin-1 header text is read as UTF-8', 'Digest username="Ond\xc5\x99ej"', { type: 'Digest', username: 'Ondřej' }],
    ['a space after "=" is allowed', 'Digest realm= "x"', { type: 'Digest', realm: 'x' }],
    ['an empty quoted value is no value, as in Python', 'Digest realm="", qop=auth', { type: 'Digest', qop: 'auth' }],
    ['a quoted value keeps commas and equals signs', 'Digest uri="/a?b=1,c=2"', { type: 'Digest', uri: '/a?b=1,c=2' }],
    ['a later duplicate wins', 'Digest a=1, a=2', { type: 'Digest', a: '2' }],
    ['a type parameter is overridden by the scheme', 'Digest type=evil', { type: 'Digest' }],
    ['names are not lowercased', 'Digest UserName="x"', { type: 'Digest', UserName: 'x' }],
  ];
  for (const [name, header, expected] of cases) {
    test(name, () => {
      const auth = parseAuthorization(header);
      assert.equal(Object.getPrototypeOf(auth), null);
      assert.deepEqual({ ...auth }, expected);
    });
  }

  test('__proto__ is just a key', () => {
    const auth = parseAuthorization('Digest __proto__="x"');
    assert.equal(Object.getOwnPropertyDescriptor(auth, '__proto__')?.value, 'x');
    assert.ok(Object.hasOwn(auth, '__proto__'));
  });

  test('long words and unclosed quotes stay linear', { timeout: 10_000 }, () => {
    const word = 'a'.repeat(200_000);
    assert.deepEqual({ ...parseAuthorization(`Digest ${word}`) }, { type: 'Digest', token: word });
    assert.deepEqual({ ...parseAuthorization(`Digest ${word} ${word}`) }, { type: 'Digest' });
    assert.deepEqual({ ...parseAuthorization(`Digest a="${'x a='.repeat(50_000)}`) }, { type: 'Digest', a: 'x' });
  });
});
