import type { HeadersInit } from '../http/headers.ts';
import { HTTP_NO_CONTENT } from '../http/status.ts';
import { BaseResponse } from './base-response.ts';

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
  /** @throws PoorWSGIError `PW_ERR_STATUS` */
  constructor(headers?: HeadersInit | null, statusCode: number = HTTP_NO_CONTENT) {
    super('', headers, statusCode);
  }
}
