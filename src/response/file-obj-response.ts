import { fstatSync, ReadStream, statSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import type { HeadersInit } from '../http/headers.ts';
import { HTTP_OK } from '../http/status.ts';
import { checkContentType, describeValue, type ResponseOptions, responseOptions } from './arguments.ts';
import { BaseResponse, type ResponseBody } from './base-response.ts';
import type { BodySegment } from './byte-ranges.ts';
import { FileSource } from './file-source.ts';
import { isStreamSource, type StreamSource } from './generator-response.ts';

/** What {@link FileObjResponse} sends: an open descriptor (number or `FileHandle`), or a byte stream. */
export type FileObject = number | FileHandle | StreamSource<Uint8Array>;

function isFileHandle(value: unknown): value is FileHandle {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FileHandle).fd === 'number' &&
    typeof (value as FileHandle).createReadStream === 'function'
  );
}

/** The size of a regular file behind a descriptor; `undefined` for pipes, sockets and closed descriptors. */
function descriptorSize(fd: number): number | undefined {
  try {
    const stats = fstatSync(fd);
    return stats.isFile() ? stats.size : undefined;
  } catch {
    return undefined;
  }
}

/** The bytes an `fs.ReadStream` of a path will give; `undefined` when unknown. */
function readStreamLength(stream: ReadStream): number | undefined {
  const path = stream.path;
  if (typeof path !== 'string' || stream.bytesRead > 0) return undefined;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) return undefined;
    // start and end are options of fs.createReadStream that @types/node does not declare on the stream
    const { start = 0, end = Number.POSITIVE_INFINITY } = stream as unknown as { start?: number; end?: number };
    const last = Math.min(end, stats.size - 1);
    return Math.max(0, last - start + 1);
  } catch {
    return undefined;
  }
}

/**
 * An open file or stream, sent as it is read (PoorWSGI's `FileObjResponse`).
 *
 * - a descriptor (`fs.openSync(...)`) or a `FileHandle` of a regular file: its
 *   size is the `Content-Length`, ranges are read from their offsets, and the
 *   descriptor is **owned** by the response: closed once sent (HEAD included);
 * - an `fs.ReadStream` of a path: the length comes from the file, ranges skip bytes;
 * - any other `Readable` or (async) iterable of bytes: length unknown, sent chunked.
 *
 * `Content-Type` defaults to `application/octet-stream`.
 * @example
 * app.route('/simple', () => new FileObjResponse(fs.createReadStream(import.meta.filename)));
 * app.route('/fd', () => new FileObjResponse(fs.openSync('data.bin', 'r')));
 */
export class FileObjResponse extends BaseResponse {
  readonly #file: FileObject;
  readonly #length: number | undefined;
  /** Set for a descriptor of a regular file: it can be read at any offset. */
  readonly #descriptor: number | FileHandle | undefined;

  /**
   * @throws PoorWSGIError `PW_ERR_ARGUMENT` (not a descriptor nor a stream, bad content type), `PW_ERR_STATUS`
   */
  constructor(fileObj: FileObject, options?: ResponseOptions);
  constructor(fileObj: FileObject, contentType?: string | null, headers?: HeadersInit | null, statusCode?: number);
  constructor(
    fileObj: FileObject,
    contentType?: string | null | ResponseOptions,
    headers?: HeadersInit | null,
    statusCode?: number,
  ) {
    const owner = new.target.name;
    const options = responseOptions(contentType, headers, statusCode);
    const type = checkContentType(owner, options.contentType ?? 'application/octet-stream');
    let length: number | undefined;
    let descriptor: number | FileHandle | undefined;
    if (typeof fileObj === 'number' || isFileHandle(fileObj)) {
      const fd = typeof fileObj === 'number' ? fileObj : fileObj.fd;
      if (!Number.isSafeInteger(fd) || fd < 0) {
        throw new PoorWSGIError('PW_ERR_ARGUMENT', `${owner} descriptor must be open (got ${describeValue(fd)})`);
      }
      length = descriptorSize(fd);
      descriptor = fileObj;
    } else if (fileObj instanceof ReadStream) {
      length = readStreamLength(fileObj);
    } else if (!isStreamSource(fileObj)) {
      throw new PoorWSGIError(
        'PW_ERR_ARGUMENT',
        `${owner} needs a file descriptor, a FileHandle or a byte stream (got ${describeValue(fileObj)})`,
      );
    }
    super(type, options.headers, options.statusCode ?? HTTP_OK);
    this.#file = fileObj;
    this.#length = length;
    this.#descriptor = length === undefined ? undefined : descriptor;
  }

  /** The size when it is known (a regular file), else `undefined`. */
  override get contentLength(): number | undefined {
    return this.#length;
  }

  /** The file's bytes, read when sent. */
  override body(): ResponseBody {
    const file = this.#file;
    if (this.#descriptor !== undefined) return this.rangeBody([{ start: 0, end: (this.#length ?? 0) - 1 }]);
    if (typeof file === 'number' || isFileHandle(file)) {
      // a pipe or socket: read it to its end
      return { kind: 'stream', source: new FileSource(file, [{ start: 0, end: Number.POSITIVE_INFINITY }]) };
    }
    return { kind: 'stream', source: file };
  }

  /** Ranges read from their offsets when the response holds a descriptor; skipped to otherwise. */
  protected override rangeBody(segments: readonly BodySegment[]): ResponseBody {
    const descriptor = this.#descriptor;
    if (descriptor === undefined) return super.rangeBody(segments);
    const parts = segments.filter((s) => s instanceof Uint8Array || s.end >= s.start);
    return { kind: 'stream', source: new FileSource(descriptor, parts) };
  }
}
