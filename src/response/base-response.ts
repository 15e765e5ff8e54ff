import type { ResponseLike } from '../errors/http-exception.ts';
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import { Headers, type HeadersInit, type HeaderValue, type NegotiationList } from '../http/headers.ts';
import { HTTP_NO_CONTENT, HTTP_NOT_MODIFIED, HTTP_OK, reasonPhrase } from '../http/status.ts';

/** The default `X-Powered-By` value of every response built without explicit headers. */
export const X_POWERED_BY = 'Poor WSGI for TypeScript';

/** A chunk a streaming body may yield; strings are sent as UTF-8. */
export type BodyChunk = Uint8Array | string;

/** What an adapter sends after the headers. */
export type ResponseBody =
  | { readonly kind: 'none' }
  | { readonly kind: 'bytes'; readonly data: Uint8Array }
  | { readonly kind: 'stream'; readonly source: Iterable<BodyChunk> | AsyncIterable<BodyChunk> };

/** A response ready for the wire: status line, final headers and body. */
export interface PreparedResponse {
  readonly statusCode: number;
  readonly reason: string;
  readonly headers: Headers;
  readonly body: ResponseBody;
}

const NO_BODY: ResponseBody = { kind: 'none' };

/** Statuses that never carry a body (RFC 9110 §6.4.1): 1xx, 204 and 304. */
export function statusHasBody(code: number): boolean {
  return code >= 200 && code !== HTTP_NO_CONTENT && code !== HTTP_NOT_MODIFIED;
}

/**
 * Check that a status code can be sent: 200-599 with a reason phrase.
 * @throws PoorWSGIError `PW_ERR_STATUS`
 */
export function checkStatus(code: number): string {
  const reason = Number.isInteger(code) && code >= 200 && code <= 599 ? reasonPhrase(code) : undefined;
  if (reason === undefined) throw new PoorWSGIError('PW_ERR_STATUS', `Bad response status ${code}`);
  return reason;
}

/**
 * The base of every response: status, reason, headers and a body.
 *
 * Headers given as `null`/`undefined` start with `X-Powered-By`; headers given
 * explicitly (even `{}`) are used as they are, as in PoorWSGI.
 */
export class BaseResponse implements ResponseLike {
  #statusCode: number;
  #reason: string;
  #headers: Headers;
  /** The Content-Type added when no Content-Type header is set; `''` adds none. */
  contentType: string;
  /** True only for {@link Declined}: the adapter sends nothing at all. */
  readonly declined: boolean = false;

  constructor(contentType = '', headers?: HeadersInit | null, statusCode: number = HTTP_OK) {
    this.#reason = checkStatus(statusCode);
    this.#statusCode = statusCode;
    this.contentType = contentType;
    this.#headers =
      headers === undefined || headers === null
        ? new Headers([['X-Powered-By', X_POWERED_BY]])
        : headers instanceof Headers
          ? headers
          : new Headers(headers);
  }

  /** The status code. Setting it checks that it has a reason phrase. */
  get statusCode(): number {
    return this.#statusCode;
  }

  set statusCode(code: number) {
    this.#reason = checkStatus(code);
    this.#statusCode = code;
  }

  /** The reason phrase of the status line. */
  get reason(): string {
    return this.#reason;
  }

  /** The response headers (by reference). Setting wraps non-Headers values. */
  get headers(): Headers {
    return this.#headers;
  }

  set headers(value: HeadersInit) {
    this.#headers = value instanceof Headers ? value : new Headers(value);
  }

  /** Add a header, with optional parameters (see `Headers.addHeader`). */
  addHeader(
    name: string,
    value?: HeaderValue | NegotiationList | null,
    params?: Readonly<Record<string, string | null>>,
  ): void {
    this.#headers.addHeader(name, value, params);
  }

  /** Body length in bytes when known, `undefined` for unknown (streams). */
  get contentLength(): number | undefined {
    return 0;
  }

  /** The body bytes when they are in memory; empty otherwise. */
  get data(): Uint8Array {
    return new Uint8Array(0);
  }

  /** The body to send. Subclasses override it. */
  body(): ResponseBody {
    return NO_BODY;
  }

  /**
   * The status line, final headers and body for the wire. Content-Type and
   * Content-Length are added when not set, except on 1xx/204/304, which never
   * carry them nor a body. The response's own headers are not changed.
   */
  prepare(): PreparedResponse {
    const headers = this.#headers.clone();
    if (!statusHasBody(this.#statusCode)) {
      // RFC 9110 §8.6: a 1xx or 204 must not carry Content-Length; a 304's would describe the
      // selected representation, which this response does not have either
      headers.delete('Content-Length');
      return { statusCode: this.#statusCode, reason: this.#reason, headers, body: NO_BODY };
    }
    if (this.contentType && !headers.has('Content-Type')) headers.append('Content-Type', this.contentType);
    const length = this.contentLength;
    if (length !== undefined && !headers.has('Content-Length')) headers.append('Content-Length', length);
    return { statusCode: this.#statusCode, reason: this.#reason, headers, body: this.body() };
  }
}
