/**
 * Per-request CPU profiling, as PoorWSGI's `set_profile()`: every request
 * is served under the profiler and leaves one `.cpuprofile` file, named
 * from its method and path.
 *
 * The inspector's CPU profiler records the whole thread, not a request: two
 * requests served at once would land in each other's profiles. So while
 * profiling is on, requests are served one at a time, in the order they
 * came, each from its start to the end of its response (as a PoorWSGI
 * worker serves them); a request that arrives meanwhile waits its turn.
 * The file of one request is written before the next one starts, so a
 * client that has its next answer knows the previous profile is on disk.
 *
 * V8's profiler is slow to start (15-35 ms), so it is kept running while
 * requests come, and each request is a profile nested in it (`CpuProfiler`):
 * the running profile is replaced every `keepWarm` milliseconds so that its
 * samples do not pile up, and stopped after `keepWarm` milliseconds without
 * a request.
 * @module
 */
import { statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { ERROR_CODES } from '../errors/codes.ts';
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import { CpuProfiler, writeProfile } from './cpu-profiler.ts';
import { profileStem, profileTime } from './profile-name.ts';

/** Options of per-request profiling (`app.setProfile(prefix, options)`). */
export interface ProfileOptions {
  /** Microseconds between two samples. @default 100 */
  samplingInterval?: number;
  /** Told the name of every profile written (to log it, or to open it). */
  onProfile?: (file: string) => void;
  /** Told why a profile could not be recorded or written; the request itself is served all the same. */
  onError?: (err: unknown) => void;
  /**
   * Milliseconds the profiler keeps running between requests (starting it
   * costs 15-35 ms), and after which its running profile is replaced. @default 10000
   */
  keepWarm?: number;
}

/** The default of {@link ProfileOptions.keepWarm}. */
export const KEEP_WARM_MS = 10_000;

/** A request waiting for the profiler: `run(done)` serves it, and calls `done` once its response has ended. */
interface Job {
  readonly stem: string;
  readonly run: (done: () => void) => void;
}

/** Where the profiles go: a directory and the start of every file name in it. */
interface Target {
  readonly dir: string;
  readonly start: string;
}

/**
 * The directory and name start of a prefix: `log/req` writes
 * `log/req_GET_path....cpuprofile`; an existing directory, or a prefix that
 * ends with `/`, writes `GET_path....cpuprofile` in it. Relative prefixes
 * are resolved once, against the working directory of this call.
 * @throws PoorWSGIError `PW_ERR_PROFILE` for an empty prefix or a directory that does not exist
 */
export function profileTarget(prefix: string): Target {
  if (typeof prefix !== 'string' || prefix === '') {
    throw new PoorWSGIError(ERROR_CODES.PW_ERR_PROFILE, 'setProfile(): the prefix must be a non-empty string');
  }
  const full = resolve(prefix);
  const inside = prefix.endsWith('/') || prefix.endsWith(sep) || isDirectory(full);
  const target = inside ? { dir: full, start: '' } : { dir: dirname(full), start: `${basename(full)}_` };
  if (!isDirectory(target.dir)) {
    throw new PoorWSGIError(
      ERROR_CODES.PW_ERR_PROFILE,
      `setProfile(): the directory ${target.dir} of the profile prefix ${JSON.stringify(prefix)} does not exist`,
    );
  }
  return target;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    // not there, a file on the way (ENOTDIR), no permission: no directory to write to
    return false;
  }
}

function ignore(): void {}

/** The longest delay `setTimeout` takes (a longer one fires at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Serves requests one at a time under the CPU profiler and writes one
 * profile per request (see the module's notes on concurrent requests).
 * @example
 * const profiler = new RequestProfiler('log/req');
 * profiler.profile('GET', '/user/1', (done) => { serveIt(); whenSent(done); });
 * await profiler.close();
 */
export class RequestProfiler {
  readonly #target: Target;
  readonly #cpu: CpuProfiler;
  readonly #onProfile: (file: string) => void;
  readonly #onError: (err: unknown) => void;
  readonly #waiting: Job[] = [];
  #busy = false;
  #idle: Array<() => void> = [];
  #closed = false;
  readonly #keepWarm: number;
  /** When the running profile started (`performance.now()`), or -1 while the profiler is stopped. */
  #warmSince = -1;
  #cool: NodeJS.Timeout | undefined;
  #count = 0;

  /**
   * @param prefix the start of every file's path (see {@link profileTarget})
   * @throws PoorWSGIError `PW_ERR_PROFILE` (see {@link profileTarget} and `CpuProfiler`)
   */
  constructor(prefix: string, options: ProfileOptions = {}) {
    this.#target = profileTarget(prefix);
    this.#cpu = new CpuProfiler(options.samplingInterval);
    this.#onProfile = options.onProfile ?? ignore;
    this.#onError = options.onError ?? ignore;
    const keepWarm = options.keepWarm ?? KEEP_WARM_MS;
    if (typeof keepWarm !== 'number' || !Number.isFinite(keepWarm) || keepWarm < 0) {
      this.#cpu.close();
      throw new PoorWSGIError(
        ERROR_CODES.PW_ERR_PROFILE,
        `keepWarm must be a finite number of milliseconds >= 0 (got ${String(keepWarm)})`,
      );
    }
    this.#keepWarm = keepWarm;
  }

  /** Whether the profiler is running between requests (see {@link ProfileOptions.keepWarm}). */
  get warm(): boolean {
    return this.#warmSince >= 0;
  }

  /** The directory the profiles are written to. */
  get directory(): string {
    return this.#target.dir;
  }

  /**
   * Serve one request under the profiler: `run(done)` is called when the
   * requests before it are done, and must call `done` once its response has
   * ended (more calls are ignored). `run` should not throw; if it does, the
   * request counts as done and the error goes to `onError`.
   * @param method the request method, as sent
   * @param target the request target (path and query), as sent
   */
  profile(method: string, target: string, run: (done: () => void) => void): void {
    const job: Job = { stem: profileStem(method, target), run };
    if (this.#busy) {
      this.#waiting.push(job);
      return;
    }
    this.#busy = true;
    clearTimeout(this.#cool);
    void this.#drain(job);
  }

  /**
   * Stop profiling: the requests already handed over are still served and
   * profiled; the promise resolves when the last profile is written, then
   * the inspector session is closed.
   */
  close(): Promise<void> {
    this.#closed = true;
    if (!this.#busy) {
      this.#stop();
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Profile `first` and every request that comes while it runs, in order. */
  async #drain(first: Job): Promise<void> {
    for (let job: Job | undefined = first; job !== undefined; job = this.#waiting.shift()) {
      await this.#record(job);
    }
    this.#busy = false;
    if (this.#closed) {
      this.#stop();
      for (const resolve of this.#idle.splice(0)) resolve();
    } else if (this.warm) {
      // no request for a while: stop the profiler (and its running profile); the next request starts it again
      this.#cool = setTimeout(() => this.#coolDown(), Math.min(this.#keepWarm, MAX_TIMER_MS)).unref();
    }
  }

  #coolDown(): void {
    if (this.#busy || !this.warm) return;
    this.#warmSince = -1;
    this.#cpu.stop().catch(this.#onError);
  }

  /** Close the session (which stops the profiler). */
  #stop(): void {
    clearTimeout(this.#cool);
    this.#warmSince = -1;
    this.#cpu.close();
  }

  /** One request: begin its profile, serve it to the end of its response, end, write. Never rejects. */
  async #record(job: Job): Promise<void> {
    const base = join(this.#target.dir, `${this.#target.start}${job.stem}.${profileTime()}`);
    const title = `poorwsgi request ${++this.#count}`;
    let recording = true;
    try {
      await this.#begin(title);
    } catch (err) {
      recording = false;
      this.#onError(err);
    }
    await new Promise<void>((resolve) => {
      try {
        job.run(() => resolve());
      } catch (err) {
        this.#onError(err);
        resolve();
      }
    });
    if (!recording) return;
    try {
      this.#onProfile(await writeProfile(base, await this.#cpu.end(title)));
    } catch (err) {
      this.#onError(err);
    }
  }

  /** Begin the profile of a request: the profiler started if it is not running, its running profile replaced when old. */
  async #begin(title: string): Promise<void> {
    if (!this.warm) {
      await this.#cpu.start();
      this.#warmSince = performance.now();
      this.#cpu.begin(title);
      return;
    }
    this.#cpu.begin(title);
    if (performance.now() - this.#warmSince >= this.#keepWarm) {
      // quick: the request's profile keeps the profiler up meanwhile
      try {
        await this.#cpu.restart();
        this.#warmSince = performance.now();
      } catch (err) {
        // the request's own profile goes on; the profiler stops with it, and the next request starts it
        this.#warmSince = -1;
        this.#onError(err);
      }
    }
  }
}
