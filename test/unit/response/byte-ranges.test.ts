import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import type { RangePair } from '../../../src/http/range.ts';
import {
  type BodySegment,
  type ByteRange,
  resolveByteRanges,
  segmentsLength,
  selectSegments,
  sliceBytes,
} from '../../../src/response/byte-ranges.ts';
import { multipartSegments } from '../../../src/response/multipart-byteranges.ts';

describe('resolveByteRanges', () => {
  const table: readonly [label: string, pairs: RangePair[], length: number, expected: ByteRange[]][] = [
    ['first bytes', [[0, 499]], 10000, [{ start: 0, end: 499 }]],
    ['suffix', [[null, 500]], 10000, [{ start: 9500, end: 9999 }]],
    ['open end', [[9500, null]], 10000, [{ start: 9500, end: 9999 }]],
    ['end clamped', [[5, 100]], 10, [{ start: 5, end: 9 }]],
    ['suffix longer than the body', [[null, 100]], 10, [{ start: 0, end: 9 }]],
    ['start past the end', [[10, 15]], 10, []],
    ['suffix of zero', [[null, 0]], 10, []],
    ['empty body', [[0, 0]], 0, []],
    ['empty body, suffix', [[null, 5]], 0, []],
    ['end before start is skipped', [[5, 3]], 10, []],
    [
      'the satisfiable ones are kept',
      [
        [20, 30],
        [1, 2],
      ],
      10,
      [{ start: 1, end: 2 }],
    ],
    [
      'sorted',
      [
        [6, 7],
        [0, 1],
      ],
      10,
      [
        { start: 0, end: 1 },
        { start: 6, end: 7 },
      ],
    ],
    [
      'overlapping merged',
      [
        [0, 5],
        [3, 8],
      ],
      10,
      [{ start: 0, end: 8 }],
    ],
    [
      'adjacent merged',
      [
        [0, 1],
        [2, 3],
      ],
      10,
      [{ start: 0, end: 3 }],
    ],
    [
      'contained merged',
      [
        [0, 9],
        [2, 3],
      ],
      10,
      [{ start: 0, end: 9 }],
    ],
    ['repeated ranges merged', Array.from({ length: 100 }, (): RangePair => [0, 9]), 10, [{ start: 0, end: 9 }]],
    [
      'suffix and prefix',
      [
        [0, 1],
        [null, 2],
      ],
      10,
      [
        { start: 0, end: 1 },
        { start: 8, end: 9 },
      ],
    ],
  ];
  for (const [label, pairs, length, expected] of table) {
    test(label, () => assert.deepEqual(resolveByteRanges(pairs, length), expected));
  }
});

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
const bytes = (text: string): Uint8Array => Buffer.from(text, 'latin1');

async function collect(source: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of source) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString('latin1');
}

/** The expected output of segments over ALPHABET. */
function expected(segments: readonly BodySegment[]): string {
  return Buffer.from(sliceBytes(bytes(ALPHABET), segments)).toString('latin1');
}

describe('selectSegments over a body read once', () => {
  const chunkings: readonly [label: string, make: () => Iterable<Uint8Array | string> | AsyncIterable<Uint8Array>][] = [
    ['one chunk', () => [bytes(ALPHABET)]],
    ['one byte chunks', () => [...ALPHABET].map(bytes)],
    ['string chunks of 3', () => ALPHABET.match(/.{1,3}/g) ?? []],
    ['a Readable of 5-byte chunks', () => Readable.from((ALPHABET.match(/.{1,5}/g) ?? []).map(bytes))],
  ];
  const segmentCases: readonly [label: string, segments: BodySegment[]][] = [
    ['one range', [{ start: 2, end: 4 }]],
    ['the whole body', [{ start: 0, end: 25 }]],
    ['last byte', [{ start: 25, end: 25 }]],
    ['literals around ranges', [bytes('<'), { start: 0, end: 0 }, bytes('|'), { start: 10, end: 14 }, bytes('>')]],
    [
      'ranges on chunk edges',
      [
        { start: 4, end: 5 },
        { start: 9, end: 10 },
        { start: 24, end: 25 },
      ],
    ],
    ['only literals', [bytes('x'), bytes('y')]],
  ];
  for (const [chunking, make] of chunkings) {
    for (const [label, segments] of segmentCases) {
      test(`${label}, ${chunking}`, async () => {
        assert.equal(await collect(selectSegments(make(), segments)), expected(segments));
      });
    }
  }

  test('the source is closed once the last range is read', async () => {
    let finished = false;
    let produced = 0;
    function* endless(): Generator<Uint8Array> {
      try {
        for (;;) {
          produced++;
          yield bytes('0123456789');
        }
      } finally {
        finished = true;
      }
    }
    assert.equal(await collect(selectSegments(endless(), [{ start: 12, end: 13 }])), '23');
    assert.equal(finished, true);
    assert.equal(produced, 2);
  });

  test('a source shorter than the range is an error, after the bytes it had', async () => {
    const parts: string[] = [];
    await assert.rejects(async () => {
      for await (const chunk of selectSegments([bytes('abc')], [{ start: 1, end: 9 }])) {
        parts.push(Buffer.from(chunk).toString());
      }
    }, /ended at byte 3/);
    assert.deepEqual(parts, ['bc']);
  });
});

describe('multipartSegments (RFC 9110 §14.6)', () => {
  test('delimiters, part headers and the closing delimiter', () => {
    const segments = multipartSegments(
      [
        { start: 0, end: 1 },
        { start: 5, end: 6 },
      ],
      26,
      'text/plain',
      'B',
    );
    assert.equal(
      expected(segments),
      '--B\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/26\r\n\r\nab' +
        '\r\n--B\r\nContent-Type: text/plain\r\nContent-Range: bytes 5-6/26\r\n\r\nfg\r\n--B--\r\n',
    );
    assert.equal(segmentsLength(segments), expected(segments).length);
  });

  test('no Content-Type line when the type is unknown', () => {
    const text = expected(multipartSegments([{ start: 0, end: 0 }], 26, '', 'B'));
    assert.equal(text, '--B\r\nContent-Range: bytes 0-0/26\r\n\r\na\r\n--B--\r\n');
  });
});
