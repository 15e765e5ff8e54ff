import { FieldStorageInterface } from './field-storage-interface.ts';

/**
 * A form with no fields: what `req.args` and `req.form` are when nothing was
 * parsed. Every getter returns its default (`getlist`: `default ?? []`) and
 * never calls `func`.
 * @example
 * const form = new EmptyForm();
 * form.getfirst('age', 23, Number); // 23
 * form.getlist('values');           // []
 */
export class EmptyForm extends FieldStorageInterface<string> {
  protected valuesOf(): undefined {
    return undefined;
  }

  /** Always `false`. */
  has(_key: string): boolean {
    return false;
  }

  /** Always `[]`. */
  keys(): string[] {
    return [];
  }

  /** Always 0. */
  override get size(): number {
    return 0;
  }
}
