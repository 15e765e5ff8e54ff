import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import type { HeadersInit } from '../http/headers.ts';
import { HTTP_OK } from '../http/status.ts';
import { describeValue, isOptionsObject, type ResponseOptions, responseOptions } from './arguments.ts';
import { BaseResponse, type BodyChunk, type ResponseBody } from './base-response.ts';
import { primeStream } from './primed-stream.ts';

/** What a streaming response reads its chunks from. */
export type StreamSource<T extends BodyChunk = BodyChunk> = Iterable<T> | AsyncIterable<T>;

/** Whether `value` is an object a `for await` loop can read (not a string). */
export function isStreamSource(value: unknown): value is StreamSource {
  if (typeof value !== 'object' || value === null) return false;
  const source = value as { [Symbol.iterator]?: unknown; [Symbol.asyncIterator]?: unknown };
  return typeof source[Symbol.asyncIterator] === 'function' || typeof source[Symbol.iterator] === 'function';
}

/** The options of {@link GeneratorResponse}: a known length too. */
export interface GeneratorResponseOptions extends ResponseOptions {
  /** The body's length in bytes, when known: then sent as `Content-Length`. */
  contentLength?: number;
}

/**
 * A streamed response: the body is read chunk by chunk from a sync or async
 * iterable (an array, a generator, a `Readable`). Chunks are `Uint8Array`s
 * or strings (sent as UTF-8).
 *
 * `contentLength` is only what you give; omitted, the length is unknown and
 * no `Content-Length` is sent (Node then frames the body with chunked
 * encoding). Unlike PoorWSGI, `0` is a real length of zero, not "unknown".
 * @example
 * function* numbers() { for (let i = 0; i < 10; i++) yield `${i}\n`; }
 * return new GeneratorResponse(numbers(), 'text/plain');
 */
export class GeneratorResponse extends BaseResponse {
  #source: StreamSource;
  #primed = false;
  readonly #length: number | undefined;

  /**
   * @throws PoorWSGIError `PW_ERR_ARGUMENT` (source not iterable, bad length or content type), `PW_ERR_STATUS`
   */
  constructor(source: StreamSource, options?: GeneratorResponseOptions);
  constructor(
    source: StreamSource,
    contentType?: string,
    headers?: HeadersInit | null,
    statusCode?: number,
    contentLength?: number,
  );
  constructor(
    source: StreamSource,
    contentType?: string | GeneratorResponseOptions,
    headers?: HeadersInit | null,
    statusCode?: number,
    contentLength?: number,
  ) {
    const owner = new.target.name;
    const options = responseOptions(contentType, headers, statusCode);
    if (isOptionsObject(contentType)) contentLength = contentType.contentLength;
    if (!isStreamSource(source)) {
      throw new PoorWSGIError(
        'PW_ERR_ARGUMENT',
        `${owner} source must be an iterable or async iterable object (got ${describeValue(source)})`,
      );
    }
    if (contentLength !== undefined && !(Number.isSafeInteger(contentLength) && contentLength >= 0)) {
      throw new PoorWSGIError(
        'PW_ERR_ARGUMENT',
        `${owner} content length must be a non-negative integer (got ${describeValue(contentLength)})`,
      );
    }
    super(options.contentType ?? 'text/html; charset=utf-8', options.headers, options.statusCode ?? HTTP_OK);
    this.#source = source;
    this.#length = contentLength;
  }

  /** The length given to the constructor, or `undefined` (unknown). */
  override get contentLength(): number | undefined {
    return this.#length;
  }

  /** The source, passed through as it is (once primed: its first item read ahead, then the rest). */
  override body(): ResponseBody {
    return { kind: 'stream', source: this.#source };
  }

  /** Read the source's first item ahead (once). */
  override prime(): undefined | Promise<void> {
    if (this.#primed) return undefined;
    this.#primed = true;
    const primed = primeStream(this.#source);
    if (primed instanceof Promise) {
      return primed.then((source) => {
        this.#source = source;
      });
    }
    this.#source = primed;
    return undefined;
  }
}
