import type { HeadersInit } from '../http/headers.ts';
import { HTTP_OK } from '../http/status.ts';
import { type ResponseOptions, responseOptions } from './arguments.ts';
import { GeneratorResponse, type StreamSource } from './generator-response.ts';

/**
 * A streamed response of string chunks, sent as UTF-8. The length is never
 * known in advance (as in PoorWSGI), so no `Content-Length` is sent.
 * @example
 * async function* lines() { yield 'one\n'; yield 'two\n'; }
 * return new StrGeneratorResponse(lines(), 'text/plain; charset=utf-8');
 */
export class StrGeneratorResponse extends GeneratorResponse {
  /** @throws PoorWSGIError `PW_ERR_ARGUMENT`, `PW_ERR_STATUS` */
  constructor(source: StreamSource<string>, options?: ResponseOptions);
  constructor(source: StreamSource<string>, contentType?: string, headers?: HeadersInit | null, statusCode?: number);
  constructor(
    source: StreamSource<string>,
    contentType?: string | ResponseOptions,
    headers?: HeadersInit | null,
    statusCode: number = HTTP_OK,
  ) {
    super(source, responseOptions(contentType, headers, statusCode));
  }
}
