/**
 * HA1, the value an htdigest file stores for a user: `H(user:realm:password)`
 * as lowercase hexadecimal (RFC 7616 §3.4.2). A server checking HTTP Digest
 * needs only HA1, never the password.
 * @module
 */
import { createHash } from 'node:crypto';
import { type DigestAlgorithm, digestHash, isDigestAlgorithm } from '../crypto/digest-algorithm.ts';
import { ERROR_CODES } from '../errors/codes.ts';
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';

/**
 * `H(user:realm:password)` in lowercase hexadecimal, the strings encoded as
 * UTF-8 (what browsers, curl and Python `requests` send for non-ASCII names).
 *
 * @param algorithm `'MD5'` (the default, the htdigest format) or `'SHA-256'`.
 *   The `-sess` variants store the HA1 of their base algorithm (their session
 *   part, `H(HA1:nonce:cnonce)`, is made per request), so an application's
 *   `authAlgorithm` can be passed as it is.
 * @throws PoorWSGIError `PW_ERR_PASSWORD_ENTRY` for an algorithm not listed
 * @example
 * hexdigest('user', 'User Zone', 'looser'); // '99f490dffe2c74a7f13d0cf9b61098a5'
 * hexdigest('sha', 'User Zone', 'sha', 'SHA-256'); // 64 hexadecimal digits
 */
export function hexdigest(user: string, realm: string, password: string, algorithm: DigestAlgorithm = 'MD5'): string {
  if (!isDigestAlgorithm(algorithm)) {
    throw new PoorWSGIError(
      ERROR_CODES.PW_ERR_PASSWORD_ENTRY,
      `Unknown Digest algorithm ${JSON.stringify(algorithm)}: use 'MD5', 'MD5-sess', 'SHA-256' or 'SHA-256-sess'`,
    );
  }
  return createHash(digestHash(algorithm)).update(`${user}:${realm}:${password}`, 'utf8').digest('hex');
}
