import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { contentTypeOf, NO_CONTENT_TYPE, scanBodyHeaders } from '../../../src/request/body-headers.ts';
import { prng } from '../../helpers/prng.ts';

describe('scanBodyHeaders', () => {
  const lengths: ReadonlyArray<[string, number]> = [
    ['0', 0],
    ['77', 77],
    ['007', 7],
    ['123456789012345', 123456789012345],
    // past 15 digits, and anything but digits, is read by Number() as before
    ['1234567890123456', 1234567890123456],
    ['99999999999999999999', 1e20],
    ['', 0],
    [' 12 ', 12],
    ['12a', Number.NaN],
    ['-1', -1],
    ['1e3', 1000],
    ['0x10', 16],
  ];
  for (const [text, expected] of lengths) {
    test(`Content-Length ${JSON.stringify(text)} reads as ${expected}, as Number() does`, () => {
      assert.equal(scanBodyHeaders(['Content-Length', text]).contentLength, expected);
      assert.equal(scanBodyHeaders(['Content-Length', text]).contentLength, Number(text));
    });
  }

  test('every digit string up to 15 digits reads as Number() reads it', () => {
    const next = prng(4);
    for (let i = 0; i < 2000; i++) {
      const digits = Array.from({ length: 1 + Math.floor(next() * 15) }, () => Math.floor(next() * 10)).join('');
      assert.equal(scanBodyHeaders(['content-length', digits]).contentLength, Number(digits), digits);
    }
  });

  test('names match in any case; other names of the same length do not', () => {
    const found = scanBodyHeaders([
      'CONTENT-TYPE',
      'text/plain',
      'Content-Lengtx',
      '5',
      'cOnTeNt-LeNgTh',
      '9',
      'Transfer-Encodinh',
      'x',
    ]);
    assert.deepEqual(found, { contentLength: 9, contentType: 'text/plain', transferEncoding: false });
    assert.equal(scanBodyHeaders(['transfer-ENCODING', 'chunked']).transferEncoding, true);
    // 'content\rtype' would lower-case onto 'content-type' bit for bit: it must not
    assert.equal(scanBodyHeaders(['Content\rType', 'a/b']).contentType, undefined);
  });

  test('the first of repeated Content-Length and Content-Type wins; none gives -1 and undefined', () => {
    assert.deepEqual(
      scanBodyHeaders(['Content-Type', 'a/b', 'Content-Type', 'c/d', 'Content-Length', '1', 'Content-Length', '2']),
      {
        contentLength: 1,
        contentType: 'a/b',
        transferEncoding: false,
      },
    );
    assert.deepEqual(scanBodyHeaders(['Host', 'x']), {
      contentLength: -1,
      contentType: undefined,
      transferEncoding: false,
    });
  });
});

describe('contentTypeOf', () => {
  test('the same value gives the same frozen answer, asked in turn with others', () => {
    const json = contentTypeOf('application/json');
    const form = contentTypeOf('application/x-www-form-urlencoded; charset=UTF-8');
    assert.equal(contentTypeOf(`application/${'json'}`), json);
    assert.equal(contentTypeOf('application/json'), json);
    assert.equal(contentTypeOf('application/x-www-form-urlencoded; charset=UTF-8'), form);
    assert.deepEqual({ ...json, params: { ...json.params } }, { type: 'application/json', params: {} });
    assert.equal(form.params.charset, 'UTF-8');
    assert.ok(Object.isFrozen(json) && Object.isFrozen(form.params));
  });

  test('none and a bad one give NO_CONTENT_TYPE, also right after a good one', () => {
    contentTypeOf('text/plain');
    assert.equal(contentTypeOf(undefined), NO_CONTENT_TYPE);
    assert.equal(contentTypeOf(''), NO_CONTENT_TYPE);
    assert.equal(contentTypeOf('not a type'), NO_CONTENT_TYPE);
    assert.equal(contentTypeOf('text/plain').type, 'text/plain');
  });
});
