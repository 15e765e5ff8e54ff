/**
 * The one test for "is this a promise or something that behaves like one",
 * for values handlers, hooks and callbacks return.
 * @module
 */

/**
 * True when `value` is an object or function with a `then` method, as
 * `await` and `Promise.resolve` treat it.
 * @example isThenable(Promise.resolve(1)) // true
 * @example isThenable({ then: 1 }) // false
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
