/**
 * `AESSession`: a session cookie encrypted with AES-256-CTR and signed with
 * HMAC-SHA256 (encrypt-then-MAC), node:crypto only.
 * @module
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { randomFromPool } from './random-pool.ts';
import { SealedSession, type SealedSessionOptions } from './sealed-session.ts';
import { KeyCache, type SecretKeys, secretKeyList } from './secret-keys.ts';
import { SessionError } from './session-error.ts';
import { decodeBase64, encodeBase64 } from './strict-base64.ts';

const IV_LENGTH = 16;
const SIGNATURE_LENGTH = 32;

/** The encryption and MAC keys of one secret key, derived once. */
interface AesKeys {
  readonly enc: Buffer;
  readonly mac: Buffer;
}

function sha3(...parts: Uint8Array[]): Buffer {
  const hash = createHash('sha3-256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** PoorWSGI's derivation: `root = SHA3-256(key)`, then `SHA3-256(root ‖ "enc")` and `SHA3-256(root ‖ "mac")`. */
function derive(secret: Buffer): AesKeys {
  const root = sha3(secret);
  return { enc: sha3(root, Buffer.from('enc')), mac: sha3(root, Buffer.from('mac')) };
}

const KEYS = new KeyCache(derive);

function signature(keys: AesKeys, payload: Uint8Array): Buffer {
  return createHmac('sha256', keys.mac).update(payload).digest();
}

/**
 * A session whose data (a JSON object) lives in the cookie, encrypted, as
 * PoorWSGI's `AESSession`. The cookie is `b64url(iv ‖ ciphertext) "."
 * b64url(HMAC-SHA256(iv ‖ ciphertext))`, URL-safe base64 with padding; the
 * IV is 16 random bytes per write (so every write gives another cookie) and
 * the whole 128-bit block is the CTR counter. Keys: `root = SHA3-256(key)`,
 * `enc = SHA3-256(root ‖ "enc")`, `mac = SHA3-256(root ‖ "mac")`. The
 * signature is checked (in constant time) before anything is decrypted.
 *
 * `load()` throws `SessionError` for any cookie it cannot use (see
 * {@link SealedSession}); `tryLoad()` returns the error instead.
 * @example
 * const session = new AESSession(SECRET, { sameSite: 'Lax' });
 * if (session.tryLoad(req.cookies) !== null) redirect('/login');
 */
export class AESSession extends SealedSession {
  readonly #keys: AesKeys[];

  /**
   * @param secretKey a key, or a list of keys (the first seals, all open: key rotation)
   * @throws PoorWSGIError `PW_ERR_SESSION` for a missing or empty key or a
   *   bad lifetime; `PW_ERR_COOKIE` for a bad cookie attribute
   */
  constructor(secretKey: SecretKeys | null | undefined, options: SealedSessionOptions = {}) {
    // the key first, as PoorWSGI checks it before the cookie options
    const secrets = secretKeyList('AESSession', secretKey);
    super(options);
    this.#keys = KEYS.materials(secrets);
  }

  protected seal(plain: Buffer): string {
    const keys = this.#keys[0] as AesKeys;
    const iv = randomFromPool(IV_LENGTH);
    const cipher = createCipheriv('aes-256-ctr', keys.enc, iv);
    const payload = Buffer.concat([iv, cipher.update(plain), cipher.final()]);
    return `${encodeBase64(payload, true)}.${encodeBase64(signature(keys, payload), true)}`;
  }

  protected open(value: string): Buffer {
    const dot = value.indexOf('.');
    const payload = dot < 0 ? undefined : decodeBase64(value.slice(0, dot), true);
    const sig = dot < 0 ? undefined : decodeBase64(value.slice(dot + 1), true);
    if (payload === undefined || sig === undefined || sig.length !== SIGNATURE_LENGTH || payload.length <= IV_LENGTH) {
      throw new SessionError('Bad session data.', 'malformed');
    }
    // every key is tried, so the time taken does not tell which one matched
    let keys: AesKeys | undefined;
    for (const candidate of this.#keys) {
      if (timingSafeEqual(signature(candidate, payload), sig) && keys === undefined) keys = candidate;
    }
    if (keys === undefined) throw new SessionError('Bad session data.', 'signature');
    const decipher = createDecipheriv('aes-256-ctr', keys.enc, payload.subarray(0, IV_LENGTH));
    return Buffer.concat([decipher.update(payload.subarray(IV_LENGTH)), decipher.final()]);
  }
}
