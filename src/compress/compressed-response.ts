/**
 * The response sent in place of one whose body is compressed: the same
 * status, content type and headers, with `Content-Encoding`, a weak `ETag`
 * and no `Content-Length` or `Accept-Ranges` of the original body.
 * @module
 */
import type { Headers } from '../http/headers.ts';
import { BaseResponse, type ResponseBody } from '../response/base-response.ts';
import type { ContentCoding } from './settings.ts';

/**
 * The headers of the compressed form of a response whose headers are
 * `headers` (changed in place: give a copy):
 * - `Content-Encoding: <coding>`;
 * - a strong `ETag` becomes weak (`"x"` → `W/"x"`): the compressed bytes
 *   differ from the original's, which a strong tag promises are the same
 *   (RFC 9110 §8.8.3), and they differ between two compressions too;
 * - no `Content-Length` (the transports add the compressed one, for a body
 *   in memory) and no `Accept-Ranges`: ranges are served of the original
 *   bytes only, so a client must not resume a compressed download with one.
 */
export function compressedHeaders(headers: Headers, coding: ContentCoding): Headers {
  headers.delete('Content-Length');
  headers.delete('Accept-Ranges');
  headers.set('Content-Encoding', coding);
  weakenETag(headers);
  return headers;
}

/**
 * Make a strong `ETag` weak (`"x"` → `W/"x"`); a weak one, or none, stays.
 * @example
 * const headers = new Headers({ ETag: '"v1"' });
 * weakenETag(headers); // ETag: W/"v1"
 */
export function weakenETag(headers: Headers): void {
  const etag = headers.get('ETag');
  if (etag?.startsWith('"')) headers.set('ETag', `W/${etag}`);
}

/** A compressed body: bytes in memory, or a stream. */
export type CompressedBody = Exclude<ResponseBody, { readonly kind: 'none' }>;

/**
 * A response whose body is the compressed body of another. Made by
 * `compressResponse`; a body in memory is compressed already (its length is
 * the `Content-Length`), a stream is compressed as it is sent.
 */
export class CompressedResponse extends BaseResponse {
  readonly #body: CompressedBody;
  readonly #coding: ContentCoding;

  /**
   * @param original the response compressed: its status and content type are kept
   * @param coding the content coding of `body`
   * @param headers the headers to send (see {@link compressedHeaders})
   * @param body the compressed body: bytes, or a stream that compresses as it is read
   */
  constructor(original: BaseResponse, coding: ContentCoding, headers: Headers, body: CompressedBody) {
    super(original.contentType, headers, original.statusCode);
    this.#coding = coding;
    this.#body = body;
  }

  /** The content coding of the body (`br`, `gzip` or `zstd`). */
  get coding(): ContentCoding {
    return this.#coding;
  }

  /** The compressed length for a body in memory; `undefined` for a stream. */
  override get contentLength(): number | undefined {
    const body = this.#body;
    return body.kind === 'bytes' ? body.data.byteLength : undefined;
  }

  /** The compressed bytes of a body in memory; empty for a stream. */
  override get data(): Uint8Array {
    const body = this.#body;
    return body.kind === 'bytes' ? body.data : new Uint8Array(0);
  }

  /** The compressed body. */
  override body(): ResponseBody {
    return this.#body;
  }

  /** The compressed bytes, so that node:http sends a body in memory on its fast path. */
  protected override memoryBody(): Uint8Array | undefined {
    const body = this.#body;
    return body.kind === 'bytes' ? body.data : undefined;
  }
}
