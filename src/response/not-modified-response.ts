import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import { dateToHttp, timeToHttp } from '../http/dates.ts';
import type { HeadersInit } from '../http/headers.ts';
import { HTTP_NOT_MODIFIED } from '../http/status.ts';
import { describeValue } from './arguments.ts';
import { NoContentResponse } from './no-content-response.ts';

/** Options of {@link NotModifiedResponse}: PoorWSGI's keyword arguments, and the other headers a 304 keeps. */
export interface NotModifiedOptions {
  /** Response headers; `null`/omitted for none of its own. */
  headers?: HeadersInit | null;
  /** `ETag` (a full entity tag: `"abc"` or `W/"abc"`). */
  etag?: string | null;
  /** `Content-Location`. */
  contentLocation?: string | null;
  /** `Date`: an HTTP date string, epoch seconds or a `Date`; `''` is ignored. */
  date?: string | number | Date | null;
  /** `Vary`. */
  vary?: string | null;
  /** `Cache-Control`. */
  cacheControl?: string | null;
  /** `Expires`: an HTTP date string, epoch seconds or a `Date`. */
  expires?: string | number | Date | null;
}

function httpDate(name: string, value: string | number | Date): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return timeToHttp(value);
  if (value instanceof Date) return dateToHttp(value);
  throw new PoorWSGIError(
    'PW_ERR_ARGUMENT',
    `NotModifiedResponse ${name} must be a string, a number or a Date (got ${describeValue(value)})`,
  );
}

/**
 * `304 Not Modified`. Unlike PoorWSGI (bug 2), every header reaches the
 * client: `ETag`, `Date`, `Cache-Control`, `Expires`, `Vary`,
 * `Content-Location`, `Set-Cookie` and your own; the representation
 * metadata a 304 must not carry (`Content-Type`, `Content-Length`, ...) is
 * dropped when it is sent. Node adds a `Date` when none is given.
 * @example
 * if (req.headers.get('If-None-Match') === etag) return new NotModifiedResponse({ etag });
 */
export class NotModifiedResponse extends NoContentResponse {
  /** @throws PoorWSGIError `PW_ERR_ARGUMENT` for a bad date; `TypeError` (`PW_ERR_HEADER`) for a bad header value */
  constructor(options: NotModifiedOptions = {}) {
    super(options.headers, HTTP_NOT_MODIFIED);
    const { etag, contentLocation, date, vary, cacheControl, expires } = options;
    if (etag) this.headers.set('ETag', etag);
    if (contentLocation) this.headers.set('Content-Location', contentLocation);
    if (date !== undefined && date !== null && date !== '') this.headers.set('Date', httpDate('date', date));
    if (vary) this.headers.set('Vary', vary);
    if (cacheControl) this.headers.set('Cache-Control', cacheControl);
    if (expires !== undefined && expires !== null && expires !== '') {
      this.headers.set('Expires', httpDate('expires', expires));
    }
  }
}
