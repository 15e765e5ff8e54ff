// file-length: over 400 lines on purpose: one class every response inherits (status, headers, the body's
// wire forms, Range and 304 handling) whose private state prepare(), wireBody() and wireHeaders() all read;
// the byte-range and multipart pieces already live in their own files.
import type { ResponseLike } from '../errors/http-exception.ts';
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import { type HeaderPair, Headers, type HeadersInit, type HeaderValue, type NegotiationList } from '../http/headers.ts';
import { ContentRange, type RangePair } from '../http/range.ts';
import {
  HTTP_NO_CONTENT,
  HTTP_NOT_MODIFIED,
  HTTP_OK,
  HTTP_PARTIAL_CONTENT,
  HTTP_RANGE_NOT_SATISFIABLE,
  reasonPhrase,
} from '../http/status.ts';
import { checkContentType, describeValue, wireContentType } from './arguments.ts';
import {
  type BodySegment,
  type ByteRange,
  resolveByteRanges,
  segmentsLength,
  selectSegments,
  sliceBytes,
} from './byte-ranges.ts';
import { multipartSegments, newBoundary } from './multipart-byteranges.ts';
import { checkRangeUnits, type RangesInit, rangePairs } from './range-arguments.ts';
import { type ClearCookieOptions, type CookieOptions, clearCookieValue, setCookieValue } from './set-cookie.ts';

/** The default `X-Powered-By` value (the application's `poweredBy` option). */
export const X_POWERED_BY = 'Poor WSGI for TypeScript';

/** A response's headers before anything is set: none (`X-Powered-By` is added on the wire). */
const DEFAULT_HEADERS: readonly HeaderPair[] = [];

/**
 * The `X-Powered-By` value a response is sent with, unless it sets that
 * header itself; `null` sends none. On the prototype (the default,
 * {@link X_POWERED_BY}): the pipeline sets it on a response only for an
 * application whose `poweredBy` option differs, so the usual response
 * carries no extra field.
 * @internal
 */
export const POWERED_BY: unique symbol = Symbol('poorwsgi.poweredBy');

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

/**
 * Representation metadata a 304 does not carry (RFC 9110 §15.4.5): the
 * client keeps what it has cached. Validators and cache headers (`ETag`,
 * `Date`, `Cache-Control`, `Expires`, `Vary`, `Content-Location`), cookies and
 * the rest are sent.
 */
export const NOT_MODIFIED_DENY: readonly string[] = Object.freeze([
  'Content-Encoding',
  'Content-Language',
  'Content-Length',
  'Content-MD5',
  'Content-Range',
  'Content-Type',
]);

/** Statuses that never carry a body (RFC 9110 §6.4.1): 1xx, 204 and 304. */
export function statusHasBody(code: number): boolean {
  return code >= 200 && code !== HTTP_NO_CONTENT && code !== HTTP_NOT_MODIFIED;
}

/**
 * Check that a status code can be sent: 200-599 with a reason phrase.
 * @throws PoorWSGIError `PW_ERR_STATUS`
 */
export function checkStatus(code: number): string {
  if (code === HTTP_OK) return 'OK';
  const reason = Number.isInteger(code) && code >= 200 && code <= 599 ? reasonPhrase(code) : undefined;
  if (reason === undefined) throw new PoorWSGIError('PW_ERR_STATUS', `Bad response status ${code}`);
  return reason;
}

/**
 * The mark of a `FileResponse`, on the response prototypes (`false` here,
 * `true` on `FileResponse`'s): one property load, where `instanceof
 * FileResponse` walks the whole prototype chain of every other response, on
 * every request (bench/micro `response`).
 * @internal
 */
export const FILE_RESPONSE: unique symbol = Symbol('poorwsgi.fileResponse');

/**
 * The base of every response: status, reason, headers and a body.
 *
 * Every response is sent with the application's `X-Powered-By` header
 * (the `poweredBy` option), unless it sets that header itself, whatever
 * other headers it was given (PoorWSGI added it only to responses built
 * without headers).
 */
export class BaseResponse implements ResponseLike {
  static {
    (BaseResponse.prototype as { [FILE_RESPONSE]?: boolean })[FILE_RESPONSE] = false;
    (BaseResponse.prototype as { [POWERED_BY]?: string | null })[POWERED_BY] = X_POWERED_BY;
  }

  /** See {@link POWERED_BY}. @internal */
  declare [POWERED_BY]: string | null;

  #statusCode: number;
  #reason: string;
  /** `undefined` stands for the default headers, untouched: made on first use, so most responses never build one. */
  #headers: Headers | undefined;
  #contentType: string;
  /** True only for {@link Declined}: the adapter sends nothing at all. */
  readonly declined: boolean = false;
  /** Ranges asked for by {@link BaseResponse.makePartial}; `undefined` until it is called. */
  #ranges: RangePair[] | undefined;
  #units = 'bytes';
  /** One boundary per response, so that preparing twice gives the same headers. */
  #boundary: string | undefined;

  constructor(contentType = '', headers?: HeadersInit | null, statusCode: number = HTTP_OK) {
    this.#reason = checkStatus(statusCode);
    this.#statusCode = statusCode;
    // every response's content type is checked here, once (a cached compare for the usual types)
    this.#contentType = checkContentType(new.target.name, contentType);
    this.#headers =
      headers === undefined || headers === null
        ? undefined
        : headers instanceof Headers
          ? headers
          : new Headers(headers);
  }

  /**
   * The Content-Type added when no Content-Type header is set; `''` adds none.
   * @throws PoorWSGIError `PW_ERR_ARGUMENT` when set to a value with control characters
   */
  get contentType(): string {
    return this.#contentType;
  }

  set contentType(value: string) {
    this.#contentType = checkContentType(`${this.constructor.name}.contentType`, value);
  }

  /** The status code. Setting it checks that it has a reason phrase. */
  get statusCode(): number {
    return this.#statusCode;
  }

  set statusCode(code: number) {
    this.#reason = checkStatus(code);
    this.#statusCode = code;
    if (this.#ranges !== undefined && code !== HTTP_OK && code !== HTTP_PARTIAL_CONTENT) {
      // a 304, 404 or 500 is not the representation the ranges were asked of (as PoorWSGI)
      this.#ranges = undefined;
      this.headers.delete('Accept-Ranges');
    }
  }

  /** The reason phrase of the status line. */
  get reason(): string {
    return this.#reason;
  }

  /** The response headers (by reference). Setting wraps non-Headers values. */
  get headers(): Headers {
    this.#headers ??= Headers.trusted(DEFAULT_HEADERS);
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
    this.headers.addHeader(name, value, params);
  }

  /**
   * Set a cookie: one more `Set-Cookie` header (several cookies, several
   * headers), written as Python's `SimpleCookie` does. `Path=/` unless
   * `options.path` says otherwise; times in seconds. Kept on 304 and HEAD answers.
   * @throws PoorWSGIError `PW_ERR_COOKIE` for a bad name, value or attribute
   * @example res.setCookie('theme', 'dark', { maxAge: 86400, httpOnly: true, sameSite: 'Lax' });
   */
  setCookie(name: string, value: string, options?: CookieOptions): this {
    this.headers.append('Set-Cookie', setCookieValue(name, value, options));
    return this;
  }

  /**
   * Remove a cookie from the client: a `Set-Cookie` with an empty value that
   * has expired. Give the `path` and `domain` it was set with.
   * @throws PoorWSGIError `PW_ERR_COOKIE` for a bad name or attribute
   * @example res.clearCookie('theme');
   */
  clearCookie(name: string, options?: ClearCookieOptions): this {
    this.headers.append('Set-Cookie', clearCookieValue(name, options));
    return this;
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
   * Read a streamed body's first item ahead, before the status line is
   * sent (see `primeStream`): the pipeline calls it on a handler's response,
   * so that a stream failing before its first byte is a 500 through the
   * state handlers. Nothing to do for other bodies (`undefined`); a promise
   * when the read is asynchronous.
   * @throws whatever the first read throws (a promise rejects with it)
   */
  prime(): undefined | Promise<void> {
    return undefined;
  }

  /** The ranges given to {@link BaseResponse.makePartial} (a copy); empty when none. */
  get ranges(): RangePair[] {
    return (this.#ranges ?? []).map(([start, end]) => [start, end]);
  }

  /** The range unit given to {@link BaseResponse.makePartial} (`bytes` by default). */
  get units(): string {
    return this.#units;
  }

  /**
   * Serve only the ranges asked for, as PoorWSGI's `make_partial`: adds
   * `Accept-Ranges: <units>` and keeps the ranges, which `prepare()` applies
   * to a 200 response in `bytes` units whose length is known:
   * - one range gives `206 Partial Content` with `Content-Range`;
   * - several give one `multipart/byteranges` 206 (overlapping and adjacent
   *   ranges are merged first, in ascending order);
   * - none satisfiable gives `416` with `Content-Range: bytes *\/<length>`.
   *
   * Other units, or a body of unknown length, send the whole 200 response.
   * Pairs with `end < start` are skipped and duplicates dropped (client input).
   * Changing the status to anything but 200/206 later forgets the ranges.
   * @param ranges `[start, end]` pairs (`null` for an open side), or one pair; none just advertises `Accept-Ranges`
   * @throws PoorWSGIError `PW_ERR_ARGUMENT` when the status is not 200, or for malformed pairs or units
   * @example
   * const res = new Response(data, 'application/octet-stream');
   * res.makePartial([[null, 100]]); // the last 100 bytes
   * const ranges = parseRange(req.headers.get('Range') ?? '');
   * if (ranges.bytes) res.makePartial(ranges.bytes);
   */
  makePartial(ranges?: RangesInit | null, units = 'bytes'): void {
    const owner = `${this.constructor.name}.makePartial`;
    if (this.#statusCode !== HTTP_OK) {
      throw new PoorWSGIError('PW_ERR_ARGUMENT', `${owner} needs a 200 response (got status ${this.#statusCode})`);
    }
    checkRangeUnits(owner, units);
    const unique = new Map<string, RangePair>();
    for (const [start, end] of rangePairs(owner, ranges)) {
      if (start !== null && end !== null && end < start) continue;
      unique.set(`${start}-${end}`, [start, end]);
    }
    this.#units = units;
    this.#ranges = [...unique.values()];
    this.headers.set('Accept-Ranges', units);
  }

  /**
   * Set `Content-Range` on a 206 response whose body already is the part,
   * as PoorWSGI's `make_range` (see `PartialResponse`).
   * @param ranges exactly one `[start, end]` pair, both positions given
   * @param full the complete length, `'*'` when unknown
   * @throws PoorWSGIError `PW_ERR_ARGUMENT` when the status is not 206, or for
   *   anything but one well-formed pair, bad units or a bad length
   * @example res.makeRange([50, 99], 'unicodes'); // Content-Range: unicodes 50-99/*
   */
  makeRange(ranges: RangesInit, units = 'bytes', full: number | '*' = '*'): void {
    const owner = `${this.constructor.name}.makeRange`;
    if (this.#statusCode !== HTTP_PARTIAL_CONTENT) {
      throw new PoorWSGIError('PW_ERR_ARGUMENT', `${owner} needs a 206 response (got status ${this.#statusCode})`);
    }
    checkRangeUnits(owner, units);
    const pairs = rangePairs(owner, ranges);
    const [pair] = pairs;
    if (pairs.length !== 1 || pair === undefined || pair[0] === null || pair[1] === null || pair[1] < pair[0]) {
      throw new PoorWSGIError(
        'PW_ERR_ARGUMENT',
        `${owner} takes one [start, end] pair with start <= end (got ${JSON.stringify(pairs)})`,
      );
    }
    if (full !== '*' && !(Number.isSafeInteger(full) && full >= 0)) {
      throw new PoorWSGIError(
        'PW_ERR_ARGUMENT',
        `${owner} full length must be '*' or >= 0 (got ${describeValue(full)})`,
      );
    }
    this.headers.set('Content-Range', String(new ContentRange(pair[0], pair[1], full, units)));
  }

  /**
   * The body made of `segments`: ranges of this response's content (ascending)
   * and literal bytes between them. The default reads `body()` once from its
   * start; subclasses with random access (files, memory) override it.
   */
  protected rangeBody(segments: readonly BodySegment[]): ResponseBody {
    const body = this.body();
    if (body.kind === 'bytes') return { kind: 'bytes', data: sliceBytes(body.data, segments) };
    if (body.kind === 'stream') return { kind: 'stream', source: selectSegments(body.source, segments) };
    return NO_BODY;
  }

  /**
   * The status line, final headers and body for the wire. Content-Type and
   * Content-Length are added when not set, except on 1xx/204/304, which never
   * carry them nor a body; a 304 also drops the other representation metadata
   * ({@link NOT_MODIFIED_DENY}). Ranges from {@link BaseResponse.makePartial}
   * are applied here. The response's own headers are not changed.
   */
  prepare(): PreparedResponse {
    const headers = this.#headers === undefined ? Headers.trusted(DEFAULT_HEADERS) : this.#headers.clone();
    const poweredBy = this[POWERED_BY];
    if (poweredBy !== null && !headers.has('X-Powered-By')) headers.append('X-Powered-By', poweredBy);
    if (!statusHasBody(this.#statusCode)) {
      // RFC 9110 §8.6: a 1xx or 204 must not carry Content-Length; a 304's would describe the
      // selected representation, which this response does not have either
      headers.delete('Content-Length');
      if (this.#statusCode === HTTP_NOT_MODIFIED) for (const name of NOT_MODIFIED_DENY) headers.delete(name);
      return { statusCode: this.#statusCode, reason: this.#reason, headers, body: NO_BODY };
    }
    if (this.contentType && !headers.has('Content-Type')) headers.append('Content-Type', this.contentType);
    if (this.#ranges !== undefined && this.#ranges.length > 0 && this.#statusCode === HTTP_OK) {
      const partial = this.#preparePartial(headers, this.#ranges);
      if (partial !== undefined) return partial;
    }
    const length = this.contentLength;
    if (length !== undefined && !headers.has('Content-Length')) headers.append('Content-Length', length);
    return { statusCode: this.#statusCode, reason: this.#reason, headers, body: this.body() };
  }

  /**
   * The body of a response that needs nothing of {@link BaseResponse.prepare}
   * but Content-Type and Content-Length: in memory, no ranges, a status with
   * a body. `undefined` for any other: use `prepare()`. The node:http
   * adapter's fast path: with {@link BaseResponse.wireHeaders} it sends the
   * same status line, headers and body as `prepare()`, but a string body stays
   * a string, which Node writes together with the headers in one `write`
   * (a Buffer takes a `writev`), and no `Headers` copy is made.
   */
  wireBody(): string | Uint8Array | undefined {
    if (this.#ranges !== undefined || !statusHasBody(this.#statusCode)) return undefined;
    return this.memoryBody();
  }

  /**
   * The `writeHead` header array of a response {@link BaseResponse.wireBody}
   * accepted: its headers as `toWire()` gives them, then Content-Type and
   * Content-Length unless set. Untouched default headers give a fresh literal
   * array, with no `Headers` object made at all.
   */
  wireHeaders(): string[] {
    const type = this.#contentType;
    const length = String(this.contentLength ?? 0);
    const headers = this.#headers;
    const poweredBy = this[POWERED_BY];
    if (headers === undefined && poweredBy === X_POWERED_BY) {
      return type
        ? ['X-Powered-By', X_POWERED_BY, 'Content-Type', wireContentType(type), 'Content-Length', length]
        : ['X-Powered-By', X_POWERED_BY, 'Content-Length', length];
    }
    const wire = headers === undefined ? [] : headers.toWire();
    if (poweredBy !== null && !headers?.has('X-Powered-By')) wire.push('X-Powered-By', poweredBy);
    if (type && !headers?.has('Content-Type')) wire.push('Content-Type', wireContentType(type));
    if (!headers?.has('Content-Length')) wire.push('Content-Length', length);
    return wire;
  }

  /** The body when it is in memory (as given: a string stays a string); `undefined` for none or a stream. */
  protected memoryBody(): string | Uint8Array | undefined {
    return undefined;
  }

  /** A 206 or 416 for the ranges; `undefined` to send the whole response. */
  #preparePartial(headers: Headers, pairs: readonly RangePair[]): PreparedResponse | undefined {
    const length = this.contentLength;
    if (this.#units !== 'bytes' || length === undefined) {
      // ranges of an unknown length or in units we do not know cannot be cut: send it all, as RFC 9110 §14.2 allows
      headers.delete('Accept-Ranges');
      return undefined;
    }
    const ranges = resolveByteRanges(pairs, length);
    headers.delete('Content-Range');
    headers.delete('Content-Length');
    if (ranges.length === 0) {
      headers.delete('Content-Type');
      headers.append('Content-Range', `bytes */${length}`);
      headers.append('Content-Length', 0);
      return statusOf(HTTP_RANGE_NOT_SATISFIABLE, headers, NO_BODY);
    }
    let segments: BodySegment[];
    if (ranges.length === 1) {
      const range = ranges[0] as ByteRange;
      segments = [range];
      headers.append('Content-Range', `bytes ${range.start}-${range.end}/${length}`);
    } else {
      this.#boundary ??= newBoundary();
      segments = multipartSegments(ranges, length, headers.get('Content-Type') ?? '', this.#boundary);
      headers.set('Content-Type', `multipart/byteranges; boundary=${this.#boundary}`);
    }
    headers.append('Content-Length', segmentsLength(segments));
    return statusOf(HTTP_PARTIAL_CONTENT, headers, this.rangeBody(segments));
  }
}

function statusOf(code: number, headers: Headers, body: ResponseBody): PreparedResponse {
  return { statusCode: code, reason: reasonPhrase(code) ?? '', headers, body };
}
