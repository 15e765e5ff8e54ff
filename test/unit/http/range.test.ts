import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ContentRange, parseRange, type RangePair } from '../../../src/http/range.ts';

describe('parseRange (PoorWSGI parse_range, hardened)', () => {
  const cases: Array<[string, Record<string, RangePair[]>]> = [
    // PoorWSGI's doctests
    ['bytes=0-499', { bytes: [[0, 499]] }],
    ['bytes=-500', { bytes: [[null, 500]] }],
    ['bytes=9500-', { bytes: [[9500, null]] }],
    [
      'chunks=500-600,601-999',
      {
        chunks: [
          [500, 600],
          [601, 999],
        ],
      },
    ],
    [
      'bytes=0-1,1-2,1-,-5',
      {
        bytes: [
          [0, 1],
          [1, 2],
          [1, null],
          [null, 5],
        ],
      },
    ],
    ['invalid', {}],
    ['invalid=a-b', { invalid: [] }],
    ['bytes=0-1,-', { bytes: [[0, 1]] }],
    // Python findall picks pairs out of anything
    [
      'bytes= 0-1, 5-6',
      {
        bytes: [
          [0, 1],
          [5, 6],
        ],
      },
    ],
    [
      'bytes=1-2-3',
      {
        bytes: [
          [1, 2],
          [null, 3],
        ],
      },
    ],
    ['bytes=', { bytes: [] }],
    ['=0-1', { '': [[0, 1]] }],
    ['a=b=0-1', {}],
    ['', {}],
    // end before start is kept: the response decides
    ['bytes=5-1', { bytes: [[5, 1]] }],
    // 15 digits are fine, 16 are not
    ['bytes=0-999999999999999', { bytes: [[0, 999999999999999]] }],
    ['bytes=0-9999999999999999', {}],
    ['bytes=0000000000000001-2', {}],
    ['bytes=0-1, x1234567890123456', {}],
  ];
  for (const [value, expected] of cases) {
    test(JSON.stringify(value), () => {
      const got = parseRange(value);
      assert.equal(Object.getPrototypeOf(got), null);
      assert.deepEqual({ ...got }, expected);
    });
  }

  test('100 ranges are read, 101 give {}', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => `${i}-${i}`).join(',');
    assert.equal(parseRange(`bytes=${hundred}`).bytes?.length, 100);
    assert.deepEqual({ ...parseRange(`bytes=${hundred},100-100`) }, {});
    // empty pairs are skipped, so they do not count
    assert.equal(parseRange(`bytes=${hundred},-,-`).bytes?.length, 100);
  });

  test('__proto__ as a unit is a plain key', () => {
    const got = parseRange('__proto__=0-1');
    assert.deepEqual(Object.keys(got), ['__proto__']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(got, '__proto__')?.value, [[0, 1]]);
  });

  test('long digit runs are rejected in linear time', { timeout: 10_000 }, () => {
    assert.deepEqual({ ...parseRange(`bytes=${'1'.repeat(1_000_000)}`) }, {});
    assert.deepEqual({ ...parseRange(`bytes=${'123456789012345,'.repeat(50_000)}`) }, { bytes: [] });
  });
});

describe('ContentRange', () => {
  const cases: Array<[ContentRange, string]> = [
    [new ContentRange(1, 2), 'bytes 1-2/*'],
    [new ContentRange(1, 2, 10), 'bytes 1-2/10'],
    [new ContentRange(2, 5, '*', 'lines'), 'lines 2-5/*'],
    [new ContentRange(), 'bytes 0-0/*'],
  ];
  for (const [range, expected] of cases) {
    test(expected, () => {
      assert.equal(range.toString(), expected);
      assert.equal(`${range}`, expected);
    });
  }

  test('fields are readable', () => {
    const range = new ContentRange(3, 7, 30, 'bytes');
    assert.deepEqual([range.start, range.end, range.full, range.units], [3, 7, 30, 'bytes']);
  });
});
