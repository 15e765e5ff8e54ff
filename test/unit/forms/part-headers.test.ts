import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HTTPException } from '../../../src/errors/http-exception.ts';
import { decodeExtValue, parseDisposition, parsePartHeaders } from '../../../src/forms/part-headers.ts';

describe('parsePartHeaders', () => {
  const cases: ReadonlyArray<[name: string, block: string, pairs: Array<[string, string]>]> = [
    ['no headers', '', []],
    [
      'two headers, values trimmed',
      'Content-Disposition:  form-data; name="a" \r\nContent-Type:text/plain',
      [
        ['Content-Disposition', 'form-data; name="a"'],
        ['Content-Type', 'text/plain'],
      ],
    ],
    ['a folded line joins with one space', 'X-A: one\r\n\t two\r\n  three', [['X-A', 'one two three']]],
    ['UTF-8 in a value', 'Content-Disposition: form-data; name="ř"', [['Content-Disposition', 'form-data; name="ř"']]],
    ['invalid UTF-8 becomes U+FFFD', 'X-A: \xff', [['X-A', '\ufffd']]],
    ['an empty value', 'X-Empty:', [['X-Empty', '']]],
    [
      'a repeated header is kept twice',
      'X-A: 1\r\nX-A: 2',
      [
        ['X-A', '1'],
        ['X-A', '2'],
      ],
    ],
  ];
  for (const [name, block, pairs] of cases) {
    test(name, () => {
      const bytes = Buffer.from(block, name.startsWith('invalid') ? 'latin1' : 'utf8');
      assert.deepEqual(parsePartHeaders(bytes).items(), pairs);
    });
  }

  const bad: ReadonlyArray<[name: string, block: string, reason: RegExp]> = [
    ['a leading space on the first line', ' Content-Type: x', /starts with whitespace/],
    ['a leading tab on the first line', '\tX: y', /starts with whitespace/],
    ['no colon', 'Content-Type text/plain', /no header name/],
    ['an empty name', ': value', /no header name/],
    ['a space in the name', 'Content Type: x', /bad header name/],
    ['a bare CR line', 'X: 1\r\n\r', /no header name/],
  ];
  for (const [name, block, reason] of bad) {
    test(`${name} is a 400`, () => {
      assert.throws(
        () => parsePartHeaders(Buffer.from(block)),
        (err: unknown) =>
          err instanceof HTTPException && err.statusCode === 400 && reason.test(String(err.extra.error)),
      );
    });
  }
});

describe('decodeExtValue (RFC 8187)', () => {
  const cases: ReadonlyArray<[value: string, decoded: string | undefined]> = [
    ["UTF-8''%C5%99ek.txt", 'řek.txt'],
    ["utf-8'cs'%C5%99", 'ř'],
    ["ISO-8859-1''%E9t%E9", 'été'],
    ["UTF-8''plain", 'plain'],
    ["UTF-8''", ''],
    ["UTF-8''%C5", undefined],
    ["UTF-8''%ZZ", undefined],
    ["UTF-8''a b", undefined],
    ["KOI8-R''%C1", undefined],
    ['no-quotes', undefined],
  ];
  for (const [value, decoded] of cases) {
    test(`${JSON.stringify(value)} → ${JSON.stringify(decoded)}`, () => {
      assert.equal(decodeExtValue(value), decoded);
    });
  }
});

describe('parseDisposition', () => {
  const cases: ReadonlyArray<[value: string | undefined, type: string, name: string | null, filename: string | null]> =
    [
      [undefined, '', null, null],
      ['form-data; name="a"', 'form-data', 'a', null],
      ['form-data; name="f"; filename="a.txt"', 'form-data', 'f', 'a.txt'],
      ['form-data; name="f"; filename=""', 'form-data', 'f', ''],
      ["form-data; name=f; filename=a.txt; filename*=UTF-8''%C3%A1.txt", 'form-data', 'f', 'á.txt'],
      ["form-data; name=f; filename=a.txt; filename*=UTF-8''%C3", 'form-data', 'f', 'a.txt'],
      ['form-data; name="a;b"; filename="x\\"y"', 'form-data', 'a;b', 'x"y'],
      ['form-data; NAME="upper"', 'form-data', 'upper', null],
      ['form-data; name=""', 'form-data', '', null],
      ['attachment', 'attachment', null, null],
    ];
  for (const [value, type, name, filename] of cases) {
    test(String(value), () => {
      const disposition = parseDisposition(value);
      assert.deepEqual([disposition.type, disposition.name, disposition.filename], [type, name, filename]);
      assert.equal(Object.getPrototypeOf(disposition.params), null);
    });
  }
});
