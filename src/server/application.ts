// file-length: over 400 lines on purpose: the Application is where the node:http, HTTP/2, fetch, upgrade
// and profiling entries meet the one pipeline; each entry is short and they share the request
// bookkeeping (in flight, closing, attached servers). Worth splitting the upgrade and profiling
// entries out when either grows.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Http2SecureServer } from 'node:http2';
import type { AddressInfo, Server as NetServer } from 'node:net';
import { type Duplex, finished } from 'node:stream';
import { ApplicationCore, type NodeRequest, type NodeResponse } from '../app/application-core.ts';
import { ROUTED, route, serveRouted } from '../app/pipeline.ts';
import { ERROR_CODES } from '../errors/codes.ts';
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import { METHOD_HEAD } from '../http/methods.ts';
import { HTTP_REQUEST_ENTITY_TOO_LARGE } from '../http/status.ts';
import type { AccessLog } from '../log/access-log.ts';
import { type ProfileOptions, RequestProfiler } from '../profile/request-profiler.ts';
import { Request } from '../request/request.ts';
import { webSocketRouteOf } from '../request/websocket-contract.ts';
import type { BaseResponse } from '../response/base-response.ts';
import { handshakeProblem, refuseHandshake, wantsWebSocket } from '../websocket/handshake.ts';
import { closeSockets } from '../websocket/registry.ts';
import { acceptWebSocket } from '../websocket/upgrade.ts';
import { trackAccess } from './access-log.ts';
import { fetchResponse, fromFetchRequest } from './fetch.ts';
import { isHttp2Response, lingerHttp2, whenAnswered } from './http2.ts';
import { sweepIdleConnections } from './idle-connections.ts';
import { lingerOnClose } from './lingering-close.ts';
import { startExchange } from './pipelining.ts';
import { sendNode } from './send-node.ts';
import { ignore, responseOn } from './upgrade-response.ts';

/** Requests handed over by {@link Application.checkContinue}: their clients wait for `100 Continue`. */
const WAITING_FOR_CONTINUE = new WeakSet<NodeRequest>();

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
   * HTTP/1.1 connections only: an HTTP/2 session is left to Node's http2
   * `timeout` (`server.setTimeout()`), off by default.
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
 * Options of {@link Application.listen} for HTTP/2: over TLS, with HTTP/1.1
 * on the same port for clients that do not offer `h2` (ALPN,
 * `allowHTTP1`): `http2.createSecureServer({ key, cert, allowHTTP1: true }, app)`.
 */
export interface Http2ListenOptions extends ListenOptions {
  /** Serve HTTP/2 (and HTTP/1.1) over TLS. */
  http2: true;
  /** The private key of `cert`, PEM (`tls.createSecureContext`'s `key`). */
  key: string | Buffer;
  /** The certificate chain, PEM (`tls.createSecureContext`'s `cert`). */
  cert: string | Buffer;
}

/**
 * A PoorWSGI application: route tables, hooks and handlers (see
 * `ApplicationCore`), and the transports. It is a `node:http` and
 * `node:http2` request listener, so `http.createServer(app)` and
 * `http2.createSecureServer(options, app)` work; `app.listen()` does that
 * for you; `app.fetch(request)` serves Web `Request`s; `app.request(url, init)`
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
   * `http.createServer(app)` (or an `http2` server), add it yourself.
   * @example
   * const server = http.createServer(app);
   * server.on('checkContinue', app.checkContinue);
   */
  readonly checkContinue = (req: NodeRequest, res: NodeResponse): void => {
    // marked on the request, not held here: a pipelined one begins later (pipelining.ts)
    WAITING_FOR_CONTINUE.add(req);
    this.handleNode(req, res);
  };

  /** Per-request profiling (`setProfile`), or `null`: the one check it costs a request when off. */
  #profiler: RequestProfiler | null = null;

  protected override handleNode(req: NodeRequest, res: NodeResponse): void {
    if (this.#profiler === null) this.#exchange(req, res);
    else this.#profiled(this.#profiler, req, res);
  }

  /** Serve a request under the profiler: in its turn, up to the end of its response (src/profile/). */
  #profiled(profiler: RequestProfiler, req: NodeRequest, res: NodeResponse): void {
    profiler.profile(req.method ?? '', req.url ?? '', (done) => {
      if (isHttp2Response(res)) {
        // at once when the stream is gone already
        whenAnswered(res, done);
        this.#exchange(req, res);
        return;
      }
      // A request that waited its turn may have lost its connection, and a
      // response queued behind another (pipelined) whose connection closed
      // never ends (pipelining.ts): the connection's close ends the turn too.
      const socket = (req as IncomingMessage).socket;
      if (res.destroyed || socket.destroyed) {
        this.#exchange(req, res);
        done();
        return;
      }
      const end = (): void => {
        socket.off('close', end);
        done();
      };
      finished(res, end);
      socket.once('close', end);
      this.#exchange(req, res);
    });
  }

  #exchange(req: NodeRequest, res: NodeResponse): void {
    // a response queued behind another on its connection (a pipelined request): bounded and released with it.
    // Only node:http's: an HTTP/2 response has its stream (`socket` is a proxy of it, `undefined` once closed).
    if (res.socket === null)
      startExchange(req as IncomingMessage, res as ServerResponse, this.settings.maxPipelined, this.#begin);
    else this.#begin(req, res);
  }

  /** Handle one exchange. A field, so that the pipeline can start queued ones with no closure per request. */
  readonly #begin = (req: NodeRequest, res: NodeResponse): void => {
    // No `error` listeners here (two cost more than the rest of a hello-world
    // request; bench/micro `node:http`): Node emits `error` on a request only
    // when it has listeners, socket errors go to the server, and the one
    // writer that can meet a closed response, the stream pump, listens itself.
    const request = new Request(req, this);
    const accessLog = this.settings.accessLog;
    // off by default: then this check is all the access log costs
    if (accessLog !== false) trackAccess(accessLog as AccessLog, request, req, res);
    // the WeakSet first: reading `req.headers` makes Node build the headers object, which the hot path avoids
    if (WAITING_FOR_CONTINUE.has(req) && req.headers.expect !== undefined) {
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
    res: NodeResponse,
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
  #serveRouted(request: Request, res: NodeResponse): void {
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
  readonly #bodyIn = (request: Request, res: NodeResponse, err: unknown): void => {
    let result: BaseResponse | Promise<BaseResponse>;
    try {
      result = serveRouted(this.pipeline, request, err);
    } catch (failure) {
      this.#fail(failure, res);
      return;
    }
    this.#respond(request, result, res);
  };

  #respond(request: Request, result: BaseResponse | Promise<BaseResponse>, res: NodeResponse): void {
    // the hot path: a synchronous handler is answered without a promise
    if (result instanceof Promise) {
      this.#sendLater(request, result, res);
    } else {
      this.#send(request, result, res);
    }
  }

  async #sendLater(request: Request, pending: Promise<BaseResponse>, res: NodeResponse): Promise<void> {
    try {
      this.#send(request, await pending, res);
    } catch (err) {
      this.#fail(err, res);
    }
  }

  #send(request: Request, response: BaseResponse, res: NodeResponse): void {
    // temporary files live until the response is finished or the client is gone
    // (a queued response whose client went away is destroyed already: see pipelining.ts)
    if (request.needsCleanup) {
      if (isHttp2Response(res)) whenAnswered(res, () => this.#cleanup(request));
      else if (res.destroyed) this.#cleanup(request);
      else finished(res, () => this.#cleanup(request));
    }
    // a body not read to its end is still on the wire (or, for a client waiting for
    // `100 Continue`, may never come): the connection is closed, lingering so that
    // the client reads this response before the close; on HTTP/2 the stream alone
    // lingers (http2.ts), and the connection stays
    const unread = request.bodyIncomplete;
    if (unread) {
      if (isHttp2Response(res)) lingerHttp2(res, res.req, request.awaitingContinue);
      else lingerOnClose((request.raw as IncomingMessage).socket);
    }
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

  #fail(err: unknown, res: NodeResponse): void {
    this.settings.logger.error({ err }, 'Request failed:');
    if (!res.headersSent) res.writeHead(500, { 'Content-Length': '0' });
    res.end();
  }

  /** End a request: stop reading its body, remove its temporary files. Never throws. */
  #cleanup(request: Request): void {
    request.cleanup().catch((err: unknown) => this.settings.logger.error({ err }, 'Removing temporary files failed:'));
  }

  /**
   * Start a `node:http` server for this application, or with `http2: true`,
   * `key` and `cert`, an HTTP/2 server over TLS that speaks HTTP/1.1 to
   * clients without HTTP/2 (`node:http2` is loaded only then).
   * @returns the listening server; its `address()` has the port
   * @throws PoorWSGIError `PW_ERR_ARGUMENT` for `http2` without `key` and `cert`
   * @example
   * await app.listen({ port: 8443, http2: true, key: readFileSync('key.pem'), cert: readFileSync('cert.pem') });
   */
  async listen(options: Http2ListenOptions): Promise<Http2SecureServer>;
  async listen(options?: ListenOptions): Promise<Server>;
  async listen(options: ListenOptions | Http2ListenOptions = {}): Promise<Server | Http2SecureServer> {
    const server: Server | Http2SecureServer =
      'http2' in options && options.http2 === true ? await this.#http2Server(options) : createServer(this);
    this.attach(server);
    // the HTTP/1.1 connections of either: HTTP/2 sessions are not swept
    sweepIdleConnections(server, options.keepAliveTimeout, options.sendTimeout);
    const net: NetServer = server;
    await new Promise<void>((resolve, reject) => {
      net.once('error', reject);
      net.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => {
        net.off('error', reject);
        resolve();
      });
    });
    return server;
  }

  /**
   * Install the application on a server made elsewhere (`http.createServer(app)`,
   * `http2.createSecureServer(options, app)`, `poorwsgi serve`'s): the
   * `checkContinue` listener (unless the server has it already), and the
   * `upgrade` listener that serves WebSocket routes (`app.websocket()`, with
   * `ws` installed) and answers other upgrade requests as plain HTTP. The
   * server's `close()` first closes the application's WebSockets with 1001
   * (Node's close would otherwise wait for them). `app.listen()` calls it,
   * and adds the sweep of idle connections.
   * @example
   * const server = http.createServer(app);
   * app.attach(server);
   * server.listen(8080);
   */
  attach(server: Server | Http2SecureServer): void {
    if (!server.listeners('checkContinue').includes(this.checkContinue)) server.on('checkContinue', this.checkContinue);
    server.on('upgrade', this.#upgrade);
    this.#servers.add(server);
    server.once('close', () => this.#servers.delete(server));
    // an own property of this server: upgraded sockets are no HTTP connections that close() would end
    const net: NetServer = server;
    const close = net.close.bind(net);
    net.close = (callback?: (err?: Error) => void) => {
      closeSockets(this);
      return close(callback);
    };
  }

  /**
   * Shut down the servers {@link attach} (and `listen()`) installed the
   * application on: they stop accepting, their idle connections are closed,
   * and every open WebSocket is closed with 1001 (going away), a client that
   * does not answer the closing handshake being cut off after 5 seconds.
   * Resolves when the servers have closed.
   */
  async close(): Promise<void> {
    const servers = [...this.#servers];
    const stopped = servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
    for (const server of servers) if ('closeIdleConnections' in server) server.closeIdleConnections();
    await closeSockets(this);
    await Promise.all(stopped);
  }

  /** The servers {@link attach} installed the application on, until they close. */
  readonly #servers = new Set<Server | Http2SecureServer>();

  /**
   * A request with `Upgrade` (Node hands it here, off the HTTP parser, once
   * the server has an `upgrade` listener). A WebSocket handshake is checked
   * (400 when malformed), routed and put through the before-hooks as any GET;
   * a WebSocket route then accepts it (websocket/), anything else is answered
   * as HTTP on the socket: 404, a hook's refusal, an HTTP route. Other
   * protocols (`h2c`) are served as plain HTTP, as without the listener.
   */
  readonly #upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // a client that resets its connection is no error of the server's
    socket.on('error', ignore);
    if (!wantsWebSocket(req)) {
      this.#begin(req, responseOn(req, socket));
      return;
    }
    const problem = handshakeProblem(req);
    if (problem !== undefined) {
      refuseHandshake(socket, 400, problem);
      return;
    }
    const request = new Request(req, this);
    // route() never throws nor rejects: a failure on the way is its response
    const routed = route(this.pipeline, request);
    if (routed instanceof Promise) routed.then((settled) => this.#upgradeRouted(request, settled, socket, head));
    else this.#upgradeRouted(request, routed, socket, head);
  };

  #upgradeRouted(request: Request, routed: BaseResponse | typeof ROUTED, socket: Duplex, head: Buffer): void {
    const webSocket = routed === ROUTED ? webSocketRouteOf(request.uriHandler) : undefined;
    if (webSocket !== undefined) {
      acceptWebSocket(this, webSocket, request, socket, head, this.settings.logger);
      return;
    }
    const res = responseOn(request.raw as IncomingMessage, socket);
    if (routed === ROUTED) this.#serveRouted(request, res);
    else this.#send(request, routed, res);
  }

  async #http2Server(options: Http2ListenOptions): Promise<Http2SecureServer> {
    if (!options.key || !options.cert) {
      throw new PoorWSGIError(ERROR_CODES.PW_ERR_ARGUMENT, 'listen({ http2: true }) needs a key and a cert (TLS)');
    }
    const { createSecureServer } = await import('node:http2');
    return createSecureServer({ key: options.key, cert: options.cert, allowHTTP1: true }, this);
  }

  /**
   * Profile every request from now on, as PoorWSGI's `set_profile()`: one
   * `.cpuprofile` file per request (Chrome DevTools, VS Code open it), named
   * `{prefix}_{METHOD}{path, "/" as "_"}.{time}.cpuprofile`. While it is on,
   * requests are served one at a time, in the order they came: the profiler
   * records the whole thread, so two requests at once would share a profile
   * (see `docs/profiling.md`). A Fetch request (`app.fetch`, `app.request`)
   * is profiled until its `Response` is made; a node:http one until its
   * response is sent. Called again, the new prefix applies to new requests.
   * @param prefix `log/req` writes `log/req_GET_....cpuprofile`; an existing
   *   directory, or a prefix ending with `/`, writes `GET_....cpuprofile` in it
   * @param options the sampling interval; `keepWarm` (how long the profiler runs between
   *   requests); `onProfile(file)`; `onError(err)` (the default logs to the application's logger)
   * @throws PoorWSGIError `PW_ERR_PROFILE` when the directory does not exist, for a bad
   *   interval, or when this Node.js has no `node:inspector`
   * @example
   * app.setProfile('log/req');
   */
  setProfile(prefix: string, options: ProfileOptions = {}): void {
    const profiler = new RequestProfiler(prefix, {
      onError: (err) => this.settings.logger.error('Request profiling failed:', err),
      ...options,
    });
    const previous = this.#profiler;
    this.#profiler = profiler;
    if (previous !== null) void previous.close();
  }

  /**
   * Stop profiling requests (PoorWSGI's `del_profile()`). The requests
   * already waiting for the profiler are still profiled.
   * @returns a promise resolved when their last profile is written
   */
  delProfile(): Promise<void> {
    const profiler = this.#profiler;
    this.#profiler = null;
    return profiler === null ? Promise.resolve() : profiler.close();
  }

  /** Serve a Web `Request` and answer a Web `Response` (Fetch API runtimes, tests). */
  fetch = (request: globalThis.Request): Promise<globalThis.Response> =>
    this.#profiler === null ? this.#fetchNow(request) : this.#profiledFetch(this.#profiler, request);

  #profiledFetch(profiler: RequestProfiler, request: globalThis.Request): Promise<globalThis.Response> {
    const url = new URL(request.url);
    return new Promise((resolve, reject) => {
      profiler.profile(request.method, url.pathname + url.search, (done) => {
        this.#fetchNow(request).then(resolve, reject).finally(done);
      });
    });
  }

  async #fetchNow(request: globalThis.Request): Promise<globalThis.Response> {
    const raw = fromFetchRequest(request);
    const { req, response } = await this.handle(raw);
    try {
      return fetchResponse(response, req.methodNumber === METHOD_HEAD, this.settings.logger, () => this.#cleanup(req));
    } catch (err) {
      this.#cleanup(req);
      throw err;
    }
  }

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

/** The port a server listens on (`node:http`, `node:https` or `node:http2`). */
export function serverPort(server: NetServer): number {
  return (server.address() as AddressInfo).port;
}
