/**
 * Byte ranges of a response body (RFC 9110 §14.1.2): resolving the pairs of
 * a `Range` header against the body length, and reading the selected parts
 * out of a body read once from start to end.
 * @module
 */
import type { RangePair } from '../http/range.ts';

/** One satisfiable byte range: first and last byte position, both included. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** A piece of a range body: the bytes of a range of the content, or literal bytes (multipart headers). */
export type BodySegment = ByteRange | Uint8Array;

/**
 * The satisfiable ranges among `pairs` for a body of `length` bytes, in
 * ascending order, with overlapping and adjacent ranges merged (RFC 9110
 * §15.3.7.2 allows it; it also stops a client from asking for the same bytes
 * a hundred times). An empty result means "416 Range Not Satisfiable".
 * - `[s, e]`: from `s` to `min(e, length - 1)`, satisfiable when `s < length`;
 * - `[s, null]`: from `s` to the end;
 * - `[null, n]`: the last `n` bytes, satisfiable when `n > 0` and the body is not empty.
 * @example
 * resolveByteRanges([[0, 499], [null, 500]], 10000); // [{start:0,end:499}, {start:9500,end:9999}]
 * resolveByteRanges([[10, 15]], 10); // [] (416)
 */
export function resolveByteRanges(pairs: readonly RangePair[], length: number): ByteRange[] {
  const ranges: ByteRange[] = [];
  for (const [first, last] of pairs) {
    if (first === null) {
      if (last === null || last === 0 || length === 0) continue;
      ranges.push({ start: Math.max(0, length - last), end: length - 1 });
    } else if (first < length && (last === null || last >= first)) {
      ranges.push({ start: first, end: last === null ? length - 1 : Math.min(last, length - 1) });
    }
  }
  ranges.sort((a, b) => a.start - b.start);
  const merged: ByteRange[] = [];
  for (const range of ranges) {
    const previous = merged[merged.length - 1];
    if (previous !== undefined && range.start <= previous.end + 1) {
      merged[merged.length - 1] = { start: previous.start, end: Math.max(previous.end, range.end) };
    } else {
      merged.push(range);
    }
  }
  return merged;
}

/** True for a range segment, false for literal bytes. */
export function isByteRange(segment: BodySegment): segment is ByteRange {
  return !(segment instanceof Uint8Array);
}

/** The byte length of a list of segments. */
export function segmentsLength(segments: readonly BodySegment[]): number {
  let length = 0;
  for (const s of segments) length += isByteRange(s) ? s.end - s.start + 1 : s.byteLength;
  return length;
}

/** The segments of a body in memory, joined (ranges are views, not copies, when there is one). */
export function sliceBytes(data: Uint8Array, segments: readonly BodySegment[]): Uint8Array {
  const parts = segments.map((s) => (isByteRange(s) ? data.subarray(s.start, s.end + 1) : s));
  return parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts);
}

type Chunk = Uint8Array | string;

/**
 * Read `segments` (ranges in ascending order, and literal bytes) out of a
 * body read once, from its start: bytes before and between the ranges are
 * skipped, literal segments are emitted in their place, and the source is
 * closed as soon as the last range is complete.
 * @throws Error when the source ends before the last range does (the
 *   `Content-Length` promised could not be kept; the adapter breaks the connection)
 */
export async function* selectSegments(
  source: Iterable<Chunk> | AsyncIterable<Chunk>,
  segments: readonly BodySegment[],
): AsyncGenerator<Uint8Array, void, undefined> {
  let index = 0;
  // literal segments before the first range need no content at all
  while (index < segments.length && !isByteRange(segments[index]!)) yield segments[index++] as Uint8Array;
  if (index === segments.length) return;
  let offset = 0;
  for await (const piece of source as AsyncIterable<Chunk>) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    const chunkEnd = offset + chunk.byteLength;
    while (index < segments.length) {
      const segment = segments[index]!;
      if (!isByteRange(segment)) {
        yield segment;
        index++;
        continue;
      }
      if (segment.start >= chunkEnd) break;
      const from = Math.max(segment.start, offset) - offset;
      const to = Math.min(segment.end + 1, chunkEnd) - offset;
      if (to > from) yield chunk.subarray(from, to);
      if (segment.end >= chunkEnd) break;
      index++;
    }
    offset = chunkEnd;
    if (index === segments.length) return;
  }
  while (index < segments.length && !isByteRange(segments[index]!)) yield segments[index++] as Uint8Array;
  if (index < segments.length) throw new Error(`The body ended at byte ${offset}, before the requested range`);
}
