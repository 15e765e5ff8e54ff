/**
 * Transports: the `Application` as a `node:http` and `node:http2` listener, Fetch and in-process requests.
 * @module
 */
export { Application, type Http2ListenOptions, type ListenOptions, serverPort } from './application.ts';
export { EXIT_WORKER_FAILED, hostForUrl, type PrimaryOptions, runPrimary } from './cluster-primary.ts';
export { fetchResponse, fromFetchRequest } from './fetch.ts';
export {
  breakStream,
  http2Headers,
  isHttp2Response,
  type LingerBounds,
  lingerHttp2,
  whenAnswered,
  writeHttp2Head,
} from './http2.ts';
export { IdleConnections, sweepIdleConnections } from './idle-connections.ts';
export { LINGER_TIME_MS, LINGER_TIMEOUT_MS, lingerOnClose } from './lingering-close.ts';
export { type BackoffOptions, RestartBackoff } from './restart-backoff.ts';
export { type SendOptions, sendNode } from './send-node.ts';
export {
  SERVE_DEFAULTS,
  type ServeAppOptions,
  type ServedApp,
  type ServeTimeouts,
  type ServingProcess,
  serveApp,
} from './serve-app.ts';
