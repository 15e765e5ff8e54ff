/**
 * How long the cluster primary of `poorwsgi serve` waits before it replaces
 * a worker that died: at once after a worker that ran for a while (a crash
 * that happens now and then), and twice as long after each quick death in a
 * row, up to a ceiling, so that an application that fails as it starts
 * (a crash loop) costs a fork now and then instead of a core.
 * @module
 */

/** The settings of a {@link RestartBackoff}, in milliseconds. */
export interface BackoffOptions {
  /** The wait after the first quick death. @default 100 */
  readonly initialMs?: number;
  /** The longest wait. @default 10_000 */
  readonly maxMs?: number;
  /** A worker that ran this long died after a while: the count of quick deaths starts again. @default 10_000 */
  readonly stableMs?: number;
}

/** The back-off of worker restarts; one for the whole cluster. */
export class RestartBackoff {
  readonly #initialMs: number;
  readonly #maxMs: number;
  readonly #stableMs: number;
  #quickDeaths = 0;

  constructor(options: BackoffOptions = {}) {
    this.#initialMs = options.initialMs ?? 100;
    this.#maxMs = options.maxMs ?? 10_000;
    this.#stableMs = options.stableMs ?? 10_000;
  }

  /** Quick deaths in a row so far. */
  get quickDeaths(): number {
    return this.#quickDeaths;
  }

  /** The wait, in milliseconds, before replacing a worker that died after running `uptimeMs`. */
  next(uptimeMs: number): number {
    if (uptimeMs >= this.#stableMs) {
      this.#quickDeaths = 0;
      return 0;
    }
    this.#quickDeaths++;
    return Math.min(this.#maxMs, this.#initialMs * 2 ** (this.#quickDeaths - 1));
  }
}
