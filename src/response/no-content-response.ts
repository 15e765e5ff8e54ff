import type { HeadersInit } from '../http/headers.ts';
import { HTTP_NO_CONTENT } from '../http/status.ts';
import { isOptionsObject, type ResponseOptions } from './arguments.ts';
import { BaseResponse } from './base-response.ts';

/** True for `{ headers?, statusCode? }` with at least one of them and no other key. */
function isNoContentOptions(value: unknown): value is Omit<ResponseOptions, 'contentType'> {
  if (!isOptionsObject(value)) return false;
  const keys = Object.keys(value as object);
  return keys.length > 0 && keys.every((key) => key === 'headers' || key === 'statusCode');
}

/**
 * A response without a body, `204 No Content` by default.
 *
 * Unlike PoorWSGI, which sent no headers at all here, every header is kept:
 * `ETag`, `Set-Cookie`, custom headers and, with `headers` omitted,
 * `X-Powered-By`. On 204 (and 304) there is no `Content-Type` nor
 * `Content-Length`; with another status (`makeResponse(null, '', null, 410)`)
 * it carries `Content-Length: 0`, which frames the empty body.
 * @example
 * const res = new NoContentResponse({ 'Set-Cookie': 'sid=1' }); // 204, Set-Cookie kept
 */
export class NoContentResponse extends BaseResponse {
  /**
   * @param headers the headers; or the options `{ headers, statusCode }` (an
   *   object with no other key, so a headers record is never taken for them)
   * @throws PoorWSGIError `PW_ERR_STATUS`
   * @example new NoContentResponse({ headers: { ETag: '"1"' }, statusCode: 205 })
   */
  constructor(
    headers?: HeadersInit | null | Omit<ResponseOptions, 'contentType'>,
    statusCode: number = HTTP_NO_CONTENT,
  ) {
    if (isNoContentOptions(headers)) super('', headers.headers, headers.statusCode ?? HTTP_NO_CONTENT);
    else super('', headers as HeadersInit | null | undefined, statusCode);
  }
}
