import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskFile } from './disk-file.ts';

/**
 * The temporary files of one request (or one parse): it makes them, with
 * unguessable names, and removes every one not kept when `cleanup()` runs.
 * After `cleanup()` it makes no more files, so a parse still running when
 * the request ends cannot leave one behind.
 * @example
 * const files = new TempFiles();
 * const file = await files.create();
 * await file.write(Buffer.from('data'));
 * await files.cleanup(); // closed and unlinked
 */
export class TempFiles {
  readonly #directory: string | undefined;
  readonly #files = new Set<DiskFile>();
  #closed = false;

  /** @param directory where the files go; `os.tmpdir()` (read at each create) by default */
  constructor(directory?: string | null) {
    this.#directory = directory ?? undefined;
  }

  /** The directory the files go to. */
  get directory(): string {
    return this.#directory ?? tmpdir();
  }

  /** The files made or tracked and not cleaned up yet. */
  get files(): readonly DiskFile[] {
    return [...this.#files];
  }

  /** True once {@link TempFiles.cleanup} ran. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * A new empty temporary file: `poorwsgi-<32 hex digits>.tmp`, mode 0600, `O_EXCL`.
   * @throws Error when the set was cleaned up already; the `fs` error when the file cannot be made
   */
  async create(): Promise<DiskFile> {
    if (this.#closed) throw new Error('The request is over: no more temporary files');
    const file = await DiskFile.create(join(this.directory, `poorwsgi-${randomBytes(16).toString('hex')}.tmp`));
    if (this.#closed) {
      await file.remove();
      throw new Error('The request is over: no more temporary files');
    }
    this.#files.add(file);
    return file;
  }

  /** Remove one file now (an aborted part). */
  async discard(file: DiskFile): Promise<void> {
    this.#files.delete(file);
    await file.remove();
  }

  /**
   * Close every file and remove each that was not kept. Safe to call again.
   * Errors are collected: every file is tried before one is thrown.
   */
  async cleanup(): Promise<void> {
    this.#closed = true;
    const files = [...this.#files];
    this.#files.clear();
    const results = await Promise.allSettled(files.map((file) => (file.kept ? file.close() : file.remove())));
    const failed = results.find((result) => result.status === 'rejected');
    if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
  }
}
