/**
 * Transports: the `Application` as a `node:http` listener, Fetch and in-process requests.
 * @module
 */
export { Application, type ListenOptions, serverPort } from './application.ts';
export { fetchResponse, fromFetchRequest } from './fetch.ts';
export { IdleConnections, sweepIdleConnections } from './idle-connections.ts';
export { LINGER_TIME_MS, LINGER_TIMEOUT_MS, lingerOnClose } from './lingering-close.ts';
export { type SendOptions, sendNode } from './send-node.ts';
