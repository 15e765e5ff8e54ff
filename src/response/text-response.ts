import type { HeadersInit } from '../http/headers.ts';
import { HTTP_OK } from '../http/status.ts';
import { withCharset } from './arguments.ts';
import { Response } from './response.ts';

/**
 * A plain-text response: `text/plain; charset=utf-8`, or `text/plain` when
 * `charset` is `null` or `''`. The text is always encoded as UTF-8, as in
 * PoorWSGI; the charset only names it.
 * @example
 * return new TextResponse('Hello World'); // Content-Length: 11
 * return new TextResponse('plain', null); // Content-Type: text/plain
 */
export class TextResponse extends Response {
  /**
   * @throws PoorWSGIError `PW_ERR_ARGUMENT` (charset not a token, text not a string), `PW_ERR_STATUS`
   */
  constructor(
    text: string,
    charset: string | null = 'utf-8',
    headers?: HeadersInit | null,
    statusCode: number = HTTP_OK,
  ) {
    super(text, withCharset('TextResponse', 'text/plain', charset), headers, statusCode);
  }
}
