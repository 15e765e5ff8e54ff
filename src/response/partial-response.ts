import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import type { HeadersInit } from '../http/headers.ts';
import { HTTP_PARTIAL_CONTENT } from '../http/status.ts';
import { type ResponseOptions, responseOptions } from './arguments.ts';
import type { RangesInit } from './range-arguments.ts';
import { Response } from './response.ts';

/**
 * A `206 Partial Content` response whose body already is the part: for
 * ranges chosen by your own means, in units other than bytes too. Call
 * {@link PartialResponse.makeRange} to set `Content-Range`; `Content-Length`
 * counts the bytes of the body, whatever the units.
 * @example
 * const res = new PartialResponse(letters.slice(100, 200).join(''));
 * res.makeRange([100, 199], 'unicodes', 200); // Content-Range: unicodes 100-199/200
 */
export class PartialResponse extends Response {
  /** @throws PoorWSGIError `PW_ERR_ARGUMENT` (bad data or content type) */
  constructor(data?: string | Uint8Array, options?: Omit<ResponseOptions, 'statusCode'>);
  constructor(data?: string | Uint8Array, contentType?: string, headers?: HeadersInit | null);
  constructor(
    data: string | Uint8Array = '',
    contentType?: string | Omit<ResponseOptions, 'statusCode'>,
    headers?: HeadersInit | null,
  ) {
    // always 206: the body is a part of something
    super(data, { ...responseOptions(contentType, headers, undefined), statusCode: HTTP_PARTIAL_CONTENT });
  }

  /**
   * Refused: the body is partial already; use {@link PartialResponse.makeRange}.
   * @throws PoorWSGIError `PW_ERR_ARGUMENT` always
   */
  override makePartial(_ranges?: RangesInit | null, _units?: string): void {
    throw new PoorWSGIError('PW_ERR_ARGUMENT', 'PartialResponse is partial already: use its makeRange method');
  }
}
