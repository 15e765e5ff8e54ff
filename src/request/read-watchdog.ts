/**
 * One timer for every body being collected with the same timeout, instead of
 * a `setTimeout` and a `clearTimeout` per request and another pair per chunk
 * (bench/micro `request: watchdog`). The timer ticks every quarter of the
 * timeout while something is watched and stops when nothing is; a watched
 * body marks itself active with a plain counter read, no clock call.
 * @module
 */

/** What the watchdog watches. */
export interface Watched {
  /** The tick of the last sign of life; see {@link ReadWatchdog.touch}. */
  stamp: number;
  /** Called once when the body was silent for the whole timeout. */
  expire(): void;
}

/** Ticks per timeout: a silent body expires after 4 to 5 ticks, between 1 and 1.25 timeouts. */
const TICKS = 4;

/** Watches bodies for one timeout value. */
export class ReadWatchdog {
  readonly #watched = new Set<Watched>();
  readonly #periodMs: number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #tick = 0;
  readonly #sweep = (): void => this.#onTick();

  /** @param timeoutMs how long a body may be silent */
  constructor(timeoutMs: number) {
    this.#periodMs = Math.max(1, Math.ceil(timeoutMs / TICKS));
  }

  /** Start watching `item`, active now. */
  watch(item: Watched): void {
    item.stamp = this.#tick;
    this.#watched.add(item);
    if (this.#timer === undefined) {
      this.#timer = setInterval(this.#sweep, this.#periodMs);
      // a pending body keeps its socket, and so the process, alive by itself
      this.#timer.unref();
    }
  }

  /** `item` showed a sign of life. */
  touch(item: Watched): void {
    item.stamp = this.#tick;
  }

  /** Stop watching `item` (safe to call again). */
  unwatch(item: Watched): void {
    this.#watched.delete(item);
  }

  /** How many bodies are watched (for tests). */
  get size(): number {
    return this.#watched.size;
  }

  #onTick(): void {
    const tick = ++this.#tick;
    if (this.#watched.size === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      return;
    }
    for (const item of this.#watched) {
      // a full TICKS periods without a sign of life: at least the whole timeout has passed
      if (tick - item.stamp > TICKS) {
        this.#watched.delete(item);
        item.expire();
      }
    }
  }
}

const WATCHDOGS = new Map<number, ReadWatchdog>();

/** The shared watchdog of a timeout in milliseconds (> 0). */
export function watchdogFor(timeoutMs: number): ReadWatchdog {
  let dog = WATCHDOGS.get(timeoutMs);
  if (dog === undefined) {
    dog = new ReadWatchdog(timeoutMs);
    WATCHDOGS.set(timeoutMs, dog);
  }
  return dog;
}
