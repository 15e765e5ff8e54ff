import { PoorWSGIError } from '../errors/poorwsgi-error.ts';

/** An ordered list of hooks where a hook may appear once. */
export class HookList<F> {
  #hooks: F[] = [];

  /**
   * Append a hook.
   * @throws PoorWSGIError `PW_ERR_DUPLICATE` when it is in the list already
   */
  add(fn: F, kind: string): void {
    if (typeof fn !== 'function') throw new PoorWSGIError('PW_ERR_ARGUMENT', `A ${kind} hook must be a function`);
    if (this.#hooks.includes(fn)) {
      throw new PoorWSGIError('PW_ERR_DUPLICATE', `${nameOf(fn)} is in the ${kind} list already`);
    }
    this.#hooks.push(fn);
  }

  /**
   * Remove a hook.
   * @throws PoorWSGIError `PW_ERR_NOT_REGISTERED` when it is not in the list
   */
  pop(fn: F, kind: string): F {
    const index = this.#hooks.indexOf(fn);
    if (index === -1) throw new PoorWSGIError('PW_ERR_NOT_REGISTERED', `${nameOf(fn)} is not in the ${kind} list`);
    this.#hooks.splice(index, 1);
    return fn;
  }

  /** The hooks in order (the live array: the pipeline iterates it without copying). */
  get items(): readonly F[] {
    return this.#hooks;
  }
}

/** A function's name for messages. */
export function nameOf(fn: unknown): string {
  return typeof fn === 'function' && fn.name ? fn.name : '(anonymous function)';
}
