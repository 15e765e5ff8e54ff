import { accessSync, constants, type Stats, statSync } from 'node:fs';
import { HTTPException } from '../errors/http-exception.ts';
import { timeToHttp } from '../http/dates.ts';
import { fileETag } from '../http/etag.ts';
import type { HeadersInit } from '../http/headers.ts';
import { guessMimeType } from '../http/mime-types.ts';
import { HTTP_FORBIDDEN, HTTP_NOT_FOUND, HTTP_OK } from '../http/status.ts';
import { type ResponseOptions, responseOptions } from './arguments.ts';
import { BaseResponse, FILE_RESPONSE, type ResponseBody } from './base-response.ts';
import type { BodySegment } from './byte-ranges.ts';
import { FileSource } from './file-source.ts';

const NOT_FOUND = new Set(['ENOENT', 'ENOTDIR', 'ENAMETOOLONG', 'ELOOP']);
const FORBIDDEN = new Set(['EACCES', 'EPERM']);

/** Stat a file to serve, turning the reasons it cannot be served into HTTP answers. */
function statFile(path: string): Stats {
  let stats: Stats;
  try {
    stats = statSync(path);
    // a FIFO or device could block a read forever, and a directory has no bytes to send
    if (!stats.isFile()) throw new HTTPException(HTTP_FORBIDDEN, { error: 'Not a regular file' });
    accessSync(path, constants.R_OK);
  } catch (err) {
    if (err instanceof HTTPException) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (NOT_FOUND.has(code)) throw new HTTPException(HTTP_NOT_FOUND, { error: 'File not found' });
    if (FORBIDDEN.has(code)) throw new HTTPException(HTTP_FORBIDDEN, { error: 'File is not readable' });
    throw err;
  }
  return stats;
}

/**
 * A file, streamed from disk as the client reads it.
 *
 * - `Content-Type` from the file name (Python's `mimetypes` table), unless given;
 * - `Content-Length` from the size, `Last-Modified` from the **mtime** (PoorWSGI used
 *   the ctime) and an `ETag` from size and mtime, unless the headers hold them;
 * - `Accept-Ranges: bytes`: `makePartial()` serves ranges, and the application
 *   applies the request's `Range` (GET), `If-Range` and conditional headers
 *   (`If-None-Match` → 304, `If-Match` → 412, ...) by itself.
 *
 * The file is checked in the constructor, which throws `HTTPException` 404
 * when it does not exist and 403 when it is not a readable regular file, so
 * a handler needs no checks of its own. It is opened only when the body is
 * sent (never for HEAD or 304) and closed on every path; a file replaced
 * after the check is refused rather than sent with the old length.
 * @example
 * app.route('/favicon.ico', () => new FileResponse('./static/favicon.ico'));
 */
export class FileResponse extends BaseResponse {
  static {
    (FileResponse.prototype as { [FILE_RESPONSE]?: boolean })[FILE_RESPONSE] = true;
  }

  readonly #path: string;
  readonly #stats: Stats;

  /**
   * @param path the file to send
   * @param contentType `null`/omitted guesses it from the file name (`application/octet-stream` when
   *   unknown); or an options object `{ statusCode, headers, contentType }` in its place
   * @throws HTTPException 404 (missing) or 403 (unreadable, not a regular file);
   *   PoorWSGIError `PW_ERR_ARGUMENT` (bad content type), `PW_ERR_STATUS`
   */
  constructor(path: string, options?: ResponseOptions);
  constructor(path: string, contentType?: string | null, headers?: HeadersInit | null, statusCode?: number);
  constructor(
    path: string,
    contentType?: string | null | ResponseOptions,
    headers?: HeadersInit | null,
    statusCode?: number,
  ) {
    const options = responseOptions(contentType, headers, statusCode);
    const status = options.statusCode ?? HTTP_OK;
    super(options.contentType ?? guessMimeType(path), options.headers, status);
    this.#path = path;
    this.#stats = statFile(path);
    if (!this.headers.has('Last-Modified')) this.headers.set('Last-Modified', timeToHttp(this.lastModified));
    if (!this.headers.has('ETag')) this.headers.set('ETag', fileETag(this.#stats.size, this.#stats.mtimeMs));
    if (status === HTTP_OK) this.makePartial();
  }

  /** The path given to the constructor. */
  get path(): string {
    return this.#path;
  }

  /** The file's `fs.Stats` when the response was made. */
  get stats(): Stats {
    return this.#stats;
  }

  /** The modification time in whole epoch seconds (what `Last-Modified` says). */
  get lastModified(): number {
    return Math.floor(this.#stats.mtimeMs / 1000);
  }

  /** The file size. */
  override get contentLength(): number {
    return this.#stats.size;
  }

  /** The whole file, read when sent. */
  override body(): ResponseBody {
    return this.rangeBody([{ start: 0, end: this.#stats.size - 1 }]);
  }

  /** Ranges read straight from their offsets in the file. */
  protected override rangeBody(segments: readonly BodySegment[]): ResponseBody {
    const parts = segments.filter((s) => s instanceof Uint8Array || s.end >= s.start);
    return { kind: 'stream', source: new FileSource(this.#path, parts, this.#stats) };
  }
}

/** True for a `FileResponse` (or a subclass), as `instanceof FileResponse`, with no prototype walk. */
export function isFileResponse(value: BaseResponse): value is FileResponse {
  return (value as { [FILE_RESPONSE]?: boolean })[FILE_RESPONSE] === true;
}
