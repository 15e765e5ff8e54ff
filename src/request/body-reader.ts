import { HTTPException } from '../errors/http-exception.ts';
import { HTTP_BAD_REQUEST, HTTP_REQUEST_TIME_OUT } from '../http/status.ts';
import type { RawRequest } from './raw-request.ts';
import { type ReadWatchdog, type Watched, watchdogFor } from './read-watchdog.ts';

/** Something that hands out body chunks one at a time; `null` at the end. */
export interface ChunkSource {
  next(): Promise<Uint8Array | null>;
}

/** Any event listener: `never[]` parameters, so that listeners of every signature fit. */
type Listener = (...args: never[]) => void;

/**
 * The event side of Node's `IncomingMessage` that both body paths use: the
 * streaming reader and the whole-body collector of the node:http hot path.
 */
export interface EventedBody {
  on(event: string, listener: Listener): unknown;
  off(event: string, listener: Listener): unknown;
  pause(): unknown;
  resume(): unknown;
  readonly readableEnded?: boolean;
  readonly destroyed?: boolean;
  /** True once Node received the whole body (on HTTP/2, also once the stream is closed or reset). */
  readonly complete?: boolean;
  /** True when the client went away before the end of the body (on HTTP/2: it reset the stream). */
  readonly aborted?: boolean;
}

/** True for a body read from events (node:http); other transports are read as async iterables. */
export function isEventedBody(raw: unknown): raw is RawRequest & EventedBody {
  const body = raw as Partial<Record<keyof EventedBody, unknown>>;
  return (
    typeof body.on === 'function' &&
    typeof body.off === 'function' &&
    typeof body.pause === 'function' &&
    typeof body.resume === 'function'
  );
}

/** The error of a client that went away before the end of its body (400: nobody is left to read it). */
export function clientGone(): HTTPException {
  return new HTTPException(HTTP_BAD_REQUEST, { error: 'Client closed the connection before the end of the body' });
}

/** The error of a client that sent nothing of its body for `readTimeout` seconds. */
export function readTimedOut(): HTTPException {
  return new HTTPException(HTTP_REQUEST_TIME_OUT, { error: 'Timed out while receiving data' });
}

/**
 * Reads a request body chunk by chunk, as the transport delivers it: on
 * node:http one chunk per `data` event (so one HTTP chunk of a chunked body
 * stays one chunk when it arrives whole), elsewhere from the async iterator.
 * Framing is Node's; nothing here parses `Transfer-Encoding`. The stream is
 * paused while a chunk waits to be taken, so memory holds at most one chunk.
 *
 * A client that sends nothing for `timeout` seconds while a chunk is awaited
 * gets `HTTPException(408)`; one that closes the connection first gives
 * `HTTPException(400)` (nobody is left to read it).
 * @example
 * const reader = new BodyReader(req.raw, 10);
 * for (let chunk = await reader.next(); chunk !== null; chunk = await reader.next()) hash.update(chunk);
 */
export class BodyReader implements ChunkSource {
  readonly #raw: RawRequest;
  readonly #evented: (RawRequest & EventedBody) | null;
  #iterator: AsyncIterator<Uint8Array> | null = null;
  #attached = false;
  #queue: Uint8Array[] = [];
  #waiter: { resolve: (chunk: Uint8Array | null) => void; reject: (err: unknown) => void } | null = null;
  /** The shared timer of this timeout (see read-watchdog.ts); `undefined` waits forever. */
  readonly #dog: ReadWatchdog | undefined;
  /** This reader's entry in the watchdog's list, watched while a chunk is awaited. */
  readonly #watched: Watched;
  #ended = false;
  #error: unknown = null;
  #released = false;
  /** Body bytes received so far. */
  bytesRead = 0;

  /**
   * @param raw the transport request
   * @param timeout seconds to wait for the next bytes; 0 waits forever
   */
  constructor(raw: RawRequest, timeout = 10) {
    this.#raw = raw;
    this.#dog = timeout > 0 ? watchdogFor(Math.ceil(timeout * 1000)) : undefined;
    this.#evented = isEventedBody(raw) ? raw : null;
    // a body with no socket behind it has nothing else to keep the process waiting for its 408
    const keepsAlive = this.#evented === null;
    this.#watched = { stamp: 0, prev: null, next: null, expire: () => this.#expire(), keepsAlive };
  }

  /** True once reading began. */
  get started(): boolean {
    return this.#attached || this.#iterator !== null;
  }

  /** True once the end of the body was read. */
  get ended(): boolean {
    return this.#ended;
  }

  /** True when reading began and stopped before the end (a limit, an error, a handler that read part). */
  get incomplete(): boolean {
    return this.started && !this.#ended;
  }

  /**
   * The next chunk, `null` at the end of the body.
   * @throws HTTPException 408 when the client stalls, 400 when it went away
   */
  next(): Promise<Uint8Array | null> {
    if (this.#error !== null) return Promise.reject(this.#error);
    if (this.#evented !== null) return this.#nextEvented(this.#evented);
    return this.#nextIterated();
  }

  #nextEvented(raw: RawRequest & EventedBody): Promise<Uint8Array | null> {
    if (!this.#attached) this.#attach(raw);
    const chunk = this.#queue.shift();
    if (chunk !== undefined) {
      if (this.#queue.length === 0 && !this.#ended) raw.resume();
      return Promise.resolve(chunk);
    }
    if (this.#ended) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
      this.#arm();
      raw.resume();
    });
  }

  #attach(raw: RawRequest & EventedBody): void {
    this.#attached = true;
    if (raw.readableEnded) {
      this.#ended = true;
      return;
    }
    raw.on('data', this.#onData);
    raw.on('end', this.#onEnd);
    raw.on('error', this.#onGone);
    raw.on('close', this.#onClose);
  }

  #detach(raw: RawRequest & EventedBody): void {
    raw.off('data', this.#onData);
    raw.off('end', this.#onEnd);
    raw.off('error', this.#onGone);
    raw.off('close', this.#onClose);
  }

  readonly #onData = (chunk: unknown): void => {
    const bytes = chunk as Uint8Array;
    this.bytesRead += bytes.byteLength;
    const waiter = this.#waiter;
    if (waiter !== null) {
      this.#waiter = null;
      this.#disarm();
      waiter.resolve(bytes);
    } else {
      this.#queue.push(bytes);
      this.#evented?.pause();
    }
  };

  readonly #onEnd = (): void => {
    this.#ended = true;
    this.#disarm();
    const waiter = this.#waiter;
    this.#waiter = null;
    waiter?.resolve(null);
  };

  readonly #onGone = (): void => {
    if (!this.#ended) this.#fail(clientGone());
  };

  readonly #onClose = (): void => {
    // 'close' after 'end' is the normal order; before it, the client is gone
    if (!this.#ended) this.#fail(clientGone());
  };

  async #nextIterated(): Promise<Uint8Array | null> {
    if (this.#ended) return null;
    this.#iterator ??= this.#raw[Symbol.asyncIterator]();
    const pending = this.#iterator.next();
    pending.catch(() => {});
    const result = await new Promise<IteratorResult<Uint8Array>>((resolve, reject) => {
      this.#waiter = { resolve: () => {}, reject };
      this.#arm();
      pending.then(resolve, reject);
    }).finally(() => {
      this.#waiter = null;
      this.#disarm();
    });
    if (result.done) {
      this.#ended = true;
      return null;
    }
    this.bytesRead += result.value.byteLength;
    return result.value;
  }

  /** Watch for silence while a chunk is awaited: the same shared timer as the collector's. */
  #arm(): void {
    this.#dog?.watch(this.#watched);
  }

  #disarm(): void {
    this.#dog?.unwatch(this.#watched);
  }

  /** The client sent nothing for the whole timeout. */
  #expire(): void {
    this.#fail(readTimedOut());
    this.#evented?.pause();
    this.#iterator?.return?.().catch(() => {});
  }

  #fail(err: unknown): void {
    if (this.#error !== null) return;
    this.#error = err;
    this.#disarm();
    const waiter = this.#waiter;
    this.#waiter = null;
    waiter?.reject(err);
  }

  /**
   * Read and throw away the rest of the body, at most `maxBytes` more, so that
   * the answer to a refused body reaches a client still sending it.
   * @returns true when the end of the body was reached
   */
  async drain(maxBytes: number): Promise<boolean> {
    this.#queue = [];
    let drained = 0;
    try {
      for (let chunk = await this.next(); chunk !== null; chunk = await this.next()) {
        drained += chunk.byteLength;
        if (drained > maxBytes) return false;
      }
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Stop reading: listeners are removed and a node:http body is left flowing,
   * so that Node throws the rest away. Safe to call again.
   */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#disarm();
    this.#queue = [];
    if (this.#error === null && !this.#ended) this.#fail(new Error('The body reader was released'));
    const raw = this.#evented;
    if (raw !== null) {
      if (this.#attached) this.#detach(raw);
      if (!this.#ended && !raw.destroyed) raw.resume();
    } else if (this.#iterator !== null && !this.#ended) {
      this.#iterator.return?.().catch(() => {});
    }
  }
}
