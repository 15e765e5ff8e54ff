/**
 * The default {@link NonceCountStore}: the nonce counts of one process, in
 * memory, bounded.
 * @module
 */
import type { NonceCountStore } from './nonce-store.ts';

/** The settings of a {@link MemoryNonceStore}. */
export interface MemoryNonceStoreOptions {
  /**
   * Most nonces remembered at once; when full, the nonce first used longest
   * ago is dropped.
   * @default 10000
   */
  readonly maxNonces?: number;
  /** The clock, in epoch seconds (tests give their own). @default Date.now() / 1000 */
  readonly now?: () => number;
}

interface Entry {
  count: number;
  /** When the nonce stops being accepted, in whole epoch seconds. */
  readonly expires: number;
}

/**
 * A store's clock and a checker's clock may read one second apart (a second
 * boundary between them), so two computations of one nonce's expiry may
 * differ by one second.
 */
const CLOCK_SLACK = 1;

function defaultNow(): number {
  return Date.now() / 1000;
}

/**
 * The highest nonce count of each nonce, in a `Map` of at most `maxNonces`
 * entries (10,000 by default, about 2 MB): never unbounded, whatever the
 * clients send, since a nonce is recorded only after its request's
 * credentials were verified.
 *
 * - A nonce whose lifetime is over is dropped (each call looks at the front
 *   of the queue of first uses).
 * - When the map is full, the nonce first used longest ago is dropped. A
 *   dropped nonce that is not expired yet could be replayed if it were
 *   treated as new, so the store remembers the latest expiry time of such
 *   nonces and refuses every nonce it does not know that expires no later:
 *   it fails closed (the client is sent a new nonce), never open.
 *
 * Every process has its own; an application served by several processes
 * shares one store instead (`RedisNonceStore`).
 * @example app.authNonceStore = new MemoryNonceStore({ maxNonces: 50_000 });
 */
export class MemoryNonceStore implements NonceCountStore {
  /** Most nonces remembered at once. */
  readonly maxNonces: number;
  readonly #now: () => number;
  /** Nonce -> its highest count. */
  readonly #entries = new Map<string, Entry>();
  /**
   * The nonces in the order of first use, from `#head` on: a queue apart from
   * the map, because taking the first key of a map whose front was deleted
   * again and again walks past every deleted slot (V8 keeps them until it rehashes).
   */
  #order: string[] = [];
  #head = 0;
  /** The latest expiry of a nonce dropped to make room before it expired; 0 when none was. */
  #horizon = 0;

  /**
   * @throws RangeError with code `PW_ERR_DIGEST` when `maxNonces` is not a whole number >= 1
   */
  constructor(options: MemoryNonceStoreOptions = {}) {
    const max = options.maxNonces ?? 10_000;
    if (!Number.isSafeInteger(max) || max < 1) {
      throw Object.assign(new RangeError(`maxNonces must be a whole number >= 1 (got ${String(max)})`), {
        code: 'PW_ERR_DIGEST',
      });
    }
    this.maxNonces = max;
    this.#now = options.now ?? defaultNow;
  }

  /** How many nonces are remembered now. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Record `count` for `nonce`: `true` when it is greater than every count
   * recorded for it (a first use too), `false` for a repeated or lower count,
   * and for a nonce unknown to the store that may have been dropped to make
   * room. Synchronous: a handler behind `checkDigest` stays synchronous.
   */
  advance(nonce: string, count: number, lifetimeSeconds: number): boolean {
    const now = Math.floor(this.#now());
    this.#dropExpired(now);
    const entry = this.#entries.get(nonce);
    if (entry !== undefined) {
      if (count <= entry.count) return false;
      entry.count = count;
      return true;
    }
    const expires = now + Math.ceil(lifetimeSeconds);
    if (this.#horizon !== 0 && expires <= this.#horizon + CLOCK_SLACK) return false;
    if (this.#entries.size >= this.maxNonces) this.#dropFirst();
    this.#entries.set(nonce, { count, expires });
    this.#order.push(nonce);
    return true;
  }

  /** Remove the nonce first used longest ago from the queue and the map (they hold the same nonces). */
  #shift(nonce: string): void {
    this.#entries.delete(nonce);
    this.#head++;
    // the queue is compacted once half of it is gone: each nonce is moved at most once on average
    if (this.#head > 1024 && this.#head * 2 > this.#order.length) {
      this.#order = this.#order.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Drop the expired nonces at the front of the queue (the ones first used earliest). */
  #dropExpired(now: number): void {
    while (this.#head < this.#order.length) {
      const nonce = this.#order[this.#head] as string;
      if ((this.#entries.get(nonce) as Entry).expires > now) return;
      this.#shift(nonce);
    }
  }

  /**
   * Drop the nonce first used longest ago (the map is full, so there is
   * one), and remember its expiry: it has not expired (the expired ones at
   * the front were dropped just before), so it could be replayed.
   */
  #dropFirst(): void {
    const nonce = this.#order[this.#head] as string;
    const expires = (this.#entries.get(nonce) as Entry).expires;
    this.#shift(nonce);
    this.#horizon = Math.max(this.#horizon, expires);
  }
}
