/**
 * Test helper: split a `multipart/byteranges` body into its parts.
 * @module
 */

/** One part: its headers (lower-case names) and its bytes as latin1 text. */
export interface BytePart {
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** The boundary of a `multipart/byteranges; boundary=...` Content-Type. */
export function boundaryOf(contentType: string | undefined | null): string {
  const m = /^multipart\/byteranges; boundary=(\S+)$/.exec(contentType ?? '');
  if (!m) throw new Error(`not multipart/byteranges: ${contentType}`);
  return m[1] as string;
}

/** Parse a multipart body (latin1 text) strictly: every delimiter and CRLF where RFC 9110 §14.6 puts them. */
export function parseByteranges(text: string, boundary: string): BytePart[] {
  const close = `\r\n--${boundary}--\r\n`;
  if (!text.endsWith(close)) throw new Error('no closing delimiter');
  const inner = text.slice(0, -close.length);
  if (!inner.startsWith(`--${boundary}\r\n`)) throw new Error('no opening delimiter');
  return inner
    .slice(`--${boundary}\r\n`.length)
    .split(`\r\n--${boundary}\r\n`)
    .map((part) => {
      const end = part.indexOf('\r\n\r\n');
      const headers: Record<string, string> = {};
      for (const line of part.slice(0, end).split('\r\n')) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      return { headers, body: part.slice(end + 4) };
    });
}
