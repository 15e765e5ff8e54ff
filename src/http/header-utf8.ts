/**
 * Re-reading header text as UTF-8: Node hands header bytes over as latin-1
 * characters, one per byte (the WSGI convention as well).
 * @module
 */

import { decodeUtf8Strict } from './bytes.ts';

const ABOVE_LATIN1 = /[^\x00-\xff]/;
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Decode a latin-1 header string as UTF-8 (PoorWSGI's `Headers.utf8`): the
 * text is returned unchanged when it is plain ASCII, has characters above
 * U+00FF, or is not valid UTF-8.
 * @example decodeHeaderUtf8('cafÃ©') // 'café'
 */
export function decodeHeaderUtf8(value: string): string {
  if (!NON_ASCII.test(value) || ABOVE_LATIN1.test(value)) return value;
  try {
    return decodeUtf8Strict(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}
