/**
 * Reading the `Authorization` header of HTTP Digest credentials (RFC 7616
 * §3.4) strictly and in one pass: `req.authorization` reads any scheme the
 * tolerant way PoorWSGI does (a regular expression over the whole header),
 * which takes no escapes in quoted strings, no empty ones, and lets a
 * parameter given twice win silently.
 * @module
 */
import { TCHAR } from '../http/grammar.ts';
import { decodeHeaderUtf8 } from '../http/header-utf8.ts';
import { unquote } from '../http/percent.ts';

/** What {@link parseDigestCredentials} read: the scheme as sent, and the parameters by lower-case name. */
export interface DigestCredentials {
  /** The auth-scheme as the client wrote it (`Digest`, `Basic`, ...). */
  readonly scheme: string;
  /** The auth-params by lower-case name, values unquoted and read as UTF-8; `undefined` when the header does not parse. */
  readonly params: Readonly<Record<string, string>> | undefined;
}

/** The `tchar` set (RFC 9110 §5.6.2) as a table of the ASCII codes, for a scan by character code. */
const TCHAR_CODES = new Uint8Array(128);
const ONE_TCHAR = new RegExp(`^[${TCHAR}]$`);
for (let code = 0; code < 128; code++) TCHAR_CODES[code] = ONE_TCHAR.test(String.fromCharCode(code)) ? 1 : 0;

function isTchar(code: number): boolean {
  return code < 128 && TCHAR_CODES[code] === 1;
}

/** RFC 8187 §3.2.1 with the UTF-8 charset only: `UTF-8'[language]'value-chars`. */
const UTF8_EXT_VALUE = /^utf-8'[A-Za-z0-9-]*'/i;

/**
 * Parse `Digest` credentials (RFC 9110 §11.4, RFC 7616 §3.4):
 *
 *     credentials = auth-scheme [ 1*SP #auth-param ]
 *     auth-param  = token BWS "=" BWS ( token / quoted-string )
 *
 * Parameter names are case-insensitive (lower-cased here); quoted strings
 * may hold `\`-escapes (`quoted-pair`) and be empty; a value's bytes (Node
 * hands them over as latin-1 characters) are read as UTF-8 when they are
 * valid UTF-8, as browsers send non-ASCII user names. `username*` (RFC 8187,
 * UTF-8) stands for `username`. A parameter given twice, or both `username`
 * and `username*`, or anything that is not this syntax gives `params:
 * undefined`: credentials that can be read two ways are refused.
 * @example parseDigestCredentials('Digest username="Mufasa", nc=00000001').params
 * // { username: 'Mufasa', nc: '00000001' }
 */
export function parseDigestCredentials(header: string): DigestCredentials {
  const length = header.length;
  let at = 0;
  while (at < length && isSpace(header.charCodeAt(at))) at++;
  const schemeStart = at;
  while (at < length && isTchar(header.charCodeAt(at))) at++;
  const scheme = header.slice(schemeStart, at);
  if (scheme === '' || (at < length && !isSpace(header.charCodeAt(at))))
    return { scheme: header.trim(), params: undefined };
  const params: Record<string, string> = Object.create(null);
  for (;;) {
    // list elements are separated by commas with optional whitespace; empty elements are allowed (RFC 9110 §5.6.1)
    while (at < length && (isSpace(header.charCodeAt(at)) || header.charCodeAt(at) === 44)) at++;
    if (at >= length) break;
    const nameStart = at;
    while (at < length && isTchar(header.charCodeAt(at))) at++;
    if (at === nameStart) return { scheme, params: undefined };
    const name = header.slice(nameStart, at).toLowerCase();
    while (at < length && isSpace(header.charCodeAt(at))) at++;
    if (header.charCodeAt(at) !== 61 /* = */) return { scheme, params: undefined };
    at++;
    while (at < length && isSpace(header.charCodeAt(at))) at++;
    let value: string;
    // a value of ASCII only is UTF-8 already: decodeHeaderUtf8 only for the others
    let high = false;
    if (header.charCodeAt(at) === 34 /* " */) {
      let text = '';
      let start = ++at;
      for (;;) {
        if (at >= length) return { scheme, params: undefined };
        const code = header.charCodeAt(at);
        if (code === 34) break;
        if (code > 0x7f) high = true;
        if (code === 92 /* \ */) {
          if (at + 1 >= length) return { scheme, params: undefined };
          text += header.slice(start, at);
          start = ++at;
          if (header.charCodeAt(at) > 0x7f) high = true;
        } else if ((code < 0x20 && code !== 9) || code === 0x7f) {
          return { scheme, params: undefined };
        }
        at++;
      }
      value = text + header.slice(start, at);
      at++;
    } else {
      const valueStart = at;
      while (at < length && isTchar(header.charCodeAt(at))) at++;
      if (at === valueStart) return { scheme, params: undefined };
      value = header.slice(valueStart, at);
    }
    if (Object.hasOwn(params, name)) return { scheme, params: undefined };
    params[name] = high ? decodeHeaderUtf8(value) : value;
    while (at < length && isSpace(header.charCodeAt(at))) at++;
    if (at < length && header.charCodeAt(at) !== 44 /* , */) return { scheme, params: undefined };
  }
  const extended = params['username*'];
  if (extended !== undefined) {
    const prefix = UTF8_EXT_VALUE.exec(extended);
    if (params.username !== undefined || prefix === null) return { scheme, params: undefined };
    params.username = unquote(extended.slice(prefix[0].length));
  }
  return { scheme, params };
}

/** SP or HTAB (RFC 9110 §5.6.3 OWS). */
function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}
