/**
 * Pipelined requests on one `node:http` connection: a bound on how many are
 * handled ahead of their responses, and their release when the client goes.
 *
 * Why: Node parses every request of one read (up to 64 KiB, a few thousand
 * small GETs) and emits each at once, whether or not the client reads the
 * answers; a response queued behind another has no socket yet, and Node
 * pauses the connection only once queued responses have buffered 16 KiB. A
 * client that pipelines file requests and never reads made the server open a
 * descriptor for each of thousands of requests. Worse, when that client went
 * away, a queued response never emitted `close` or `finish` (Node destroys
 * the queued requests but leaves their responses alone), so nothing waiting
 * on the response let go of its file, stream or temporary files until garbage
 * collection.
 *
 * Here, a response made while another one holds the connection (Node leaves
 * `res.socket` null until its turn) is admitted only while fewer than
 * `limit` such responses are in progress; the rest wait, unhandled (they hold
 * Node's request and response objects, nothing else), and the connection is
 * not read until they are handled. When the connection closes, every queued
 * response still in progress is destroyed and emits `close`, as a response
 * with a socket does, so the stream pump, temporary-file cleanup and any
 * user listener see the client go. A connection that never pipelines costs
 * nothing here: the first check is `res.socket === null`.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Starts handling one exchange. */
export type StartExchange = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The socket flag Node's HTTP server pauses a connection with: while it is
 * set, the parser is paused after the current read, and Node's own resume
 * (when queued responses drained) applies to it too.
 */
interface PausableSocket extends Socket {
  _paused?: boolean;
  readonly parser?: { resume(): void } | null;
}

/** The pipelined exchanges of one connection. */
class Pipeline {
  readonly #socket: PausableSocket;
  readonly #limit: number;
  readonly #start: StartExchange;
  /** Admitted responses still in progress (queued behind the connection's current one). */
  readonly #active = new Set<ServerResponse>();
  /** Exchanges not yet handled: request, response, request, response, ... */
  readonly #waiting: (IncomingMessage | ServerResponse)[] = [];
  #closed = false;
  #paused = false;

  constructor(socket: Socket, limit: number, start: StartExchange) {
    this.#socket = socket;
    this.#limit = limit;
    this.#start = start;
    socket.once('close', () => this.#close());
  }

  /** Handle an exchange now, or queue it until earlier ones are done. */
  admit(req: IncomingMessage, res: ServerResponse): void {
    if (this.#closed) return;
    if (this.#active.size < this.#limit) {
      this.#begin(req, res);
      return;
    }
    this.#waiting.push(req, res);
    this.#pause();
  }

  #begin(req: IncomingMessage, res: ServerResponse): void {
    this.#active.add(res);
    res.once('close', () => this.#done(res));
    this.#start(req, res);
  }

  /** One admitted response is over (finished, or destroyed with its connection): the next may start. */
  #done(res: ServerResponse): void {
    this.#active.delete(res);
    if (this.#closed) return;
    while (this.#waiting.length > 0 && this.#active.size < this.#limit) {
      const req = this.#waiting.shift() as IncomingMessage;
      const next = this.#waiting.shift() as ServerResponse;
      this.#begin(req, next);
    }
    if (this.#waiting.length === 0) this.#resume();
  }

  #pause(): void {
    const socket = this.#socket;
    this.#paused = true;
    if (socket._paused === true) return;
    // as Node's server pauses a connection whose client does not read (the parser stops after this read)
    socket._paused = true;
    socket.pause();
  }

  #resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    const socket = this.#socket;
    if (socket._paused !== true) return;
    // as Node's server resumes a paused connection
    socket._paused = false;
    socket.parser?.resume();
    socket.resume();
  }

  /** The client is gone: release every queued response; waiting exchanges are never handled. */
  #close(): void {
    this.#closed = true;
    this.#waiting.length = 0;
    for (const res of [...this.#active]) orphan(res);
    this.#active.clear();
  }
}

/**
 * A queued response whose connection closed: destroyed, and `close` emitted,
 * as Node does for the response that holds the connection. Writes to it are
 * refused quietly (Node ignores writes to a destroyed response).
 */
function orphan(res: ServerResponse): void {
  // flushed already: Node emits its `close` on the next tick
  if (res.writableFinished) return;
  if (!res.destroyed) res.destroy();
  res.emit('close');
}

const PIPELINES = new WeakMap<Socket, Pipeline>();

/**
 * Handle a `node:http` exchange, bounding the requests one connection has
 * handled ahead of their responses (see the module notes).
 * @param limit most responses queued behind the connection's current one that are handled at once; >= 1
 * @param start handles the exchange
 */
export function startExchange(req: IncomingMessage, res: ServerResponse, limit: number, start: StartExchange): void {
  // the common case: the response has the connection to itself
  if (res.socket !== null) {
    start(req, res);
    return;
  }
  const socket = req.socket;
  let pipeline = PIPELINES.get(socket);
  if (pipeline === undefined) {
    if (socket.destroyed) return;
    pipeline = new Pipeline(socket, Math.max(1, limit), start);
    PIPELINES.set(socket, pipeline);
  }
  pipeline.admit(req, res);
}
