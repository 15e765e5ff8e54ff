/**
 * One serving process of `poorwsgi serve` (the only one, or a cluster
 * worker): a `node:http` server for the application with safe timeouts, and
 * its graceful shutdown.
 *
 * Timeouts: Node's `headersTimeout` (the request head must arrive in time:
 * slow-header attacks) and `requestTimeout` (the whole request, body
 * included), checked every quarter of the shorter one rather than Node's 30 s,
 * so that a limit of 10 s is not 40 s; the keep-alive and send timeouts of
 * `sweepIdleConnections`. All are set when the server is made: a request
 * pays nothing for them.
 *
 * Shutdown: the listening socket is closed (no new connection), idle
 * kept-alive connections are closed, and every request already read is
 * answered with `Connection: close`, so its connection ends with its
 * answer; when the last connection has ended, or when the drain timeout
 * comes first (then the rest are cut), `shutdown()` resolves.
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sweepIdleConnections } from './idle-connections.ts';

/** How often a shutting-down server closes the connections that went idle, in milliseconds. */
const IDLE_LOOK_MS = 100;

/** What `poorwsgi serve` serves: an `Application` (a request listener with `checkContinue`). */
export interface ServedApp {
  (req: IncomingMessage, res: ServerResponse): void;
  /** The `checkContinue` listener of an `Application`. */
  readonly checkContinue: (req: IncomingMessage, res: ServerResponse) => void;
  /**
   * Called with the server once it is made, before it listens, when the
   * application has it: where an application takes the server's `upgrade`
   * events (WebSocket) or anything else it needs of the server.
   */
  attach?(server: Server): void;
}

/** The timeouts of a served process, in seconds. */
export interface ServeTimeouts {
  /** Most seconds for a request's head to arrive (Node's `headersTimeout`). */
  readonly headersTimeout: number;
  /** Most seconds for a whole request, body included, to arrive (Node's `requestTimeout`); 0: none. */
  readonly requestTimeout: number;
  /** Seconds an idle kept-alive connection stays open; 0: for ever. */
  readonly keepAliveTimeout: number;
  /** Seconds a response may wait for its client to read any of it; 0: for ever. */
  readonly sendTimeout: number;
  /** Seconds in-flight requests are given to finish at shutdown before their connections are cut. */
  readonly shutdownTimeout: number;
}

/** Where and how long: the options of {@link serveApp}. */
export interface ServeAppOptions extends ServeTimeouts {
  /** The address to bind. */
  readonly host: string;
  /** The port; 0 picks a free one (in a cluster, the same one for every worker). */
  readonly port: number;
}

/** The defaults of `poorwsgi serve`. */
export const SERVE_DEFAULTS: Readonly<ServeAppOptions> = Object.freeze({
  host: '127.0.0.1',
  port: 8080,
  headersTimeout: 20,
  requestTimeout: 120,
  keepAliveTimeout: 5,
  sendTimeout: 60,
  shutdownTimeout: 30,
});

/** A server started by {@link serveApp}. */
export interface ServingProcess {
  /** The server. */
  readonly server: Server;
  /** The port it listens on. */
  readonly port: number;
  /**
   * Stop accepting, let the requests in flight finish (up to the shutdown
   * timeout, then cut them); resolves `true` when every one finished.
   * Calling it again returns the same promise.
   */
  shutdown(): Promise<boolean>;
}

/** Node's connection checks: a quarter of the shorter timeout, between 250 ms and Node's own 30 s. */
function checkInterval(timeouts: ServeTimeouts): number {
  const shortest = Math.min(timeouts.headersTimeout, timeouts.requestTimeout || Number.POSITIVE_INFINITY);
  return Math.min(30_000, Math.max(250, Math.floor((shortest * 1000) / 4)));
}

/** The answer to every request read once the shutdown began: its connection ends with it. */
function closeAfter(_req: IncomingMessage, res: ServerResponse): void {
  res.shouldKeepAlive = false;
}

/** Make the server of `app`, listen, and return it with its shutdown. */
export async function serveApp(app: ServedApp, options: ServeAppOptions): Promise<ServingProcess> {
  const server = createServer(
    {
      headersTimeout: options.headersTimeout * 1000,
      requestTimeout: options.requestTimeout * 1000,
      connectionsCheckingInterval: checkInterval(options),
    },
    app,
  );
  server.on('checkContinue', app.checkContinue);
  sweepIdleConnections(server, options.keepAliveTimeout, options.sendTimeout);
  if (typeof app.attach === 'function') app.attach(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closing: Promise<boolean> | undefined;
  const shutdown = (): Promise<boolean> => {
    closing ??= new Promise<boolean>((resolve) => {
      // first, so that the answer it changes is not written yet
      server.prependListener('request', closeAfter);
      const cut = setTimeout(() => {
        server.closeAllConnections();
        resolve(false);
      }, options.shutdownTimeout * 1000);
      cut.unref();
      // close() closes the connections idle now; one whose answer was on its way when the
      // shutdown began goes idle later, kept alive: it is closed at the next look
      const idle = setInterval(() => server.closeIdleConnections(), IDLE_LOOK_MS);
      idle.unref();
      server.close(() => {
        clearTimeout(cut);
        clearInterval(idle);
        resolve(true);
      });
    });
    return closing;
  };
  return { server, port: (server.address() as AddressInfo).port, shutdown };
}
