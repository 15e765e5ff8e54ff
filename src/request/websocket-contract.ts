/**
 * The contract between the application, which holds WebSocket routes, and
 * `poorwsgi/websocket`, which serves them on `ws`: the socket API a handler
 * gets, the route options and the route record. It sits here, below both,
 * because `app/` may not import `websocket/` (a feature the user wires in)
 * and `websocket/` may not import `app/` (a higher layer).
 * @module
 */
import type { Request } from './request.ts';

/** A message as a handler receives it: text frames as strings, binary frames as a `Buffer`. */
export type WebSocketMessage = string | Buffer;

/**
 * The socket a WebSocket handler is given (`poorwsgi/websocket`'s
 * `WebSocketConnection` on `ws`). Messages arrive as `message` events or
 * through `for await (const msg of socket)`; the iteration ends when the
 * socket closes.
 */
export interface WebSocketPeer extends AsyncIterable<WebSocketMessage> {
  /** `'connecting'`, `'open'`, `'closing'` or `'closed'`. */
  readonly readyState: 'connecting' | 'open' | 'closing' | 'closed';
  /** The subprotocol agreed with the client (`''` when none). */
  readonly protocol: string;
  /** Bytes queued by `send()` and not yet handed to the kernel. */
  readonly bufferedAmount: number;
  /** Send a text (string) or binary (`Buffer`, `Uint8Array`) message; ignored once the socket is not open. */
  send(data: string | Uint8Array): void;
  /** Resolves once everything sent so far is written to the kernel (backpressure: await it between sends). */
  drain(): Promise<void>;
  /** Start the closing handshake (RFC 6455 §7.4 codes: 1000 normal, 1001 going away, 1008 policy, ...). */
  close(code?: number, reason?: string): void;
  /** Destroy the connection without a closing handshake. */
  terminate(): void;
  /** Send a ping; the client's pong counts as activity for the idle timeout. */
  ping(data?: string | Uint8Array): void;
  /** A message (text as a string, binary as a `Buffer`). */
  on(event: 'message', listener: (message: WebSocketMessage) => void): this;
  /** The socket closed, with the code and reason of the closing handshake. */
  on(event: 'close', listener: (code: number, reason: string) => void): this;
  /** A pong from the client. */
  on(event: 'pong', listener: (data: Buffer) => void): this;
  /** A protocol or socket error (the socket then closes). */
  on(event: 'error', listener: (error: Error) => void): this;
  /** Resolves with the code and reason when the socket has closed. */
  closed(): Promise<{ code: number; reason: string }>;
}

/** Limits and negotiation of a WebSocket route; every one has a default in `poorwsgi/websocket`. */
export interface WebSocketOptions {
  /** Largest message accepted, in bytes; a larger one closes the socket with 1009. @default 1048576 (1 MiB; `ws` alone allows 100 MiB) */
  maxPayload?: number;
  /**
   * Messages a client may send per second before its socket is closed with
   * 1008 (counted over whole seconds); 0 for no limit.
   * @default 100
   */
  maxMessageRate?: number;
  /** Seconds without a message or pong from the client before the socket is closed with 1001; 0 never. @default 300 */
  idleTimeout?: number;
  /**
   * Seconds between pings sent to keep the connection alive through
   * proxies; a client that answered none of them by the next one is cut off.
   * 0 sends none.
   * @default 30
   */
  pingInterval?: number;
  /**
   * `permessage-deflate` compression (RFC 7692). Off by default: each
   * compressing socket holds zlib contexts of its own (up to about 300 KiB
   * with the default window), so memory per socket grows by an order of
   * magnitude; `true` or `ws`'s `PerMessageDeflateOptions` object.
   * @default false
   */
  perMessageDeflate?: boolean | Record<string, unknown>;
  /**
   * The subprotocols this route speaks, preferred first: the first one the
   * client offers in `Sec-WebSocket-Protocol` is agreed; a client that offers
   * only others is accepted with none (it may then close).
   */
  protocols?: readonly string[];
  /**
   * Which `Origin` may open a socket: a list of origins (`'https://example.com'`),
   * or a function (see `poorwsgi/websocket`'s `sameOrigin`). A refused origin
   * gets 403. Unset: any origin.
   */
  origins?: readonly string[] | ((origin: string | undefined, req: Request) => boolean);
}

/**
 * A WebSocket handler as the route table keeps it: the socket, the request,
 * then the route's parameters (`app.websocket()` types them from the route
 * string, as `route()` does).
 */
export type WebSocketRouteHandler = (socket: WebSocketPeer, req: Request, ...params: never[]) => unknown;

/** What a WebSocket route's GET handler carries for the upgrade: the handler and its options. */
export interface WebSocketRoute {
  readonly handler: WebSocketRouteHandler;
  readonly options: Readonly<WebSocketOptions>;
}

/** The key of the {@link WebSocketRoute} on the GET handler that stands for it. */
export const WEBSOCKET_ROUTE: unique symbol = Symbol('poorwsgi.websocket-route');

/** The WebSocket route a route handler stands for, or `undefined` for an HTTP handler. */
export function webSocketRouteOf(handler: unknown): WebSocketRoute | undefined {
  return typeof handler === 'function'
    ? (handler as { readonly [WEBSOCKET_ROUTE]?: WebSocketRoute })[WEBSOCKET_ROUTE]
    : undefined;
}
