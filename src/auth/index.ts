/**
 * `poorwsgi/auth`: HTTP Digest authentication (RFC 7616). `checkDigest`
 * protects handlers; the application's `secretKey`, `authType: 'Digest'`,
 * `authAlgorithm`, `authQop`, `authTimeout`, `authMap` and
 * `authNonceStore` options configure it. See docs/digest.md.
 * @module
 */
export type { AuthMap, PasswordLookup } from '../crypto/auth-map.ts';
export { DIGEST_ALGORITHMS, type DigestAlgorithm } from '../crypto/digest-algorithm.ts';
export { checkRealm, type DigestChallengeSettings, digestChallenge } from '../crypto/digest-challenge.ts';
export { MemoryNonceStore, type MemoryNonceStoreOptions } from '../crypto/memory-nonce-store.ts';
export type { NonceCountStore } from '../crypto/nonce-store.ts';
export { type CheckDigestOptions, checkDigest, type DigestProtected } from './check-digest.ts';
export { type DigestCredentials, parseDigestCredentials } from './digest-params.ts';
export { hexdigest } from './hexdigest.ts';
export { type PasswordEntry, PasswordMap } from './password-map.ts';
export { type RedisCommandClient, RedisNonceStore, type RedisNonceStoreOptions } from './redis-nonce-store.ts';
export { sameTarget } from './same-target.ts';
export { digestResponse, verifyDigest } from './verify-digest.ts';
