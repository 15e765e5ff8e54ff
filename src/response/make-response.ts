import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import { Headers, type HeadersInit } from '../http/headers.ts';
import { HTTP_NO_CONTENT, HTTP_OK } from '../http/status.ts';
import { describeValue } from './arguments.ts';
import { BaseResponse } from './base-response.ts';
import { GeneratorResponse, isStreamSource } from './generator-response.ts';
import { JSONResponse } from './json-response.ts';
import { NoContentResponse } from './no-content-response.ts';
import { Response } from './response.ts';
import { isResponseTuple } from './response-tuple.ts';

const EXPECTED =
  'Returned data must be: <string|Uint8Array|object|array|Iterable<Uint8Array>|AsyncIterable<Uint8Array>|null>, ' +
  '<string>, <HeadersInit|null>, <number>';

function refuse(what: string): never {
  throw new PoorWSGIError('PW_ERR_RESPONSE', `${EXPECTED} (got ${what})`);
}

/** A JSON object: an object literal or `Object.create(null)`, not a class instance. */
function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The byte length when every item is a Uint8Array chunk, else `undefined`. */
function chunksLength(list: readonly unknown[]): number | undefined {
  let length = 0;
  // An index loop, not every(): holes in a sparse array must count as non-chunks.
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!(item instanceof Uint8Array)) return undefined;
    length += item.byteLength;
  }
  return length;
}

/**
 * Iterable collections that are not bodies: their items are not chunks, and
 * a `Map` or `Set` is not a JSON value either.
 */
function isCollection(value: object): boolean {
  return (
    value instanceof Map ||
    value instanceof Set ||
    value instanceof Headers ||
    value instanceof String ||
    ArrayBuffer.isView(value)
  );
}

/**
 * Turn a handler's return value into a response (PoorWSGI's `make_response`):
 *
 * | data | response |
 * | --- | --- |
 * | a `BaseResponse` | itself (the other arguments are ignored) |
 * | `string`, `Uint8Array`, `Buffer` | `Response(data, contentType, headers, statusCode)` |
 * | a plain object (literal or null prototype), an object with a `toJSON()` method (a `Date`), an array that is not only Uint8Array chunks (`[]` included) | `JSONResponse`, written as `JSON.stringify` does (content type ignored, as in PoorWSGI) |
 * | `null`, `undefined` | `NoContentResponse(headers, statusCode === 200 ? 204 : statusCode)` |
 * | a non-empty array of Uint8Array chunks | `GeneratorResponse` with the summed `Content-Length` |
 * | another iterable or async iterable (generator, `Readable`, ...) | `GeneratorResponse`, length unknown |
 *
 * Anything else is refused with `PW_ERR_RESPONSE`: numbers (`0` included: use
 * `abort(DECLINED)`), booleans, bigints, symbols, functions, a `Promise` (await
 * it first), class instances without `toJSON` (wrap them in a `JSONResponse`),
 * `Map`/`Set`/typed arrays/`Headers`, an array mixing chunks with other values,
 * and a `tuple()`.
 * @throws PoorWSGIError `PW_ERR_RESPONSE`; `PW_ERR_STATUS` / `PW_ERR_ARGUMENT` from the constructors
 * @example
 * makeResponse('Hello'); // 200 text/html
 * makeResponse({ msg: 'Message' }); // 200 application/json
 * makeResponse(null, '', null, HTTP_GONE); // 410, no body
 */
export function makeResponse(
  data: unknown,
  contentType = 'text/html; charset=utf-8',
  headers?: HeadersInit | null,
  statusCode: number = HTTP_OK,
): BaseResponse {
  if (data instanceof BaseResponse) return data;
  if (typeof contentType !== 'string') refuse(`content type ${describeValue(contentType)}`);
  if (typeof statusCode !== 'number') refuse(`status code ${describeValue(statusCode)}`);
  if (typeof data === 'string' || data instanceof Uint8Array)
    return new Response(data, contentType, headers, statusCode);
  if (data === null || data === undefined) {
    return new NoContentResponse(headers, statusCode === HTTP_OK ? HTTP_NO_CONTENT : statusCode);
  }
  if (typeof data !== 'object') refuse(describeValue(data));
  if (isResponseTuple(data)) refuse('a tuple(); toResponse() takes tuples');
  if (Array.isArray(data)) {
    const length = data.length > 0 ? chunksLength(data) : undefined;
    if (length !== undefined) return new GeneratorResponse(data, contentType, headers, statusCode, length);
    if (data.some((item) => item instanceof Uint8Array)) refuse('an array mixing Uint8Array chunks with other values');
    return new JSONResponse(data, { headers, statusCode });
  }
  if (isPlainObject(data) || (typeof (data as { toJSON?: unknown }).toJSON === 'function' && !isCollection(data))) {
    // an object that writes itself to JSON (a Date, a class with toJSON) is written as JSON.stringify does
    return new JSONResponse(data, { headers, statusCode });
  }
  if (!isCollection(data) && isStreamSource(data)) return new GeneratorResponse(data, contentType, headers, statusCode);
  return refuse(describeValue(data));
}

/**
 * Turn anything a handler returns into a response: a `BaseResponse` as it is,
 * a {@link tuple} spread into {@link makeResponse} (the TypeScript form of
 * Python's `return "Hello", "text/plain"`), any other value through
 * `makeResponse(value)`.
 * @throws PoorWSGIError as {@link makeResponse}
 * @example
 * toResponse(tuple('Hello', 'text/plain')); // 200 text/plain
 * toResponse(['a', 'b']); // JSON ["a","b"], never a tuple
 */
export function toResponse(value: unknown): BaseResponse {
  if (typeof value === 'object' && value !== null) {
    if (value instanceof BaseResponse) return value;
    if (isResponseTuple(value)) return makeResponse(value.data, value.contentType, value.headers, value.statusCode);
    // the usual API answer, a plain object, goes straight to JSON: makeResponse would test it for every other kind first
    if (isPlainObject(value)) return new JSONResponse(value);
  }
  return makeResponse(value);
}
