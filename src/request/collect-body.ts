/**
 * The node:http hot path of the one body reader: a whole small body of known
 * length collected from Node's events with no promise and no closure, timed
 * by the same shared watchdog and failing with the same errors as
 * `BodyReader` (`body-reader.ts`), which reads every other body.
 * @module
 */
import type { HTTPException } from '../errors/http-exception.ts';
import { clientGone, type EventedBody, readTimedOut } from './body-reader.ts';
import { type ReadWatchdog, type Watched, watchdogFor } from './read-watchdog.ts';

/** What a collection ends with: the body, or the error (400, 408) and no body. */
export type Collected<C> = (context: C, err: unknown, body: Uint8Array | undefined) => void;

// The collector rides on the request it reads: the three listeners are
// module functions shared by every request, and find it through `this`.
const COLLECTOR: unique symbol = Symbol('poorwsgi.collector');

interface Carrier extends EventedBody {
  [COLLECTOR]?: Collector<unknown>;
}

/** One body being collected; no closures, no timer of its own. */
class Collector<C> implements Watched {
  readonly #raw: EventedBody;
  readonly #dog: ReadWatchdog | undefined;
  readonly #callback: Collected<C>;
  readonly #context: C;
  #chunks: Buffer[] | undefined;
  #first: Buffer | undefined;
  #size = 0;
  #done = false;
  stamp = 0;
  prev: Watched | null = null;
  next: Watched | null = null;

  constructor(raw: EventedBody, dog: ReadWatchdog | undefined, callback: Collected<C>, context: C) {
    this.#raw = raw;
    this.#dog = dog;
    this.#callback = callback;
    this.#context = context;
  }

  data(chunk: Buffer): void {
    if (this.#done) return;
    // most bodies come in one chunk: no array for them
    if (this.#first === undefined) this.#first = chunk;
    else (this.#chunks ??= [this.#first]).push(chunk);
    this.#size += chunk.byteLength;
    if (this.#dog !== undefined) this.#dog.touch(this);
  }

  end(): void {
    if (!this.#finish()) return;
    const body =
      this.#chunks !== undefined ? Buffer.concat(this.#chunks, this.#size) : (this.#first ?? Buffer.alloc(0));
    this.#callback(this.#context, undefined, body);
  }

  close(): void {
    // HTTP/2 calls a stream reset by the client `complete` too, and ends the body after `close`: `aborted` tells
    if ((this.#raw.complete === true && this.#raw.aborted !== true) || !this.#finish()) return;
    this.#fail(clientGone());
  }

  expire(): void {
    if (!this.#finish()) return;
    this.#fail(readTimedOut());
  }

  /** Mark the collection over; false when it already was. The listeners stay: later events are ignored. */
  #finish(): boolean {
    if (this.#done) return false;
    this.#done = true;
    this.#dog?.unwatch(this);
    return true;
  }

  #fail(err: HTTPException): void {
    this.#chunks = undefined;
    this.#first = undefined;
    this.#callback(this.#context, err, undefined);
  }
}

function onData(this: Carrier, chunk: Buffer): void {
  this[COLLECTOR]?.data(chunk);
}

function onEnd(this: Carrier): void {
  this[COLLECTOR]?.end();
}

function onClose(this: Carrier): void {
  this[COLLECTOR]?.close();
}

/**
 * Collect a body of known length (at most the limit, checked by the caller;
 * Node's framing stops at the length) from Node's `data`/`end` events, and
 * call `callback(context, err, body)` once: the hot path of a small JSON or
 * form POST, with no promise, no async iterator, no closure and no timer of
 * its own (see `read-watchdog.ts`). A client silent for `timeoutSeconds` (0:
 * forever) gets 408, one that goes away first 400, as with the general body
 * reader. The callback never throws into Node's event emitter: call it
 * with a function that catches.
 */
export function collectBody<C>(raw: EventedBody, timeoutSeconds: number, callback: Collected<C>, context: C): void {
  const dog = timeoutSeconds > 0 ? watchdogFor(Math.ceil(timeoutSeconds * 1000)) : undefined;
  const collector = new Collector(raw, dog, callback, context);
  (raw as Carrier)[COLLECTOR] = collector as Collector<unknown>;
  dog?.watch(collector);
  raw.on('data', onData);
  raw.on('end', onEnd);
  raw.on('close', onClose);
}

interface Settle {
  resolve(body: Uint8Array): void;
  reject(err: unknown): void;
}

function settle(target: Settle, err: unknown, body: Uint8Array | undefined): void {
  if (body === undefined) target.reject(err);
  else target.resolve(body);
}

/** {@link collectBody} as a promise, for the callers that await. */
export function collectBodyAsync(raw: EventedBody, timeoutSeconds: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => collectBody(raw, timeoutSeconds, settle, { resolve, reject }));
}
