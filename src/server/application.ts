import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { finished } from 'node:stream';
import { ApplicationCore } from '../app/application-core.ts';
import { ROUTED, route, serveRouted } from '../app/pipeline.ts';
import { METHOD_HEAD } from '../http/methods.ts';
import { HTTP_REQUEST_ENTITY_TOO_LARGE } from '../http/status.ts';
import { Request } from '../request/request.ts';
import type { BaseResponse } from '../response/base-response.ts';
import { fetchResponse, fromFetchRequest } from './fetch.ts';
import { sweepIdleConnections } from './idle-connections.ts';
import { lingerOnClose } from './lingering-close.ts';
import { startExchange } from './pipelining.ts';
import { sendNode } from './send-node.ts';

/** Requests handed over by {@link Application.checkContinue}: their clients wait for `100 Continue`. */
const WAITING_FOR_CONTINUE = new WeakSet<IncomingMessage>();

/** Options of {@link Application.listen}. */
export interface ListenOptions {
  /** Port; 0 picks a free one. @default 8080 */
  port?: number;
  /** Address to bind. @default '127.0.0.1' */
  host?: string;
  /**
   * Seconds a kept-alive connection may sit idle between requests before the
   * server closes it; 0 keeps it open. Node's default, swept by one timer
   * instead of a socket timeout per request (see `sweepIdleConnections`).
   * @default 5
   */
  keepAliveTimeout?: number;
  /**
   * Seconds a response may wait for its client to read any of it (nginx's
   * `send_timeout`, a timeout between two writes, not on the whole
   * response); then the connection is closed and the response's files and
   * streams are released. A slow client that keeps reading is never cut.
   * 0 waits for ever.
   * @default 60
   */
  sendTimeout?: number;
}

/**
 * A PoorWSGI application: route tables, hooks and handlers (see
 * `ApplicationCore`), and the transports. It is a `node:http` request
 * listener, so `http.createServer(app)` works; `app.listen()` does that for
 * you; `app.fetch(request)` serves Web `Request`s; `app.request(url, init)`
 * runs a request in process, with no socket.
 * @example
 * const app = new Application('hello');
 * app.route('/', () => tuple('Hello World', 'text/plain'));
 * await app.listen({ port: 8080 });
 */
export class Application extends ApplicationCore {
  /**
   * The `checkContinue` listener of a node:http server: a request whose
   * client sent `Expect: 100-continue` and waits before sending its body.
   * It is served like any other, and `100 Continue` is sent only when its
   * body is read, after routing and the before-hooks; a request answered
   * before (404, 405, a hook's 401, a 413 for its Content-Length) gets its
   * final status instead. `app.listen()` adds it; with
   * `http.createServer(app)`, add it yourself.
   * @example
   * const server = http.createServer(app);
   * server.on('checkContinue', app.checkContinue);
   */
  readonly checkContinue = (req: IncomingMessage, res: ServerResponse): void => {
    // marked on the request, not held here: a pipelined one begins later (pipelining.ts)
    WAITING_FOR_CONTINUE.add(req);
    this.handleNode(req, res);
  };

  protected override handleNode(req: IncomingMessage, res: ServerResponse): void {
    // a response queued behind another on its connection (a pipelined request): bounded and released with it
    if (res.socket === null) startExchange(req, res, this.settings.maxPipelined, this.#begin);
    else this.#begin(req, res);
  }

  /** Handle one exchange. A field, so that the pipeline can start queued ones with no closure per request. */
  readonly #begin = (req: IncomingMessage, res: ServerResponse): void => {
    // No `error` listeners here (two cost more than the rest of a hello-world
    // request; bench/micro `node:http`): Node emits `error` on a request only
    // when it has listeners, socket errors go to the server, and the one
    // writer that can meet a closed response, the stream pump, listens itself.
    const request = new Request(req, this);
    // the header first: no set lookup for the requests that cannot be waiting
    if (req.headers.expect !== undefined && WAITING_FOR_CONTINUE.has(req)) {
      request.expectContinue(() => res.writeContinue());
    }
    let routed: BaseResponse | typeof ROUTED | Promise<BaseResponse | typeof ROUTED>;
    try {
      routed = route(this.pipeline, request);
    } catch (failure) {
      this.#fail(failure, res);
      return;
    }
    if (routed === ROUTED) this.#serveRouted(request, res);
    else if (routed instanceof Promise) this.#routeLater(request, routed, res);
    else this.#send(request, routed, res);
  };

  async #routeLater(
    request: Request,
    pending: Promise<BaseResponse | typeof ROUTED>,
    res: ServerResponse,
  ): Promise<void> {
    try {
      const routed = await pending;
      if (routed === ROUTED) this.#serveRouted(request, res);
      else this.#send(request, routed, res);
    } catch (err) {
      this.#fail(err, res);
    }
  }

  /** The request is routed and let through by its hooks: read its body, call its handler. Never throws. */
  #serveRouted(request: Request, res: ServerResponse): void {
    try {
      // a small body is collected from Node's events with no promise (the JSON POST hot path)
      if (request.wantsBody && request.collectsBody) {
        request.collectBody(this.#bodyIn, res);
        return;
      }
    } catch (err) {
      this.#fail(err, res);
      return;
    }
    this.#bodyIn(request, res, undefined);
  }

  /**
   * Call the handler of a request whose body is in, not needed, or failed to arrive (`err`).
   * A field, so the body collector can call it back with no closure per request. Never throws.
   */
  readonly #bodyIn = (request: Request, res: ServerResponse, err: unknown): void => {
    let result: BaseResponse | Promise<BaseResponse>;
    try {
      result = serveRouted(this.pipeline, request, err);
    } catch (failure) {
      this.#fail(failure, res);
      return;
    }
    this.#respond(request, result, res);
  };

  #respond(request: Request, result: BaseResponse | Promise<BaseResponse>, res: ServerResponse): void {
    // the hot path: a synchronous handler is answered without a promise
    if (result instanceof Promise) {
      this.#sendLater(request, result, res);
    } else {
      this.#send(request, result, res);
    }
  }

  async #sendLater(request: Request, pending: Promise<BaseResponse>, res: ServerResponse): Promise<void> {
    try {
      this.#send(request, await pending, res);
    } catch (err) {
      this.#fail(err, res);
    }
  }

  #send(request: Request, response: BaseResponse, res: ServerResponse): void {
    // temporary files live until the response is finished or the client is gone
    // (a queued response whose client went away is destroyed already: see pipelining.ts)
    if (request.needsCleanup) {
      if (res.destroyed) this.#cleanup(request);
      else finished(res, () => this.#cleanup(request));
    }
    // a body not read to its end is still on the wire (or, for a client waiting for
    // `100 Continue`, may never come): the connection is closed, lingering so that
    // the client reads this response before the close
    const unread = request.bodyIncomplete;
    if (unread) lingerOnClose((request.raw as IncomingMessage).socket);
    const sent = sendNode(response, res, {
      isHead: request.methodNumber === METHOD_HEAD,
      // through settings: a plain load, where the option accessor is a shared getter (see RequestApp.settings)
      logger: this.settings.logger,
      // a refused body is not worth reading again on a kept connection
      closeConnection: response.statusCode === HTTP_REQUEST_ENTITY_TOO_LARGE || unread,
      batch: this.settings.batchResponses,
    });
    if (sent !== undefined) sent.catch((err: unknown) => this.#fail(err, res));
  }

  #fail(err: unknown, res: ServerResponse): void {
    this.settings.logger.error('Request failed:', err);
    if (!res.headersSent) res.writeHead(500, { 'Content-Length': '0' });
    res.end();
  }

  /** End a request: stop reading its body, remove its temporary files. Never throws. */
  #cleanup(request: Request): void {
    request.cleanup().catch((err: unknown) => this.settings.logger.error('Removing temporary files failed:', err));
  }

  /**
   * Start a `node:http` server for this application.
   * @returns the listening server; its `address()` has the port
   */
  async listen(options: ListenOptions = {}): Promise<Server> {
    const server = createServer(this);
    server.on('checkContinue', this.checkContinue);
    sweepIdleConnections(server, options.keepAliveTimeout, options.sendTimeout);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return server;
  }

  /** Serve a Web `Request` and answer a Web `Response` (Fetch API runtimes, tests). */
  fetch = async (request: globalThis.Request): Promise<globalThis.Response> => {
    const raw = fromFetchRequest(request);
    const { req, response } = await this.handle(raw);
    try {
      return fetchResponse(response, req.methodNumber === METHOD_HEAD, this.settings.logger, () => this.#cleanup(req));
    } catch (err) {
      this.#cleanup(req);
      throw err;
    }
  };

  /**
   * Run a request in process, with no socket.
   * @example
   * const res = await app.request('/user/5', { method: 'GET' });
   * res.status; await res.json();
   */
  request(url: string, init?: RequestInit): Promise<globalThis.Response> {
    return this.fetch(new globalThis.Request(new URL(url, 'http://localhost'), init));
  }
}

/** The port a server listens on. */
export function serverPort(server: Server): number {
  return (server.address() as AddressInfo).port;
}
