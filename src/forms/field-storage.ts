import { FieldStorageInterface } from './field-storage-interface.ts';
import { KeyError } from './key-error.ts';
import { nullRecord } from './null-record.ts';

/**
 * One form field, or the root container whose `list` holds the fields
 * (PoorWSGI's `FieldStorage`). The value getters (`get`, `getvalue`,
 * `getfirst`, `getlist`) return values; {@link FieldStorage.item} returns the
 * field objects.
 *
 * The file attributes (`filename`, `file`, `type`, `disposition`, ...) are
 * for multipart parts; urlencoded fields keep their defaults.
 * @example
 * const form = new FieldStorage();
 * form.list = [new FieldStorage('color', '1'), new FieldStorage('color', '2')];
 * form.getlist('color', undefined, Number); // [1, 2]
 * form.item('color');                       // [FieldStorage, FieldStorage]
 */
export class FieldStorage extends FieldStorageInterface<string> {
  /** The field name (the form control's `name`), `null` for a root container. */
  name: string | null;
  /** The client's file name of a file part, else `null`. */
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
  /**
   * The content of a file part, set by the multipart parser (a later addition);
   * `null` for ordinary fields.
   */
  file: unknown = null;
  /** The fields of a container, else `null`. */
  list: FieldStorage[] | null = null;
  readonly #value: string | null;

  constructor(name: string | null = null, value: string | null = null) {
    super();
    this.name = name;
    this.#value = value;
  }

  /**
   * The field's string value (an empty string stays `''`, unlike PoorWSGI),
   * else the `list` of a container, else `null`.
   */
  get value(): string | FieldStorage[] | null {
    return this.#value ?? this.list;
  }

  protected valuesOf(key: string): readonly string[] | undefined {
    if (this.list === null) return undefined;
    const values: string[] = [];
    for (const item of this.list) {
      // Only string values are form values; a child without one (a nested
      // container) is reachable through item() alone.
      if (item.name === key && typeof item.#value === 'string') values.push(item.#value);
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
  item(key: string): FieldStorage | FieldStorage[] {
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

  /** `FieldStorage(name, value)`, like PoorWSGI's `repr`. */
  override toString(): string {
    const value = this.#value ?? (this.list === null ? this.file : `[${this.list.length} fields]`);
    return `FieldStorage(${String(this.name)}, ${String(value)})`;
  }
}
