/**
 * `multipart/byteranges` (RFC 9110 §14.6): the body of a 206 response to a
 * request for several ranges.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { BodySegment, ByteRange } from './byte-ranges.ts';

/** A new random boundary: 48 hex digits cannot occur in a part by chance. */
export function newBoundary(): string {
  return `poorwsgi-${randomBytes(24).toString('hex')}`;
}

/**
 * The segments of a `multipart/byteranges` body: for each range a delimiter
 * line, its `Content-Type` (when known) and `Content-Range` headers, then
 * the range's bytes; the closing delimiter last.
 * @param ranges satisfiable ranges, in the order they are sent
 * @param length the complete length of the representation
 * @example
 * multipartSegments([{ start: 0, end: 1 }, { start: 5, end: 6 }], 10, 'text/plain', 'B');
 * // '--B\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/10\r\n\r\n', {0-1},
 * // '\r\n--B\r\nContent-Type: text/plain\r\nContent-Range: bytes 5-6/10\r\n\r\n', {5-6}, '\r\n--B--\r\n'
 */
export function multipartSegments(
  ranges: readonly ByteRange[],
  length: number,
  contentType: string,
  boundary: string,
): BodySegment[] {
  const segments: BodySegment[] = [];
  const type = contentType ? `Content-Type: ${contentType}\r\n` : '';
  ranges.forEach((range, i) => {
    const head = `${i === 0 ? '' : '\r\n'}--${boundary}\r\n${type}Content-Range: bytes ${range.start}-${range.end}/${length}\r\n\r\n`;
    segments.push(Buffer.from(head, 'latin1'), range);
  });
  segments.push(Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'));
  return segments;
}
