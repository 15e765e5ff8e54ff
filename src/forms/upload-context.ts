import { isThenable } from '../http/thenable.ts';
import { DiskFile } from './disk-file.ts';
import type { FileCallback, FileSink } from './file-sink.ts';
import type { MultipartLimits } from './multipart-limits.ts';
import type { TempFiles } from './temp-files.ts';

const NO_ERROR: unique symbol = Symbol('no error');

/**
 * The state one multipart parse shares between its nesting levels: limits
 * and counters, the file sinks it made, and one queue of asynchronous work
 * (making sinks, writing, closing) run strictly in order. The parser itself
 * is synchronous; the driver calls {@link UploadContext.drain} after each
 * input chunk, so no more input is read while files are being written.
 * @internal
 */
export class UploadContext {
  readonly limits: MultipartLimits;
  readonly tempFiles: TempFiles;
  readonly fileCallback: FileCallback | null;
  /** Parts seen so far, nested ones included. */
  parts = 0;
  /** Text fields seen so far. */
  fields = 0;
  readonly #sinks: FileSink[] = [];
  #pending: Promise<void> | null = null;
  #error: unknown = NO_ERROR;

  constructor(limits: MultipartLimits, tempFiles: TempFiles, fileCallback: FileCallback | null) {
    this.limits = limits;
    this.tempFiles = tempFiles;
    this.fileCallback = fileCallback;
  }

  /** Remember a sink so that a failed parse can release it. */
  track(sink: FileSink): void {
    this.#sinks.push(sink);
  }

  /**
   * Run `op` after everything queued before it. With nothing queued and a
   * synchronous result (a sink that writes synchronously), nothing is queued
   * at all. After a failure later work is skipped.
   */
  run(op: () => unknown): void {
    if (this.#error !== NO_ERROR) return;
    if (this.#pending === null) {
      let result: unknown;
      try {
        result = op();
      } catch (err) {
        this.#error = err;
        return;
      }
      if (isThenable(result)) this.#track(result);
      return;
    }
    this.#track(this.#pending.then(() => (this.#error === NO_ERROR ? op() : undefined)));
  }

  #track(work: PromiseLike<unknown>): void {
    const settled: Promise<void> = Promise.resolve(work).then(
      () => {
        if (this.#pending === settled) this.#pending = null;
      },
      (err: unknown) => {
        if (this.#error === NO_ERROR) this.#error = err;
        if (this.#pending === settled) this.#pending = null;
      },
    );
    this.#pending = settled;
  }

  /**
   * Wait for the queued work.
   * @throws the first error of the queued work
   */
  async drain(): Promise<void> {
    while (this.#pending !== null) await this.#pending;
    if (this.#error !== NO_ERROR) throw this.#error;
  }

  /** True when no work is queued and nothing failed: the driver may skip `drain`. */
  get idle(): boolean {
    return this.#pending === null && this.#error === NO_ERROR;
  }

  /**
   * The parse failed: let running work settle, then release every sink made
   * by this parse. Temporary files are closed and unlinked; other sinks get
   * `abort(reason)` (or `close()`). Never throws.
   */
  async abort(reason: unknown): Promise<void> {
    if (this.#error === NO_ERROR) this.#error = reason;
    while (this.#pending !== null) await this.#pending;
    const sinks = this.#sinks.splice(0);
    await Promise.allSettled(
      sinks.map(async (sink) => {
        if (sink instanceof DiskFile && sink.temporary) await this.tempFiles.discard(sink);
        else if (typeof sink.abort === 'function') await sink.abort(reason);
        else if (typeof sink.close === 'function') await sink.close();
      }),
    );
  }
}
