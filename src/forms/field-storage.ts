import { ERROR_CODES } from '../errors/codes.ts';
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import { asBuffer, decodeUtf8 } from '../http/bytes.ts';
import type { Headers } from '../http/headers.ts';
import { FieldStorageInterface } from './field-storage-interface.ts';
import type { FileSink } from './file-sink.ts';
import { KeyError } from './key-error.ts';
import { nullRecord } from './null-record.ts';

/**
 * One value of a form field: a string for text fields, the bytes of the file
 * for file parts (PoorWSGI gives `bytes` the same way).
 */
export type FieldValue = string | Buffer;

/**
 * The most bytes of an uploaded file (or of a text field kept in a file) that
 * the synchronous getters (`value`, `getfirst`, ...) read; a larger one
 * throws `PW_ERR_SYNC_READ` naming `await field.bytes()`, `await
 * field.text()`, `field.stream()` and `field.path`, which never block the
 * event loop.
 */
export const SYNC_READ_LIMIT = 64 * 1024;

/**
 * One form field, or the root container whose `list` holds the fields
 * (PoorWSGI's `FieldStorage`). The value getters (`get`, `getvalue`,
 * `getfirst`, `getlist`) return values; {@link FieldStorage.item} returns the
 * field objects.
 *
 * A multipart form is a `FieldStorage<FieldValue>`: text fields read as
 * strings, file parts (a non-empty `filename`) as a `Buffer` of the file,
 * read back from `file` on each access. Urlencoded forms hold strings only
 * (`FieldStorage<string>`, the default). A part with `filename=""` (an empty
 * file input) is a text field, as in PoorWSGI.
 * @typeParam V - the type of one value
 * @example
 * const form = new FieldStorage();
 * form.list = [new FieldStorage('color', '1'), new FieldStorage('color', '2')];
 * form.getlist('color', undefined, Number); // [1, 2]
 * form.item('color');                       // [FieldStorage, FieldStorage]
 */
export class FieldStorage<V extends FieldValue = string> extends FieldStorageInterface<V> {
  /** The field name (the form control's `name`), `null` for a root container. */
  name: string | null;
  /** The client's file name of a file part (`''` for an empty file input), else `null`. */
  filename: string | null = null;
  /** The MIME type; a part without a Content-Type is `text/plain`. */
  type = 'text/plain';
  /** The Content-Type parameters (`charset`, `boundary`, ...). Null prototype. */
  typeOptions: Record<string, string> = nullRecord<string>();
  /** The Content-Disposition type (`form-data`), `''` when there is none. */
  disposition = '';
  /** The Content-Disposition parameters (`name`, `filename`). Null prototype. */
  dispositionOptions: Record<string, string> = nullRecord<string>();
  /** The Content-Length that was given, else -1. */
  length = -1;
  /** The headers of a multipart part, else `null`. */
  headers: Headers | null = null;
  /**
   * Where the content of a file part (or of a text field too long to keep in
   * memory) is: a `DiskFile` by default, or what `fileCallback` returned.
   * `null` for ordinary fields.
   */
  file: FileSink | null = null;
  /** The fields of a container, else `null`. */
  list: FieldStorage<V>[] | null = null;
  readonly #value: string | null;

  constructor(name: string | null = null, value: string | null = null) {
    super();
    this.name = name;
    this.#value = value;
  }

  /**
   * The field's value (an empty string stays `''`, unlike PoorWSGI): the
   * string given, else the content of `file` (bytes for a file part, text
   * otherwise; `null` when the sink cannot be read back), else the `list` of
   * a container, else `null`.
   */
  get value(): V | FieldStorage<V>[] | null {
    return this.#scalar() ?? this.list;
  }

  #scalar(): V | null {
    if (this.#value !== null) return this.#value as V;
    const file = this.file;
    const bytes = file === null ? null : this.#readSync(file);
    if (bytes === null) return null;
    if (!this.filename) return decodeUtf8(bytes) as V;
    return asBuffer(bytes) as V;
  }

  /**
   * Bytes of the value: of the string (UTF-8), or of the file when its sink
   * says; `null` when unknown. (`size` is the number of keys, as Python's `len`.)
   */
  get byteLength(): number | null {
    if (this.#value !== null) return Buffer.byteLength(this.#value);
    return typeof this.file?.size === 'number' ? this.file.size : null;
  }

  /** Where the file's content is on disk (a `DiskFile`'s path), else `null`. */
  get path(): string | null {
    return typeof this.file?.path === 'string' ? this.file.path : null;
  }

  /**
   * The value's bytes, read without blocking (in the spirit of the Web
   * `File.bytes()`): the string as UTF-8, or the file's content; `null` when
   * there is neither, or the sink cannot be read back.
   * @example
   * const upload = req.form.field('file');
   * if (upload) await writeFile(`/srv/${id}`, (await upload.bytes()) ?? Buffer.alloc(0));
   */
  async bytes(): Promise<Buffer | null> {
    if (this.#value !== null) return Buffer.from(this.#value);
    const file = this.file;
    if (file === null) return null;
    if (typeof file.read === 'function') return asBuffer(await file.read());
    // a sink with no async read: its own synchronous one, bounded as the getters are
    const bytes = this.#readSync(file);
    return bytes === null ? null : asBuffer(bytes);
  }

  /**
   * The sink's content read synchronously, unless it is known to be larger
   * than {@link SYNC_READ_LIMIT}; `null` for a sink that cannot be read back.
   */
  #readSync(file: FileSink): Uint8Array | null {
    if (typeof file.readSync !== 'function') return null;
    // a large file read synchronously would stop every other request while it is read
    if (typeof file.size === 'number' && file.size > SYNC_READ_LIMIT) {
      throw new PoorWSGIError(
        ERROR_CODES.PW_ERR_SYNC_READ,
        `Field ${JSON.stringify(this.name)} holds ${file.size} bytes, more than ${SYNC_READ_LIMIT} read ` +
          'synchronously: use await field.bytes(), await field.text(), field.stream() or field.path',
      );
    }
    return file.readSync();
  }

  /** {@link FieldStorage.bytes} decoded as UTF-8 (bad bytes as U+FFFD); `null` as there. */
  async text(): Promise<string | null> {
    if (this.#value !== null) return this.#value;
    const bytes = await this.bytes();
    return bytes === null ? null : decodeUtf8(bytes);
  }

  /**
   * The value as a stream of chunks, for a file of any size: the sink's
   * stream (a `DiskFile` reads its file), the string as one chunk; `null`
   * when there is neither.
   * @example
   * for await (const chunk of req.form.field('file')?.stream() ?? []) hash.update(chunk);
   */
  stream(): AsyncIterable<Uint8Array> | null {
    if (this.#value !== null) return oneChunk(Buffer.from(this.#value));
    const file = this.file;
    if (file === null) return null;
    if (typeof file.stream === 'function') return file.stream();
    return null;
  }

  /** The first field named `key`, or `undefined` (no cast needed, unlike {@link FieldStorage.item}). */
  field(key: string): FieldStorage<V> | undefined {
    return this.list?.find((item) => item.name === key);
  }

  protected valuesOf(key: string): readonly V[] | undefined {
    if (this.list === null) return undefined;
    const values: V[] = [];
    for (const item of this.list) {
      if (item.name !== key) continue;
      // Only string and file values are form values; a child without one (a
      // nested container) is reachable through item() alone.
      const value = item.#scalar();
      if (value !== null) values.push(value);
    }
    return values.length === 0 ? undefined : values;
  }

  /** Whether the container has a field named `key`. */
  has(key: string): boolean {
    return this.list?.some((item) => item.name === key) ?? false;
  }

  /**
   * The field named `key`, or an array of them when the name repeats.
   * @throws {KeyError} when there is no such field (Python's `KeyError`).
   */
  item(key: string): FieldStorage<V> | FieldStorage<V>[] {
    const found = this.list?.filter((item) => item.name === key) ?? [];
    if (found.length === 0) throw new KeyError(key);
    return found.length === 1 ? found[0]! : found;
  }

  /** The unique field names in order; unnamed children are left out. */
  keys(): string[] {
    const names = new Set<string>();
    for (const item of this.list ?? []) if (item.name !== null) names.add(item.name);
    return [...names];
  }

  /** `FieldStorage(name, value)`, like PoorWSGI's `repr`; a file shows as its sink. */
  override toString(): string {
    const value = this.#value ?? (this.list === null ? this.file : `[${this.list.length} fields]`);
    return `FieldStorage(${String(this.name)}, ${String(value)})`;
  }
}

async function* oneChunk(chunk: Uint8Array): AsyncGenerator<Uint8Array> {
  yield chunk;
}
