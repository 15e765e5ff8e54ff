/**
 * The `WWW-Authenticate` challenge of HTTP Digest authentication (RFC 7616
 * §3.3), and the realms it can carry.
 * @module
 */
import type { DigestAlgorithm } from './digest-algorithm.ts';
import { digestOpaque, makeNonce, nowSeconds, type SecretKey } from './digest-nonce.ts';

/** The application settings a challenge is made from (the `auth*` options and `secretKey`). */
export interface DigestChallengeSettings {
  readonly secretKey: SecretKey | null;
  readonly authAlgorithm: DigestAlgorithm;
  readonly authQop: 'auth' | null;
  readonly authTimeout: number | null;
}

/*
 * RFC 9110 §5.6.4: quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE,
 * qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text. A realm is
 * written as it is, so it may hold no DQUOTE and no backslash (clients would
 * send it back escaped, and it would no longer compare equal), nor control
 * characters.
 */
const BAD_REALM_CHARACTER = /["\\\x00-\x1f\x7f]/;

/**
 * Check a realm: a non-empty string that a quoted string holds as it is (no
 * `"`, no `\`, no control characters).
 * @throws TypeError with code `PW_ERR_DIGEST` for any other value
 */
export function checkRealm(realm: unknown): string {
  if (typeof realm !== 'string' || realm === '' || BAD_REALM_CHARACTER.test(realm)) {
    throw Object.assign(
      new TypeError(
        `A Digest realm must be a non-empty string without '"', '\\' or control characters (got ${typeof realm === 'string' ? JSON.stringify(realm) : typeof realm})`,
      ),
      { code: 'PW_ERR_DIGEST' },
    );
  }
  return realm;
}

/**
 * The value of a `WWW-Authenticate` header asking for Digest credentials:
 * `Digest realm="…", qop="auth", algorithm=…, nonce="…", opaque="…"`, and
 * `, stale=true` when the client's nonce was stale (or its nonce count was
 * used already): its credentials were right, it retries with the new nonce
 * without asking its user. `qop` is left out when `authQop` is `null`.
 * @param userAgent the request's User-Agent (`''` without one): the nonce is bound to it
 * @param now the time in epoch seconds (tests give their own clock)
 * @throws TypeError with code `PW_ERR_DIGEST` for a bad realm or no secret key
 * @example res.headers.set('WWW-Authenticate', digestChallenge(req.app.settings, req.userAgent ?? '', 'User Zone'));
 */
export function digestChallenge(
  settings: DigestChallengeSettings,
  userAgent: string,
  realm: string,
  stale = false,
  now = nowSeconds(),
): string {
  checkRealm(realm);
  const secret = settings.secretKey;
  if (secret === null) {
    throw Object.assign(new TypeError('A Digest challenge needs the secretKey option'), { code: 'PW_ERR_DIGEST' });
  }
  const nonce = makeNonce(secret, userAgent, settings.authTimeout, now);
  const qop = settings.authQop === null ? '' : ` qop="${settings.authQop}",`;
  return `Digest realm="${realm}",${qop} algorithm=${settings.authAlgorithm}, nonce="${nonce}", opaque="${digestOpaque(secret)}"${stale ? ', stale=true' : ''}`;
}
