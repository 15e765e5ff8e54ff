/**
 * Closing connections that make no progress, with one interval timer for
 * all of them: kept-alive connections idle between requests, and
 * connections whose client reads nothing of the response it is sent.
 *
 * Why not Node's own `server.keepAliveTimeout`: Node re-arms a socket timeout
 * around every request (when a response ends, `socket.setTimeout()` makes a
 * bound function and a `Timeout` and queues it; when the next request begins,
 * it is cleared again): 94 ns a request in isolation (bench/micro, `Node's
 * keep-alive timeout per request`), about 5 % of raw `node:http`'s `GET /`
 * throughput on the wire here (docs/performance.md). Here a
 * connection costs one Map entry and one `close` listener for its lifetime,
 * and a request costs nothing: the sweep finds idle connections by looking.
 *
 * A connection is idle when it has no request in progress (no response
 * assigned to it) and has read no byte since the last sweep. After
 * {@link TICKS} idle sweeps in a row it is destroyed, as Node destroys it on
 * its keep-alive timeout: between 1 and 1.25 timeouts of silence (Node: the
 * timeout plus one second). Requests in progress, however slow, are left to
 * the other limits (`readTimeout` for bodies, Node's `headersTimeout` and
 * `requestTimeout`). A connection upgraded away from HTTP (WebSocket,
 * CONNECT) is no longer the server's: it is let go at the next sweep.
 * HTTP/2 connections are not swept: a session carries many streams and
 * says nothing of them here; Node's http2 `timeout` closes idle sessions.
 * On an HTTP/2 server with `allowHTTP1`, its HTTP/1.1 connections are
 * swept: such a server has no `keepAliveTimeout`, and Node leaves them open
 * when idle.
 *
 * The send timeout is nginx's `send_timeout`: a connection with response
 * bytes waiting to be sent, of which none went out for that long, is
 * destroyed (and with it the response's file, stream and temporary files).
 * It is a timeout between two successful writes, not on the whole response:
 * a slow client that keeps reading is never cut. Node has no such limit of
 * its own (`server.timeout` is off by default, and would also cut a handler
 * that takes long to answer).
 * @module
 */
import type { Server } from 'node:http';
import type { Http2SecureServer } from 'node:http2';
import type { Socket } from 'node:net';
import { Server as TlsServer } from 'node:tls';
import { ERROR_CODES } from '../errors/codes.ts';
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';

/** Sweeps per timeout. */
const TICKS = 4;

/**
 * The two `node:http` socket fields the sweep reads. Node sets them on every
 * server socket (and its own keep-alive and request timeouts rely on them):
 * `_httpMessage` is the response in progress, `null` between requests;
 * `parser` is `null` once the socket left HTTP (upgrade, CONNECT) or closed.
 */
interface HttpSocket extends Socket {
  readonly _httpMessage?: unknown;
  readonly parser?: unknown;
}

/** What the last sweep saw of a connection. */
interface Seen {
  /** `bytesRead` then. */
  read: number;
  /** The sweep that last saw it busy or reading. */
  tick: number;
  /** Bytes whose write had completed then (`bytesWritten - writableLength`). */
  sent: number;
  /** The sweep that last saw it with nothing to send, or sending. */
  sendTick: number;
}

/**
 * The idle-connection sweeper of one server; see the module notes. Made by
 * {@link sweepIdleConnections}; `tick()` is public so that tests can sweep
 * without waiting.
 */
export class IdleConnections {
  readonly #sockets = new Map<HttpSocket, Seen>();
  readonly #periodMs: number;
  /** Idle sweeps in a row that close a connection; 0 never does. */
  readonly #idleTicks: number;
  /** Sweeps in a row without a byte sent that close a connection; 0 never does. */
  readonly #sendTicks: number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #tick = 0;

  /**
   * @param timeoutMs how long a connection may sit idle between requests; 0 for ever
   * @param sendTimeoutMs how long a response may wait for its client to read; 0 for ever
   */
  constructor(server: Server | Http2SecureServer, timeoutMs: number, sendTimeoutMs = 0) {
    const shortest = Math.min(timeoutMs > 0 ? timeoutMs : Infinity, sendTimeoutMs > 0 ? sendTimeoutMs : Infinity);
    // with neither timeout the sweeps only forget closed connections
    this.#periodMs = Number.isFinite(shortest) ? Math.max(1, Math.ceil(shortest / TICKS)) : 60_000;
    this.#idleTicks = timeoutMs > 0 ? Math.ceil(timeoutMs / this.#periodMs) : 0;
    this.#sendTicks = sendTimeoutMs > 0 ? Math.ceil(sendTimeoutMs / this.#periodMs) : 0;
    const sockets = this.#sockets;
    // one function for every connection: `close` calls it with the socket as `this`
    function forget(this: HttpSocket): void {
      sockets.delete(this);
    }
    // HTTPS serves HTTP on the TLS socket, which `secureConnection` gives (`connection` is the bare TCP one)
    const event = server instanceof TlsServer ? 'secureConnection' : 'connection';
    // (as a `node:http` server: the two kinds' `on` overloads do not combine into one signature)
    (server as Server).on(event, (socket: HttpSocket) => {
      // Node's HTTP/1 listener has given the socket its parser already: an HTTP/2 session (ALPN h2) has none
      if (socket.parser === undefined) return;
      const tick = this.#tick;
      sockets.set(socket, { read: socket.bytesRead, tick, sent: 0, sendTick: tick });
      socket.once('close', forget);
      this.#start();
    });
    server.once('close', () => this.#stop());
  }

  /** How many connections are watched (for tests). */
  get size(): number {
    return this.#sockets.size;
  }

  /** One sweep: destroy the connections idle, or not read from, for the whole timeout. The timer calls it; tests may too. */
  tick(): void {
    const tick = ++this.#tick;
    for (const [socket, seen] of this.#sockets) {
      if (socket.parser === null || socket.destroyed) {
        // upgraded (or closing): not an HTTP connection of this server any more
        this.#sockets.delete(socket);
        continue;
      }
      if (this.#stalled(socket, seen, tick)) {
        this.#sockets.delete(socket);
        socket.destroy();
      }
    }
    if (this.#sockets.size === 0) this.#stop();
  }

  /** True when a connection was idle, or could not send, for its whole timeout. */
  #stalled(socket: HttpSocket, seen: Seen, tick: number): boolean {
    const read = socket.bytesRead;
    if (read !== seen.read || (socket._httpMessage !== null && socket._httpMessage !== undefined)) {
      seen.read = read;
      seen.tick = tick;
    } else if (this.#idleTicks > 0 && tick - seen.tick >= this.#idleTicks) {
      return true;
    }
    // bytes handed to the socket but not yet taken by the kernel: the client is not reading them
    const pending = socket.writableLength;
    const sent = socket.bytesWritten - pending;
    if (pending === 0 || sent !== seen.sent) {
      seen.sent = sent;
      seen.sendTick = tick;
      return false;
    }
    return this.#sendTicks > 0 && tick - seen.sendTick >= this.#sendTicks;
  }

  #start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => this.tick(), this.#periodMs);
    // open connections alone must not keep the process alive: Node's socket timeouts do not either
    this.#timer.unref();
  }

  #stop(): void {
    if (this.#timer === undefined) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

/**
 * Close a server's kept-alive connections after `timeoutSeconds` idle
 * between requests, with one timer for them all instead of Node's socket
 * timeout re-armed around every request, and connections whose client has
 * read nothing of its response for `sendTimeoutSeconds` (see the module notes).
 * `app.listen()` does this itself; call it on a server you create yourself
 * (`node:http` or `node:https`, or the HTTP/1.1 connections of an
 * `http2.createSecureServer({ allowHTTP1: true })`: HTTP/2 sessions are
 * left to Node's http2 `timeout`).
 * It sets `server.keepAliveTimeout` to 0, so Node no longer sends the
 * `Keep-Alive: timeout=N` hint, as nginx does not by default: the header is
 * advisory, and clients retry on a new connection when the server closed the
 * idle one they picked (undici keeps its own 4 s default, below this one).
 * `timeoutSeconds` 0 keeps idle connections open for as long as the client
 * does, as Node's `keepAliveTimeout = 0` does; `sendTimeoutSeconds` 0 waits
 * for a client that does not read for ever, as Node does.
 * @example
 * const server = http.createServer(app);
 * sweepIdleConnections(server, 5, 60);
 * server.listen(8080);
 * @param sendTimeoutSeconds nginx's `send_timeout`: most seconds between two writes that reach the client
 * @returns the sweeper, or `undefined` when both timeouts are 0
 * @throws PoorWSGIError `PW_ERR_ARGUMENT` for a negative or non-finite timeout
 */
export function sweepIdleConnections(
  server: Server | Http2SecureServer,
  timeoutSeconds = 5,
  sendTimeoutSeconds = 60,
): IdleConnections | undefined {
  checkSeconds('keepAliveTimeout', timeoutSeconds);
  checkSeconds('sendTimeout', sendTimeoutSeconds);
  // (an HTTP/2 server has none to turn off)
  if ('keepAliveTimeout' in server) server.keepAliveTimeout = 0;
  if (timeoutSeconds === 0 && sendTimeoutSeconds === 0) return undefined;
  return new IdleConnections(server, timeoutSeconds * 1000, sendTimeoutSeconds * 1000);
}

function checkSeconds(name: string, seconds: number): void {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    throw new PoorWSGIError(
      ERROR_CODES.PW_ERR_ARGUMENT,
      `${name} must be a number of seconds >= 0 (got ${String(seconds)})`,
    );
  }
}
