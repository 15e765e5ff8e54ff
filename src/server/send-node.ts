import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Http2ServerResponse } from 'node:http2';
import type { Logger } from '../app/options.ts';
import type { BaseResponse, BodyChunk, PreparedResponse } from '../response/base-response.ts';
import { FileSource } from '../response/file-source.ts';
import { breakStream, isHttp2Response, writeHttp2Head } from './http2.ts';
import { writeAtTurnEnd } from './write-batch.ts';

/** A response of a Node server: `node:http`/`node:https`, or the `node:http2` compatibility API. */
type NodeResponse = ServerResponse | Http2ServerResponse;

type Source = Iterable<BodyChunk> | AsyncIterable<BodyChunk>;

/** How {@link sendNode} writes a response. */
export interface SendOptions {
  /** A HEAD request: the headers of GET, no body. @default false */
  readonly isHead?: boolean;
  /** Where write failures are logged. */
  readonly logger: Logger;
  /**
   * Add `Connection: close` (a body left unread is still on the wire). Not on
   * HTTP/2, which has no such header (RFC 9113 §8.2.2). @default false
   */
  readonly closeConnection?: boolean;
  /**
   * Most in-memory responses held until the end of the event-loop turn and
   * written together (the `batchResponses` option, see `write-batch.ts`); 0
   * or 1 writes at once. Streamed and file bodies, and HTTP/2 responses (Node's
   * HTTP/2 session writes the frames of a turn together itself), are always
   * written at once.
   * @default 0
   */
  readonly batch?: number;
}

/**
 * Write a response to a `node:http` response: status line and headers in one
 * `writeHead` with a flat array, then the body. Streams honour backpressure
 * (`write()` returning false waits for `drain`) and stop when the client goes
 * away. A file body is opened before the status line, so that a file gone
 * since the handler looked is a clean error, not a broken stream. HEAD gets
 * the headers of GET and no body. On an HTTP/2 stream (Node's compatibility
 * API) the same, with no reason phrase and no connection-specific header
 * (see `http2.ts`). Never throws.
 */
export function sendNode(response: BaseResponse, res: NodeResponse, options: SendOptions): undefined | Promise<void> {
  // (Node's HTTP/2 response has no `destroyed`: a gone stream is found below, off the HTTP/1 path)
  if (response.declined || res.destroyed) return undefined;
  const { isHead = false, logger, closeConnection = false } = options;
  // the hot path: a body in memory needs no prepare(), no Headers copy, no promise
  const data = response.wireBody();
  if (data !== undefined) {
    const wire = response.wireHeaders();
    if (isHttp2Response(res)) {
      writeHttp2(res, response.statusCode, wire, isHead ? undefined : data, logger);
      return undefined;
    }
    if (closeConnection) wire.push('Connection', 'close');
    writeAtTurnEnd(options.batch ?? 0, {
      res,
      status: response.statusCode,
      reason: response.reason,
      wire,
      body: isHead ? undefined : data,
      logger,
    });
    return undefined;
  }
  let prepared: PreparedResponse;
  try {
    prepared = response.prepare();
  } catch (err) {
    logger.error({ err }, 'Preparing the response failed:');
    return bare(res, 500);
  }
  const body = prepared.body;
  if (body.kind === 'stream' && body.source instanceof FileSource && !isHead) {
    return body.source.open().then(
      () => writeOut(prepared, res, isHead, logger, closeConnection),
      (err: unknown) => {
        logger.error({ err }, 'Opening the file to send failed:');
        const code = (err as NodeJS.ErrnoException).code;
        return bare(res, code === 'ENOENT' || code === 'ENOTDIR' ? 404 : code === 'EACCES' ? 403 : 500);
      },
    );
  }
  return writeOut(prepared, res, isHead, logger, closeConnection);
}

/** An in-memory response on an HTTP/2 stream, now (no batching: see `SendOptions.batch`). Never throws. */
function writeHttp2(
  res: Http2ServerResponse,
  status: number,
  wire: readonly string[],
  body: string | Uint8Array | undefined,
  logger: Logger,
): void {
  // reset by the client: Node's compatibility response has no `destroyed`, its stream has
  if (res.stream.destroyed) return;
  try {
    writeHttp2Head(res, status, wire);
    if (body === undefined) res.end();
    else res.end(body);
  } catch (err) {
    logger.error({ err }, 'Writing the response failed:');
    breakStream(res);
  }
}

/** Status line, headers and body; a promise only for a streamed body. */
function writeOut(
  prepared: PreparedResponse,
  res: NodeResponse,
  isHead: boolean,
  logger: Logger,
  closeConnection: boolean,
): undefined | Promise<void> {
  const body = prepared.body;
  const wire = prepared.headers.toWire();
  const http2 = isHttp2Response(res);
  try {
    // (a reset HTTP/2 stream ignores the head; the body below finds it gone)
    if (http2) writeHttp2Head(res, prepared.statusCode, wire);
    else {
      if (closeConnection) wire.push('Connection', 'close');
      res.writeHead(prepared.statusCode, prepared.reason, wire);
    }
  } catch (err) {
    logger.error({ err }, 'Writing the response headers failed:');
    if (body.kind === 'stream') closeSource(body.source);
    if (http2) breakStream(res);
    else res.destroy();
    return undefined;
  }
  if (body.kind === 'none' || isHead) {
    res.end();
    if (body.kind === 'stream') closeSource(body.source);
    return undefined;
  }
  if (body.kind === 'bytes') {
    res.end(body.data);
    return undefined;
  }
  return pipeStream(body.source, res, logger);
}

/** An empty answer with no help from the application: only when the prepared one cannot be sent. */
function bare(res: NodeResponse, code: number): undefined {
  if (!res.headersSent) res.writeHead(code, { 'Content-Length': '0' });
  res.end();
  return undefined;
}

/** How long a broken response may take to flush what it had sent before its socket is destroyed. */
const FLUSH_GRACE_MS = 5000;

/**
 * End a response whose body failed half-way: what was written is flushed, then
 * the socket closes without the last chunk (or short of Content-Length), which
 * tells the client the body is incomplete. A client that does not read is cut off.
 * On HTTP/2 the stream alone is reset (`INTERNAL_ERROR`), not the connection.
 */
function breakConnection(res: NodeResponse): void {
  if (isHttp2Response(res)) {
    breakStream(res);
    return;
  }
  const socket = res.socket;
  if (socket === null || socket.destroyed || typeof socket.end !== 'function') {
    res.destroy();
    return;
  }
  socket.end();
  setTimeout(() => socket.destroy(), FLUSH_GRACE_MS).unref();
}

/** Release a source that will not be read: run a generator's finally blocks, close a file, destroy a stream. */
function closeSource(source: Source): void {
  const it = source as { return?: () => unknown; destroy?: () => unknown };
  try {
    const result =
      source instanceof FileSource
        ? source.close()
        : typeof it.return === 'function'
          ? it.return()
          : typeof it.destroy === 'function'
            ? it.destroy()
            : undefined;
    if (result instanceof Promise) result.catch(() => {});
  } catch {
    // a source that fails to close has nothing more to say
  }
}

async function pipeStream(source: Source, res: NodeResponse, logger: Logger): Promise<void> {
  // a client that goes away mid-stream must never take the process down
  res.on('error', (err: unknown) => logger.debug({ err }, 'Client connection error:'));
  // an HTTP/2 stream reset before now has emitted its only `close` already
  let closed = isHttp2Response(res) ? res.stream.destroyed : res.destroyed;
  // the one call both kinds of response share, typed once (their `write` overloads differ)
  const out: { write(chunk: BodyChunk): boolean } = res;
  // one promise for the whole stream: a `close` listener per drain would pile up on long bodies
  const gone = once(res, 'close').then(
    () => {
      closed = true;
    },
    () => {
      closed = true;
    },
  );
  try {
    for await (const chunk of source as AsyncIterable<BodyChunk>) {
      if (closed || res.destroyed) break;
      if (!out.write(chunk)) {
        await Promise.race([once(res, 'drain'), gone]);
      }
    }
    if (!closed && !res.destroyed) res.end();
  } catch (err) {
    // the status line is gone already: the only honest end is a broken connection
    logger.error({ err }, 'Response stream failed:');
    breakConnection(res);
  }
  if (closed) closeSource(source);
}
