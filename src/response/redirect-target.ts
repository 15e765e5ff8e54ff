import { PoorWSGIError } from '../errors/poorwsgi-error.ts';

/** C0 controls and DEL: browsers drop tabs and new lines inside URLs, and CR/LF would split the header. */
const CONTROL = /[\x00-\x1f\x7f]/;
/** A UTF-16 code unit without its pair cannot be encoded as UTF-8. */
const LONE_SURROGATE = /\p{Cs}/u;
/**
 * Protocol-relative targets: `//host`, and `/\host` or `\host`, which
 * browsers read as `//host` (WHATWG URL treats `\` as `/`).
 */
const OTHER_HOST = /^(?:\/[/\\]|\\)/;
/**
 * A valid `%XX` escape (kept), or one character outside RFC 3986 §2.2
 * reserved and §2.3 unreserved (encoded; a lone `%` included).
 */
const TO_ENCODE = /%[0-9A-Fa-f]{2}|[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]/gu;

function encodeMatch(match: string): string {
  return match.length === 3 && match[0] === '%' ? match : encodeURIComponent(match);
}

function refuse(reason: string, location: string): never {
  throw new PoorWSGIError('PW_ERR_ARGUMENT', `Redirect location ${reason} (got ${JSON.stringify(location)})`);
}

/**
 * Make a redirect target safe for the `Location` header.
 *
 * The rule:
 * - CR, LF, NUL, TAB and every other control character are refused (header
 *   splitting; browsers also drop tabs and new lines, so `/\t/evil` would
 *   become `//evil`);
 * - a target starting with `//`, `/\` or `\` is refused: it looks like a
 *   local path but browsers send the user to another host (open redirect).
 *   Write the absolute URL (`https://other.example/`) when another host is
 *   meant; absolute URLs of any scheme are accepted as given;
 * - characters outside RFC 3986 reserved and unreserved are percent-encoded
 *   as UTF-8 (space, `"`, `<`, `>`, `\`, `^`, `` ` ``, `{`, `|`, `}` and
 *   non-ASCII); a valid `%XX` is kept, so encoded targets are not encoded
 *   twice, and a lone `%` becomes `%25`.
 * @throws PoorWSGIError `PW_ERR_ARGUMENT`
 * @example
 * encodeRedirectTarget('/search?q=a b'); // '/search?q=a%20b'
 * encodeRedirectTarget('/café'); // '/caf%C3%A9'
 * encodeRedirectTarget('//evil.example'); // throws
 */
export function encodeRedirectTarget(location: unknown): string {
  if (typeof location !== 'string') {
    throw new PoorWSGIError('PW_ERR_ARGUMENT', `Redirect location must be a string (got ${typeof location})`);
  }
  if (CONTROL.test(location)) refuse('must not contain control characters (CR, LF, NUL, ...)', location);
  if (LONE_SURROGATE.test(location)) refuse('must be well-formed Unicode', location);
  if (OTHER_HOST.test(location)) {
    refuse('must not start with //, /\\ or \\ (another host); write an absolute URL instead', location);
  }
  return location.replace(TO_ENCODE, encodeMatch);
}
