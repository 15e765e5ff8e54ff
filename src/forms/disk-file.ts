import { constants, createReadStream, type ReadStream, readFileSync } from 'node:fs';
import { copyFile, type FileHandle, open, readFile, rename, unlink } from 'node:fs/promises';
import type { FileSink } from './file-sink.ts';

// O_EXCL refuses an existing name, a symbolic link included (a planted link
// cannot redirect the upload); O_NOFOLLOW where the platform has it
const CREATE_FLAGS = constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** Options of {@link DiskFile.create}. */
export interface DiskFileOptions {
  /**
   * Permission bits of the new file.
   * @default 0o600
   */
  mode?: number;
  /**
   * Remove the file when its request ends unless {@link DiskFile.keep} or
   * {@link DiskFile.moveTo} is called. `false` for files meant to stay.
   * @default true
   */
  temporary?: boolean;
}

/**
 * A file on disk that an upload is written to: a temporary file (random
 * name, mode 0600, created with `O_EXCL` in the temporary directory, removed
 * when the request ends) or a file that stays, made by `fileStorage()`. The
 * descriptor is open only while the part is being written; reads go through
 * the path.
 * @example
 * const file = req.form.item('upload') as FieldStorage;
 * if (file.file instanceof DiskFile) await file.file.moveTo(`/srv/uploads/${id}`);
 */
export class DiskFile implements FileSink {
  #path: string;
  #handle: FileHandle | null;
  #size = 0;
  #kept: boolean;
  #removed = false;
  /** True for files removed when their request ends unless kept. */
  readonly temporary: boolean;

  private constructor(path: string, handle: FileHandle, temporary: boolean) {
    this.#path = path;
    this.#handle = handle;
    this.temporary = temporary;
    this.#kept = !temporary;
  }

  /**
   * Create a new, empty file at `path`; an existing file (or link) there is an error.
   * @throws the `fs` error (`EEXIST`, `EACCES`, ...)
   */
  static async create(path: string, options: DiskFileOptions = {}): Promise<DiskFile> {
    const handle = await open(path, CREATE_FLAGS, options.mode ?? 0o600);
    return new DiskFile(path, handle, options.temporary ?? true);
  }

  /** Where the file is now. */
  get path(): string {
    return this.#path;
  }

  /** Bytes written so far. */
  get size(): number {
    return this.#size;
  }

  /** True while the descriptor is open (the part is being written). */
  get open(): boolean {
    return this.#handle !== null;
  }

  /** True when the file stays after the request ends. */
  get kept(): boolean {
    return this.#kept;
  }

  /** True once the file was removed. */
  get removed(): boolean {
    return this.#removed;
  }

  /** Append bytes (all of them: a short write is continued). */
  async write(chunk: Uint8Array): Promise<void> {
    const handle = this.#handle;
    if (handle === null) throw new Error(`DiskFile ${this.#path} is closed`);
    let offset = 0;
    while (offset < chunk.byteLength) {
      const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
      offset += bytesWritten;
    }
    this.#size += chunk.byteLength;
  }

  /** Close the descriptor; the file stays where it is. */
  async close(): Promise<void> {
    const handle = this.#handle;
    if (handle === null) return;
    this.#handle = null;
    await handle.close();
  }

  /** The upload failed: close and remove the file, kept or not. */
  async abort(): Promise<void> {
    await this.remove();
  }

  /** Keep the file after the request ends (you move or remove it yourself). */
  keep(): void {
    this.#kept = true;
  }

  /**
   * Move the file to `destination` and keep it there. A move across file
   * systems copies, then removes the original.
   * @throws the `fs` error; an existing destination is replaced, as `rename` does
   */
  async moveTo(destination: string): Promise<void> {
    await this.close();
    try {
      await rename(this.#path, destination);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      await copyFile(this.#path, destination);
      await unlink(this.#path);
    }
    this.#path = destination;
    this.#kept = true;
  }

  /** Close and delete the file now; a file already gone is not an error. */
  async remove(): Promise<void> {
    await this.close().catch(() => {});
    if (this.#removed) return;
    this.#removed = true;
    try {
      await unlink(this.#path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  /** The whole content (PoorWSGI reads the file back the same way, synchronously). */
  readSync(): Buffer {
    return readFileSync(this.#path);
  }

  /** The whole content. */
  read(): Promise<Buffer> {
    return readFile(this.#path);
  }

  /** A stream of the content, for large files. */
  stream(): ReadStream {
    return createReadStream(this.#path);
  }

  /** `DiskFile(<path>)`. */
  toString(): string {
    return `DiskFile(${this.#path})`;
  }
}
