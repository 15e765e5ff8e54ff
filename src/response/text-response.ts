import type { HeadersInit } from '../http/headers.ts';
import { HTTP_OK } from '../http/status.ts';
import { isOptionsObject, type ResponseOptions, withCharset } from './arguments.ts';
import { Response } from './response.ts';

/** The options of {@link TextResponse}: a charset in place of the content type. */
export interface TextResponseOptions extends Omit<ResponseOptions, 'contentType'> {
  /** The `charset` parameter; `null` or `''` gives a bare `text/plain`. @default 'utf-8' */
  charset?: string | null;
}

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
   * @param options `statusCode` (200), `headers`, `charset` (`utf-8`; `null` or `''` for none)
   * @throws PoorWSGIError `PW_ERR_ARGUMENT` (charset not a token, text not a string), `PW_ERR_STATUS`
   * @example new TextResponse('gone', { statusCode: 410 })
   */
  constructor(text: string, options?: TextResponseOptions);
  /** @throws PoorWSGIError `PW_ERR_ARGUMENT` (charset not a token, text not a string), `PW_ERR_STATUS` */
  constructor(text: string, charset?: string | null, headers?: HeadersInit | null, statusCode?: number);
  constructor(
    text: string,
    charset: string | null | TextResponseOptions = 'utf-8',
    headers?: HeadersInit | null,
    statusCode: number = HTTP_OK,
  ) {
    if (isOptionsObject(charset)) {
      const type = withCharset('TextResponse', 'text/plain', charset.charset === undefined ? 'utf-8' : charset.charset);
      super(text, { contentType: type, headers: charset.headers, statusCode: charset.statusCode ?? HTTP_OK });
    } else {
      super(text, withCharset('TextResponse', 'text/plain', charset), headers, statusCode);
    }
  }
}
