import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseContentType, parseHeader } from '../../../src/http/header-params.ts';

describe('parseHeader (PoorWSGI parse_header)', () => {
  // Expected values are Python 3.11 cgi.parse_header outputs.
  const cases: Array<[string, string, Record<string, string>]> = [
    ['text/html', 'text/html', {}],
    ['text/html; charset=latin-1', 'text/html', { charset: 'latin-1' }],
    ['attachment; filename="hello world.txt"', 'attachment', { filename: 'hello world.txt' }],
    ['form-data; name="a;b"', 'form-data', { name: 'a;b' }],
    ['form-data; name="a\\\\"b"', 'form-data', { name: 'a"b' }],
    [' A/B ; X = "y" ; flag; ; c=1; C=2', 'A/B', { x: 'y', c: '2' }],
    ['x; a="b\\"c;d"; e=f', 'x', { a: 'b"c;d', e: 'f' }],
    [';a=1', '', { a: '1' }],
    ['x;;a=1', 'x', { a: '1' }],
    ['x; a=""', 'x', { a: '' }],
    ['x; a="', 'x', { a: '"' }],
    ['v; n="q\\\\\\"x"', 'v', { n: 'q\\"x' }],
    ['', '', {}],
  ];
  for (const [line, key, params] of cases) {
    test(JSON.stringify(line), () => {
      const [k, p] = parseHeader(line);
      assert.equal(k, key);
      assert.equal(Object.getPrototypeOf(p), null);
      assert.deepEqual({ ...p }, { ...params });
      assert.deepEqual(Object.keys(p), Object.keys(params));
    });
  }

  test('__proto__ is a plain key', () => {
    const [, p] = parseHeader('x; __proto__=polluted');
    assert.deepEqual(Object.keys(p), ['__proto__']);
    assert.equal(Object.getOwnPropertyDescriptor(p, '__proto__')?.value, 'polluted');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('many quoted semicolons are split in linear time', { timeout: 10_000 }, () => {
    const line = `x; a="${';'.repeat(200_000)}`;
    const [, p] = parseHeader(line);
    assert.equal(p.a, `"${';'.repeat(200_000)}`);
  });
});

describe('parseContentType (strict RFC 9110)', () => {
  const valid: Array<[string, string, Record<string, string>]> = [
    ['text/html', 'text/html', {}],
    ['text/html; charset=utf-8', 'text/html', { charset: 'utf-8' }],
    ['application/json\t; charset=utf-8', 'application/json', { charset: 'utf-8' }],
    ['APPLICATION/JSON;charset=UTF-8', 'application/json', { charset: 'UTF-8' }],
    ['Text/HTML;Charset="utf-8"', 'text/html', { charset: 'utf-8' }],
    ['multipart/form-data; boundary="a b;c"', 'multipart/form-data', { boundary: 'a b;c' }],
    [
      'multipart/form-data; boundary=----WebKitFormBoundaryX',
      'multipart/form-data',
      { boundary: '----WebKitFormBoundaryX' },
    ],
    ['a/b; c="d\\"e\\\\f"', 'a/b', { c: 'd"e\\f' }],
    ['a/b; c=""', 'a/b', { c: '' }],
    ['a/b;', 'a/b', {}],
    ['a/b ; ; c=d ;', 'a/b', { c: 'd' }],
    [' \ttext/plain \t', 'text/plain', {}],
    ['application/vnd.api+json', 'application/vnd.api+json', {}],
    ['a/b; x="caf\xe9"', 'a/b', { x: 'caf\xe9' }],
  ];
  for (const [value, type, params] of valid) {
    test(`parses ${JSON.stringify(value)}`, () => {
      const ct = parseContentType(value);
      assert.ok(ct);
      assert.equal(ct.type, type);
      assert.equal(Object.getPrototypeOf(ct.params), null);
      assert.deepEqual({ ...ct.params }, params);
    });
  }

  test('a tab before ";" and upper case give the same type', () => {
    assert.equal(
      parseContentType('application/json\t; charset=utf-8')?.type,
      parseContentType('APPLICATION/JSON;charset=UTF-8')?.type,
    );
  });

  const invalid = [
    '',
    'text',
    'text/',
    '/html',
    'text /html',
    'text/ html',
    'text/html x',
    'text/html;x',
    'text/html; x',
    'text/html; x=',
    'text/html; x=a b',
    'text/html; =a',
    'text/html; x =a',
    'text/html; x= a',
    'text/html; x="a',
    'text/html; x="a"b',
    'text/html\r; x=a',
    'text/html; x=a\r\n',
    'text/html\n',
    'text/html; x="a\x00"',
    'text/html\x0b; x=a',
    'text/html; charset=utf-8; Charset=latin1',
    'text/html; charset=utf-8; charset=utf-8',
    'text/htm\u0142',
    'text/html; x="\u0142"',
    'text/html, application/json',
    'text/html\u00a0; x=a',
  ];
  for (const value of invalid) {
    test(`refuses ${JSON.stringify(value)}`, () => assert.equal(parseContentType(value), undefined));
  }

  test('long adversarial input is rejected quickly', { timeout: 10_000 }, () => {
    assert.equal(parseContentType(`a/b; x="${'\\a'.repeat(100_000)}`), undefined);
    assert.equal(parseContentType(`a/b${' '.repeat(100_000)}x`), undefined);
  });
});
