/**
 * `poorwsgi/websocket`: WebSocket routes on the `ws` package (an optional
 * peer, loaded with `await import('ws')` on the first socket). Routes are
 * registered with `app.websocket(uri, handler, options)`; `app.listen()` and
 * `app.attach(server)` install the upgrade handling, which runs routing and
 * the before-hooks on the upgrade request and then this folder's
 * `acceptWebSocket`. Here: the socket class, the limits' defaults, the
 * handshake checks, the origin helpers, the idle and ping sweep, and
 * `closeSockets` for shutdown. See docs/websocket.md.
 * @module
 */
export type {
  WebSocketMessage,
  WebSocketOptions,
  WebSocketPeer,
  WebSocketRoute,
  WebSocketRouteHandler,
} from '../request/websocket-contract.ts';
export { type CloseInfo, WebSocketConnection } from './connection.ts';
export { handshakeProblem, MAX_UPGRADE_HEADERS, refuseHandshake, wantsWebSocket } from './handshake.ts';
export { watchSocket } from './keepalive.ts';
export { originAllowed, sameOrigin } from './origin.ts';
export { closeSockets, openSockets, registerSocket } from './registry.ts';
export { WEBSOCKET_DEFAULTS, type WebSocketSettings, webSocketSettings } from './settings.ts';
export {
  acceptWebSocket,
  type ErrorLogger,
  loadWs,
  type WsModule,
  type WsServer,
  type WsServerOptions,
  type WsSocket,
} from './upgrade.ts';
