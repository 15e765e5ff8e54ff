import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import type { HeadersInit } from '../http/headers.ts';
import { BaseResponse } from './base-response.ts';

// A module-private symbol: no JSON or user data can carry it, so a JSON list
// is never mistaken for a tuple.
const RESPONSE_TUPLE: unique symbol = Symbol('poorwsgi.ResponseTuple');

/** The arguments of `makeResponse` returned together by a handler; made by {@link tuple}. */
export interface ResponseTuple {
  readonly [RESPONSE_TUPLE]: true;
  readonly data: unknown;
  readonly contentType: string | undefined;
  readonly headers: HeadersInit | null | undefined;
  readonly statusCode: number | undefined;
}

/**
 * The one implementation of {@link ResponseTuple}: read-only accessors over
 * private fields, so a tuple cannot be changed without the cost of
 * `Object.freeze` (bench/micro `response: tuple()`).
 */
class Tuple implements ResponseTuple {
  readonly #data: unknown;
  readonly #contentType: string | undefined;
  readonly #headers: HeadersInit | null | undefined;
  readonly #statusCode: number | undefined;

  constructor(
    data: unknown,
    contentType: string | undefined,
    headers: HeadersInit | null | undefined,
    statusCode: number | undefined,
  ) {
    this.#data = data;
    this.#contentType = contentType;
    this.#headers = headers;
    this.#statusCode = statusCode;
  }

  get [RESPONSE_TUPLE](): true {
    return true;
  }

  get data(): unknown {
    return this.#data;
  }

  get contentType(): string | undefined {
    return this.#contentType;
  }

  get headers(): HeadersInit | null | undefined {
    return this.#headers;
  }

  get statusCode(): number | undefined {
    return this.#statusCode;
  }
}

/**
 * The TypeScript form of PoorWSGI's tuple return (`return "Hello", "text/plain"`).
 * A JavaScript array cannot be told from a JSON list, so a handler marks its
 * extra return values with `tuple()`; `toResponse` passes them to
 * `makeResponse(data, contentType, headers, statusCode)`. Omitted values take
 * `makeResponse`'s defaults.
 * @throws PoorWSGIError `PW_ERR_RESPONSE` when `data` is a response or another tuple
 * @example
 * return tuple('Hello world!', 'text/plain');
 * return tuple(null, '', null, HTTP_GONE); // 410, no body
 * return tuple(chunks(), 'text/plain', []); // a stream, no headers of its own
 */
export function tuple(
  data: unknown,
  contentType?: string,
  headers?: HeadersInit | null,
  statusCode?: number,
): ResponseTuple {
  if (data instanceof BaseResponse || isResponseTuple(data)) {
    throw new PoorWSGIError(
      'PW_ERR_RESPONSE',
      `tuple() data cannot be a response or a tuple (got ${data instanceof BaseResponse ? data.constructor.name : 'a tuple'}); return it as it is`,
    );
  }
  return new Tuple(data, contentType, headers, statusCode);
}

/** Whether `value` was made by {@link tuple}. */
export function isResponseTuple(value: unknown): value is ResponseTuple {
  return value instanceof Tuple;
}
