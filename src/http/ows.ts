/**
 * Optional whitespace (RFC 9110 §5.6.3): `OWS = *( SP / HTAB )`.
 * @module
 */

/**
 * Remove leading and trailing SP and HTAB, and nothing else (unlike
 * `String.prototype.trim`, which also removes CR, LF, NBSP and more). A loop,
 * not a regular expression: `/[ \t]+$/` is quadratic on long inner runs.
 * @example trimOws('\t text/html ') // 'text/html'
 */
export function trimOws(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isOws(value.charCodeAt(start))) start++;
  while (end > start && isOws(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

function isOws(code: number): boolean {
  return code === 0x20 || code === 0x09;
}
