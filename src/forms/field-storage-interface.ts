/**
 * The value getters shared by {@link Args}, {@link FieldStorage} and
 * {@link EmptyForm} (PoorWSGI's `FieldStorageInterface`), written once.
 * @module
 */
import { nullRecord } from './null-record.ts';

/**
 * Turns one field value into what the handler wants (`Number`, `parseInt`,
 * a validator that throws). Getters apply it to each value, never to defaults.
 */
export type Converter<T, V = string> = (value: V) => T;

/**
 * Base of every form container: a subclass says which values a name has
 * (`valuesOf`), which names exist (`keys`, `has`), and gets `get`,
 * `getvalue`, `getfirst`, `getlist`, `entries`, `toJSON`, `size` and
 * iteration over the names.
 *
 * Unlike PoorWSGI, `getvalue` applies `func` to each value of a repeated
 * name; it never receives an array.
 * @typeParam V - the type of one value (`string` for query and urlencoded fields, `string | Buffer` for multipart forms, whose file parts read as bytes).
 * @example
 * const args = new Args('id=7&color=1&color=2');
 * args.getfirst('id', 0, Number);         // 7
 * args.getlist('color', undefined, Number); // [1, 2]
 */
export abstract class FieldStorageInterface<V = string> implements Iterable<string> {
  /** Every value of `key` in order, or `undefined` when there is none. Never an empty array. */
  protected abstract valuesOf(key: string): readonly V[] | undefined;

  /** Whether a field named `key` exists. */
  abstract has(key: string): boolean;

  /** The unique field names, in first-seen order. */
  abstract keys(): string[];

  /** The number of unique field names. */
  get size(): number {
    return this.keys().length;
  }

  /** Iterate over the unique field names. */
  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }

  /**
   * The value of `key`: one value as is, several as an array, else `defaultValue`.
   * @example
   * new Args('a=1&a=2&c=3').get('a'); // ['1', '2']
   */
  get(key: string): V | V[] | undefined;
  get<D>(key: string, defaultValue: D): V | V[] | D;
  get(key: string, defaultValue?: unknown): unknown {
    const values = this.valuesOf(key);
    if (values === undefined) return defaultValue;
    return values.length === 1 ? values[0] : [...values];
  }

  /**
   * `func` of the value of `key`; for a repeated name an array with `func`
   * applied to each value; `defaultValue` (not converted) when missing.
   * @example
   * new Args('n=1&n=2').getvalue('n', 0, Number); // [1, 2]
   */
  getvalue(key: string): V | V[] | undefined;
  getvalue<D>(key: string, defaultValue: D): V | V[] | D;
  getvalue<T>(key: string, defaultValue: undefined, func: Converter<T, V>): T | T[] | undefined;
  getvalue<T, D>(key: string, defaultValue: D, func: Converter<T, V>): T | T[] | D;
  getvalue(key: string, defaultValue?: unknown, func?: Converter<unknown, V>): unknown {
    const values = this.valuesOf(key);
    if (values === undefined) return defaultValue;
    if (func === undefined) return values.length === 1 ? values[0] : [...values];
    // A wrapper, not map(func): map would pass the index as parseInt's radix.
    return values.length === 1 ? func(values[0]!) : values.map((value) => func(value));
  }

  /**
   * `func` of the first value of `key`, or `defaultValue` (not converted).
   * @example
   * new Args('id=7').getfirst('id', 0, Number); // 7
   */
  getfirst(key: string): V | undefined;
  getfirst<D>(key: string, defaultValue: D): V | D;
  getfirst<T>(key: string, defaultValue: undefined, func: Converter<T, V>): T | undefined;
  getfirst<T, D>(key: string, defaultValue: D, func: Converter<T, V>): T | D;
  getfirst(key: string, defaultValue?: unknown, func?: Converter<unknown, V>): unknown {
    const values = this.valuesOf(key);
    if (values === undefined) return defaultValue;
    return func === undefined ? values[0] : func(values[0]!);
  }

  /**
   * `func` of every value of `key` as an array, or `defaultValue ?? []`
   * (not converted).
   * @example
   * new Args('c=1&c=2').getlist('c', undefined, Number); // [1, 2]
   */
  getlist(key: string, defaultValue?: undefined): V[];
  getlist<D extends readonly unknown[]>(key: string, defaultValue: D): V[] | D;
  getlist<T>(key: string, defaultValue: undefined, func: Converter<T, V>): T[];
  getlist<T, D extends readonly unknown[]>(key: string, defaultValue: D, func: Converter<T, V>): T[] | D;
  getlist(key: string, defaultValue?: readonly unknown[], func?: Converter<unknown, V>): unknown {
    const values = this.valuesOf(key);
    if (values === undefined) return defaultValue ?? [];
    return func === undefined ? [...values] : values.map((value) => func(value));
  }

  /** `[name, get(name)]` for every unique name, in first-seen order. */
  *entries(): IterableIterator<[string, V | V[]]> {
    for (const key of this.keys()) {
      const value = this.get(key);
      if (value !== undefined) yield [key, value];
    }
  }

  /** A null-prototype record of name → value (or array of values), for `JSON.stringify`. */
  toJSON(): Record<string, V | V[]> {
    const out = nullRecord<V | V[]>();
    for (const [key, value] of this.entries()) out[key] = value;
    return out;
  }
}
