/**
 * Responses: the classes a handler returns, `makeResponse`/`toResponse` for
 * plain return values, and `abort`/`redirect` to stop a handler.
 * @module
 */
export { abort } from './abort.ts';
export type { ResponseOptions } from './arguments.ts';
export {
  BaseResponse,
  type BodyChunk,
  checkStatus,
  NOT_MODIFIED_DENY,
  type PreparedResponse,
  type ResponseBody,
  statusHasBody,
  X_POWERED_BY,
} from './base-response.ts';
export { type BodySegment, type ByteRange, resolveByteRanges } from './byte-ranges.ts';
export { Declined } from './declined.ts';
export { EMPTY_RESPONSE_DEPRECATION, EmptyResponse } from './empty-response.ts';
export { type FileObject, FileObjResponse } from './file-obj-response.ts';
export { FileResponse } from './file-response.ts';
export { type FileIdentity, FileSource, type FileTarget } from './file-source.ts';
export {
  GeneratorResponse,
  type GeneratorResponseOptions,
  isStreamSource,
  type StreamSource,
} from './generator-response.ts';
export { type JSONGeneratorOptions, JSONGeneratorResponse } from './json-generator-response.ts';
export { JSONResponse, type JSONResponseOptions } from './json-response.ts';
export { makeResponse, toResponse } from './make-response.ts';
export { NoContentResponse } from './no-content-response.ts';
export { type NotModifiedOptions, NotModifiedResponse } from './not-modified-response.ts';
export { PartialResponse } from './partial-response.ts';
export type { RangesInit } from './range-arguments.ts';
export { redirect } from './redirect.ts';
export { type RedirectOptions, RedirectResponse, type RedirectStatus } from './redirect-response.ts';
export { encodeRedirectTarget } from './redirect-target.ts';
export { Response } from './response.ts';
export { isResponseTuple, type ResponseTuple, tuple } from './response-tuple.ts';
export type { HandlerResult, JsonBody, JsonSerializable, ResponseValue, ToJSON } from './response-value.ts';
export { type ClearCookieOptions, type CookieOptions, clearCookieValue, setCookieValue } from './set-cookie.ts';
export { StrGeneratorResponse } from './str-generator-response.ts';
export { TextResponse, type TextResponseOptions } from './text-response.ts';
