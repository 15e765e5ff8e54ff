/**
 * Cookies on the wire: reading the `Cookie` request header and writing
 * `Set-Cookie` response header values, both the way Python's `SimpleCookie`
 * does (RFC 6265 with Python's quoting), so that what one writes the other
 * reads back.
 * @module
 */
import { dateToHttp } from './dates.ts';
import { TCHAR, TOKEN, trimOws } from './grammar.ts';

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

/** The `code` of the errors {@link formatSetCookie} and {@link quoteCookieValue} throw. */
export const PW_ERR_COOKIE = 'PW_ERR_COOKIE';

/** The `SameSite` values a `Set-Cookie` header may carry. */
export type SameSite = 'Strict' | 'Lax' | 'None';

/**
 * The attributes of one `Set-Cookie` header. Unset (or `null`/`false`)
 * attributes are left out; nothing is defaulted here.
 */
export interface SetCookieOptions {
  /** `Domain`: a host name (letters, digits, `-`, `.`) or an IPv4 address. */
  readonly domain?: string | null;
  /** `expires`: an absolute time (IMF-fixdate on the wire). */
  readonly expires?: Date | null;
  /** `HttpOnly`: hidden from page scripts. */
  readonly httpOnly?: boolean;
  /** `Max-Age` in seconds (an integer; 0 or less removes the cookie). */
  readonly maxAge?: number | null;
  /** `Path`: starts with `/`; printable ASCII without `;`. */
  readonly path?: string | null;
  /** `SameSite`; `'None'` needs `secure`. */
  readonly sameSite?: SameSite | false | null;
  /** `Secure`: sent over HTTPS only. */
  readonly secure?: boolean;
}

/** Python's `http.cookies._LegalChars` (the token characters and `:`): a value made of these alone is written unquoted. */
const LEGAL_VALUE = new RegExp(`^[${TCHAR}:]+$`);
/** What Python's `_Translator` escapes inside quotes: controls, DEL and 0x80-0xFF, `"`, `\`, `;` and `,`. */
const ESCAPED = /[\x00-\x1f\x7f-\xff";,\\]/g;
const BEYOND_LATIN1 = /[^\x00-\xff]/;
/** RFC 6265 §4.1.1 `path-value`: any CHAR but CTLs and `;` (and printable ASCII only). */
const PATH_VALUE = /^\/[\x20-\x3a\x3c-\x7e]*$/;
/** A host name of LDH labels (RFC 1123), or an IPv4 address, with the leading dot RFC 6265 §5.2.3 ignores. */
const DOMAIN_VALUE =
  /^\.?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

function cookieError(message: string): TypeError {
  return Object.assign(new TypeError(message), { code: PW_ERR_COOKIE });
}

function escapeChar(char: string): string {
  if (char === '"') return '\\"';
  if (char === '\\') return '\\\\';
  return `\\${char.charCodeAt(0).toString(8).padStart(3, '0')}`;
}

/**
 * A cookie value as Python's `SimpleCookie` writes it: as it is when made only
 * of token characters (RFC 9110 `tchar`) and `:`, else in double quotes with `\"`, `\\`
 * and `\ooo` octal escapes for controls, bytes 0x80-0xFF, `;` and `,` (so no
 * `;` ever ends the value early in a browser and no CR or LF reaches the
 * header). {@link parseCookieHeader} reads it back unchanged.
 * @throws TypeError (code `PW_ERR_COOKIE`) for a character above U+00FF, which
 *   has no byte in a header: encode such text first (`encodeURIComponent`)
 * @example quoteCookieValue('abc') // 'abc'
 * @example quoteCookieValue('a b;c') // '"a b\\073c"'
 */
export function quoteCookieValue(value: string): string {
  if (typeof value !== 'string') throw cookieError(`Cookie value must be a string (got ${typeof value})`);
  if (LEGAL_VALUE.test(value)) return value;
  if (BEYOND_LATIN1.test(value)) {
    throw cookieError(
      `Cookie value has a character above U+00FF, which a header cannot carry: encode it first, e.g. with encodeURIComponent (got ${JSON.stringify(value.slice(0, 40))})`,
    );
  }
  return `"${value.replace(ESCAPED, escapeChar)}"`;
}

/**
 * Check a cookie name: an RFC 9110 token that does not start with `$`
 * (names {@link parseCookieHeader} skips as RFC 2965 attributes).
 * @throws TypeError (code `PW_ERR_COOKIE`)
 */
export function checkCookieName(name: string): string {
  if (typeof name !== 'string' || !TOKEN.test(name) || name.startsWith('$')) {
    throw cookieError(`Cookie name must be a token not starting with "$" (got ${JSON.stringify(name)})`);
  }
  return name;
}

/**
 * Check the attributes of a cookie before any is written: `Domain` and
 * `Path` can carry nothing but their own value, `Max-Age` is an integer,
 * `expires` a valid `Date`, `SameSite` one of its three values (`'None'`
 * with `secure`, which browsers require), and the name prefixes of RFC 6265bis
 * §4.1.3 hold (`__Secure-` needs `secure`; `__Host-` needs `secure`, `Path=/`
 * and no `Domain`), since a browser drops a cookie that breaks them.
 * @throws TypeError (code `PW_ERR_COOKIE`) naming the bad attribute
 */
export function checkCookieOptions(name: string, options: SetCookieOptions): void {
  const { domain, expires, maxAge, path, sameSite, secure } = options;
  if (domain !== undefined && domain !== null) {
    if (typeof domain !== 'string' || domain.length > 253 || !DOMAIN_VALUE.test(domain)) {
      throw cookieError(
        `Cookie ${name}: Domain must be a host name or an IPv4 address (got ${JSON.stringify(domain)})`,
      );
    }
  }
  if (path !== undefined && path !== null && (typeof path !== 'string' || !PATH_VALUE.test(path))) {
    throw cookieError(
      `Cookie ${name}: Path must start with "/" and hold printable ASCII but ";" (got ${JSON.stringify(path)})`,
    );
  }
  if (maxAge !== undefined && maxAge !== null && !Number.isSafeInteger(maxAge)) {
    throw cookieError(`Cookie ${name}: Max-Age must be an integer number of seconds (got ${String(maxAge)})`);
  }
  if (expires !== undefined && expires !== null && !(expires instanceof Date && Number.isFinite(expires.getTime()))) {
    throw cookieError(`Cookie ${name}: expires must be a valid Date (got ${String(expires)})`);
  }
  if (sameSite !== undefined && sameSite !== null && sameSite !== false) {
    if (sameSite !== 'Strict' && sameSite !== 'Lax' && sameSite !== 'None') {
      throw cookieError(`Cookie ${name}: SameSite must be 'Strict', 'Lax', 'None' or false (got ${String(sameSite)})`);
    }
    if (sameSite === 'None' && secure !== true) {
      throw cookieError(`Cookie ${name}: SameSite=None needs secure: true (browsers refuse it otherwise)`);
    }
  }
  const lower = name.toLowerCase();
  if ((lower.startsWith('__secure-') || lower.startsWith('__host-')) && secure !== true) {
    throw cookieError(`Cookie ${name}: a __Secure- or __Host- name needs secure: true`);
  }
  if (lower.startsWith('__host-') && (path !== '/' || (domain !== undefined && domain !== null))) {
    throw cookieError(`Cookie ${name}: a __Host- name needs path '/' and no domain`);
  }
}

/**
 * The value of one `Set-Cookie` header, as Python's `SimpleCookie` writes it:
 * `name=value` (quoted by {@link quoteCookieValue}), then the attributes in
 * SimpleCookie's order: `Domain`, `expires`, `HttpOnly`, `Max-Age`, `Path`,
 * `SameSite`, `Secure`. Everything is checked first, so no input can add an
 * attribute or split the header.
 * @throws TypeError (code `PW_ERR_COOKIE`) for a bad name, value or attribute
 * @example
 * formatSetCookie('SESSID', 'abc', { path: '/', httpOnly: true }); // 'SESSID=abc; HttpOnly; Path=/'
 * formatSetCookie('X', 'v', { domain: 'ex.org', maxAge: 20, sameSite: 'Strict', secure: true });
 * // 'X=v; Domain=ex.org; Max-Age=20; SameSite=Strict; Secure'
 */
export function formatSetCookie(name: string, value: string, options: SetCookieOptions = {}): string {
  checkCookieName(name);
  checkCookieOptions(name, options);
  let out = `${name}=${quoteCookieValue(value)}`;
  const { domain, expires, httpOnly, maxAge, path, sameSite, secure } = options;
  if (domain) out += `; Domain=${domain}`;
  if (expires) out += `; expires=${dateToHttp(expires)}`;
  if (httpOnly) out += '; HttpOnly';
  if (maxAge !== undefined && maxAge !== null) out += `; Max-Age=${maxAge}`;
  if (path) out += `; Path=${path}`;
  if (sameSite) out += `; SameSite=${sameSite}`;
  if (secure) out += '; Secure';
  return out;
}
