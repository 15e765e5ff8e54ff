/**
 * A file body read on demand: ranges of a file (or the whole of it) and
 * literal bytes between them, read with `fs` read streams that honour the
 * consumer's pace. The descriptor is opened on first use and closed on every
 * path: at the end, on an error, when the consumer stops early, or by `close()`.
 * @module
 */
import { close as closeFd, createReadStream, fstat } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { type BodySegment, isByteRange } from './byte-ranges.ts';

const fstatFd = promisify(fstat);
const closeFdAsync = promisify(closeFd);

/** What a file body reads: a path, or a descriptor (number or `FileHandle`) it then owns. */
export type FileTarget = string | number | FileHandle;

/** The device and inode a path was checked as; a different file at open time is refused. */
export interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
}

/** Read at most this much at a time: the default of `fs` streams. */
const CHUNK = 64 * 1024;

/**
 * An async iterable of a file's bytes (see the module notes). Iterate it at
 * most once; the adapter may call {@link FileSource.open} first, so that a
 * file that vanished is a clean error before the status line is sent.
 */
export class FileSource implements AsyncIterable<Uint8Array> {
  readonly #target: FileTarget;
  readonly #segments: readonly BodySegment[];
  readonly #identity: FileIdentity | undefined;
  #handle: FileHandle | number | undefined;
  #opening: Promise<FileHandle | number> | undefined;
  #closed = false;

  /**
   * @param target a path (opened on first use) or a descriptor, closed when done
   * @param segments ranges of the file (inclusive ends; `Infinity` reads to the end) and literal bytes, in sending order
   * @param identity refuse to read when the opened file is not this one (it was replaced)
   */
  constructor(target: FileTarget, segments: readonly BodySegment[], identity?: FileIdentity) {
    this.#target = target;
    this.#segments = segments;
    this.#identity = identity;
  }

  /** True when this source reads a path it opens itself. */
  get path(): string | undefined {
    return typeof this.#target === 'string' ? this.#target : undefined;
  }

  /**
   * Open the file (once) and check it is still the file that was checked.
   * @throws the `fs` error (`ENOENT`, `EACCES`, ...) or an `Error` when the file was replaced
   */
  open(): Promise<FileHandle | number> {
    this.#opening ??= this.#open();
    return this.#opening;
  }

  async #open(): Promise<FileHandle | number> {
    if (this.#closed) throw new Error('The file body was closed before it was read');
    const target = this.#target;
    const handle = typeof target === 'string' ? await open(target, 'r') : target;
    this.#handle = handle;
    if (this.#closed) {
      // close() ran while the open was on its way
      await this.#release();
      throw new Error('The file body was closed before it was read');
    }
    const identity = this.#identity;
    if (identity !== undefined) {
      const stats = typeof handle === 'number' ? await fstatFd(handle) : await handle.stat();
      if (stats.dev !== identity.dev || stats.ino !== identity.ino) {
        await this.close();
        throw new Error(`The file ${String(this.path)} was replaced after it was checked`);
      }
    }
    return handle;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
    try {
      const handle = await this.open();
      for (const segment of this.#segments) {
        if (!isByteRange(segment)) {
          yield segment;
          continue;
        }
        // a pipe cannot seek: read it from where it is, with no start or end
        const options = Number.isFinite(segment.end)
          ? { start: segment.start, end: segment.end, autoClose: false, highWaterMark: CHUNK }
          : { autoClose: false, highWaterMark: CHUNK };
        const stream =
          typeof handle === 'number'
            ? createReadStream('', { ...options, fd: handle })
            : handle.createReadStream(options);
        let read = 0;
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          read += chunk.byteLength;
          yield chunk;
        }
        const expected = segment.end - segment.start + 1;
        // an infinite end reads a pipe to its end: there is no length to keep
        if (Number.isFinite(expected) && read !== expected) {
          // the file shrank since its length was sent: the promised Content-Length cannot be kept
          throw new Error(`The file ${String(this.path)} ended after ${read} of ${expected} bytes`);
        }
      }
    } finally {
      await this.close();
    }
  }

  /** Close the descriptor (it is safe to call more than once, and before opening). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#release();
  }

  async #release(): Promise<void> {
    const handle = this.#handle ?? (typeof this.#target === 'string' ? undefined : this.#target);
    this.#handle = undefined;
    if (handle === undefined) return;
    try {
      if (typeof handle === 'number') await closeFdAsync(handle);
      else await handle.close();
    } catch {
      // closing twice or a descriptor closed by its owner: nothing is left to release
    }
  }
}
