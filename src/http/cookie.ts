/**
 * Reading the `Cookie` request header. (Writing `Set-Cookie` lives elsewhere.)
 * @module
 */
import { TOKEN, trimOws } from './grammar.ts';

/** At most this many cookies are read from one header; the rest are ignored. */
export const MAX_COOKIES = 200;

/** Python's `http.cookies._unquote`: `\ooo` (octal up to 377) is that char, `\x` is `x`. */
const QUOTED_PAIR = /\\(?:([0-3][0-7][0-7])|([\s\S]))/g;

function unquote(value: string): string {
  if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return value;
  return value
    .slice(1, -1)
    .replace(QUOTED_PAIR, (_m, octal: string | undefined, char: string | undefined) =>
      octal === undefined ? char! : String.fromCharCode(Number.parseInt(octal, 8)),
    );
}

/*
 * RFC 6265 §4.2.1 (read tolerantly):
 *   cookie-header = "Cookie:" OWS cookie-string OWS
 *   cookie-string = cookie-pair *( ";" SP cookie-pair )
 *   cookie-pair   = cookie-name "=" cookie-value
 *   cookie-name   = token
 *   cookie-value  = *cookie-octet / ( DQUOTE *cookie-octet DQUOTE )
 */

/**
 * Parse a `Cookie` header into name → value, tolerant like Python's
 * `SimpleCookie.load` but never giving up on the whole header: pairs are split
 * on `;`, names and values trimmed of SP/HTAB, a value in double quotes is
 * unquoted with Python's escapes (`\"`, `\\`, `\ooo` octal). A pair without `=`
 * or whose name is not a token is skipped, and so are `$`-names (RFC 2965
 * attributes such as `$Version`, which SimpleCookie skips too). The first
 * occurrence of a name wins (browsers send the most specific cookie first); at
 * most {@link MAX_COOKIES} are read. Characters are returned as given (Node
 * gives header bytes as latin-1).
 * @returns name → value, with a null prototype (`__proto__` is just a name)
 * @example
 * parseCookieHeader('SESSID=abc; theme="dark \\"blue\\""'); // { SESSID: 'abc', theme: 'dark "blue"' }
 */
export function parseCookieHeader(header: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  let count = 0;
  let start = 0;
  let eq = -1;
  while (start <= header.length && count < MAX_COOKIES) {
    let end = header.indexOf(';', start);
    if (end < 0) end = header.length;
    // Search on from the last '=' only once it is behind us: many pairs without
    // '=' must not make each pair scan to the far end (quadratic).
    if (eq < start) {
      eq = header.indexOf('=', start);
      if (eq < 0) eq = header.length + 1;
    }
    if (eq < end) {
      const name = trimOws(header, start, eq);
      if (TOKEN.test(name) && !name.startsWith('$') && !(name in out)) {
        out[name] = unquote(trimOws(header, eq + 1, end));
        count++;
      }
    }
    start = end + 1;
  }
  return out;
}
