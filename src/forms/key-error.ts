/**
 * Thrown by {@link FieldStorage.item} for a field name that is not in the
 * form, as Python's `KeyError`. It is a `RangeError` with `code` `PW_ERR_KEY`
 * and the missing `key`; use `has()` or the value getters to avoid it.
 * @example
 * try { form.item('missing'); } catch (e) { if (e instanceof KeyError) e.key; } // 'missing'
 */
export class KeyError extends RangeError {
  /** Stable machine-readable code. */
  readonly code = 'PW_ERR_KEY';
  /** The name that was looked up. */
  readonly key: string;

  constructor(key: string) {
    super(`No field named ${JSON.stringify(key)}`);
    this.name = 'KeyError';
    this.key = key;
  }
}
