/**
 * Reading the `Authorization` request header as PoorWSGI does.
 * @module
 */

import { decodeHeaderUtf8 } from './header-utf8.ts';
import { unquote } from './percent.ts';

/*
 * PoorWSGI's RE_AUTHORIZATION, with Python's Unicode \w:
 *   (\w+\*?)[=] ?("[^"]+"|[\w\-\'%]+)
 * a tolerant reading of RFC 9110 §11.4 and RFC 7616 §3.4:
 *   credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 *   auth-param  = token BWS "=" BWS ( token / quoted-string )
 * The look-behind starts a name only at the start of a word: a match can
 * never start inside one that failed (the name must end at "=" or "*="),
 * and it keeps the scan linear on long words.
 */
const AUTH_PARAM = /(?<![\p{L}\p{N}_])([\p{L}\p{N}_]+\*?)= ?("[^"]+"|[\p{L}\p{N}_\-'%]+)/gu;

/*
 * RFC 9110 §11.2:
 *   token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
 */
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

/*
 * RFC 8187 §3.2.1 (charset UTF-8 only):
 *   ext-value = charset "'" [ language ] "'" value-chars
 */
const UTF8_EXT_VALUE = /^utf-8'[A-Za-z0-9-]*'/i;

/** Python's `str.capitalize()` for a scheme name: first letter upper, the rest lower. */
function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

/**
 * Parse an `Authorization` header as PoorWSGI's `Request.authorization`:
 * every `name=value` / `name="value"` pair (quotes stripped, latin-1 text
 * re-read as UTF-8), `type` = the scheme capitalized (`Digest`, `Basic`), and
 * `username` percent-decoded from an RFC 8187 `username*=UTF-8''…`.
 *
 * Fixed against PoorWSGI: a scheme alone (`Bearer`) gives type `Bearer`, not
 * `Beare`; an empty header gives `{}`. Added: when the credentials are a
 * token68 (`Basic dXNlcjpwYXNz`, a bearer token), they are under `token`,
 * still encoded (Basic's base64 is for the caller to decode).
 * @returns a record with a null prototype
 * @example
 * parseAuthorization('Basic dXNlcjpwYXNz'); // { token: 'dXNlcjpwYXNz', type: 'Basic' }
 * parseAuthorization('Digest username="user", qop=auth').username; // 'user'
 */
export function parseAuthorization(header: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  const auth = header.trim();
  if (auth === '') return out;
  for (const m of auth.matchAll(AUTH_PARAM)) out[m[1]!] = decodeHeaderUtf8(stripQuotes(m[2]!));
  const space = auth.indexOf(' ');
  if (space >= 0) {
    const credentials = auth.slice(space + 1).trim();
    if (TOKEN68.test(credentials)) out.token = credentials;
  }
  out.type = capitalize(space < 0 ? auth : auth.slice(0, space));
  const extended = out['username*'];
  if (extended !== undefined) {
    const prefix = UTF8_EXT_VALUE.exec(extended);
    if (prefix) out.username = unquote(extended.slice(prefix[0].length));
  }
  return out;
}

/** Python's `str.strip('"')`: every leading and trailing double quote. */
function stripQuotes(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && value.charCodeAt(start) === 0x22) start++;
  while (end > start && value.charCodeAt(end - 1) === 0x22) end--;
  return value.slice(start, end);
}
