/**
 * Base64 read strictly: Node's decoder skips characters it does not know and
 * takes either alphabet, so two different cookie strings could open as the
 * same bytes. A sealed cookie must have exactly one spelling.
 * @module
 */

const STANDARD = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const URL_SAFE = /^(?:[A-Za-z0-9\-_]{4})*(?:[A-Za-z0-9\-_]{2}==|[A-Za-z0-9\-_]{3}=)?$/;

/** Base64 of `bytes` with padding, in the standard alphabet or the URL-safe one (RFC 4648 §4, §5). */
export function encodeBase64(bytes: Uint8Array, urlSafe: boolean): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  return urlSafe ? text.replaceAll('+', '-').replaceAll('/', '_') : text;
}

/**
 * The bytes of `text`, only when it is the one padded spelling of them in
 * its alphabet (no other characters, the unused bits of the last character
 * zero); `undefined` for anything else.
 */
export function decodeBase64(text: string, urlSafe: boolean): Buffer | undefined {
  if (!(urlSafe ? URL_SAFE : STANDARD).test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return encodeBase64(bytes, urlSafe) === text ? bytes : undefined;
}
