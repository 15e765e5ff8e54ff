/**
 * The `Set-Cookie` values of the response cookie API
 * (`response.setCookie()`, `response.clearCookie()`), with the defaults a
 * web application wants and `PoorWSGIError` for a bad argument.
 * @module
 */
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import { formatSetCookie, type SetCookieOptions } from '../http/cookie.ts';

/**
 * The options of `response.setCookie()`. Times are in seconds, as on the
 * wire (express's `maxAge` is in milliseconds; this one is not).
 */
export interface CookieOptions extends SetCookieOptions {
  /** `Path`; `null` leaves it out (the browser then uses the request's directory). @default '/' */
  readonly path?: string | null;
}

/** The options of `response.clearCookie()`: the ones that name the cookie to remove. */
export interface ClearCookieOptions {
  /** The `Domain` the cookie was set with. */
  readonly domain?: string | null;
  /** The `Path` the cookie was set with. @default '/' */
  readonly path?: string | null;
  /** Send `Secure` (needed for a `__Secure-`/`__Host-` name, or with `sameSite: 'None'`). */
  readonly secure?: boolean;
  /** Send `HttpOnly`. */
  readonly httpOnly?: boolean;
  /** Send `SameSite`. */
  readonly sameSite?: SetCookieOptions['sameSite'];
}

/** A time in the past that every client parses: a removed cookie expires at it. */
const EPOCH = new Date(0);

/** Run a cookie formatter, turning its coded `TypeError` into a `PoorWSGIError` with the same code. */
function formatted(name: string, value: string, options: SetCookieOptions): string {
  try {
    return formatSetCookie(name, value, options);
  } catch (err) {
    throw new PoorWSGIError('PW_ERR_COOKIE', (err as Error).message, { cause: err });
  }
}

/**
 * The `Set-Cookie` value that sets cookie `name` to `value`, `Path=/` unless
 * `options.path` says otherwise.
 * @throws PoorWSGIError `PW_ERR_COOKIE` for a bad name, value or attribute
 * @example setCookieValue('theme', 'dark', { maxAge: 3600 }) // 'theme=dark; Max-Age=3600; Path=/'
 */
export function setCookieValue(name: string, value: string, options: CookieOptions = {}): string {
  return formatted(name, value, options.path === undefined ? { ...options, path: '/' } : options);
}

/**
 * The `Set-Cookie` value that removes cookie `name`: an empty value, an
 * `expires` in 1970 and `Max-Age=0` (RFC 6265 §5.3: a client drops a
 * cookie that has expired). The domain and path must be those it was set
 * with, or the client keeps it.
 * @throws PoorWSGIError `PW_ERR_COOKIE` for a bad name or attribute
 * @example clearCookieValue('theme') // 'theme=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/'
 */
export function clearCookieValue(name: string, options: ClearCookieOptions = {}): string {
  return formatted(name, '', {
    ...options,
    path: options.path === undefined ? '/' : options.path,
    expires: EPOCH,
    maxAge: 0,
  });
}
