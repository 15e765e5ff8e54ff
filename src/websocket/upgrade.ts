/**
 * Accepting a WebSocket on a routed upgrade request: the route's origin
 * check, then `ws`'s handshake (loaded with `await import('ws')` on the first
 * socket, so an application without WebSocket routes never loads it), then
 * the handler with the socket, the request and the route's parameters.
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { isThenable } from '../http/thenable.ts';
import type { Request } from '../request/request.ts';
import type { WebSocketRoute } from '../request/websocket-contract.ts';
import { WebSocketConnection } from './connection.ts';
import { refuseHandshake } from './handshake.ts';
import { watchSocket } from './keepalive.ts';
import { originAllowed } from './origin.ts';
import { registerSocket } from './registry.ts';
import { type WebSocketSettings, webSocketSettings } from './settings.ts';

// The part of `ws` used here, declared here: the published declarations must not need `@types/ws`.

/** `ws`'s `WebSocket` on the server side, as far as it is used. */
export interface WsSocket {
  readonly readyState: number;
  readonly protocol: string;
  readonly bufferedAmount: number;
  send(data: string | Uint8Array, cb?: (err?: Error) => void): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  ping(data?: string | Uint8Array): void;
  pause(): void;
  resume(): void;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): this;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): this;
  on(event: 'pong', listener: (data: Buffer) => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
}

/** `ws`'s `WebSocketServer` options used here. */
export interface WsServerOptions {
  noServer: true;
  clientTracking: false;
  maxPayload: number;
  perMessageDeflate: boolean | Record<string, unknown>;
  handleProtocols?: (protocols: Set<string>, req: IncomingMessage) => string | false;
}

/** `ws`'s `WebSocketServer` in `noServer` mode. */
export interface WsServer {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, done: (ws: WsSocket) => void): void;
}

/** The module `ws` as `import('ws')` gives it. */
export interface WsModule {
  WebSocketServer: new (options: WsServerOptions) => WsServer;
}

/** Where errors are reported: the application's logger. */
export interface ErrorLogger {
  error(...args: unknown[]): void;
}

let wsModule: Promise<WsModule> | undefined;

/** `ws`, loaded once. @throws when `ws` is not installed */
export function loadWs(): Promise<WsModule> {
  wsModule ??= (import('ws') as Promise<unknown> as Promise<WsModule>).catch((err: unknown) => {
    wsModule = undefined;
    throw err;
  });
  return wsModule;
}

/** A route's settings and its `ws` server (`noServer`: the handshake only), made on its first socket. */
interface RouteServer {
  readonly settings: WebSocketSettings;
  server?: WsServer;
}

const ROUTES = new WeakMap<WebSocketRoute, RouteServer>();

function routeServer(route: WebSocketRoute): RouteServer {
  let entry = ROUTES.get(route);
  if (entry === undefined) {
    entry = { settings: webSocketSettings(route.options) };
    ROUTES.set(route, entry);
  }
  return entry;
}

function wsServer(ws: WsModule, settings: WebSocketSettings): WsServer {
  const { protocols } = settings;
  return new ws.WebSocketServer({
    noServer: true,
    clientTracking: false,
    maxPayload: settings.maxPayload,
    perMessageDeflate: settings.perMessageDeflate,
    // the route's first protocol the client offers; none agreed when it offers only others
    handleProtocols: (offered) => protocols.find((p) => offered.has(p)) ?? false,
  });
}

/**
 * Accept a WebSocket for a request routed (and let through by the
 * before-hooks) to a WebSocket route: 403 for an origin the route refuses,
 * 500 when `ws` is not installed, else the handshake and the handler, whose
 * failure closes the socket with 1011. Never rejects.
 * @param owner what the socket is counted under, for `closeSockets(owner)` (the application)
 */
export async function acceptWebSocket(
  owner: object,
  route: WebSocketRoute,
  request: Request,
  socket: Duplex,
  head: Buffer,
  logger: ErrorLogger,
): Promise<void> {
  const req = request.raw as IncomingMessage;
  let entry: RouteServer;
  try {
    entry = routeServer(route);
  } catch (err) {
    logger.error('WebSocket route options:', err);
    refuseHandshake(socket, 500, 'Internal Server Error');
    return;
  }
  const { settings } = entry;
  if (!originAllowed(settings, request)) {
    refuseHandshake(socket, 403, 'Origin not allowed');
    return;
  }
  if (entry.server === undefined) {
    try {
      entry.server = wsServer(await loadWs(), settings);
    } catch (err) {
      logger.error('WebSocket routes need the package ws (npm install ws):', err);
      refuseHandshake(socket, 500, 'Internal Server Error');
      return;
    }
  }
  // ws answers what it still finds wrong (an invalid Sec-WebSocket-Protocol or extension header) with 400
  entry.server.handleUpgrade(req, socket, head, (ws) => {
    const connection = new WebSocketConnection(ws, settings);
    registerSocket(owner, connection);
    watchSocket(connection, settings);
    const fail = (err: unknown): void => {
      logger.error('WebSocket handler failed:', err);
      connection.close(1011, 'Internal error');
    };
    try {
      const call = route.handler as unknown as (
        socket: WebSocketConnection,
        req: Request,
        ...params: unknown[]
      ) => unknown;
      const result = call(connection, request, ...request.routeParams);
      if (isThenable(result)) (result as PromiseLike<unknown>).then(undefined, fail);
    } catch (err) {
      fail(err);
    }
  });
}
