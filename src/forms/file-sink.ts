import type { Headers } from '../http/headers.ts';

/**
 * Where the bytes of one uploaded file go: a temporary file by default, or
 * whatever a {@link FileCallback} returns (PoorWSGI's `file_callback`
 * objects, which only need `write`). The parser waits for a returned promise
 * before it reads more of the body, so a slow sink slows the upload down
 * instead of filling memory.
 * @example
 * class Blackhole implements FileSink {
 *   size = 0;
 *   write(chunk: Uint8Array) { this.size += chunk.byteLength; }
 * }
 */
export interface FileSink {
  /**
   * Take the next bytes of the file. `chunk` may be a view of the request's
   * input: copy it to keep it after the returned promise settles.
   */
  write(chunk: Uint8Array): unknown;
  /** The file is complete (called once, awaited). */
  close?(): unknown;
  /**
   * The upload failed (limit, malformed body, client gone): release what the
   * sink holds. Called instead of `close`; when missing, `close` is called.
   */
  abort?(reason: unknown): unknown;
  /**
   * The file's content, for `FieldStorage.value` and the value getters
   * (PoorWSGI reads the file back). Without it the field has no value and is
   * reachable through `item()` alone.
   */
  readSync?(): Uint8Array;
  /**
   * Bytes written, when known: above `SYNC_READ_LIMIT` the synchronous
   * getters refuse to call `readSync` and name the async API instead.
   */
  readonly size?: number;
  /** Where the content is on disk, when it is (`FieldStorage.path`). */
  readonly path?: string;
  /** The content, read without blocking (`FieldStorage.bytes()`). */
  read?(): Promise<Uint8Array>;
  /** The content as a stream of chunks (`FieldStorage.stream()`). */
  stream?(): AsyncIterable<Uint8Array>;
}

/** What a {@link FileCallback} is told about the part besides its file name. */
export interface PartInfo {
  /** The field name, `null` when the part has none. */
  readonly name: string | null;
  /** The part's Content-Type, `text/plain` when it has none. */
  readonly type: string;
  /** The part's headers. */
  readonly headers: Headers;
}

/**
 * Makes the sink of one uploaded file (PoorWSGI's `file_callback(filename)`,
 * a factory). It may return a promise; a throw or a rejection stops the
 * parse, and the error reaches the application's error handlers as it is.
 * `filename` is client input: never use it as a path without
 * `path.basename` and a check.
 * @example
 * app.fileCallback = (filename) => new Blackhole(filename);
 */
export type FileCallback = (filename: string, part: PartInfo) => FileSink | Promise<FileSink>;
