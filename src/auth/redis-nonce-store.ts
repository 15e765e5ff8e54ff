/**
 * A nonce-count store in Redis, for an application served by several
 * processes or machines: a Digest request replayed to any of them is refused,
 * because they all advance the same count. The `redis` package (node-redis)
 * is an optional peer dependency, loaded with `await import('redis')` only by
 * a store that makes its own client. The store fails closed and never hangs:
 * every call settles within `timeout` milliseconds, Redis down, slow or
 * silent, and a failure is a rejection, which `checkDigest` answers with 503.
 * @module
 */
import { createHash } from 'node:crypto';
import type { NonceCountStore } from '../crypto/nonce-store.ts';
import { ERROR_CODES } from '../errors/codes.ts';
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';

/**
 * What the store needs of a Redis client: one command as an array of
 * strings, the reply as a promise. A node-redis (v5, v6) client has it as it
 * is; wrap another client, e.g. ioredis:
 * `{ sendCommand: ([name, ...args]) => redis.call(name, ...args) }`.
 */
export interface RedisCommandClient {
  /** Send one command (`['EVALSHA', sha, '1', key, ...]`) and resolve with its reply. */
  sendCommand(args: string[]): Promise<unknown>;
}

/** Options of {@link RedisNonceStore}. */
export interface RedisNonceStoreOptions {
  /**
   * Where Redis is (`redis[s]://[[user][:password]@]host[:port][/db]`); the
   * store creates its client on first use, owns it, and quits it on
   * `close()`. Default `redis://127.0.0.1:6379`. Not together with `client`.
   */
  readonly url?: string;
  /**
   * An existing client to use instead (connected, or connecting on its own):
   * the store never connects, closes or reconfigures it. Not together with `url`.
   */
  readonly client?: RedisCommandClient;
  /** What the keys of the store start with. Default `'poorwsgi:nc:'`. */
  readonly keyPrefix?: string;
  /**
   * How long one `advance()` may take, connecting included, in milliseconds,
   * before it rejects. Default 1000.
   */
  readonly timeout?: number;
  /** How long the owned client waits for a TCP connection, in milliseconds. Default 1000. */
  readonly connectTimeout?: number;
  /**
   * The longest wait between two attempts of the owned client to reconnect,
   * in milliseconds (the waits double from 50 up to this). Default 1000.
   */
  readonly maxReconnectDelay?: number;
  /**
   * Told every error the owned client emits (a refused connection, a
   * dropped socket). Requests learn of them through `advance()` rejecting;
   * this is for logging them when they happen. Default: nothing.
   */
  readonly onError?: (error: Error) => void;
}

/** The part of node-redis `createClient()` options the store sets. */
interface OwnedClientOptions {
  url: string;
  disableOfflineQueue: boolean;
  commandsQueueMaxLength: number;
  socket: {
    connectTimeout: number;
    reconnectStrategy: (retries: number) => number;
  };
}

/** The part of a node-redis client the store uses when it owns it. */
interface OwnedClient extends RedisCommandClient {
  readonly isReady: boolean;
  on(event: 'error', listener: (error: Error) => void): unknown;
  connect(): Promise<unknown>;
  close(): Promise<unknown>;
  destroy(): void;
}

/** The part of the `redis` module the store uses. */
interface RedisModule {
  createClient(options: OwnedClientOptions): OwnedClient;
}

/** The code of every rejection of {@link RedisNonceStore.advance}. */
const STORE_ERROR_CODE = 'PW_ERR_NONCE_STORE';

/**
 * The compare-and-set, atomic because Redis runs a script as one command: the
 * count is stored only when it is greater than the one stored, with the
 * nonce's remaining lifetime as the key's expiry. A stored value that is not
 * a number is an error rather than a first use, so a key clobbered by
 * something else fails closed.
 */
const SCRIPT = `local seen = redis.call('GET', KEYS[1])
if seen then
  seen = tonumber(seen)
  if not seen then return redis.error_reply('ERR poorwsgi: not a nonce count at ' .. KEYS[1]) end
  if tonumber(ARGV[1]) <= seen then return 0 end
end
if ARGV[2] == '0' then redis.call('SET', KEYS[1], ARGV[1]) else redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
return 1`;

/** EVALSHA sends the digest of the script, not the script, once Redis has it cached. */
const SCRIPT_SHA = createHash('sha1').update(SCRIPT).digest('hex');

const DEFAULT_URL = 'redis://127.0.0.1:6379';
const DEFAULT_PREFIX = 'poorwsgi:nc:';
/** The owned client's command queue is bounded, and so is its memory while Redis does not answer. */
const QUEUE_LIMIT = 10_000;

/** A rejection of `advance()`: an `Error` with `code` and the underlying `cause`. */
function storeError(reason: string, cause?: unknown): Error & { code: string } {
  const error = new Error(`Redis nonce store unavailable: ${reason}`, cause === undefined ? undefined : { cause });
  return Object.assign(error, { code: STORE_ERROR_CODE });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What {@link withDeadline} rejects with: the store's error says it without a cause. */
class Deadline extends Error {}

/** Settle with `work`, or reject once `ms` milliseconds have passed. */
function withDeadline<T>(work: Promise<T>, ms: number, reason = `no answer within ${ms} ms`): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Deadline(reason)), ms);
    // a pending request keeps the process alive anyway; the timer alone must not
    timer.unref();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function argumentError(message: string): PoorWSGIError {
  return new PoorWSGIError(ERROR_CODES.PW_ERR_ARGUMENT, `RedisNonceStore ${message}`);
}

function isClient(value: unknown): value is RedisCommandClient {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'sendCommand') === 'function';
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw argumentError(`${name} must be a positive number (got ${String(value)})`);
  }
  return value;
}

/** A Redis URL, checked when the store is made rather than on the first request. */
function checkUrl(url: string): string {
  const parsed = typeof url === 'string' ? URL.parse(url) : null;
  if (parsed?.protocol !== 'redis:' && parsed?.protocol !== 'rediss:') {
    throw argumentError(`url must be a redis: or rediss: URL (got ${JSON.stringify(url)})`);
  }
  return url;
}

/** A reply of the script as a boolean: node-redis answers numbers, other clients may answer strings or bigints. */
function toAdvanced(reply: unknown): boolean {
  if (reply === 1 || reply === '1' || reply === 1n) return true;
  if (reply === 0 || reply === '0' || reply === 0n) return false;
  throw storeError(
    `unexpected reply ${JSON.stringify(typeof reply === 'bigint' ? String(reply) : reply) ?? typeof reply}`,
  );
}

/**
 * A {@link NonceCountStore} in Redis, shared by every process that uses the
 * same Redis and key prefix.
 *
 * ```ts
 * import { RedisNonceStore } from 'poorwsgi/auth';
 * app.authNonceStore = new RedisNonceStore({ url: process.env.REDIS_URL });
 * // or with a client of your own: new RedisNonceStore({ client })
 * ```
 *
 * Each nonce is one key, `keyPrefix` + nonce, holding the highest count seen
 * and expiring when the nonce does.
 */
export class RedisNonceStore implements NonceCountStore {
  readonly #keyPrefix: string;
  readonly #timeout: number;
  readonly #url: string;
  readonly #connectTimeout: number;
  readonly #maxReconnectDelay: number;
  readonly #onError: ((error: Error) => void) | undefined;
  /** The client to send commands to: given, or once the owned one has connected. */
  #client: RedisCommandClient | undefined;
  /** The client the store created, connected or not. */
  #owned: OwnedClient | undefined;
  #connecting: Promise<RedisCommandClient> | undefined;
  /** The `redis` module, loading since the constructor (a store that owns its client). */
  readonly #module: Promise<RedisModule> | undefined;
  #lastError: Error | undefined;
  #closed = false;

  /**
   * @param options a URL (the store creates and owns its client), an existing
   *   client, or {@link RedisNonceStoreOptions}
   * @throws PoorWSGIError `PW_ERR_ARGUMENT` for both `url` and `client`, or a
   *   bad prefix or duration
   */
  constructor(options: string | RedisCommandClient | RedisNonceStoreOptions = {}) {
    const settings: RedisNonceStoreOptions =
      typeof options === 'string' ? { url: options } : isClient(options) ? { client: options } : options;
    if (settings.url !== undefined && settings.client !== undefined) {
      throw argumentError('takes a url or a client, not both');
    }
    if (settings.client !== undefined && !isClient(settings.client)) {
      throw argumentError('client must have a sendCommand method');
    }
    const prefix = settings.keyPrefix ?? DEFAULT_PREFIX;
    if (typeof prefix !== 'string') {
      throw argumentError(`keyPrefix must be a string (got ${typeof prefix})`);
    }
    this.#keyPrefix = prefix;
    this.#url = checkUrl(settings.url ?? DEFAULT_URL);
    this.#client = settings.client;
    this.#timeout = positive('timeout', settings.timeout, 1000);
    this.#connectTimeout = positive('connectTimeout', settings.connectTimeout, 1000);
    this.#maxReconnectDelay = positive('maxReconnectDelay', settings.maxReconnectDelay, 1000);
    this.#onError = settings.onError;
    if (settings.client === undefined) {
      // loading node-redis takes half a second or more: begun now, it is
      // done by the first request, and no request waits for it. Loading a
      // module leaves nothing running; the connection waits for first use.
      const loading = import('redis');
      // a failure (not installed) is told by the first call; never an unhandled rejection
      loading.catch(() => {});
      this.#module = loading;
    }
  }

  /**
   * Connect the store's client now rather than on the first `advance()`,
   * once `redis` has loaded (half a second or more after the store was
   * made): called before the application listens, the first requests never
   * wait for either, and a wrong URL or a Redis that is down shows at once.
   * The client goes on trying to connect after a rejection. A store given a
   * client has nothing to do.
   *
   * @param waitMs how long to wait for the connection, in milliseconds
   * @throws (rejects) an `Error` with `code` `'PW_ERR_NONCE_STORE'` when the
   *   client is not connected within `waitMs`, `redis` is not installed or
   *   the store is closed
   * @example const store = new RedisNonceStore(url); await store.connect(); app.authNonceStore = store;
   */
  async connect(waitMs = 10_000): Promise<void> {
    const wait = positive('connect() waitMs', waitMs, waitMs);
    if (this.#client !== undefined) return;
    try {
      await withDeadline(this.#connect(), wait, `not connected within ${wait} ms`);
    } catch (error) {
      throw this.#failure(error);
    }
  }

  /** The key a nonce's count is stored under. */
  keyOf(nonce: string): string {
    return this.#keyPrefix + nonce;
  }

  /**
   * Record `count` for `nonce` if it is greater than every count recorded
   * (see {@link NonceCountStore.advance}).
   *
   * @param lifetimeSeconds the key's expiry; `Infinity` keeps it without one
   * @returns `true` for a new highest count, `false` for a repeated or lower one
   * @throws (rejects) an `Error` with `code` `'PW_ERR_NONCE_STORE'` and the
   *   underlying `cause` when Redis cannot answer within `timeout`
   *   milliseconds, or answers with an error; a `PoorWSGIError`
   *   `PW_ERR_ARGUMENT` for a count that is not a non-negative integer
   */
  async advance(nonce: string, count: number, lifetimeSeconds: number): Promise<boolean> {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw argumentError(`nonce count must be a non-negative integer (got ${count})`);
    }
    // Redis wants a positive whole number of milliseconds; a lifetime already
    // over still gets one, and the checks before the store refuse the nonce anyway
    const ttl = Number.isFinite(lifetimeSeconds) ? String(Math.max(1, Math.ceil(lifetimeSeconds * 1000))) : '0';
    try {
      return await withDeadline(this.#advance(this.keyOf(nonce), String(count), ttl), this.#timeout);
    } catch (error) {
      throw this.#failure(error);
    }
  }

  /** Any failure as the store's error, with the reason an owned client is not connected. */
  #failure(error: unknown): Error {
    if ((error as { code?: unknown }).code === STORE_ERROR_CODE) return error as Error;
    // an owned client that is not connected says why in its last error event
    const offline = this.#owned !== undefined && !this.#owned.isReady && this.#lastError !== undefined;
    const last = offline ? ` (last client error: ${this.#lastError?.message})` : '';
    return storeError(`${messageOf(error)}${last}`, error instanceof Deadline ? undefined : error);
  }

  async #advance(key: string, count: string, ttl: string): Promise<boolean> {
    const client = this.#client ?? (await this.#connect());
    try {
      return toAdvanced(await client.sendCommand(['EVALSHA', SCRIPT_SHA, '1', key, count, ttl]));
    } catch (error) {
      // Redis forgets its scripts on restart and on SCRIPT FLUSH: EVAL sends the script and caches it again
      if (!messageOf(error).startsWith('NOSCRIPT')) throw error;
      return toAdvanced(await client.sendCommand(['EVAL', SCRIPT, '1', key, count, ttl]));
    }
  }

  /** The owned client, connected: one connection attempt shared by the calls that wait for it. */
  #connect(): Promise<RedisCommandClient> {
    if (this.#closed) return Promise.reject(storeError('the store is closed'));
    if (this.#connecting === undefined) {
      const connecting = this.#open();
      this.#connecting = connecting;
      connecting.catch(() => {
        // the next call tries again from the start (installing `redis`, a new client)
        if (this.#connecting === connecting) this.#connecting = undefined;
      });
    }
    return this.#connecting;
  }

  async #open(): Promise<RedisCommandClient> {
    let redis: RedisModule;
    try {
      redis = await (this.#module as Promise<RedisModule>);
    } catch (error) {
      throw storeError('the optional package "redis" is not installed (npm install redis)', error);
    }
    // close() while the module loaded: no client may be made, it would reconnect forever
    if (this.#closed) throw storeError('the store is closed');
    const maxDelay = this.#maxReconnectDelay;
    const client = redis.createClient({
      url: this.#url,
      // while reconnecting, a command fails at once instead of waiting in a queue
      disableOfflineQueue: true,
      commandsQueueMaxLength: QUEUE_LIMIT,
      socket: {
        connectTimeout: this.#connectTimeout,
        // retries forever, so that the store recovers on its own when Redis is back, at most maxDelay apart
        reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, maxDelay),
      },
    });
    // an 'error' event nobody listens to would throw and end the process
    client.on('error', (error) => {
      this.#lastError = error;
      this.#onError?.(error);
    });
    this.#owned = client;
    try {
      await client.connect();
    } catch (error) {
      // a client that failed to connect must not go on reconnecting; one that close()
      // destroyed tells the waiting calls so, rather than its last refused connection
      this.#owned = undefined;
      if (!this.#closed) client.destroy();
      throw this.#closed ? storeError('the store is closed', error) : error;
    }
    // close() destroys a client still connecting, so one that connected is not closed
    this.#client = client;
    return client;
  }

  /**
   * Quit the client the store created (a given client is left alone); then
   * every `advance()` rejects. Pending commands get `timeout` milliseconds to
   * finish before the connection is dropped.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#client = undefined;
    const owned = this.#owned;
    if (owned === undefined) return;
    this.#owned = undefined;
    if (!owned.isReady) {
      owned.destroy();
      return;
    }
    try {
      await withDeadline(owned.close(), this.#timeout);
    } catch {
      owned.destroy();
    }
  }
}
