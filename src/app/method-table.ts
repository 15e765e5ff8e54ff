import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import { methodFlags, methodNames } from '../http/methods.ts';

/** Handlers by key (a status code, an error class) and method flag. */
export class MethodTable<K, H> {
  #table = new Map<K, Map<number, H>>();

  /**
   * Register `handler` for every method flag in `mask`.
   * @throws PoorWSGIError `PW_ERR_METHOD` for a mask with no known method
   */
  set(key: K, handler: H, mask: number): void {
    const flags = methodFlags(mask);
    if (flags.length === 0) throw new PoorWSGIError('PW_ERR_METHOD', `Method mask ${mask} names no known method`);
    let byMethod = this.#table.get(key);
    if (byMethod === undefined) this.#table.set(key, (byMethod = new Map()));
    for (const flag of flags) byMethod.set(flag, handler);
  }

  /**
   * Remove the handler of one method.
   * @throws PoorWSGIError `PW_ERR_NOT_REGISTERED` when there is none
   */
  pop(key: K, method: number, what: string): H {
    const byMethod = this.#table.get(key);
    const handler = byMethod?.get(method);
    if (byMethod === undefined || handler === undefined) {
      throw new PoorWSGIError(
        'PW_ERR_NOT_REGISTERED',
        `No ${what} is registered for ${methodNames(method).join('|') || method}`,
      );
    }
    byMethod.delete(method);
    if (byMethod.size === 0) this.#table.delete(key);
    return handler;
  }

  /** The handler for `key` and one method flag. */
  get(key: K, method: number): H | undefined {
    return this.#table.get(key)?.get(method);
  }

  /** Whether anything is registered under `key`. */
  has(key: K): boolean {
    return this.#table.has(key);
  }

  /** Whether the table is empty. */
  get size(): number {
    return this.#table.size;
  }

  /** A copy: key -> method flag -> handler. */
  copy(): Map<K, Map<number, H>> {
    const out = new Map<K, Map<number, H>>();
    for (const [key, byMethod] of this.#table) out.set(key, new Map(byMethod));
    return out;
  }
}
