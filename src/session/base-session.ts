/**
 * What every session class shares: the cookie it lives in (name and
 * attributes, checked once when the session is made), writing its
 * `Set-Cookie` header, and destroying it.
 * @module
 */
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import { checkCookieName, checkCookieOptions, formatSetCookie, type SameSite } from '../http/cookie.ts';
import { type HeaderPair, Headers } from '../http/headers.ts';
import type { BaseResponse } from '../response/base-response.ts';
import { SessionError } from './session-error.ts';

/** The cookies a session loads from: `req.cookies` (name → value). */
export type CookieJar = Readonly<Record<string, string>>;

/** The options of every session class: the cookie's name and attributes. */
export interface SessionOptions {
  /**
   * Seconds from now for the cookie's `expires` attribute, set on every
   * write; `0` leaves it out (the browser forgets the cookie when it closes).
   * @default 0
   */
  readonly expires?: number;
  /** `Max-Age` in seconds (a positive integer), or `null` for none. @default null */
  readonly maxAge?: number | null;
  /** `Domain`; `''` or `null` for none (the cookie goes back to this host only). @default '' */
  readonly domain?: string | null;
  /** `Path`; `null` leaves it out. @default '/' */
  readonly path?: string | null;
  /** `Secure`: the cookie is sent over HTTPS only. @default false */
  readonly secure?: boolean;
  /** `HttpOnly`: page scripts cannot read the cookie. @default true */
  readonly httpOnly?: boolean;
  /** `SameSite`: `'Strict'`, `'Lax'`, `'None'` (needs `secure`) or `false` for none. @default false */
  readonly sameSite?: SameSite | false;
  /** The cookie name. @default 'SESSID' */
  readonly sid?: string;
}

/** A time in the past that every client parses: the `expires` of a destroyed session. */
const EPOCH = new Date(0);

/** A `PoorWSGIError` with `code` from a coded `TypeError` of the cookie codec (same message). */
function cookieOptionError(err: unknown): PoorWSGIError {
  return new PoorWSGIError('PW_ERR_COOKIE', (err as Error).message, { cause: err });
}

/**
 * The base of `Session`, `PoorSession` and `AESSession`: one cookie, its
 * attributes and its header. Subclasses say what the cookie's value is
 * ({@link BaseSession.write}) and how it is read ({@link BaseSession.load}).
 */
export abstract class BaseSession {
  /** The cookie name. */
  readonly sid: string;
  /** Seconds from a write to the cookie's `expires`; `0` for none. */
  readonly expires: number;
  /** `Max-Age` in seconds, `null` for none. */
  readonly maxAge: number | null;
  /** `Domain`, `''` for none. */
  readonly domain: string;
  /** `Path`, `null` for none. */
  readonly path: string | null;
  /** `Secure`: the cookie goes over HTTPS only. */
  readonly secure: boolean;
  /** `HttpOnly`: page scripts cannot read the cookie. */
  readonly httpOnly: boolean;
  /** `SameSite`, `false` for none. */
  readonly sameSite: SameSite | false;
  #destroyed = false;

  /**
   * @throws PoorWSGIError `PW_ERR_COOKIE` for a bad name or attribute (a
   *   `sameSite` that is not `'Strict'`, `'Lax'`, `'None'` or `false`; `'None'`
   *   without `secure`; a bad domain or path; an `expires` or `maxAge` that is
   *   not a non-negative or positive integer)
   */
  constructor(options: SessionOptions = {}) {
    const {
      expires = 0,
      maxAge = null,
      domain = '',
      path = '/',
      secure = false,
      httpOnly = true,
      sameSite = false,
      sid = 'SESSID',
    } = options;
    try {
      checkCookieName(sid);
      checkCookieOptions(sid, { domain: domain || null, path, secure, sameSite });
    } catch (err) {
      throw cookieOptionError(err);
    }
    if (!Number.isSafeInteger(expires) || expires < 0) {
      throw new PoorWSGIError(
        'PW_ERR_COOKIE',
        `Session expires must be 0 or a number of seconds (got ${String(expires)})`,
      );
    }
    if (maxAge !== null && !(Number.isSafeInteger(maxAge) && maxAge > 0)) {
      throw new PoorWSGIError(
        'PW_ERR_COOKIE',
        `Session maxAge must be a positive number of seconds or null (got ${String(maxAge)})`,
      );
    }
    this.sid = sid;
    this.expires = expires;
    this.maxAge = maxAge;
    this.domain = domain ?? '';
    this.path = path;
    this.secure = secure === true;
    this.httpOnly = httpOnly !== false;
    this.sameSite = sameSite;
  }

  /** True after {@link BaseSession.destroy}: the next header removes the cookie. */
  get destroyed(): boolean {
    return this.#destroyed;
  }

  /**
   * Read the session from the request's cookies (`req.cookies`). A missing or
   * empty cookie changes nothing.
   * @throws SessionError when the cookie is there but cannot be read (sealed
   *   sessions only); the session is then empty
   */
  abstract load(cookies: CookieJar | null | undefined): void;

  /**
   * The cookie's value for the current data (what the `Set-Cookie` header
   * carries); `''` once destroyed.
   */
  abstract write(): string;

  /** Seconds since the epoch, now: the clock of the cookie's `expires` (sealed sessions may be given their own). */
  protected now(): number {
    return Date.now() / 1000;
  }

  /** Forget the data (on {@link BaseSession.destroy}). */
  protected abstract clear(): void;

  /**
   * {@link BaseSession.load}, but a bad cookie gives an empty session and
   * the error is returned rather than thrown (to log it, or to ignore it).
   * @returns the `SessionError` `load()` would have thrown, or `null`
   * @example
   * const session = new PoorSession(app.secretKey);
   * session.tryLoad(req.cookies); // a forged or expired cookie: just no session
   * if (typeof session.data.user !== 'string') redirect('/login');
   */
  tryLoad(cookies: CookieJar | null | undefined): SessionError | null {
    try {
      this.load(cookies);
      return null;
    } catch (err) {
      if (err instanceof SessionError) return err;
      throw err;
    }
  }

  /**
   * Destroy the session: the data is cleared and the next
   * {@link BaseSession.header} removes the cookie (an empty value, `Max-Age=0`
   * and an `expires` in the past, with the same `Domain`, `Path`, `Secure`,
   * `HttpOnly` and `SameSite`).
   */
  destroy(): void {
    this.#destroyed = true;
    this.clear();
  }

  /**
   * The `Set-Cookie` header of the session (after {@link BaseSession.write}),
   * as `[name, value]` pairs; added to `target` too when one is given (a
   * response or its `Headers`, empty or not).
   * @throws PoorWSGIError `PW_ERR_SESSION` when the data cannot be written
   * @example
   * const response = new RedirectResponse('/private');
   * session.header(response);
   */
  header(target?: BaseResponse | Headers): HeaderPair[] {
    const value = this.#destroyed ? '' : this.write();
    const live = !this.#destroyed;
    let header: string;
    try {
      header = formatSetCookie(this.sid, value, {
        domain: this.domain || null,
        expires: live ? (this.expires > 0 ? new Date((Math.trunc(this.now()) + this.expires) * 1000) : null) : EPOCH,
        httpOnly: this.httpOnly,
        maxAge: live ? this.maxAge : 0,
        path: this.path,
        sameSite: this.sameSite,
        secure: this.secure,
      });
    } catch (err) {
      // only the value can be bad here (the rest was checked when the session was made): a plain Session's data
      throw cookieOptionError(err);
    }
    const pair: HeaderPair = ['Set-Cookie', header];
    if (target !== undefined) (target instanceof Headers ? target : target.headers).append(pair[0], pair[1]);
    return [pair];
  }
}
