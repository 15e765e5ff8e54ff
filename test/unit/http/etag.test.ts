import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type EntityTag,
  fileETag,
  formatETag,
  PW_ERR_ETAG,
  parseETag,
  parseETagList,
  strongMatch,
  weakMatch,
} from '../../../src/http/etag.ts';

const strong = (opaque: string): EntityTag => ({ weak: false, opaque });
const weak = (opaque: string): EntityTag => ({ weak: true, opaque });

describe('formatETag', () => {
  const table: readonly [opaque: string, isWeak: boolean, expected: string][] = [
    ['abc', false, '"abc"'],
    ['abc', true, 'W/"abc"'],
    ['', false, '""'],
    ['x-1.2', true, 'W/"x-1.2"'],
  ];
  for (const [opaque, isWeak, expected] of table)
    test(expected, () => assert.equal(formatETag(opaque, isWeak), expected));
  for (const bad of ['a"b', 'a b', 'a\nb', 'a\x7f']) {
    test(`refuses ${JSON.stringify(bad)}`, () =>
      assert.throws(
        () => formatETag(bad),
        (err: unknown) => (err as { code?: string }).code === PW_ERR_ETAG,
      ));
  }
});

describe('parseETag', () => {
  const table: readonly [value: string, expected: EntityTag | undefined][] = [
    ['"abc"', strong('abc')],
    ['W/"abc"', weak('abc')],
    [' "abc" ', strong('abc')],
    ['""', strong('')],
    ['abc', undefined],
    ['w/"abc"', undefined],
    ['"a"b"', undefined],
    ['"abc', undefined],
  ];
  for (const [value, expected] of table) test(value, () => assert.deepEqual(parseETag(value), expected));
});

describe('parseETagList', () => {
  const table: readonly [value: string, expected: EntityTag[] | '*'][] = [
    ['*', '*'],
    [' * ', '*'],
    ['"a"', [strong('a')]],
    ['"a", W/"b",  "c"', [strong('a'), weak('b'), strong('c')]],
    ['"a",,"b"', [strong('a'), strong('b')]],
    ['garbage, "a", "b"c, W/"d"', [strong('a'), weak('d')]],
    ['', []],
    ['"a", *', [strong('a')]],
  ];
  for (const [value, expected] of table)
    test(JSON.stringify(value), () => assert.deepEqual(parseETagList(value), expected));

  test('a long list of spaces is parsed in linear time', { timeout: 5000 }, () => {
    assert.deepEqual(parseETagList(`${' '.repeat(200_000)}"a"`), [strong('a')]);
  });
});

describe('strong and weak comparison (RFC 9110 §8.8.3.2)', () => {
  const table: readonly [a: EntityTag, b: EntityTag, isStrong: boolean, isWeak: boolean][] = [
    [weak('1'), weak('1'), false, true],
    [weak('1'), weak('2'), false, false],
    [weak('1'), strong('1'), false, true],
    [strong('1'), strong('1'), true, true],
  ];
  for (const [a, b, isStrong, isWeak] of table) {
    test(`${JSON.stringify(a)} ${JSON.stringify(b)}`, () => {
      assert.equal(strongMatch(a, b), isStrong);
      assert.equal(weakMatch(a, b), isWeak);
    });
  }
});

describe('fileETag', () => {
  test('size and microseconds of the mtime in hex', () => {
    assert.equal(fileETag(1024, 1700000000123.5), '"400-60a241820226c"');
  });
  test('any change of size or mtime changes it', () => {
    const base = fileETag(10, 1000);
    assert.notEqual(fileETag(11, 1000), base);
    assert.notEqual(fileETag(10, 1000.001), base);
  });
});
