import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import type { HeadersInit } from '../http/headers.ts';
import { HTTP_OK } from '../http/status.ts';
import { describeValue, isOptionsObject, type ResponseOptions } from './arguments.ts';
import { BaseResponse, type ResponseBody } from './base-response.ts';

const EMPTY = new Uint8Array(0);

function toBytes(owner: string, data: unknown): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (data instanceof Uint8Array) return data;
  throw new PoorWSGIError(
    'PW_ERR_ARGUMENT',
    `${owner} data must be a string or Uint8Array (got ${describeValue(data)})`,
  );
}

/**
 * A response with its body in memory. Strings are encoded as UTF-8;
 * `Uint8Array`s (and `Buffer`s) are kept by reference, not copied, so do not
 * change them after giving them to the response.
 *
 * `write()` appends, and `Content-Length` is always the byte count of
 * everything written (PoorWSGI's `write()` overwrote the initial data).
 * @example
 * const res = new Response('Hello', 'text/plain');
 * res.write(' World'); // body 'Hello World', Content-Length: 11
 * return new Response("I'm teapot :-)", 'text/plain', null, HTTP_I_AM_A_TEAPOT);
 */
export class Response extends BaseResponse {
  /**
   * The body while it is one string, as given: sent as it is, encoded only
   * when `data` is read or another write comes (bench/micro `response`).
   */
  #text: string | undefined;
  /** Written chunks; joined only when `data` is read, so that many writes stay linear. Made on first use. */
  #chunks: Uint8Array[] | undefined;
  #length = 0;

  /**
   * @param data the body; a string is encoded as UTF-8
   * @param options `statusCode` (200), `headers`, `contentType` (`text/html; charset=utf-8`)
   * @throws PoorWSGIError `PW_ERR_ARGUMENT` (bad data or content type), `PW_ERR_STATUS`
   * @example new Response('created', { statusCode: 201, contentType: 'text/plain' })
   */
  constructor(data?: string | Uint8Array, options?: ResponseOptions);
  /**
   * @param data the body; a string is encoded as UTF-8
   * @param contentType sent as `Content-Type` unless the headers hold one
   * @param headers the response's headers (`null`/omitted: none of its own; `X-Powered-By` is added when sent)
   * @param statusCode a status with a reason phrase, 200-599
   * @throws PoorWSGIError `PW_ERR_ARGUMENT` (bad data or content type), `PW_ERR_STATUS`
   */
  constructor(data?: string | Uint8Array, contentType?: string, headers?: HeadersInit | null, statusCode?: number);
  constructor(
    data: string | Uint8Array = '',
    contentType: string | ResponseOptions = 'text/html; charset=utf-8',
    headers?: HeadersInit | null,
    statusCode: number = HTTP_OK,
  ) {
    if (isOptionsObject(contentType)) {
      super(
        contentType.contentType ?? 'text/html; charset=utf-8',
        contentType.headers,
        contentType.statusCode ?? HTTP_OK,
      );
    } else {
      super(contentType, headers, statusCode);
    }
    if (typeof data === 'string') {
      if (data.length === 0) return;
      this.#text = data;
      this.#length = Buffer.byteLength(data, 'utf8');
    } else {
      this.#append(toBytes(new.target.name, data));
    }
  }

  /** The body as bytes from now on: a kept string is encoded once. */
  #toChunks(): Uint8Array[] {
    this.#chunks ??= [];
    if (this.#text !== undefined) {
      this.#chunks.push(Buffer.from(this.#text, 'utf8'));
      this.#text = undefined;
    }
    return this.#chunks;
  }

  #append(bytes: Uint8Array): void {
    if (bytes.byteLength === 0) return;
    this.#toChunks().push(bytes);
    this.#length += bytes.byteLength;
  }

  /**
   * Append to the body; a string is encoded as UTF-8.
   * @throws PoorWSGIError `PW_ERR_ARGUMENT` when `data` is not a string or Uint8Array
   */
  write(data: string | Uint8Array): void {
    this.#append(toBytes(`${this.constructor.name}.write`, data));
  }

  /** The body length in bytes. */
  override get contentLength(): number {
    return this.#length;
  }

  /** All the body bytes (joined once, then cached until the next write). */
  override get data(): Uint8Array {
    const chunks = this.#toChunks();
    if (chunks.length === 0) return EMPTY;
    if (chunks.length === 1) return chunks[0] as Uint8Array;
    const joined = Buffer.concat(chunks, this.#length);
    this.#chunks = [joined];
    return joined;
  }

  /** The body bytes. */
  override body(): ResponseBody {
    return { kind: 'bytes', data: this.data };
  }

  /** The string as given while the body is one string, else the bytes. */
  protected override memoryBody(): string | Uint8Array {
    return this.#text ?? this.data;
  }
}
