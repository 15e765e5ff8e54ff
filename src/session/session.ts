/**
 * `Session`: a plain cookie, its value stored as it is.
 * @module
 */
import { BaseSession, type CookieJar, type SessionOptions } from './base-session.ts';

/**
 * A plain cookie wrapper, as PoorWSGI's `Session`: `data` is the cookie's
 * value, sent as it is (quoted when it has to be) and read back as it came.
 * Nothing is signed or hidden: the client can read and change it, so keep
 * something in it that is protected by its own means (a signed token such as
 * a JWT, see `examples/session.ts`), or use `PoorSession`/`AESSession`.
 * @example
 * const session = new Session({ sameSite: 'Lax' });
 * session.load(req.cookies);
 * session.data = token;
 * session.header(response); // Set-Cookie: SESSID=<token>; HttpOnly; Path=/; SameSite=Lax
 */
export class Session extends BaseSession {
  /** The cookie's value. */
  data = '';

  /** @throws PoorWSGIError `PW_ERR_COOKIE` for a bad name or attribute (see `SessionOptions`) */
  constructor(options: SessionOptions = {}) {
    super(options);
  }

  /** Take the cookie's value as `data` when the cookie is there (an empty one too); never throws. */
  load(cookies: CookieJar | null | undefined): void {
    if (cookies === null || cookies === undefined || !Object.hasOwn(cookies, this.sid)) return;
    const value = cookies[this.sid];
    if (typeof value === 'string') this.data = value;
  }

  /** The cookie's value: `data` as a string, `''` once destroyed. */
  write(): string {
    return this.destroyed ? '' : String(this.data);
  }

  protected clear(): void {
    this.data = '';
  }
}
