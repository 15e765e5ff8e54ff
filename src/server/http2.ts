/**
 * What changes when a response goes out on an HTTP/2 stream of Node's
 * `node:http2` compatibility API (`http2.createServer(app)`,
 * `http2.createSecureServer(options, app)`) rather than on an HTTP/1.1
 * connection.
 *
 * - HTTP/2 has no reason phrase (RFC 9113 §8.3.2): Node warns when
 *   `writeHead` is given one, so none is passed.
 * - Connection-specific header fields are malformed in HTTP/2 (RFC 9113
 *   §8.2.2): `Connection`, `Keep-Alive`, `Proxy-Connection`,
 *   `Transfer-Encoding`, `Upgrade`. Node throws
 *   `ERR_HTTP2_INVALID_CONNECTION_HEADERS` for most of them, and for `Host`,
 *   `HTTP2-Settings` and `TE` too; whoever set them (the framework's
 *   `Connection: close`, a handler), they are dropped, so the request never
 *   fails for them.
 * - There is no connection to close after a request body left unread: the
 *   rest of the body is read and thrown away for a bounded time, then the
 *   stream alone is reset with `NO_ERROR` (see {@link lingerHttp2}).
 * - A response that breaks half-way resets its stream with `INTERNAL_ERROR`
 *   (RFC 9113 §5.4.2): ending the stream would make a truncated body look
 *   complete.
 *
 * Nothing here imports `node:http2` at run time: an application that never
 * serves HTTP/2 does not load it.
 * @module
 */
import type { ServerResponse } from 'node:http';
import type { Http2ServerResponse, OutgoingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import { finished } from 'node:stream';
import { LINGER_TIME_MS, LINGER_TIMEOUT_MS } from './lingering-close.ts';

/** RST_STREAM `NO_ERROR` (RFC 9113 §7): the stream ends, nothing went wrong. */
const HTTP2_NO_ERROR = 0x0;
/** RST_STREAM `INTERNAL_ERROR` (RFC 9113 §7): the server failed the stream. */
const HTTP2_INTERNAL_ERROR = 0x2;

/**
 * Header fields never sent on HTTP/2, lower case: the connection-specific
 * ones of RFC 9113 §8.2.2, and those Node's http2 refuses in a response
 * besides (`host`, `http2-settings`, `te`).
 */
const NOT_ON_HTTP2: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'host',
  'http2-settings',
  'te',
]);

/**
 * True for a response of Node's HTTP/2 compatibility API. Told by its
 * `stream` (Node's HTTP/1 `ServerResponse` has none), so that `node:http2`
 * is never loaded to ask `instanceof`.
 */
export function isHttp2Response(res: ServerResponse | Http2ServerResponse): res is Http2ServerResponse {
  return (res as Partial<Http2ServerResponse>).stream !== undefined;
}

/**
 * The response headers of a `writeHead` array (`[name, value, ...]`) as an
 * HTTP/2 headers object: names in lower case (HTTP/2 requires it, RFC 9113
 * §8.2.1), connection-specific fields dropped, `Set-Cookie` kept one field
 * per cookie, and the values of any other repeated field joined with `, `
 * (RFC 9110 §5.3), as Node refuses repeated singleton fields on HTTP/2.
 */
export function http2Headers(wire: readonly string[]): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = Object.create(null);
  for (let i = 0; i + 1 < wire.length; i += 2) {
    const name = (wire[i] as string).toLowerCase();
    if (NOT_ON_HTTP2.has(name)) continue;
    const value = wire[i + 1] as string;
    const previous = headers[name];
    if (previous === undefined) headers[name] = value;
    else if (name !== 'set-cookie') headers[name] = `${String(previous)}, ${value}`;
    else if (Array.isArray(previous)) previous.push(value);
    else headers[name] = [String(previous), value];
  }
  return headers;
}

/** Write the status and headers of an HTTP/2 response (no reason phrase, see {@link http2Headers}). */
export function writeHttp2Head(res: Http2ServerResponse, status: number, wire: readonly string[]): void {
  res.writeHead(status, http2Headers(wire));
}

/**
 * Call `done` once when the response is complete on its stream (its
 * writable side finished) or the stream is gone. Node's compatibility
 * response says `finish` only when the whole stream closes, which waits
 * for the end of the request body too: what is released when the answer
 * is out (the body reader, temporary files) must not wait for that.
 */
export function whenAnswered(res: Http2ServerResponse, done: () => void): void {
  if (res.stream.destroyed) {
    done();
    return;
  }
  finished(res.stream, { readable: false }, () => done());
}

/**
 * The request body was left unread (an early 401, 404 or 413, a handler
 * that read part of it): the HTTP/2 form of a lingering close. The rest of
 * the body is read and thrown away as it comes, so that the client finishes
 * sending and reads the response: resetting the stream while the client
 * uploads makes some clients fail the request (curl 7.88 reports an error
 * or waits for ever). Once the response is complete, the client has
 * {@link LINGER_TIMEOUT_MS} without data, and {@link LINGER_TIME_MS} in
 * all, to end its body; then the stream is reset with `NO_ERROR`, which
 * asks it to stop sending (RFC 9113 §8.1). The connection and its other
 * streams go on.
 *
 * A client still waiting for `100 Continue` has sent nothing: Node resets
 * that stream itself once the response is complete.
 * @param body the request (Node's `Http2ServerRequest`)
 * @param waitingForContinue the client was never told to send its body
 * @param bounds the two limits, in milliseconds (tests shorten them)
 */
export function lingerHttp2(
  res: Http2ServerResponse,
  body: { resume(): unknown },
  waitingForContinue: boolean,
  bounds: LingerBounds = DEFAULT_BOUNDS,
): void {
  const stream = res.stream;
  if (stream.destroyed || waitingForContinue) return;
  // flowing with nobody listening (a reader still attached lets go when the response is complete)
  body.resume();
  stream.once('finish', () => {
    // the body ended while the response was sent: Node closes the stream
    if (stream.destroyed || stream.readableEnded) return;
    const stop = (): void => resetUnread(stream);
    const total = setTimeout(stop, bounds.totalMs);
    // re-armed by every frame of the stream: the quiet-client bound
    stream.setTimeout(bounds.quietMs, stop);
    stream.once('close', () => clearTimeout(total));
  });
}

/** How long an HTTP/2 stream lingers after its response (see {@link lingerHttp2}). */
export interface LingerBounds {
  /** Reset after this long without data from the client. */
  readonly quietMs: number;
  /** Reset after this long whatever the client does. */
  readonly totalMs: number;
}

const DEFAULT_BOUNDS: LingerBounds = { quietMs: LINGER_TIMEOUT_MS, totalMs: LINGER_TIME_MS };

function resetUnread(stream: ServerHttp2Stream): void {
  if (stream.destroyed) return;
  stream.close(HTTP2_NO_ERROR);
  // Node ends a closed stream once what is buffered of its body is read: nothing will read it now
  stream.destroy();
}

/**
 * End a response that cannot be completed (its headers refused, its body
 * failed half-way): the stream is reset with `INTERNAL_ERROR`, which tells
 * the client the response is incomplete (a clean end of the stream would
 * not). Other streams of the connection go on.
 */
export function breakStream(res: Http2ServerResponse): void {
  const stream = res.stream;
  if (!stream.destroyed) stream.close(HTTP2_INTERNAL_ERROR);
}
