/**
 * A file body read on demand: ranges of a file (or the whole of it) and
 * literal bytes between them, read a chunk at a time as the consumer asks
 * for them. The descriptor is opened on first use and closed on every
 * path: at the end, on an error, when the consumer stops early, or by `close()`.
 * @module
 */
import { close as closeFd, fstat, read as readFd } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { type BodySegment, type ByteRange, isByteRange } from './byte-ranges.ts';

const fstatFd = promisify(fstat);
const readFdAsync = promisify(readFd);
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

/** Read into `buffer` at `position` (`null`: from where the descriptor is, as a pipe must be read). */
async function readAt(handle: FileHandle | number, buffer: Buffer, position: number | null): Promise<number> {
  if (typeof handle === 'number') return (await readFdAsync(handle, buffer, 0, buffer.byteLength, position)).bytesRead;
  return (await handle.read(buffer, 0, buffer.byteLength, position)).bytesRead;
}

/**
 * The bytes of one range of an open file, read directly, a chunk at a time
 * (an `fs` read stream per range would add a `close` listener to the
 * `FileHandle` for each of them: Node warns past ten). An infinite end reads
 * a pipe to its end, from where it is.
 * @throws Error when the file ends before the range does (it shrank since its length was sent)
 */
async function* readRange(
  handle: FileHandle | number,
  range: ByteRange,
  path: string | undefined,
): AsyncGenerator<Uint8Array, void, undefined> {
  const seekable = Number.isFinite(range.end);
  const expected = range.end - range.start + 1;
  let read = 0;
  while (!seekable || read < expected) {
    const size = seekable ? Math.min(CHUNK, expected - read) : CHUNK;
    // a fresh buffer per chunk: the consumer may hold on to what it was given
    const buffer = Buffer.allocUnsafe(size);
    const got = await readAt(handle, buffer, seekable ? range.start + read : null);
    if (got === 0) break;
    read += got;
    yield got === size ? buffer : buffer.subarray(0, got);
  }
  if (seekable && read !== expected) {
    // the promised Content-Length cannot be kept
    throw new Error(`The file ${String(path)} ended after ${read} of ${expected} bytes`);
  }
}

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
        yield* readRange(handle, segment, this.path);
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
