import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Args } from '../../../src/forms/args.ts';
import { EmptyForm } from '../../../src/forms/empty-form.ts';
import type { FieldStorage } from '../../../src/forms/field-storage.ts';
import { parseUrlencodedForm } from '../../../src/forms/urlencoded.ts';

// Compile-time checks of the getter overloads: `tsc --noEmit` fails when an
// inferred type drifts, because `true` is not assignable to `false`.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<A, B>(_value: A, equal: Equal<A, B>): void {
  assert.equal(equal, true);
}

const args = new Args('id=7&color=1&color=2&name=x');
const form: FieldStorage = parseUrlencodedForm('id=7&color=1&color=2&name=x');
const empty = new EmptyForm();

describe('getter types are precise (checked by tsc) and hold at run time', () => {
  it('getfirst', () => {
    const a = args.getfirst('name');
    expectType<typeof a, string | undefined>(a, true);
    assert.equal(a, 'x');
    const b = args.getfirst('missing', 'x');
    expectType<typeof b, string>(b, true);
    assert.equal(b, 'x');
    const c = form.getfirst('id', 0, Number);
    expectType<typeof c, number>(c, true);
    assert.equal(c, 7);
    const d = empty.getfirst('id', undefined, Number);
    expectType<typeof d, number | undefined>(d, true);
    assert.equal(d, undefined);
  });
  it('getlist', () => {
    const a = args.getlist('color');
    expectType<typeof a, string[]>(a, true);
    assert.deepEqual(a, ['1', '2']);
    const b = form.getlist('color', undefined, Number);
    expectType<typeof b, number[]>(b, true);
    assert.deepEqual(b, [1, 2]);
    const c = empty.getlist('color', [0], Number);
    expectType<typeof c, number[]>(c, true);
    assert.deepEqual(c, [0]);
  });
  it('getvalue', () => {
    const a = args.getvalue('color');
    expectType<typeof a, string | string[] | undefined>(a, true);
    assert.deepEqual(a, ['1', '2']);
    const b = form.getvalue('color', 0, Number);
    expectType<typeof b, number | number[]>(b, true);
    assert.deepEqual(b, [1, 2]);
    const c = args.getvalue('id', undefined, Number);
    expectType<typeof c, number | number[] | undefined>(c, true);
    assert.equal(c, 7);
  });
  it('get', () => {
    const a = args.get('color');
    expectType<typeof a, string | string[] | undefined>(a, true);
    assert.deepEqual(a, ['1', '2']);
    const b = form.get('missing', null);
    expectType<typeof b, string | string[] | null>(b, true);
    assert.equal(b, null);
  });
});
