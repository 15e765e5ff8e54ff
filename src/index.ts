/**
 * poorwsgi: PoorWSGI's light HTTP connector with URI routing, for Node.js.
 *
 * @example
 * import { Application } from 'poorwsgi';
 * const app = new Application('hello');
 * app.route('/user/<id:int>', (req, id) => ({ id, name: `user${id}` }));
 * await app.listen({ port: 8080 });
 * @module
 */
export type {
  AfterHook,
  BeforeHook,
  Decorator,
  DefaultHandler,
  ErrorClass,
  ErrorHandler,
  Handler,
  HandlerResult,
  RegularRouteHandler,
  RouteHandler,
  StateHandler,
} from './app/handler-types.ts';
export {
  type ApplicationOptions,
  DEFAULT_OPTIONS,
  fromEnv,
  getOptions,
  type Logger,
} from './app/options.ts';
export * from './errors/index.ts';
export * from './forms/index.ts';
export * from './http/index.ts';
export { BodyReader, CachedInput, type ChunkSource, type InputSource } from './request/index.ts';
export type { RawRequest, RawSocket } from './request/raw-request.ts';
export { type JsonValue, type Negotiation, Request } from './request/request.ts';
export type { RequestApp, RequestSettings } from './request/request-app.ts';
export * from './response/index.ts';
export { builtinState, DEFAULT_STATES } from './results/state-handlers.ts';
export * from './routing/index.ts';
export {
  Application,
  IdleConnections,
  type ListenOptions,
  serverPort,
  sweepIdleConnections,
} from './server/index.ts';
