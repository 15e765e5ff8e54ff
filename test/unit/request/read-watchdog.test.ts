import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ReadWatchdog, type Watched } from '../../../src/request/read-watchdog.ts';
import { prng } from '../../helpers/prng.ts';

/** A watched body that records when it expired; it leaves the list itself, as the collector does. */
class Body implements Watched {
  stamp = 0;
  prev: Watched | null = null;
  next: Watched | null = null;
  expiredAt = -1;
  constructor(
    readonly dog: ReadWatchdog,
    readonly clock: { tick: number },
  ) {}
  expire(): void {
    this.dog.unwatch(this);
    this.expiredAt = this.clock.tick;
  }
}

/** Sweeps driven by hand (tick()), so nothing here depends on time. */
function setup(): { dog: ReadWatchdog; clock: { tick: number }; sweep(n: number): void } {
  const dog = new ReadWatchdog(60_000);
  const clock = { tick: 0 };
  return {
    dog,
    clock,
    sweep(n: number) {
      for (let i = 0; i < n; i++) {
        clock.tick++;
        dog.tick();
      }
    },
  };
}

describe('ReadWatchdog', () => {
  const cases: ReadonlyArray<{ name: string; touches: number[]; expires: number }> = [
    { name: 'a silent body expires after the fifth sweep (at least the whole timeout)', touches: [], expires: 5 },
    { name: 'a touch restarts the count', touches: [3], expires: 8 },
    { name: 'touches on every sweep keep it alive', touches: [1, 2, 3, 4, 5, 6, 7, 8, 9], expires: 14 },
  ];
  for (const { name, touches, expires } of cases) {
    test(name, () => {
      const { dog, clock, sweep } = setup();
      const body = new Body(dog, clock);
      dog.watch(body);
      for (let t = 1; t <= 20; t++) {
        sweep(1);
        if (touches.includes(t)) dog.touch(body);
      }
      assert.equal(body.expiredAt, expires);
      assert.equal(dog.size, 0);
      dog.tick(); // an empty watchdog stops its timer and stays usable
    });
  }

  test('watch and unwatch in random order keep the list whole', () => {
    const { dog, clock, sweep } = setup();
    const next = prng(7);
    const live = new Set<Body>();
    for (let step = 0; step < 5000; step++) {
      if (live.size === 0 || next() < 0.55) {
        const body = new Body(dog, clock);
        dog.watch(body);
        live.add(body);
      } else {
        const list = [...live];
        const body = list[Math.floor(next() * list.length)] as Body;
        dog.unwatch(body);
        dog.unwatch(body); // a second unwatch changes nothing
        live.delete(body);
      }
      assert.equal(dog.size, live.size);
    }
    // every body still watched expires once, the unwatched ones never
    sweep(5);
    for (const body of live) assert.equal(body.expiredAt, 5);
    assert.equal(dog.size, 0);
  });

  test('an unwatched body never expires', () => {
    const { dog, clock, sweep } = setup();
    const kept = new Body(dog, clock);
    const gone = new Body(dog, clock);
    dog.watch(kept);
    dog.watch(gone);
    dog.unwatch(gone);
    sweep(6);
    assert.equal(kept.expiredAt, 5);
    assert.equal(gone.expiredAt, -1);
  });
});
