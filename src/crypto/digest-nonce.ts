/**
 * The server nonces and the opaque value of HTTP Digest authentication
 * (RFC 7616 §3.3), made and checked without any state on the server.
 *
 * A nonce is 48 bytes in base64url (64 characters): its expiry time (6
 * bytes, epoch seconds, big-endian; 0 when `authTimeout` is `null`), 10
 * random bytes, and HMAC-SHA256 keyed by the secret key over both and the
 * client's User-Agent. Expiry times are bucketed as PoorWSGI's: a nonce made
 * at `t` expires at `floor(t / T) * T + 2T`, so it lives between `T` and `2T`
 * seconds (`T` = `authTimeout`). The random part makes every challenge's
 * nonce its own, which the nonce-count replay check needs: two clients with
 * one User-Agent in one time bucket would otherwise share a nonce and their
 * counts would collide. A nonce whose MAC is right but whose time is up is
 * stale (`stale=true`: the client retries with the new nonce without asking
 * its user again); any other nonce is invalid.
 * @module
 */
import { createHmac, randomFillSync, timingSafeEqual } from 'node:crypto';

const EXPIRY_BYTES = 6;
const SALT_BYTES = 10;
const MAC_BYTES = 32;
const SIGNED_BYTES = EXPIRY_BYTES + SALT_BYTES;
/** A nonce's length in base64url characters: 48 bytes, no padding. */
const NONCE_PATTERN = /^[A-Za-z0-9_-]{64}$/;
/** Domain separation: the secret key also signs sessions, which must never verify as a nonce, nor a nonce as them. */
const NONCE_LABEL = 'PoorWSGI Digest nonce\0';
const OPAQUE_LABEL = 'PoorWSGI Digest opaque\0';

/**
 * How long a store keeps the nonce count of a nonce that never expires
 * (`authTimeout: null`): one day. After that a store may forget it.
 */
export const NO_TIMEOUT_LIFETIME = 86400;

/**
 * Random bytes for the salts, drawn 256 salts at a time: one call into the
 * system's generator costs as much as 4 KiB of its output (a few
 * microseconds), and a 401 is made often (every first request of a client).
 */
const SALT_POOL = Buffer.alloc(SALT_BYTES * 256);
let saltAt = SALT_POOL.length;

/** Copy the next random salt to `target` at `offset`. */
function writeSalt(target: Buffer, offset: number): void {
  if (saltAt === SALT_POOL.length) {
    randomFillSync(SALT_POOL);
    saltAt = 0;
  }
  SALT_POOL.copy(target, offset, saltAt, saltAt + SALT_BYTES);
  // a salt is used once: wiped from the pool
  SALT_POOL.fill(0, saltAt, saltAt + SALT_BYTES);
  saltAt += SALT_BYTES;
}

/** The current time in epoch seconds (fractional). */
export function nowSeconds(): number {
  return Date.now() / 1000;
}

/** The secret key of the application, as `node:crypto` takes it. */
export type SecretKey = string | Uint8Array;

function mac(secret: SecretKey, signed: Uint8Array, userAgent: string): Buffer {
  return createHmac('sha256', secret).update(NONCE_LABEL).update(signed).update(userAgent, 'utf8').digest();
}

/**
 * A new nonce for a client of this User-Agent.
 * @param timeout `authTimeout` in seconds, or `null` for a nonce that never expires
 * @param now the time in epoch seconds (tests give their own clock)
 */
export function makeNonce(secret: SecretKey, userAgent: string, timeout: number | null, now = nowSeconds()): string {
  const expiry = timeout === null ? 0 : Math.floor(now / timeout) * timeout + 2 * timeout;
  const bytes = Buffer.alloc(SIGNED_BYTES + MAC_BYTES);
  bytes.writeUIntBE(expiry, 0, EXPIRY_BYTES);
  writeSalt(bytes, EXPIRY_BYTES);
  mac(secret, bytes.subarray(0, SIGNED_BYTES), userAgent).copy(bytes, SIGNED_BYTES);
  return bytes.toString('base64url');
}

/** What {@link checkNonce} found. */
export type NonceCheck =
  /** Made by this server for this User-Agent, and not expired: `lifetime` seconds are left (at least 1). */
  | { readonly state: 'valid'; readonly lifetime: number }
  /** Made by this server for this User-Agent, but its time is up (or, after `authTimeout` was lowered, too far ahead). */
  | { readonly state: 'stale' }
  /** Not a nonce this server made for this User-Agent with this key: missing, malformed or tampered with. */
  | { readonly state: 'invalid' };

const INVALID: NonceCheck = Object.freeze({ state: 'invalid' });
const STALE: NonceCheck = Object.freeze({ state: 'stale' });

/**
 * Check a nonce a client sent back. The MAC is compared in constant time.
 * @param timeout `authTimeout` now in force (`null`: nonces never expire)
 * @param now the time in epoch seconds (tests give their own clock)
 */
export function checkNonce(
  nonce: string | undefined,
  secret: SecretKey,
  userAgent: string,
  timeout: number | null,
  now = nowSeconds(),
): NonceCheck {
  if (nonce === undefined || !NONCE_PATTERN.test(nonce)) return INVALID;
  const bytes = Buffer.from(nonce, 'base64url');
  const expected = mac(secret, bytes.subarray(0, SIGNED_BYTES), userAgent);
  if (!timingSafeEqual(bytes.subarray(SIGNED_BYTES), expected)) return INVALID;
  const expiry = bytes.readUIntBE(0, EXPIRY_BYTES);
  if (timeout === null) return expiry === 0 ? { state: 'valid', lifetime: NO_TIMEOUT_LIFETIME } : STALE;
  // a nonce of the time when nonces did not expire, or made for a longer authTimeout than now: a new one is due
  if (expiry === 0 || expiry > Math.floor(now / timeout) * timeout + 2 * timeout) return STALE;
  if (now >= expiry) return STALE;
  return { state: 'valid', lifetime: Math.max(1, Math.ceil(expiry - now)) };
}

let opaqueKey: SecretKey | undefined;
let opaqueValue = '';

/**
 * The `opaque` value of the challenges: HMAC-SHA256 of a fixed label keyed
 * by the secret key, in hexadecimal. PoorWSGI hashes the server's host
 * name; this one is the same for every process that shares the secret key,
 * on any machine, so a client may be answered by any of them.
 */
export function digestOpaque(secret: SecretKey): string {
  if (secret === opaqueKey) return opaqueValue;
  const value = createHmac('sha256', secret).update(OPAQUE_LABEL).digest('hex');
  // only a string key is remembered: the bytes of a Uint8Array may change under the same object
  if (typeof secret === 'string') {
    opaqueKey = secret;
    opaqueValue = value;
  }
  return value;
}
