/**
 * Requests: `Request`, its body reading (`BodyReader`, `CachedInput`) and
 * what it needs of its application (`RequestApp`).
 * @module
 */
export type { BodyLimits } from './body-limits.ts';
export { BodyReader, type ChunkSource } from './body-reader.ts';
export { CachedInput, type InputSource } from './cached-input.ts';
export { type JsonValue, parseJsonBody } from './json-body.ts';
export {
  checkTrustProxy,
  lastValue,
  normalizeAddress,
  ProxyTrust,
  proxyTrust,
  type TrustProxy,
} from './proxy-trust.ts';
export type { RawRequest, RawSocket } from './raw-request.ts';
export { Request } from './request.ts';
export type { RequestApp, RequestSettings } from './request-app.ts';
export { DRAIN_LIMIT } from './request-body.ts';
export { type Negotiation, RequestMessage, splitHostPort } from './request-message.ts';
export {
  WEBSOCKET_ROUTE,
  type WebSocketMessage,
  type WebSocketOptions,
  type WebSocketPeer,
  type WebSocketRoute,
  type WebSocketRouteHandler,
  webSocketRouteOf,
} from './websocket-contract.ts';
