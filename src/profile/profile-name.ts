/**
 * The names of request profiles, as PoorWSGI names its `.profile` files:
 * `{prefix}_{METHOD}{path with "/" as "_"}.{time}.cpuprofile`, made safe to
 * be one file name whatever the client sent.
 * @module
 */

/** The most UTF-8 bytes of the path part of a name: with the rest, a name stays under the usual 255-byte limit. */
export const MAX_PATH_BYTES = 150;
/** The most characters of the method part (methods are tokens of any length, RFC 9110 §9.1). */
export const MAX_METHOD_LENGTH = 20;

/** What may stay in a name: letters and digits of any script, `.`, `_`, `~` and `-`; the rest becomes `_`. */
const UNSAFE = /[^\p{L}\p{N}._~-]/gu;

/**
 * The path of a request target as PoorWSGI's `PATH_INFO`: without the query,
 * percent-decoded when it decodes (kept as sent when it does not).
 */
export function targetPath(target: string): string {
  const query = target.indexOf('?');
  const path = query === -1 ? target : target.slice(0, query);
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** Cut `text` to at most `max` UTF-8 bytes, on a character boundary. */
function cutToBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = '';
  let bytes = 0;
  for (const char of text) {
    bytes += Buffer.byteLength(char);
    if (bytes > max) break;
    out += char;
  }
  return out;
}

/**
 * The file name part of a request's profile (no prefix, no time):
 * `{METHOD}{path}`, every `/` and every character that is not a letter, a
 * digit, `.`, `_`, `~` or `-` turned into `_`. With no `/`, `\` or NUL left,
 * the name is one path component: no client can make it climb out of the
 * profile directory.
 * @param method the request method as sent
 * @param target the request target (`req.url`): path and query
 * @example
 * profileStem('GET', '/test/json?x=1') // 'GET_test_json'
 */
export function profileStem(method: string, target: string): string {
  const safeMethod = method.slice(0, MAX_METHOD_LENGTH).replace(UNSAFE, '_');
  return safeMethod + cutToBytes(targetPath(target).replace(UNSAFE, '_'), MAX_PATH_BYTES);
}

/**
 * The time part of a name: seconds since the epoch with microseconds, as
 * Python's `time()` prints them.
 */
export function profileTime(now: number = performance.timeOrigin + performance.now()): string {
  return (now / 1000).toFixed(6);
}
