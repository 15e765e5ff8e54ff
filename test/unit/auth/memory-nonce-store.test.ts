/**
 * `MemoryNonceStore`: counts must grow, expired nonces go, the map is
 * bounded, and a nonce dropped to make room is never taken as new (a replay).
 * The store's clock is the test's.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MemoryNonceStore } from '../../../src/crypto/memory-nonce-store.ts';

/** A store on a clock the test moves. */
function clocked(maxNonces?: number) {
  const clock = { now: 1_000_000 };
  const store = new MemoryNonceStore({ ...(maxNonces === undefined ? {} : { maxNonces }), now: () => clock.now });
  return { store, clock };
}

describe('MemoryNonceStore', () => {
  test('a first use, then only greater counts', () => {
    const { store } = clocked();
    assert.equal(store.advance('n1', 1, 300), true);
    assert.equal(store.advance('n1', 1, 300), false, 'the same count');
    assert.equal(store.advance('n1', 0, 300), false, 'a lower count');
    assert.equal(store.advance('n1', 2, 300), true);
    assert.equal(store.advance('n1', 10, 300), true, 'counts may skip');
    assert.equal(store.advance('n1', 9, 300), false);
    assert.equal(store.advance('n2', 1, 300), true, 'each nonce counts on its own');
    assert.equal(store.size, 2);
  });

  test('a first use may have any count', () => {
    const { store } = clocked();
    assert.equal(store.advance('a', 0, 300), true);
    assert.equal(store.advance('b', 0xffffffff, 300), true);
    assert.equal(store.advance('b', 0xffffffff, 300), false);
  });

  test('an expired nonce is forgotten', () => {
    const { store, clock } = clocked();
    store.advance('old', 5, 10);
    store.advance('newer', 1, 100);
    clock.now += 10;
    assert.equal(store.advance('other', 1, 100), true);
    assert.equal(store.size, 2, 'old went when its time was up');
    clock.now += 100;
    store.advance('last', 1, 100);
    assert.equal(store.size, 1);
  });

  test('a fractional clock and lifetime count in whole seconds', () => {
    const { store, clock } = clocked();
    clock.now += 0.9;
    // expires at the whole second the clock showed, plus the lifetime rounded up: +10
    store.advance('n', 1, 9.2);
    clock.now = 1_000_009.5;
    assert.equal(store.advance('n', 1, 9), false, 'still known at +9.5');
    clock.now = 1_000_010;
    assert.equal(store.advance('n', 1, 9), true, 'forgotten at +10');
  });

  test('bounded: at most maxNonces, the nonce first used longest ago dropped', () => {
    const { store } = clocked(3);
    for (const n of ['a', 'b', 'c', 'd']) assert.equal(store.advance(n, 1, 300), true);
    assert.equal(store.size, 3);
    for (const n of ['b', 'c', 'd']) assert.equal(store.advance(n, 1, 300), false, `${n} is still known`);
  });

  test('a nonce dropped before its time is refused when it comes back, and so are unknown ones of its age', () => {
    const { store, clock } = clocked(2);
    store.advance('a', 1, 300);
    store.advance('b', 1, 300);
    store.advance('c', 1, 300);
    assert.equal(store.size, 2);
    assert.equal(store.advance('a', 2, 300), false, 'a replay of a dropped nonce is never taken as a first use');
    assert.equal(store.advance('z', 1, 300), false, 'unknown, expiring no later: it may have been dropped');
    assert.equal(store.advance('z', 1, 299), false);
    clock.now += 2;
    assert.equal(store.advance('later', 1, 300), true, 'a nonce expiring later than any dropped one is new');
  });

  test('expired nonces at the front go before anything is dropped to make room', () => {
    const { store, clock } = clocked(2);
    store.advance('a', 1, 10);
    store.advance('b', 1, 100);
    clock.now += 10;
    // a expired: it goes, b stays, and c fits without dropping anything alive
    assert.equal(store.advance('c', 1, 100), true);
    assert.equal(store.advance('b', 1, 100), false, 'b is still known');
    assert.equal(store.advance('d', 1, 200), true, 'no live nonce was dropped before, so nothing is held back');
  });

  test('the nonces dropped to make room are remembered by their latest expiry', () => {
    const { store } = clocked(1);
    store.advance('first', 1, 500);
    store.advance('second', 1, 600);
    store.advance('third', 1, 700);
    // 'first' and 'second' were dropped: whatever expires up to +600 (and a second of slack) is refused
    assert.equal(store.advance('y', 1, 601), false);
    assert.equal(store.advance('y', 1, 602), true);
  });

  test('the default bound is 10,000 nonces', () => {
    const store = new MemoryNonceStore();
    assert.equal(store.maxNonces, 10_000);
    for (let i = 0; i <= 10_000; i++) store.advance(`nonce-${i}`, 1, 600);
    assert.equal(store.size, 10_000);
    assert.equal(store.advance('nonce-0', 2, 600), false);
    assert.equal(store.advance('nonce-10000', 2, 600), true);
  });

  test('thousands of nonces through a small store: the latest stay, the counts stay right', () => {
    const { store, clock } = clocked(10);
    for (let i = 0; i < 5000; i++) {
      assert.equal(store.advance(`n${i}`, 1, 1000 + i), true, `n${i}`);
      if (i % 100 === 0) clock.now += 0.5;
    }
    assert.equal(store.size, 10);
    for (let i = 4990; i < 5000; i++) {
      assert.equal(store.advance(`n${i}`, 1, 1000 + i), false, `n${i} is known`);
      assert.equal(store.advance(`n${i}`, 2, 1000 + i), true);
    }
    assert.equal(store.advance('n0', 2, 1000), false, 'long dropped, still refused');
    // all of them expire: the store empties as it is used
    clock.now += 10_000;
    assert.equal(store.advance('after', 1, 10), true);
    assert.equal(store.size, 1);
  });

  test('maxNonces must be a whole number >= 1', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => new MemoryNonceStore({ maxNonces: bad }), { name: 'RangeError', code: 'PW_ERR_DIGEST' });
    }
    assert.equal(new MemoryNonceStore({ maxNonces: 1 }).maxNonces, 1);
  });
});
