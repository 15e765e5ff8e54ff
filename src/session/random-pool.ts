/**
 * Random bytes for nonces and session ids, drawn from a pool: each
 * `randomBytes(16)` call goes to the system's generator (4 µs on the
 * benchmark machine, more than a whole HMAC); one `randomFillSync` of 4 KiB
 * serves 256 of them. The bytes are the same CSPRNG's, each handed out once.
 * @module
 */
import { randomFillSync } from 'node:crypto';

const POOL = Buffer.allocUnsafe(4096);
let next = POOL.length;

/**
 * `length` (at most 4096) cryptographically strong random bytes, in a new buffer.
 * @internal
 */
export function randomFromPool(length: number): Buffer {
  if (next + length > POOL.length) {
    randomFillSync(POOL);
    next = 0;
  }
  const out = Buffer.allocUnsafe(length);
  POOL.copy(out, 0, next, next + length);
  // handed out once: wipe the copy kept here, so the pool never holds a nonce or an id in use
  POOL.fill(0, next, next + length);
  next += length;
  return out;
}
