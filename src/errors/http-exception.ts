import { DECLINED, reasonPhrase } from '../http/status.ts';

/**
 * What errors/ needs to know of a response; errors/ sits below response/ and
 * cannot import it. Every `BaseResponse` satisfies this.
 */
export interface ResponseLike {
  /** The response's status code. */
  readonly statusCode: number;
}

/** Keyword arguments passed on to the state handler (`error`, `realm`, `stale`, ...). */
export type HTTPExceptionExtra = Readonly<Record<string, unknown>>;

/**
 * Stop a handler with an HTTP status (the application's state handler builds
 * the page) or with a ready response.
 * @example
 * throw new HTTPException(HTTP_FORBIDDEN);
 * throw new HTTPException(HTTP_BAD_REQUEST, { error: 'id must be a number' });
 * throw new HTTPException(new Response('{"reason":"no"}', 'application/json', null, 400));
 */
export class HTTPException extends Error {
  /** The status code, or the response given instead. */
  readonly arg: number | ResponseLike;
  /** Extra keyword arguments for the state handler. */
  readonly extra: HTTPExceptionExtra;

  constructor(arg: number | ResponseLike, extra: HTTPExceptionExtra = {}) {
    const code = typeof arg === 'number' ? arg : arg.statusCode;
    super(code === DECLINED ? 'DECLINED' : `${code} ${reasonPhrase(code) ?? ''}`.trimEnd());
    this.name = 'HTTPException';
    this.arg = arg;
    this.extra = extra;
  }

  /** The status code: the number given, or the response's status. */
  get statusCode(): number {
    return typeof this.arg === 'number' ? this.arg : this.arg.statusCode;
  }

  /** The response given instead of a status code, or `undefined`. */
  get response(): ResponseLike | undefined {
    return typeof this.arg === 'number' ? undefined : this.arg;
  }
}
