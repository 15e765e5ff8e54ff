/**
 * `poorwsgi/session`: cookie sessions. `Session` (a plain cookie),
 * `PoorSession` (a signed, hidden, compressed JSON cookie) and `AESSession`
 * (an AES-256-CTR + HMAC-SHA256 JSON cookie), and `SessionError`, the one
 * error `load()` throws for a cookie it cannot use. See docs/sessions.md.
 * @module
 */
export { AESSession } from './aes-session.ts';
export { BaseSession, type CookieJar, type SessionOptions } from './base-session.ts';
export { PoorSession } from './poor-session.ts';
export { randomFromPool } from './random-pool.ts';
export {
  SESSION_COOKIE_LIMIT,
  SESSION_DATA_LIMIT,
  SESSION_DEPTH_LIMIT,
  SealedSession,
  type SealedSessionOptions,
  type SessionData,
  type SessionValue,
} from './sealed-session.ts';
export { KeyCache, type SecretKey, type SecretKeys, secretKeyList } from './secret-keys.ts';
export { Session } from './session.ts';
export { SessionError, type SessionErrorReason } from './session-error.ts';
export { decodeBase64, encodeBase64 } from './strict-base64.ts';
