import type { DECLINED } from '../http/status.ts';
import type { BaseResponse, BodyChunk } from './base-response.ts';
import type { ResponseTuple } from './response-tuple.ts';

/**
 * An object that writes itself to JSON, as `JSON.stringify` calls it: a
 * `Date`, a class of the application's own with a `toJSON()` method.
 */
export interface ToJSON {
  toJSON(key?: string): unknown;
}

/**
 * A value `JSON.stringify` writes as it is meant: primitives, arrays and
 * object literals of such values, and objects with `toJSON`. `undefined`
 * members are left out, as `JSON.stringify` does. Functions, symbols,
 * bigints, `Map`, `Set` and class instances without `toJSON` are not
 * (they would be written as `{}`, or throw).
 *
 * Object types declared with `interface` have no index signature and so are
 * not accepted where this type is expected: declare API shapes with `type`
 * (`type User = { id: number }`), or return them in a `JSONResponse`.
 */
export type JsonSerializable =
  | string
  | number
  | boolean
  | null
  | undefined
  | ToJSON
  | readonly JsonSerializable[]
  | { readonly [key: string]: JsonSerializable };

/** A body `makeResponse` writes as JSON: an object literal, an array, or an object with `toJSON`. */
export type JsonBody = ToJSON | readonly JsonSerializable[] | { readonly [key: string]: JsonSerializable };

/**
 * Every value `makeResponse`/`toResponse` turn into a response, as a type:
 *
 * - a response (`BaseResponse` and its subclasses), a {@link ResponseTuple};
 * - `string` or `Uint8Array` (a `Response`), a {@link JsonBody} (a `JSONResponse`);
 * - `null`, `undefined` or nothing (`NoContentResponse`, 204);
 * - an iterable or async iterable of chunks (a generator, a `Readable`: a `GeneratorResponse`);
 * - `DECLINED` (0): no response at all.
 *
 * A number other than `DECLINED`, a boolean, a `Map` or a class instance
 * without `toJSON` is not one: returning it fails to compile.
 */
export type ResponseValue =
  | BaseResponse
  | ResponseTuple
  | string
  | Uint8Array
  | JsonBody
  | null
  | undefined
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing answers 204
  | void
  | Iterable<BodyChunk>
  | AsyncIterable<BodyChunk>
  | typeof DECLINED;

/** What a handler, state handler, error handler or after-hook returns: a {@link ResponseValue}, or a promise of one. */
export type HandlerResult = ResponseValue | PromiseLike<ResponseValue>;
