import { FieldStorageInterface } from './field-storage-interface.ts';
import { type ParseOptions, parseQsl } from './query.ts';

/**
 * Query arguments (PoorWSGI's `Args`): the query string parsed with
 * {@link parseQsl}, values grouped by name in first-seen order. A name with
 * one value reads as that string, a repeated name as an array. Names are
 * plain `Map` keys: `__proto__` or `constructor` pollute nothing.
 *
 * Throws `HTTPException` 413 or 400 as {@link parseQsl} does.
 * @example
 * const args = new Args('a=1&a=2&b=&c=3');
 * args.toJSON();                    // { a: ['1', '2'], c: '3' }
 * args.getfirst('c', 0, Number);    // 3
 */
export class Args extends FieldStorageInterface<string> {
  readonly #fields = new Map<string, string[]>();

  constructor(query = '', options?: ParseOptions) {
    super();
    for (const [name, value] of parseQsl(query, options)) {
      const values = this.#fields.get(name);
      if (values === undefined) this.#fields.set(name, [value]);
      else values.push(value);
    }
  }

  protected valuesOf(key: string): readonly string[] | undefined {
    return this.#fields.get(key);
  }

  /** Whether the query has the name `key`. */
  has(key: string): boolean {
    return this.#fields.has(key);
  }

  /** The unique names, in first-seen order. */
  keys(): string[] {
    return [...this.#fields.keys()];
  }

  /** The number of unique names. */
  override get size(): number {
    return this.#fields.size;
  }
}
