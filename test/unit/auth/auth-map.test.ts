/**
 * `findHA1` and `isAuthMap`: records read through their own properties only,
 * lookup objects through `find`, anything else refused.
 * @module
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AuthMap, findHA1, isAuthMap } from '../../../src/crypto/auth-map.ts';

const HA1 = '99f490dffe2c74a7f13d0cf9b61098a5';

test('a record by realm and user', () => {
  const map: AuthMap = { 'User Zone': { user: HA1, empty: '' } };
  assert.equal(findHA1(map, 'User Zone', 'user'), HA1);
  assert.equal(findHA1(map, 'User Zone', 'nobody'), undefined);
  assert.equal(findHA1(map, 'Other', 'user'), undefined);
  assert.equal(findHA1(map, 'User Zone', 'empty'), undefined, 'an empty HA1 is none');
});

test("a record never answers with Object.prototype's members", () => {
  const map: AuthMap = { 'User Zone': { user: HA1 } };
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    assert.equal(findHA1(map, 'User Zone', name), undefined, name);
    assert.equal(findHA1(map, name, 'name'), undefined, name);
  }
  const odd = { 'User Zone': 'not users' } as unknown as AuthMap;
  assert.equal(findHA1(odd, 'User Zone', 'length'), undefined);
  const numbers = { 'User Zone': { user: 42 } } as unknown as AuthMap;
  assert.equal(findHA1(numbers, 'User Zone', 'user'), undefined);
});

test('a lookup object is asked, and only a non-empty string counts', () => {
  const answers: Record<string, unknown> = { a: HA1, b: null, c: undefined, d: '', e: 7 };
  const map = { find: (_realm: string, user: string) => answers[user] as string | null | undefined };
  assert.equal(findHA1(map, 'R', 'a'), HA1);
  for (const user of ['b', 'c', 'd', 'e']) assert.equal(findHA1(map, 'R', user), undefined, user);
});

test("a record's realm named find holds users, not a lookup", () => {
  const map: AuthMap = { find: { user: HA1 } };
  assert.equal(findHA1(map, 'find', 'user'), HA1);
});

test('isAuthMap', () => {
  const yes: unknown[] = [
    {},
    { R: { u: HA1 } },
    Object.create(null),
    { find: () => null },
    new (class {
      find() {
        return null;
      }
    })(),
  ];
  const no: unknown[] = [null, undefined, 'map', 42, [], new Map(), { R: 'users' }, { R: null }, new (class {})()];
  for (const [i, value] of yes.entries()) assert.equal(isAuthMap(value), true, `yes[${i}]`);
  for (const [i, value] of no.entries()) assert.equal(isAuthMap(value), false, `no[${i}]`);
});
