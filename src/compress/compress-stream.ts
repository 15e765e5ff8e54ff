/**
 * A streamed body compressed as it is sent, pull by pull: the source is read
 * only when the consumer (the transport, which waits for the client's
 * `drain`) asks for more, so neither side is read ahead of the client, and
 * nothing but one chunk and its compressed form is held at a time. When the
 * source has nothing ready (a generator waiting on a database, a slow
 * producer of events), what it gave so far is flushed, so that the client
 * gets it now instead of when the next chunk comes.
 * @module
 */
import type { BodyChunk } from '../response/base-response.ts';
import { FileSource } from '../response/file-source.ts';
import { type Compressor, createCompressor, flushKind } from './codecs.ts';
import type { CompressionSettings, ContentCoding } from './settings.ts';

/** What a streamed body reads from. */
export type Source = Iterable<BodyChunk> | AsyncIterable<BodyChunk>;

/** The answer of the turn-end probe: the source had nothing ready. */
const STALLED: unique symbol = Symbol('stalled');

/** Resolves with {@link STALLED} after the I/O of this event-loop turn. */
function nextTurn(): Promise<typeof STALLED> {
  return new Promise((resolve) => setImmediate(resolve, STALLED));
}

function iteratorOf(source: Source): AsyncIterator<BodyChunk> | Iterator<BodyChunk> {
  return Symbol.asyncIterator in source
    ? (source as AsyncIterable<BodyChunk>)[Symbol.asyncIterator]()
    : (source as Iterable<BodyChunk>)[Symbol.iterator]();
}

/** Write a chunk; resolves once the compressor has taken it in (its output is out by then). */
function write(compressor: Compressor, chunk: BodyChunk): Promise<void> {
  return new Promise((resolve, reject) => {
    compressor.write(chunk, (err) => (err ? reject(err) : resolve()));
  });
}

/** End the stream; resolves once its last output is out. */
function end(compressor: Compressor): Promise<void> {
  return new Promise((resolve, reject) => {
    compressor.once('end', resolve);
    compressor.once('error', reject);
    compressor.end();
  });
}

function flush(compressor: Compressor, kind: number): Promise<void> {
  return new Promise((resolve) => compressor.flush(kind, resolve));
}

/**
 * The compressed bytes of `source`, read on demand (see the module notes).
 * Leaving early (`return()`, a consumer that stops) or failing destroys the
 * compressor and ends the source (`return()` of its iterator: a generator's
 * `finally`, a file closed, a stream destroyed).
 */
export async function* compressChunks(
  source: Source,
  coding: ContentCoding,
  settings: CompressionSettings,
  sizeHint?: number,
): AsyncGenerator<Uint8Array, void, undefined> {
  const compressor = createCompressor(coding, settings, sizeHint);
  const kind = flushKind(coding);
  const out: Buffer[] = [];
  compressor.on('data', (chunk: Buffer) => out.push(chunk));
  // errors reach the writes' callbacks; this listener keeps them from being unhandled
  compressor.on('error', () => {});
  const take = (): Buffer => (out.length === 1 ? (out.pop() as Buffer) : Buffer.concat(out.splice(0)));
  const iterator = iteratorOf(source);
  let done = false;
  // input written since the last flush, that the client may be waiting for
  let unflushed = false;
  // a read of the source under way while the flushed output is given out
  let reading = false;
  try {
    for (;;) {
      const step = iterator.next();
      if (unflushed && step instanceof Promise) {
        const first = await Promise.race([step, nextTurn()]);
        if (first === STALLED) {
          await flush(compressor, kind);
          unflushed = false;
          reading = true;
          if (out.length > 0) yield take();
          reading = false;
        }
      }
      const result = await step;
      if (result.done === true) break;
      const chunk = result.value;
      if (chunk.length === 0) continue;
      await write(compressor, chunk);
      unflushed = true;
      if (out.length > 0) yield take();
    }
    done = true;
    await end(compressor);
    if (out.length > 0) yield take();
  } finally {
    compressor.destroy();
    // a source stopped mid-read ends when that read does: the consumer leaving is not held up by it
    if (reading) void releaseIterator(iterator);
    else if (!done) await releaseIterator(iterator);
  }
}

async function releaseIterator(iterator: AsyncIterator<BodyChunk> | Iterator<BodyChunk>): Promise<void> {
  try {
    await iterator.return?.();
  } catch {
    // a source that fails to close has nothing more to say
  }
}

/**
 * Release a source that will not be read: a file closed, a generator's
 * `finally` run, a stream destroyed (what the transports do with a body they
 * do not send).
 */
export async function releaseSource(source: Source): Promise<void> {
  const it = source as { return?: () => unknown; destroy?: () => unknown };
  try {
    if (source instanceof FileSource) await source.close();
    else if (typeof it.return === 'function') await it.return();
    else if (typeof it.destroy === 'function') it.destroy();
  } catch {
    // as above
  }
}

/**
 * A compressed streamed body. The transports release a body they do not
 * send with `return()`: then the source is released even if it was never
 * read (an async generator that never started would skip its `finally`).
 */
export class CompressedStream implements AsyncIterable<Uint8Array> {
  readonly #source: Source;
  readonly #start: () => AsyncGenerator<Uint8Array, void, undefined>;
  #started: AsyncGenerator<Uint8Array, void, undefined> | undefined;

  /**
   * @param source the body to compress
   * @param coding, settings, sizeHint see {@link compressChunks}
   */
  constructor(source: Source, coding: ContentCoding, settings: CompressionSettings, sizeHint?: number) {
    this.#source = source;
    this.#start = () => compressChunks(source, coding, settings, sizeHint);
  }

  [Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
    this.#started ??= this.#start();
    return this.#started;
  }

  /** Stop: the compressor destroyed, the source released. */
  async return(): Promise<IteratorReturnResult<undefined>> {
    if (this.#started === undefined) await releaseSource(this.#source);
    else await this.#started.return(undefined);
    return { done: true, value: undefined };
  }
}

/**
 * A compressed file body. It is a `FileSource` to the transports, so that
 * node:http opens the file before the status line (a file gone since the
 * handler looked is still a clean 404) and closes it on every path; the
 * bytes it gives are the compressed ones. The base class's own file
 * handling is not used: everything goes to the file source it wraps.
 */
export class CompressedFileSource extends FileSource {
  readonly #file: FileSource;
  readonly #stream: CompressedStream;

  /**
   * @param file the file body to compress
   * @param coding, settings, sizeHint see {@link compressChunks}
   */
  constructor(file: FileSource, coding: ContentCoding, settings: CompressionSettings, sizeHint?: number) {
    // the base class is given nothing to open: every method that would is overridden
    super('', []);
    this.#file = file;
    this.#stream = new CompressedStream(file, coding, settings, sizeHint);
  }

  /** The path of the wrapped file body. */
  override get path(): string | undefined {
    return this.#file.path;
  }

  /** Open the wrapped file (see `FileSource.open`). */
  override open(): ReturnType<FileSource['open']> {
    return this.#file.open();
  }

  override [Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
    return this.#stream[Symbol.asyncIterator]();
  }

  /** Stop compressing and close the file; safe to call more than once. */
  override async close(): Promise<void> {
    await this.#stream.return();
    await this.#file.close();
  }
}
