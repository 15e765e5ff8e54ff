/**
 * The secret keys of sealed sessions: one key, or a list for rotation (the
 * first seals, every one opens), and the key material derived from each,
 * kept per key so that a session made per request derives nothing.
 * @module
 */
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';

/** One secret key: text (taken as UTF-8) or bytes. */
export type SecretKey = string | Uint8Array;

/**
 * The key(s) of a sealed session: one key, or a list for key rotation. The
 * first key of a list seals new cookies; cookies sealed with any of them
 * open. Put a new key first, keep the old one after it for as long as its
 * cookies may live, then drop it.
 */
export type SecretKeys = SecretKey | readonly SecretKey[];

/** Derived keys kept per secret at most; past it the cache starts again (a process has a few keys). */
const CACHE_LIMIT = 64;

/**
 * A cache of the key material derived from each secret by one derivation:
 * `derive(secret)` runs once per distinct secret, not once per session.
 * @internal
 */
export class KeyCache<T> {
  readonly #derive: (secret: Buffer) => T;
  readonly #cache = new Map<string, T>();

  constructor(derive: (secret: Buffer) => T) {
    this.#derive = derive;
  }

  /** The material of each key, in the order given. */
  materials(secrets: readonly Buffer[]): T[] {
    return secrets.map((secret) => {
      // latin1 maps each byte to one character: distinct secrets, distinct map keys
      const id = secret.toString('latin1');
      let material = this.#cache.get(id);
      if (material === undefined) {
        if (this.#cache.size >= CACHE_LIMIT) this.#cache.clear();
        material = this.#derive(secret);
        this.#cache.set(id, material);
      }
      return material;
    });
  }
}

/**
 * The bytes of each key, first the one that seals.
 * @throws PoorWSGIError `PW_ERR_SESSION` for no key, an empty key, or a value that is not a key
 */
export function secretKeyList(owner: string, keys: SecretKeys | null | undefined): Buffer[] {
  const list: readonly unknown[] = Array.isArray(keys) ? keys : [keys];
  if (list.length === 0) throw new PoorWSGIError('PW_ERR_SESSION', `${owner} needs a secret key (got an empty list)`);
  return list.map((key) => {
    const bytes =
      typeof key === 'string' ? Buffer.from(key, 'utf8') : key instanceof Uint8Array ? Buffer.from(key) : undefined;
    if (bytes === undefined || bytes.length === 0) {
      throw new PoorWSGIError(
        'PW_ERR_SESSION',
        `${owner} needs a secret key: a non-empty string or bytes, e.g. app.secretKey (poor_SecretKey) (got ${key === '' ? "''" : String(key)})`,
      );
    }
    return bytes;
  });
}
