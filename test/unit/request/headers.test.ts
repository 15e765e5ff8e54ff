import { describe } from 'node:test';
import type { Request } from '../../../src/index.ts';
import { plain, protoOf, run } from '../../helpers/request-probe.ts';

describe('cookies', () => {
  run([
    {
      name: 'parsed',
      get: (r) => plain(r.cookies),
      headers: { Cookie: 'a=1; b="two"' },
      expected: { a: '1', b: 'two' },
    },
    { name: 'null prototype', get: (r) => protoOf(r.cookies), headers: { Cookie: 'a=1' }, expected: null },
    {
      name: '__proto__ is an own key, no pollution',
      get: (r) => [Object.keys(r.cookies), protoOf(r.cookies), ({} as Record<string, unknown>).polluted ?? null],
      headers: { Cookie: '__proto__=x; constructor=y' },
      expected: [['__proto__', 'constructor'], null, null],
    },
    { name: 'no header: empty', get: (r) => Object.keys(r.cookies), expected: [] },
    { name: 'no header: null prototype', get: (r) => protoOf(r.cookies), expected: null },
    {
      name: 'autoCookies off: empty',
      get: (r) => Object.keys(r.cookies),
      headers: { Cookie: 'a=1' },
      options: { autoCookies: false },
      expected: [],
    },
  ]);
});

describe('mimeType, charset, contentLength', () => {
  const ct = (r: Request) => [r.mimeType, r.charset];
  run([
    { name: 'no Content-Type', get: ct, expected: ['', 'utf-8'] },
    { name: 'text/plain', get: ct, headers: { 'Content-Type': 'text/plain' }, expected: ['text/plain', 'utf-8'] },
    {
      name: 'upper case, quoted charset',
      get: ct,
      headers: { 'Content-Type': 'Text/HTML; Charset="ISO-8859-2"' },
      expected: ['text/html', 'ISO-8859-2'],
    },
    {
      name: 'a tab before ;',
      get: ct,
      headers: { 'Content-Type': 'application/json\t; charset=utf-8' },
      expected: ['application/json', 'utf-8'],
    },
    { name: 'invalid: no subtype', get: ct, headers: { 'Content-Type': 'text/' }, expected: ['', 'utf-8'] },
    { name: 'invalid: bare parameter', get: ct, headers: { 'Content-Type': 'text/html;x' }, expected: ['', 'utf-8'] },
    { name: 'invalid: space in type', get: ct, headers: { 'Content-Type': 'text /html' }, expected: ['', 'utf-8'] },
    { name: 'no body: -1', get: (r) => [r.contentLength, r.isBodyRequest, r.isChunked], expected: [-1, false, false] },
    {
      name: 'Content-Length: 3',
      get: (r) => [r.contentLength, r.isBodyRequest, r.isChunked],
      init: { method: 'POST', body: 'abc' },
      headers: { 'Content-Length': '3' },
      expected: [3, true, false],
    },
    {
      name: 'Content-Length: 0',
      get: (r) => [r.contentLength, r.isBodyRequest],
      init: { method: 'POST', body: '' },
      headers: { 'Content-Length': '0' },
      expected: [0, false],
    },
    {
      name: 'a body without a length is chunked',
      get: (r) => [r.contentLength, r.isBodyRequest, r.isChunked],
      init: { method: 'POST', body: 'abc' },
      expected: [-1, true, true],
    },
  ]);
});

describe('negotiation headers', () => {
  const all = (r: Request) => ({
    accept: r.accept,
    charset: r.acceptCharset,
    encoding: r.acceptEncoding,
    language: r.acceptLanguage,
    html: r.acceptHtml,
    xhtml: r.acceptXhtml,
    json: r.acceptJson,
  });
  run([
    {
      name: 'none',
      get: all,
      expected: {
        accept: [['', 1]],
        charset: [['', 1]],
        encoding: [['', 1]],
        language: [['', 1]],
        html: false,
        xhtml: false,
        json: false,
      },
    },
    {
      name: 'every header',
      get: all,
      headers: {
        Accept: 'text/html, application/json;q=0.9, text/xhtml;q=0',
        'Accept-Charset': 'utf-8, iso-8859-2;q=0.5',
        'Accept-Encoding': 'gzip, br;q=0.1',
        'Accept-Language': 'cs, en;q=0.8',
      },
      expected: {
        accept: [
          ['text/html', 1],
          ['application/json', 0.9],
          ['text/xhtml', 0],
        ],
        charset: [
          ['utf-8', 1],
          ['iso-8859-2', 0.5],
        ],
        encoding: [
          ['gzip', 1],
          ['br', 0.1],
        ],
        language: [
          ['cs', 1],
          ['en', 0.8],
        ],
        html: true,
        xhtml: false,
        json: true,
      },
    },
    {
      name: 'text/html with a parameter is not acceptHtml (exact match, as PoorWSGI)',
      get: (r) => [r.acceptHtml, r.acceptXhtml, r.acceptJson],
      headers: { Accept: 'text/html;level=1, text/xhtml, */*' },
      expected: [false, true, false],
    },
  ]);
});

describe('other request headers', () => {
  const digest =
    'Digest username="user", realm="User Zone", ' +
    'nonce="1bcb61aa4910f2d462db474efd51a49018413d811536d746538715480e7e730a", ' +
    'uri="/user", algorithm=MD5-sess, response="0dcecfef979808a940c34af8a3bc7ee4", ' +
    'opaque="5af87f1f655f3e60b744462318d3bbcaae8079df107dbcb08168e1a93fd943d0", ' +
    'qop=auth, nc=00000002, cnonce="b636b6204f836fdc"';
  run([
    { name: 'isXhr', get: (r) => r.isXhr, headers: { 'X-Requested-With': 'XMLHttpRequest' }, expected: true },
    { name: 'isXhr: another value', get: (r) => r.isXhr, headers: { 'X-Requested-With': 'fetch' }, expected: false },
    { name: 'isXhr: none', get: (r) => r.isXhr, expected: false },
    {
      name: 'authorization: Basic',
      get: (r) => plain(r.authorization),
      headers: { Authorization: 'Basic dXNlcjpwYXNz' },
      expected: { type: 'Basic', token: 'dXNlcjpwYXNz' },
    },
    {
      name: 'authorization: the Digest vector of PoorWSGI',
      get: (r) => plain(r.authorization),
      headers: { Authorization: digest },
      expected: {
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
    },
    {
      name: "authorization: username*=UTF-8''",
      get: (r) => r.authorization.username,
      headers: { Authorization: 'Digest username*=UTF-8\'\'Ond%C5%99ej, realm="r"' },
      expected: 'Ondřej',
    },
    {
      name: 'authorization: a scheme alone',
      get: (r) => plain(r.authorization),
      headers: { Authorization: 'Bearer' },
      expected: { type: 'Bearer' },
    },
    { name: 'authorization: none', get: (r) => plain(r.authorization), expected: {} },
    {
      name: 'authorization: a copy each time',
      get: (r) => {
        const first = r.authorization;
        first.type = 'changed';
        const second = r.authorization;
        return [second.type, first !== second, protoOf(second)];
      },
      headers: { Authorization: 'Basic abc' },
      expected: ['Basic', true, null],
    },
    {
      name: 'referer',
      get: (r) => r.referer,
      headers: { Referer: 'http://a.example/x' },
      expected: 'http://a.example/x',
    },
    { name: 'referer: none', get: (r) => r.referer, expected: null },
    { name: 'userAgent', get: (r) => r.userAgent, headers: { 'User-Agent': 'test/1.0' }, expected: 'test/1.0' },
    { name: 'userAgent: none', get: (r) => r.userAgent, expected: null },
    {
      name: 'headers are case-insensitive',
      get: (r) => [r.headers.get('x-custom'), r.headers.get('X-CUSTOM'), r.headersIn.get('X-Custom')],
      headers: { 'X-Custom': 'v' },
      expected: ['v', 'v', 'v'],
    },
  ]);
});
