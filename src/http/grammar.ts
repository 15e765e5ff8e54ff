/**
 * The shared grammar of HTTP fields (RFC 9110 §5.6), in one place: tokens
 * and optional whitespace. Every module that checks a token or trims OWS
 * imports it from here (the architecture test keeps the `tchar` class from
 * being written out again elsewhere).
 *
 * ```
 * token = 1*tchar                                          ; §5.6.2
 * tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
 *         "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
 * OWS   = *( SP / HTAB )                                   ; §5.6.3
 * ```
 * @module
 */

/** The `tchar` set as the body of a regular-expression character class, to build patterns with. */
export const TCHAR = "!#$%&'*+\\-.^_`|~0-9A-Za-z";

/** A whole `token`. */
export const TOKEN: RegExp = new RegExp(`^[${TCHAR}]+$`);

/**
 * True when `value` is an RFC 9110 token (a field name, a method, a charset, a cookie name, ...).
 * @example isToken('utf-8') // true
 * @example isToken('a b') // false
 */
export function isToken(value: string): boolean {
  return TOKEN.test(value);
}

/**
 * Remove leading and trailing SP and HTAB, and nothing else (unlike
 * `String.prototype.trim`, which also removes CR, LF, NBSP and more), from
 * `value`, or from its part `start`..`end` (no slice made before trimming).
 * A loop, not a regular expression: `/[ \t]+$/` is quadratic on long inner runs.
 * @example trimOws('\t text/html ') // 'text/html'
 * @example trimOws('a=  b ;', 2, 6) // 'b'
 */
export function trimOws(value: string, start = 0, end: number = value.length): string {
  while (start < end && isOws(value.charCodeAt(start))) start++;
  while (end > start && isOws(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

function isOws(code: number): boolean {
  return code === 0x20 || code === 0x09;
}
