/**
 * `checkDigest(realm, user?)`: PoorWSGI's `check_digest` decorator, as a
 * wrapper of route handlers.
 * @module
 */
import { checkRealm } from '../crypto/digest-challenge.ts';
import { nowSeconds } from '../crypto/digest-nonce.ts';
import { isThenable } from '../http/thenable.ts';
import type { Request } from '../request/request.ts';
import { verifyDigest } from './verify-digest.ts';

/** Settings of {@link checkDigest} besides the realm and the user. */
export interface CheckDigestOptions {
  /** The clock, in epoch seconds: nonces are checked against it (tests give their own). */
  readonly now?: () => number;
}

/**
 * A handler wrapped by {@link checkDigest}: the same parameters; its result,
 * or a promise of it when the nonce count store answers with a promise.
 */
export type DigestProtected<A extends unknown[], R> = (req: Request, ...args: A) => R | Promise<Awaited<R>>;

/**
 * Let only valid HTTP Digest credentials (RFC 7616) of `realm` through to the
 * handler, and only those of `user` when it is given; `req.user` is then the
 * user name. Anything else is answered by the 401 state handler, which sends
 * the challenge (`authType: 'Digest'`; `stale=true` for a nonce whose time
 * is up or whose count was used already). See {@link verifyDigest} for what
 * is checked, and docs/digest.md.
 *
 * The handler may be synchronous or asynchronous, take path parameters, and
 * stays synchronous with a synchronous store (the default `MemoryNonceStore`).
 * @param realm the protection space, sent in the challenge: no `"`, `\` or control characters
 * @param user the one user let in, any user of the realm's `authMap` entry when left out
 * @throws TypeError with code `PW_ERR_DIGEST` for a bad realm or an empty user
 * @example
 * app.secretKey = process.env.SECRET;
 * app.authType = 'Digest';
 * app.authMap = new PasswordMap('users.digest').load();
 * app.route('/admin', checkDigest('Admin Zone')((req) => `Hello ${req.user}`));
 * app.route('/foo', checkDigest('User Zone', 'foo')((req) => 'only foo'));
 */
export function checkDigest(
  realm: string,
  user?: string,
  options: CheckDigestOptions = {},
): <A extends unknown[], R>(handler: (req: Request, ...args: A) => R) => DigestProtected<A, R> {
  checkRealm(realm);
  if (user !== undefined && (typeof user !== 'string' || user === '')) {
    throw Object.assign(new TypeError(`checkDigest's user must be a non-empty string (got ${JSON.stringify(user)})`), {
      code: 'PW_ERR_DIGEST',
    });
  }
  const now = options.now ?? nowSeconds;
  return <A extends unknown[], R>(handler: (req: Request, ...args: A) => R): DigestProtected<A, R> => {
    const protectedHandler = (req: Request, ...args: A): R | Promise<Awaited<R>> => {
      const name = verifyDigest(req, realm, user, now());
      if (isThenable(name)) {
        return name.then((verified) => {
          req.user = verified;
          return handler(req, ...args) as Awaited<R>;
        });
      }
      req.user = name;
      return handler(req, ...args);
    };
    // the handler's own name, as functools.wraps keeps it: the 500 page and the logs name it
    Object.defineProperty(protectedHandler, 'name', { value: handler.name, configurable: true });
    return protectedHandler;
  };
}
