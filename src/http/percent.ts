/**
 * Percent-decoding as Python's `urllib.parse.unquote` / `unquote_plus` with
 * `encoding='utf-8', errors='replace'`: never throws.
 * @module
 */

import { decodeUtf8 } from './bytes.ts';

const ENCODER = new TextEncoder();

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/**
 * The bytes of `text` (as UTF-8) with every `%XX` escape of two hex digits
 * replaced by its byte; any other `%` stays as it is.
 * @example percentDecodeBytes('%C5%99ek') // Uint8Array [0xc5, 0x99, 0x65, 0x6b]
 */
export function percentDecodeBytes(text: string): Uint8Array {
  // work on the UTF-8 bytes so that escaped bytes and literal characters join
  // into one byte string; literal characters round-trip unchanged
  const bytes = ENCODER.encode(text);
  let write = 0;
  for (let read = 0; read < bytes.length; read++) {
    const byte = bytes[read]!;
    if (byte === 0x25 && read + 2 < bytes.length) {
      const high = hexValue(bytes[read + 1]!);
      const low = hexValue(bytes[read + 2]!);
      if (high >= 0 && low >= 0) {
        bytes[write++] = high * 16 + low;
        read += 2;
        continue;
      }
    }
    bytes[write++] = byte;
  }
  return bytes.subarray(0, write);
}

/**
 * Decode `%XX` escapes as UTF-8. Escapes that are not two hex digits (`%zz`,
 * a trailing `%`) stay as they are; byte sequences that are not valid UTF-8
 * become U+FFFD. Literal characters are kept.
 * @example
 * unquote('Ond%C5%99ej'); // 'Ondřej'
 * unquote('%zz%C5');      // '%zz\uFFFD'
 */
export function unquote(text: string): string {
  return text.includes('%') ? decodeUtf8(percentDecodeBytes(text)) : text;
}

/**
 * {@link unquote} after turning `+` into a space, for query strings and
 * `application/x-www-form-urlencoded` bodies.
 * @example
 * unquotePlus('hello+world%21'); // 'hello world!'
 */
export function unquotePlus(text: string): string {
  return unquote(text.includes('+') ? text.replaceAll('+', ' ') : text);
}
