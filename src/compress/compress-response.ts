/**
 * Whether and how a response is compressed for a request: the one entry
 * point, `compressResponse`, which the application calls as the last step of
 * every response when its `compression` option is on.
 * @module
 */
import { trimOws } from '../http/grammar.ts';
import type { Headers } from '../http/headers.ts';
import { HTTP_NOT_MODIFIED, HTTP_PARTIAL_CONTENT } from '../http/status.ts';
import { type BaseResponse, statusHasBody } from '../response/base-response.ts';
import { FileSource } from '../response/file-source.ts';
import { negotiateEncoding } from './accept-encoding.ts';
import { compressSync } from './codecs.ts';
import { CompressedFileSource, CompressedStream, type Source } from './compress-stream.ts';
import { CompressedResponse, compressedHeaders, weakenETag } from './compressed-response.ts';
import { type CompressionOptions, CompressionSettings, type ContentCoding, resolveCompression } from './settings.ts';

/** What compression reads of a request: its method and its `Accept-Encoding`. */
export interface CompressRequest {
  readonly method: string;
  header(name: string): string | undefined;
}

/** Where a failure to compress is reported (the application's logger fits). */
export interface CompressLogger {
  error(...args: unknown[]): void;
}

/**
 * Bodies in memory up to this size are compressed at once on the calling
 * thread (at most about 2 ms for gzip, 1.5 ms for brotli quality 4); a
 * larger one is streamed through the threadpool, a slice at a time, so that
 * no response holds the event loop for long. Measured on 100 KiB of JSON,
 * synchronous compression was faster than the threadpool's, which
 * (`zlib.gzip()`) goes back to the main thread for every 16 KiB of output.
 */
const SYNC_LIMIT = 256 * 1024;

/** The slice of a large body in memory written to the compressor at a time. */
const SLICE = 64 * 1024;

function* slices(data: string | Uint8Array): Generator<Uint8Array, void, undefined> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  for (let at = 0; at < bytes.byteLength; at += SLICE) yield bytes.subarray(at, at + SLICE);
}

/** The media type of a Content-Type value, without parameters, in lower case. */
function mediaTypeOf(contentType: string): string {
  const semicolon = contentType.indexOf(';');
  return trimOws(contentType, 0, semicolon === -1 ? contentType.length : semicolon).toLowerCase();
}

/** Whether a list header (`Cache-Control`, `Vary`) names `token`, in any case. */
function listHas(values: readonly string[], tokens: readonly string[]): boolean {
  for (const value of values) {
    for (const item of value.split(',')) if (tokens.includes(trimOws(item).toLowerCase())) return true;
  }
  return false;
}

/**
 * Add `Accept-Encoding` to the response's `Vary` (RFC 9110 §12.5.5), so that
 * a cache keeps the compressed and the plain answers apart: appended to the
 * `Vary` there is, unless it names `Accept-Encoding` or `*` already.
 * @example
 * const headers = new Headers({ Vary: 'Origin' });
 * addVary(headers); // Vary: Origin, Accept-Encoding
 */
export function addVary(headers: Headers): void {
  const values = headers.getAll('Vary');
  if (listHas(values, ['accept-encoding', '*'])) return;
  headers.set('Vary', values.length === 0 ? 'Accept-Encoding' : `${values.join(', ')}, Accept-Encoding`);
}

/**
 * The response to send for `req`: compressed when the client accepts a
 * coding of the settings and the response is worth it, else the same response.
 *
 * Left as they are: a declined response; 1xx, 204 and 206, and a 200 with
 * ranges to serve (ranges are of the original bytes); a response with a
 * `Content-Encoding` already or `Cache-Control: no-transform`; a media type
 * the `filter` refuses, or none; a body whose known length is under the
 * `threshold` (a stream of unknown length is always compressed).
 *
 * Every other response varies with `Accept-Encoding` and gets
 * `Vary: Accept-Encoding`, compressed or not (an identity answer too, and a
 * HEAD or 304 answer, so that caches do not mix them). HEAD answers are never
 * compressed (they carry the headers of the plain body). A 304 of such a
 * response gets the weak `ETag` the compressed 200 would carry, when the
 * client accepts a coding. The compressed response (a
 * {@link CompressedResponse}) has `Content-Encoding`, a weak `ETag`, and no
 * `Accept-Ranges`; a body in memory is compressed now, and its length is the
 * `Content-Length`; a stream is compressed as it is sent, without one.
 *
 * A `filter` or body that throws leaves the response uncompressed, logged.
 * @param options the settings (`app.compression`), `true` for the defaults; `false` does nothing
 * @throws PoorWSGIError `PW_ERR_OPTION` for options that are not valid
 * @example
 * // what the `compression` option does, by hand, in an after-hook (here for one path only)
 * app.afterResponse((req, res) => (req.path === '/report' ? compressResponse(req, res, true) : res));
 */
export function compressResponse(
  req: CompressRequest,
  response: BaseResponse,
  options: boolean | CompressionOptions,
  logger?: CompressLogger,
): BaseResponse {
  if (options === false || response.declined) return response;
  const settings =
    options instanceof CompressionSettings
      ? options
      : (resolveCompression('compression', options) as CompressionSettings);
  try {
    return compress(req, response, settings);
  } catch (err) {
    logger?.error({ err }, 'Compressing the response failed; it is sent uncompressed:');
    return response;
  }
}

function compress(req: CompressRequest, response: BaseResponse, settings: CompressionSettings): BaseResponse {
  const status = response.statusCode;
  if (status === HTTP_PARTIAL_CONTENT || (status !== HTTP_NOT_MODIFIED && !statusHasBody(status))) return response;
  // the length first: a small answer with the default headers is let go without making its Headers
  const length = response.contentLength;
  if (length !== undefined && (length < settings.threshold || length === 0)) return response;
  if (response.ranges.length > 0) return response;
  const headers = response.headers;
  if (headers.has('Content-Encoding')) return response;
  const type = mediaTypeOf(headers.get('Content-Type') ?? response.contentType);
  if (type === '' || !settings.filter(type)) return response;
  if (listHas(headers.getAll('Cache-Control'), ['no-transform'])) return response;
  addVary(headers);
  if (req.method === 'HEAD') return response;
  const coding = negotiateEncoding(req.header('accept-encoding'), settings.encodings);
  if (coding === 'identity') return response;
  if (status === HTTP_NOT_MODIFIED) {
    weakenETag(headers);
    return response;
  }
  let memory: string | Uint8Array | undefined = response.wireBody();
  let stream: Source | undefined;
  if (memory === undefined) {
    const body = response.body();
    if (body.kind === 'bytes') memory = body.data;
    else if (body.kind === 'stream') stream = body.source;
  }
  if (memory !== undefined) {
    // a body in memory has its length known (the Content-Length it would be sent with): no second count
    const size = length ?? (typeof memory === 'string' ? Buffer.byteLength(memory, 'utf8') : memory.byteLength);
    if (size === 0) return response;
    if (size > SYNC_LIMIT) return streamed(response, coding, settings, slices(memory), size);
    const data = compressSync(coding, memory, settings);
    return new CompressedResponse(response, coding, compressedHeaders(headers.clone(), coding), {
      kind: 'bytes',
      data,
    });
  }
  if (stream === undefined) return response;
  return streamed(response, coding, settings, stream, length);
}

/** The compressed response of a streamed body; a file body stays a file body to the transports. */
function streamed(
  response: BaseResponse,
  coding: ContentCoding,
  settings: CompressionSettings,
  source: Source,
  sizeHint: number | undefined,
): CompressedResponse {
  const compressed =
    source instanceof FileSource
      ? new CompressedFileSource(source, coding, settings, sizeHint)
      : new CompressedStream(source, coding, settings, sizeHint);
  const headers = compressedHeaders(response.headers.clone(), coding);
  return new CompressedResponse(response, coding, headers, { kind: 'stream', source: compressed });
}
