/**
 * The one `readTimeout` mechanism of both body paths (the whole-body
 * collector and the streaming `BodyReader`): one timer for every body being
 * read with the same timeout, instead of a `setTimeout` and a `clearTimeout`
 * per request and another pair per chunk (bench/micro `request: watchdog`). The timer ticks every quarter of the
 * timeout while something is watched and stops when nothing is; a watched
 * body marks itself active with a plain counter read, no clock call.
 * @module
 */

/**
 * What the watchdog watches. The links make the watched list intrusive: no
 * `Set` hashing per request (bench/micro `request: watchdog`).
 */
export interface Watched {
  /** The tick of the last sign of life; see {@link ReadWatchdog.touch}. */
  stamp: number;
  /** The neighbours in the watched list; `null` at its ends. */
  prev: Watched | null;
  next: Watched | null;
  /** Called once when the body was silent for the whole timeout. */
  expire(): void;
  /**
   * Keep the process alive while this is watched: a body with no socket
   * behind it (a Web body, in process) has nothing else to wait for its 408.
   */
  readonly keepsAlive?: boolean;
}

/** Ticks per timeout: a silent body expires after 4 to 5 ticks, between 1 and 1.25 timeouts. */
const TICKS = 4;

/** Watches bodies for one timeout value. */
export class ReadWatchdog {
  #head: Watched | null = null;
  #size = 0;
  /** Watched items that keep the process alive; the timer is referenced while there are any. */
  #keepingAlive = 0;
  readonly #periodMs: number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #tick = 0;
  readonly #sweep = (): void => this.tick();

  /** @param timeoutMs how long a body may be silent */
  constructor(timeoutMs: number) {
    this.#periodMs = Math.max(1, Math.ceil(timeoutMs / TICKS));
  }

  /** Start watching `item`, active now. */
  watch(item: Watched): void {
    item.stamp = this.#tick;
    item.prev = null;
    item.next = this.#head;
    if (this.#head !== null) this.#head.prev = item;
    this.#head = item;
    this.#size++;
    if (this.#timer === undefined) {
      this.#timer = setInterval(this.#sweep, this.#periodMs);
      // a pending body keeps its socket, and so the process, alive by itself
      this.#timer.unref();
    }
    if (item.keepsAlive === true && this.#keepingAlive++ === 0) this.#timer.ref();
  }

  /** `item` showed a sign of life. */
  touch(item: Watched): void {
    item.stamp = this.#tick;
  }

  /** Stop watching `item` (safe to call again). */
  unwatch(item: Watched): void {
    // not in the list: only the head has no previous item
    if (item.prev === null && this.#head !== item) return;
    if (item.prev === null) this.#head = item.next;
    else item.prev.next = item.next;
    if (item.next !== null) item.next.prev = item.prev;
    item.prev = null;
    item.next = null;
    this.#size--;
    if (item.keepsAlive === true && --this.#keepingAlive === 0) this.#timer?.unref();
  }

  /** How many bodies are watched (for tests). */
  get size(): number {
    return this.#size;
  }

  /** One sweep: expire what was silent for the timeout. The timer calls it; tests may too. */
  tick(): void {
    const tick = ++this.#tick;
    if (this.#head === null) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      return;
    }
    for (let item: Watched | null = this.#head; item !== null; ) {
      const next: Watched | null = item.next;
      // a full TICKS periods without a sign of life: at least the whole timeout has passed
      if (tick - item.stamp > TICKS) {
        this.unwatch(item);
        item.expire();
      }
      item = next;
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
