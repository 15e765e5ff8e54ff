/**
 * The HTTP Digest algorithms (RFC 7616 §3.3, §6.1): which hash each uses,
 * and which are the session (`-sess`) variants.
 * @module
 */

/** An HTTP Digest algorithm the framework checks. */
export type DigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess';

/** Every {@link DigestAlgorithm}, in the order RFC 7616 §6.1 registers them. */
export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = Object.freeze([
  'MD5',
  'MD5-sess',
  'SHA-256',
  'SHA-256-sess',
] as const);

/** Whether `value` is one of the {@link DIGEST_ALGORITHMS}, spelled as RFC 7616 spells it. */
export function isDigestAlgorithm(value: unknown): value is DigestAlgorithm {
  return typeof value === 'string' && (DIGEST_ALGORITHMS as readonly string[]).includes(value);
}

/** The `node:crypto` hash of an algorithm: `'md5'` or `'sha256'`. */
export function digestHash(algorithm: DigestAlgorithm): 'md5' | 'sha256' {
  return algorithm === 'MD5' || algorithm === 'MD5-sess' ? 'md5' : 'sha256';
}

/**
 * Whether an algorithm is a session variant, whose HA1 is
 * `H(H(user:realm:password):nonce:cnonce)` (RFC 7616 §3.4.2).
 */
export function isSessionAlgorithm(algorithm: DigestAlgorithm): boolean {
  return algorithm === 'MD5-sess' || algorithm === 'SHA-256-sess';
}
