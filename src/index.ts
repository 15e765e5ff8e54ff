/**
 * poorwsgi: PoorWSGI's light HTTP connector with URI routing, for Node.js.
 *
 * The root export is the public API an application needs: the
 * `Application`, requests, responses and the helpers that make them, the
 * errors, the form containers, and the `HTTP_*` and `METHOD_*` constants.
 * The building blocks under them (codecs, parsers, the route compiler, the
 * transports' parts) are in the subpaths: `poorwsgi/http`, `poorwsgi/forms`,
 * `poorwsgi/routing`, `poorwsgi/request`, `poorwsgi/response`,
 * `poorwsgi/errors` and `poorwsgi/server`. `test/unit/index.test.ts` pins the
 * list of names, so that adding one is a decision.
 *
 * @example
 * import { Application } from 'poorwsgi';
 * const app = new Application('hello');
 * app.route('/user/<id:int>', (req, id) => ({ id, name: `user${id}` }));
 * await app.listen({ port: 8080 });
 * @module
 */

export { type BodyRules, withBody } from './app/body-rules.ts';
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
export { type ApplicationOptions, DEFAULT_OPTIONS, fromEnv, getOptions, type Logger } from './app/options.ts';
export { ERROR_CODES, type ErrorCode } from './errors/codes.ts';
export { HTTPException, type HTTPExceptionExtra } from './errors/http-exception.ts';
export { PoorWSGIError } from './errors/poorwsgi-error.ts';
export { Args } from './forms/args.ts';
export { DiskFile, type DiskFileOptions } from './forms/disk-file.ts';
export { EmptyForm } from './forms/empty-form.ts';
export { FieldStorage, type FieldValue } from './forms/field-storage.ts';
export { FieldStorageInterface } from './forms/field-storage-interface.ts';
export { FieldStorageParser, type FieldStorageParserOptions } from './forms/field-storage-parser.ts';
export type { FileCallback, FileSink, PartInfo } from './forms/file-sink.ts';
export { type FileStorageOptions, fileStorage } from './forms/file-storage.ts';
export { TempFiles } from './forms/temp-files.ts';
export { Headers, type HeadersInit } from './http/headers.ts';
export { htmlEscape } from './http/html.ts';
export { type JsonDumpsOptions, jsonDumps } from './http/json.ts';
export {
  METHOD_ALL,
  METHOD_CONNECT,
  METHOD_DELETE,
  METHOD_GET,
  METHOD_GET_POST,
  METHOD_HEAD,
  METHOD_OPTIONS,
  METHOD_PATCH,
  METHOD_POST,
  METHOD_PUT,
  METHOD_TRACE,
} from './http/methods.ts';
// every HTTP_* status constant, DECLINED, STATUS_PHRASES and reasonPhrase (PoorWSGI's poorwsgi.state)
export * from './http/status.ts';
export type { JsonValue } from './request/json-body.ts';
export { Request } from './request/request.ts';
export type { RequestApp, RequestSettings } from './request/request-app.ts';
export type { Negotiation } from './request/request-message.ts';
export { abort } from './response/abort.ts';
export type { ResponseOptions } from './response/arguments.ts';
export { BaseResponse, type BodyChunk } from './response/base-response.ts';
export { Declined } from './response/declined.ts';
export { EmptyResponse } from './response/empty-response.ts';
export { FileObjResponse } from './response/file-obj-response.ts';
export { FileResponse } from './response/file-response.ts';
export { GeneratorResponse, type GeneratorResponseOptions, type StreamSource } from './response/generator-response.ts';
export { type JSONGeneratorOptions, JSONGeneratorResponse } from './response/json-generator-response.ts';
export { JSONResponse, type JSONResponseOptions } from './response/json-response.ts';
export { makeResponse, toResponse } from './response/make-response.ts';
export { NoContentResponse } from './response/no-content-response.ts';
export { type NotModifiedOptions, NotModifiedResponse } from './response/not-modified-response.ts';
export { PartialResponse } from './response/partial-response.ts';
export { redirect } from './response/redirect.ts';
export { type RedirectOptions, RedirectResponse, type RedirectStatus } from './response/redirect-response.ts';
export { Response } from './response/response.ts';
export { type ResponseTuple, tuple } from './response/response-tuple.ts';
export type { JsonSerializable, ResponseValue } from './response/response-value.ts';
export type { ClearCookieOptions, CookieOptions } from './response/set-cookie.ts';
export { StrGeneratorResponse } from './response/str-generator-response.ts';
export { TextResponse, type TextResponseOptions } from './response/text-response.ts';
export type { ErrorSummary, StateExtra } from './results/state-extra.ts';
export type { RouteFilterTypes, RouteParams } from './routing/route-params.ts';
export {
  Application,
  type Http2ListenOptions,
  type IdleConnections,
  type ListenOptions,
  serverPort,
  sweepIdleConnections,
} from './server/index.ts';
