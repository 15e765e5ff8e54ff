import { HTTPException } from '../errors/http-exception.ts';
import { HTTP_BAD_REQUEST, HTTP_REQUEST_TIME_OUT } from '../http/status.ts';

/** The event side of Node's `IncomingMessage` that {@link collectBody} uses. */
export interface EventedBody {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
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
 * Collect a body of known length (at most the limit, checked by the caller)
 * with plain `data`/`end` listeners: the hot path of a small JSON or form
 * POST, with no async iterator and one timer. A client silent for
 * `timeoutSeconds` gets 408, one that goes away first 400 — as the
 * general body reader does.
 */
export function collectBody(raw: EventedBody, length: number, timeoutSeconds: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.byteLength;
      arm();
    };
    const onEnd = () => done(undefined, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    const onClose = () => {
      if (raw.complete !== true) {
        done(new HTTPException(HTTP_BAD_REQUEST, { error: 'Client closed the connection before the end of the body' }));
      }
    };
    const done = (err: HTTPException | undefined, body?: Uint8Array) => {
      if (timer !== undefined) clearTimeout(timer);
      raw.off('data', onData);
      raw.off('end', onEnd);
      raw.off('close', onClose);
      if (err !== undefined) reject(err);
      else resolve(body as Uint8Array);
    };
    const arm = () => {
      if (timeoutSeconds <= 0) return;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(
        () => done(new HTTPException(HTTP_REQUEST_TIME_OUT, { error: 'Timed out while receiving data' })),
        timeoutSeconds * 1000,
      );
    };
    raw.on('data', onData);
    raw.on('end', onEnd);
    raw.on('close', onClose);
    arm();
    // the length is known and within the limit: Node's framing stops at it
    void length;
  });
}
