/**
 * `PoorSession`: PoorWSGI's self-contained session cookie, compressed,
 * hidden and signed with node:crypto and node:zlib.
 * @module
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { randomFromPool } from './random-pool.ts';
import { SESSION_DATA_LIMIT, SealedSession, type SealedSessionOptions } from './sealed-session.ts';
import { KeyCache, type SecretKeys, secretKeyList } from './secret-keys.ts';
import { SessionError } from './session-error.ts';
import { decodeBase64, encodeBase64 } from './strict-base64.ts';

/** The random nonce that starts each cookie's payload: each cookie has a keystream of its own. */
const NONCE_LENGTH = 16;
const SIGNATURE_LENGTH = 32;

/** What one secret key gives, derived once. */
interface PoorKeys {
  /** Keys the SHAKE-256 keystream (with each cookie's nonce). */
  readonly stream: Buffer;
  /** The HMAC-SHA256 key. */
  readonly mac: Buffer;
  /** The byte substitution table, and its inverse. */
  readonly table: Uint8Array;
  readonly inverse: Uint8Array;
}

function shake256(length: number, ...parts: Uint8Array[]): Buffer {
  const hash = createHash('shake256', { outputLength: length });
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/**
 * A permutation of the 256 byte values, shuffled (Fisher-Yates) by numbers
 * read from `seed`: the same key always gives the same table.
 */
function permutation(seed: Buffer): Uint8Array {
  const table = new Uint8Array(256);
  for (let i = 0; i < 256; i++) table[i] = i;
  for (let i = 255; i > 0; i--) {
    // 32 random bits per step: the modulo bias (< 2^-24) does not matter for a substitution table
    const j = seed.readUInt32BE((255 - i) * 4) % (i + 1);
    const t = table[i] as number;
    table[i] = table[j] as number;
    table[j] = t;
  }
  return table;
}

/** PoorWSGI's derivation, with domain-separated SHAKE-256 outputs of the key. */
function derive(secret: Buffer): PoorKeys {
  const table = permutation(shake256(1020, Buffer.from('perm\0'), secret));
  const inverse = new Uint8Array(256);
  for (let i = 0; i < 256; i++) inverse[table[i] as number] = i;
  return {
    stream: shake256(32, Buffer.from('ks\0'), secret),
    mac: shake256(32, Buffer.from('mac\0'), secret),
    table,
    inverse,
  };
}

const KEYS = new KeyCache(derive);

function signature(keys: PoorKeys, payload: Uint8Array): Buffer {
  return createHmac('sha256', keys.mac).update(payload).digest();
}

/**
 * A session whose data (a JSON object) lives in the cookie itself, as
 * PoorWSGI's `PoorSession`: no server-side store. The cookie is
 * `base64(nonce ‖ body) "." base64(HMAC-SHA256(payload))`, standard base64
 * with padding, where `body` is the JSON compressed with raw deflate, XORed
 * with a SHAKE-256 keystream of the key and a random 16-byte nonce, then
 * passed through a byte substitution table shuffled from the key.
 *
 * The signature makes the cookie tamper-proof; the hiding keeps the data
 * from a casual reader but is not a vetted cipher: keep identifiers and
 * flags in it, not secrets, or use `AESSession`. Cookies are not
 * compatible with PoorWSGI's (which used one keystream for every cookie and
 * Python's own shuffle).
 *
 * `load()` throws `SessionError` for any cookie it cannot use (see
 * {@link SealedSession}); `tryLoad()` returns the error instead.
 * @example
 * const session = new PoorSession(app.secretKey, { sameSite: 'Lax', maxAge: 3600 });
 * session.tryLoad(req.cookies);
 * session.data.user = 'alice';
 * session.header(response);
 */
export class PoorSession extends SealedSession {
  readonly #keys: PoorKeys[];

  /**
   * @param secretKey the application's `secretKey`, or a list of keys (the
   *   first seals, all open: key rotation)
   * @throws PoorWSGIError `PW_ERR_SESSION` for a missing or empty key or a
   *   bad lifetime; `PW_ERR_COOKIE` for a bad cookie attribute
   */
  constructor(secretKey: SecretKeys | null | undefined, options: SealedSessionOptions = {}) {
    super(options);
    this.#keys = KEYS.materials(secretKeyList('PoorSession', secretKey));
  }

  protected seal(plain: Buffer): string {
    const keys = this.#keys[0] as PoorKeys;
    const packed = deflateRawSync(plain, { level: 9 });
    const nonce = randomFromPool(NONCE_LENGTH);
    const stream = shake256(packed.length, keys.stream, nonce);
    const payload = Buffer.allocUnsafe(NONCE_LENGTH + packed.length);
    nonce.copy(payload, 0);
    for (let i = 0; i < packed.length; i++) {
      payload[NONCE_LENGTH + i] = keys.table[(packed[i] as number) ^ (stream[i] as number)] as number;
    }
    return `${encodeBase64(payload, false)}.${encodeBase64(signature(keys, payload), false)}`;
  }

  protected open(value: string): Buffer {
    const dot = value.indexOf('.');
    const payload = dot < 0 ? undefined : decodeBase64(value.slice(0, dot), false);
    const sig = dot < 0 ? undefined : decodeBase64(value.slice(dot + 1), false);
    if (
      payload === undefined ||
      sig === undefined ||
      sig.length !== SIGNATURE_LENGTH ||
      payload.length <= NONCE_LENGTH
    ) {
      throw new SessionError('Bad session data.', 'malformed');
    }
    // every key is tried, so the time taken does not tell which one matched
    let keys: PoorKeys | undefined;
    for (const candidate of this.#keys) {
      if (timingSafeEqual(signature(candidate, payload), sig) && keys === undefined) keys = candidate;
    }
    if (keys === undefined) throw new SessionError('Bad session data.', 'signature');
    const nonce = payload.subarray(0, NONCE_LENGTH);
    const body = payload.subarray(NONCE_LENGTH);
    const stream = shake256(body.length, keys.stream, nonce);
    const packed = Buffer.allocUnsafe(body.length);
    for (let i = 0; i < body.length; i++) {
      packed[i] = (keys.inverse[body[i] as number] as number) ^ (stream[i] as number);
    }
    try {
      // bounded: a payload that inflates past the limit is refused, never built
      return inflateRawSync(packed, { maxOutputLength: SESSION_DATA_LIMIT });
    } catch (err) {
      throw new SessionError('Bad session data.', 'malformed', { cause: err });
    }
  }
}
