/**
 * Bytes as the body and header code needs them: one `Buffer` view of any
 * `Uint8Array`, and the two ways UTF-8 is decoded here (lenient, as Python's
 * `errors='replace'`; strict, where bad bytes are an error to report).
 * @module
 */

// ignoreBOM keeps a leading U+FEFF, as Python's decode('utf-8') does; the
// decoder is not fatal, so invalid UTF-8 becomes U+FFFD.
const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });
// a non-streaming `decode` keeps no state, so one strict decoder serves every caller
const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true });

/**
 * The same bytes as a `Buffer` (no copy): chunks from a Web stream are plain
 * `Uint8Array`s, and `Buffer.indexOf` and `toString` are what the parsers use.
 */
export function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * Decode UTF-8, U+FFFD for invalid sequences, keeping a BOM.
 * @example decodeUtf8(Buffer.from([0x61, 0xff])) // 'a\uFFFD'
 */
export function decodeUtf8(bytes: Uint8Array): string {
  return UTF8.decode(bytes);
}

/**
 * Decode UTF-8 strictly (a leading BOM is dropped).
 * @throws TypeError when the bytes are not valid UTF-8
 * @example decodeUtf8Strict(Buffer.from('řek')) // 'řek'
 */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  return UTF8_STRICT.decode(bytes);
}
