import type { TempFiles } from '../forms/temp-files.ts';
import { asBuffer } from '../http/bytes.ts';
import type { ChunkSource } from './body-reader.ts';

/** What a {@link CachedInput} reads from: a body reader or any iterable of chunks. */
export type InputSource = ChunkSource | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

const EMPTY = Buffer.alloc(0);

function toSource(source: InputSource): ChunkSource {
  if (Symbol.asyncIterator in source || Symbol.iterator in source) {
    const iterable = source as AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
    let iterator: AsyncIterator<Uint8Array> | Iterator<Uint8Array> | undefined;
    return {
      async next() {
        iterator ??=
          Symbol.asyncIterator in iterable
            ? (iterable as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]()
            : (iterable as Iterable<Uint8Array>)[Symbol.iterator]();
        const result = await iterator.next();
        return result.done ? null : result.value;
      },
    };
  }
  return source as ChunkSource;
}

/**
 * The request body as a buffered stream (PoorWSGI's `CachedInput`): `read`,
 * `readline` and `readChunk` share one buffer, and never read more than
 * `size` bytes in total. It is also an async iterable of chunks, which is how
 * `FieldStorageParser` reads it (no copy). Stalled clients are cut off by the
 * request's body reader (`app.readTimeout`), not here.
 * @example
 * const input = req.input;
 * const line = await input.readline();   // up to and including CRLF
 * const block = await input.read(65536); // the next 64 KiB (less at the end)
 */
export class CachedInput implements AsyncIterable<Uint8Array> {
  readonly #source: ChunkSource;
  readonly #chunks: Buffer[] = [];
  #buffered = 0;
  #received = 0;
  #eof = false;
  /** Most bytes ever read from the source; -1 for no limit (chunked bodies). */
  readonly size: number;
  /** What `read()` with no size (or a negative one) reads; 0 means the rest of the body. */
  readonly blockSize: number;
  /** The temporary files of the request, for `FieldStorageParser`. */
  readonly tempFiles: TempFiles | undefined;
  /** Bytes handed out so far. */
  bytesRead = 0;

  /**
   * @param source the body: a `BodyReader` or any iterable of chunks
   * @param size the body length (Content-Length), -1 when unknown
   * @param blockSize the size of `read()` without a size
   * @param tempFiles the request's temporary files
   */
  constructor(source: InputSource, size = -1, blockSize = 32768, tempFiles?: TempFiles) {
    this.#source = toSource(source);
    this.size = size;
    this.blockSize = blockSize;
    this.tempFiles = tempFiles;
  }

  /** True when the whole body was handed out. */
  get done(): boolean {
    return this.#eof && this.#buffered === 0;
  }

  async #fill(): Promise<boolean> {
    if (this.#eof) return false;
    const chunk = await this.#source.next();
    if (chunk === null) {
      this.#eof = true;
      return false;
    }
    let bytes = asBuffer(chunk);
    // the end is still read from the source (not assumed at `size`), so the
    // body reader sees it and the connection can be kept
    if (this.size >= 0 && this.#received + bytes.length > this.size) {
      bytes = bytes.subarray(0, Math.max(0, this.size - this.#received));
    }
    this.#received += bytes.length;
    if (bytes.length > 0) {
      this.#chunks.push(bytes);
      this.#buffered += bytes.length;
    }
    return true;
  }

  #take(count: number): Buffer {
    if (count <= 0) return EMPTY;
    let out: Buffer;
    const first = this.#chunks[0]!;
    if (first.length >= count) {
      out = first.subarray(0, count);
      if (first.length === count) this.#chunks.shift();
      else this.#chunks[0] = first.subarray(count);
    } else {
      const parts: Buffer[] = [];
      let left = count;
      while (left > 0) {
        const chunk = this.#chunks[0]!;
        if (chunk.length <= left) {
          parts.push(chunk);
          this.#chunks.shift();
          left -= chunk.length;
        } else {
          parts.push(chunk.subarray(0, left));
          this.#chunks[0] = chunk.subarray(left);
          left = 0;
        }
      }
      out = Buffer.concat(parts, count);
    }
    this.#buffered -= count;
    this.bytesRead += count;
    return out;
  }

  /**
   * Up to `size` bytes: fewer only at the end of the body. A negative size
   * reads `blockSize` bytes (the rest of the body when `blockSize` is 0).
   * @throws HTTPException 408 or 400 from the body reader
   */
  async read(size = -1): Promise<Buffer> {
    let want = size < 0 ? (this.blockSize > 0 ? this.blockSize : Number.POSITIVE_INFINITY) : size;
    if (this.size >= 0) want = Math.min(want, this.size - this.bytesRead);
    while (this.#buffered < want && (await this.#fill()));
    return this.#take(Math.min(want, this.#buffered));
  }

  /**
   * The next line up to and including CRLF (only CRLF ends a line, as in
   * PoorWSGI); without one, up to `size` bytes (or the rest of the body).
   */
  async readline(size = -1): Promise<Buffer> {
    const limit = size < 0 ? Number.POSITIVE_INFINITY : size;
    let searched = 0;
    for (;;) {
      const end = this.#findCrlf(searched);
      if (end !== -1 && end <= limit) return this.#take(end);
      if (this.#buffered >= limit) return this.#take(limit);
      searched = Math.max(0, this.#buffered - 1);
      if (!(await this.#fill())) return this.#take(Math.min(limit, this.#buffered));
    }
  }

  /** The length up to and including the first CRLF at or after `from`, or -1. */
  #findCrlf(from: number): number {
    let base = 0;
    let previousCr = false;
    for (const chunk of this.#chunks) {
      const start = Math.max(0, from - base);
      if (previousCr && start === 0 && chunk[0] === 0x0a) return base + 1;
      if (start < chunk.length) {
        const at = chunk.indexOf('\r\n', start, 'latin1');
        if (at !== -1) return base + at + 2;
      }
      previousCr = chunk.length > 0 && chunk[chunk.length - 1] === 0x0d;
      base += chunk.length;
    }
    return -1;
  }

  /**
   * What is buffered, else the next chunk as the transport delivered it (on
   * node:http one HTTP chunk of a chunked body, or a piece of one); an empty
   * buffer at the end. Chunked framing itself is Node's, never parsed here.
   */
  async readChunk(): Promise<Buffer> {
    if (this.#buffered === 0) await this.#fill();
    return this.#take(this.#buffered);
  }

  /** The rest of the body, chunk by chunk (buffered bytes first). */
  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
    for (;;) {
      if (this.#buffered === 0 && !(await this.#fill())) return;
      if (this.#buffered > 0) yield this.#take(this.#chunks[0]!.length);
    }
  }
}
