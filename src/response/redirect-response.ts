import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import type { HeadersInit } from '../http/headers.ts';
import {
  HTTP_MOVED_PERMANENTLY,
  HTTP_MOVED_TEMPORARILY,
  HTTP_PERMANENT_REDIRECT,
  HTTP_SEE_OTHER,
  HTTP_TEMPORARY_REDIRECT,
} from '../http/status.ts';
import { describeValue, isOptionsObject } from './arguments.ts';
import { encodeRedirectTarget } from './redirect-target.ts';
import { Response } from './response.ts';

/** The statuses a {@link RedirectResponse} may have. */
export type RedirectStatus = 301 | 302 | 303 | 307 | 308;

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([
  HTTP_MOVED_PERMANENTLY,
  HTTP_MOVED_TEMPORARILY,
  HTTP_SEE_OTHER,
  HTTP_TEMPORARY_REDIRECT,
  HTTP_PERMANENT_REDIRECT,
]);

/** The options of {@link RedirectResponse}. */
export interface RedirectOptions {
  /** 301, 302, 303, 307 or 308. @default 302 */
  statusCode?: RedirectStatus;
  /** The `text/plain` body. @default '' */
  message?: string | Uint8Array;
  /** Response headers; `Location` is set from the target whatever they hold. */
  headers?: HeadersInit | null;
}

/**
 * A redirect: `302 Found` by default, a `Location` header and a
 * `text/plain` body that is only `message` (empty by default). The target is
 * never written into the body, so it cannot be rendered as HTML.
 *
 * The target is checked and percent-encoded by {@link encodeRedirectTarget}:
 * control characters and protocol-relative targets (`//host`, `/\host`,
 * `\host`) are refused. PoorWSGI's `True` / `permanent=True` form is not
 * supported: pass `301`.
 * @example
 * return new RedirectResponse('/new/url', HTTP_MOVED_PERMANENTLY);
 * return new RedirectResponse('/', HTTP_SEE_OTHER, 'See Other');
 */
export class RedirectResponse extends Response {
  /** The `Location` value as sent (percent-encoded). */
  readonly location: string;

  /**
   * @param options `statusCode` (302), `message` (the body, empty by default), `headers`
   * @throws PoorWSGIError `PW_ERR_ARGUMENT` (bad target, a status that is not a redirect)
   * @example new RedirectResponse('/login', { statusCode: HTTP_SEE_OTHER })
   */
  constructor(location: string, options?: RedirectOptions);
  /** @throws PoorWSGIError `PW_ERR_ARGUMENT` (bad target, a status that is not a redirect) */
  constructor(
    location: string,
    statusCode?: RedirectStatus,
    message?: string | Uint8Array,
    headers?: HeadersInit | null,
  );
  constructor(
    location: string,
    statusCodeOrOptions: RedirectStatus | RedirectOptions = HTTP_MOVED_TEMPORARILY,
    message: string | Uint8Array = '',
    headers?: HeadersInit | null,
  ) {
    let statusCode: number = HTTP_MOVED_TEMPORARILY;
    if (isOptionsObject(statusCodeOrOptions)) {
      statusCode = statusCodeOrOptions.statusCode ?? HTTP_MOVED_TEMPORARILY;
      message = statusCodeOrOptions.message ?? '';
      headers = statusCodeOrOptions.headers;
    } else {
      statusCode = statusCodeOrOptions;
    }
    if (!REDIRECT_STATUSES.has(statusCode)) {
      throw new PoorWSGIError(
        'PW_ERR_ARGUMENT',
        `RedirectResponse status must be 301, 302, 303, 307 or 308 (got ${describeValue(statusCode)})`,
      );
    }
    const target = encodeRedirectTarget(location);
    super(message, { contentType: 'text/plain; charset=utf-8', headers, statusCode });
    // set(), not add(): the location argument wins over a Location in the given headers.
    this.headers.set('Location', target);
    this.location = target;
  }
}
