/**
 * Closing kept-alive connections that sit idle between requests, with one
 * interval timer for all of them.
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
 * @module
 */
import type { Server } from 'node:http';
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
}

/**
 * The idle-connection sweeper of one server; see the module notes. Made by
 * {@link sweepIdleConnections}; `tick()` is public so that tests can sweep
 * without waiting.
 */
export class IdleConnections {
  readonly #sockets = new Map<HttpSocket, Seen>();
  readonly #periodMs: number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #tick = 0;

  /** @param timeoutMs how long a connection may sit idle; > 0 */
  constructor(server: Server, timeoutMs: number) {
    this.#periodMs = Math.max(1, Math.ceil(timeoutMs / TICKS));
    const sockets = this.#sockets;
    // one function for every connection: `close` calls it with the socket as `this`
    function forget(this: HttpSocket): void {
      sockets.delete(this);
    }
    // HTTPS serves HTTP on the TLS socket, which `secureConnection` gives (`connection` is the bare TCP one)
    const event = server instanceof TlsServer ? 'secureConnection' : 'connection';
    server.on(event, (socket: HttpSocket) => {
      sockets.set(socket, { read: socket.bytesRead, tick: this.#tick });
      socket.once('close', forget);
      this.#start();
    });
    server.once('close', () => this.#stop());
  }

  /** How many connections are watched (for tests). */
  get size(): number {
    return this.#sockets.size;
  }

  /** One sweep: destroy the connections idle for the whole timeout. The timer calls it; tests may too. */
  tick(): void {
    const tick = ++this.#tick;
    for (const [socket, seen] of this.#sockets) {
      if (socket.parser === null || socket.destroyed) {
        // upgraded (or closing): not an HTTP connection of this server any more
        this.#sockets.delete(socket);
        continue;
      }
      const read = socket.bytesRead;
      if (read !== seen.read || (socket._httpMessage !== null && socket._httpMessage !== undefined)) {
        seen.read = read;
        seen.tick = tick;
      } else if (tick - seen.tick >= TICKS) {
        this.#sockets.delete(socket);
        socket.destroy();
      }
    }
    if (this.#sockets.size === 0) this.#stop();
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
 * timeout re-armed around every request (see the module notes).
 * `app.listen()` does this itself; call it on a server you create yourself
 * (`node:http` or `node:https`).
 * It sets `server.keepAliveTimeout` to 0, so Node no longer sends the
 * `Keep-Alive: timeout=N` hint, as nginx does not by default: the header is
 * advisory, and clients retry on a new connection when the server closed the
 * idle one they picked (undici keeps its own 4 s default, below this one).
 * `timeoutSeconds` 0 keeps idle connections open for as long as the client
 * does, as Node's `keepAliveTimeout = 0` does.
 * @example
 * const server = http.createServer(app);
 * sweepIdleConnections(server, 5);
 * server.listen(8080);
 * @returns the sweeper, or `undefined` for 0
 * @throws PoorWSGIError `PW_ERR_ARGUMENT` for a negative or non-finite timeout
 */
export function sweepIdleConnections(server: Server, timeoutSeconds = 5): IdleConnections | undefined {
  if (typeof timeoutSeconds !== 'number' || !Number.isFinite(timeoutSeconds) || timeoutSeconds < 0) {
    throw new PoorWSGIError(
      ERROR_CODES.PW_ERR_ARGUMENT,
      `keepAliveTimeout must be a number of seconds >= 0 (got ${String(timeoutSeconds)})`,
    );
  }
  server.keepAliveTimeout = 0;
  if (timeoutSeconds === 0) return undefined;
  return new IdleConnections(server, timeoutSeconds * 1000);
}
