import type { BodyChunk } from './base-response.ts';
import type { StreamSource } from './generator-response.ts';

/**
 * A source whose first item was read ahead: it gives that item, then the
 * rest of the iterator; closing it closes the iterator (a generator's
 * `finally`, a stream's destroy).
 */
class ResumedSource implements AsyncIterable<BodyChunk>, AsyncIterator<BodyChunk> {
  #first: IteratorResult<BodyChunk> | undefined;
  readonly #iterator: AsyncIterator<BodyChunk> | Iterator<BodyChunk>;

  constructor(iterator: AsyncIterator<BodyChunk> | Iterator<BodyChunk>, first: IteratorResult<BodyChunk>) {
    this.#iterator = iterator;
    this.#first = first;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<BodyChunk>> {
    const first = this.#first;
    if (first !== undefined) {
      this.#first = undefined;
      return first;
    }
    return this.#iterator.next();
  }

  async return(value?: unknown): Promise<IteratorResult<BodyChunk>> {
    this.#first = undefined;
    const iterator = this.#iterator as {
      return?: (value?: unknown) => IteratorResult<BodyChunk> | Promise<IteratorResult<BodyChunk>>;
    };
    if (typeof iterator.return === 'function') return iterator.return(value);
    return { done: true, value: undefined };
  }
}

/**
 * Read the first item of a streamed body before its status line is sent, so
 * that a source that fails at once (a generator that throws before its first
 * `yield`, a stream that errors at open) is a 500 through the application's
 * state handlers rather than a broken connection. As WSGI servers do, the
 * status line and headers then go out with the first chunk: a source that
 * should answer at once (server-sent events) yields `''` first.
 *
 * Arrays are returned as they are (nothing to fail). A synchronous iterator
 * is read synchronously; an async one gives a promise.
 * @throws whatever the first read throws (a promise rejects with it)
 */
export function primeStream(source: StreamSource): StreamSource | Promise<StreamSource> {
  if (Array.isArray(source)) return source;
  const asyncIterator = (source as Partial<AsyncIterable<BodyChunk>>)[Symbol.asyncIterator];
  if (typeof asyncIterator === 'function') {
    const iterator = asyncIterator.call(source);
    return iterator.next().then((first) => new ResumedSource(iterator, first));
  }
  const iterator = (source as Iterable<BodyChunk>)[Symbol.iterator]();
  return new ResumedSource(iterator, iterator.next());
}
