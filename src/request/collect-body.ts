import { HTTPException } from '../errors/http-exception.ts';
import { HTTP_BAD_REQUEST, HTTP_REQUEST_TIME_OUT } from '../http/status.ts';

/** The event side of Node's `IncomingMessage` that {@link collectBody} uses. */
export interface EventedBody {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  off(event: 'data', listener: (chunk: Buffer) => void): unknown;
  off(event: 'end' | 'close', listener: () => void): unknown;
  /** True once Node received the whole body. */
  readonly complete?: boolean;
}

/** True when `raw` is an event-emitting Node body (not a Fetch adapter body). */
export function isEventedBody(raw: unknown): raw is EventedBody {
  return typeof (raw as { on?: unknown }).on === 'function' && typeof (raw as { off?: unknown }).off === 'function';
}

/**
 * One body being collected. A class with bound methods rather than closures:
 * the hot path makes no function per request beyond three `bind`s.
 */
class Collector {
  readonly #raw: EventedBody;
  readonly #timeoutMs: number;
  readonly #resolve: (body: Uint8Array) => void;
  readonly #reject: (err: unknown) => void;
  readonly #chunks: Buffer[] = [];
  #size = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly onData = this.#onData.bind(this);
  readonly onEnd = this.#onEnd.bind(this);
  readonly onClose = this.#onClose.bind(this);
  readonly onTimeout = this.#onTimeout.bind(this);

  constructor(
    raw: EventedBody,
    timeoutSeconds: number,
    resolve: (body: Uint8Array) => void,
    reject: (err: unknown) => void,
  ) {
    this.#raw = raw;
    this.#timeoutMs = timeoutSeconds * 1000;
    this.#resolve = resolve;
    this.#reject = reject;
    raw.on('data', this.onData);
    raw.on('end', this.onEnd);
    raw.on('close', this.onClose);
    this.#arm();
  }

  #arm(): void {
    if (this.#timeoutMs <= 0) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(this.onTimeout, this.#timeoutMs);
  }

  #onData(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#size += chunk.byteLength;
    this.#arm();
  }

  #onEnd(): void {
    this.#stop();
    const chunks = this.#chunks;
    this.#resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, this.#size));
  }

  #onClose(): void {
    if (this.#raw.complete === true) return;
    this.#stop();
    this.#reject(
      new HTTPException(HTTP_BAD_REQUEST, { error: 'Client closed the connection before the end of the body' }),
    );
  }

  #onTimeout(): void {
    this.#stop();
    this.#reject(new HTTPException(HTTP_REQUEST_TIME_OUT, { error: 'Timed out while receiving data' }));
  }

  #stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#raw.off('data', this.onData);
    this.#raw.off('end', this.onEnd);
    this.#raw.off('close', this.onClose);
  }
}

/**
 * Collect a body of known length (at most the limit, checked by the caller;
 * Node's framing stops at the length) with plain `data`/`end` listeners: the
 * hot path of a small JSON or form POST, with no async iterator and one
 * timer. A client silent for `timeoutSeconds` gets 408, one that goes away
 * first 400, as with the general body reader.
 */
export function collectBody(raw: EventedBody, timeoutSeconds: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    new Collector(raw, timeoutSeconds, resolve, reject);
  });
}
