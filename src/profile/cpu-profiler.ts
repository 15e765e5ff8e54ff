/**
 * A CPU profiler of this thread through `node:inspector`: the V8 sampling
 * profiler that Chrome DevTools drives, with its profiles written as
 * `.cpuprofile` JSON (what DevTools' Performance panel and VS Code open).
 * @module
 */
import { writeFile } from 'node:fs/promises';
import type { Profiler, Session } from 'node:inspector';
import { ERROR_CODES } from '../errors/codes.ts';
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';

/** A V8 CPU profile: the JSON of a `.cpuprofile` file. */
export type CpuProfile = Profiler.Profile;

/**
 * Microseconds between two samples unless told otherwise: a tenth of V8's
 * default (1 ms), because a request is short and a 1 ms profile of it holds
 * one sample or none.
 */
export const DEFAULT_SAMPLING_INTERVAL = 100;

/**
 * Check a sampling interval (microseconds, a positive integer).
 * @throws PoorWSGIError `PW_ERR_PROFILE` for anything else
 */
export function checkSamplingInterval(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new PoorWSGIError(
      ERROR_CODES.PW_ERR_PROFILE,
      `samplingInterval must be a positive whole number of microseconds (got ${String(value)})`,
    );
  }
  return value;
}

type Inspector = typeof import('node:inspector');

/**
 * `node:inspector`, loaded here, on first use, not when poorwsgi is
 * imported: a Node built without the inspector (`--without-inspector`)
 * runs every application that does not profile.
 * @throws PoorWSGIError `PW_ERR_PROFILE` when this Node has no inspector
 */
function loadInspector(): Inspector {
  try {
    return process.getBuiltinModule('node:inspector');
  } catch (err) {
    throw new PoorWSGIError(ERROR_CODES.PW_ERR_PROFILE, 'this Node.js has no inspector (node:inspector)', {
      cause: err,
    });
  }
}

/** The `Profiler.consoleProfileFinished` notification of the inspector protocol. */
interface ProfileFinished {
  readonly params: { readonly title?: string; readonly profile: CpuProfile };
}

/** An inspector session with its profiler enabled, and who waits for its nested profiles. */
interface ProfilerSession {
  readonly session: Session;
  readonly finished: Map<string, (profile: CpuProfile) => void>;
}

/**
 * Sessions no `CpuProfiler` uses now, kept connected and enabled. A session
 * is never disconnected: disabling an inspector session's profiler resets
 * V8's precise coverage for the whole thread (`stopPreciseCoverage`), which
 * would wipe the coverage that `NODE_V8_COVERAGE` (c8) collects.
 */
const IDLE_SESSIONS: ProfilerSession[] = [];

function ignore(): void {}

function takeSession(inspector: Inspector): ProfilerSession {
  const idle = IDLE_SESSIONS.pop();
  if (idle !== undefined) return idle;
  const session = new inspector.Session();
  session.connect();
  const taken: ProfilerSession = { session, finished: new Map() };
  session.on('Profiler.consoleProfileFinished', (message: ProfileFinished) => {
    const title = message.params.title ?? '';
    const resolve = taken.finished.get(title);
    taken.finished.delete(title);
    resolve?.(message.params.profile);
  });
  session.post('Profiler.enable');
  return taken;
}

/**
 * One inspector session that records CPU profiles of this thread.
 *
 * `start()`/`stop()` record one profile (the start-up). Starting V8's
 * profiler is slow (it walks every compiled function: 15-35 ms, more as the
 * application grows), so per-request profiles are nested instead: `start()`
 * keeps the profiler running, and each request is a `console.profile(title)`
 * inside it (`begin()`/`end()`), which costs a fraction of a millisecond.
 * `restart()` replaces the running profile while a nested one keeps the
 * profiler up, so its samples do not pile up. Sessions are reused, never
 * disconnected (see `IDLE_SESSIONS`).
 */
export class CpuProfiler {
  readonly #inspector: Inspector;
  readonly #taken: ProfilerSession;
  readonly #interval: number;
  #recording = false;
  #closed = false;

  /**
   * @param samplingInterval microseconds between samples ({@link DEFAULT_SAMPLING_INTERVAL})
   * @throws PoorWSGIError `PW_ERR_PROFILE` for a bad interval, or when this Node has no inspector
   */
  constructor(samplingInterval: number = DEFAULT_SAMPLING_INTERVAL) {
    this.#interval = checkSamplingInterval(samplingInterval);
    this.#inspector = loadInspector();
    this.#taken = takeSession(this.#inspector);
  }

  /** Start recording. */
  async start(): Promise<void> {
    if (this.#closed) throw new Error('the profiler is closed');
    // refused while this session records anything, a nested profile of another profiler too
    // (`console.profile` reaches every session): the profile is then taken at the running interval
    await this.#post('Profiler.setSamplingInterval', { interval: this.#interval }).catch(ignore);
    await this.#post('Profiler.start');
    this.#recording = true;
  }

  /** Stop recording: the profile since `start()`. */
  stop(): Promise<CpuProfile> {
    this.#recording = false;
    return new Promise((resolve, reject) => {
      this.#taken.session.post('Profiler.stop', (err, result) => (err ? reject(err) : resolve(result.profile)));
    });
  }

  /** Drop the profile since `start()` and start another: quick while a nested profile keeps the profiler up. */
  async restart(): Promise<void> {
    await this.stop();
    await this.#post('Profiler.start');
    this.#recording = true;
  }

  /** Start a nested profile (after `start()`): `console.profile(title)` of the inspector. */
  begin(title: string): void {
    this.#inspector.console.profile(title);
  }

  /** End the nested profile `title`: what it recorded. */
  end(title: string): Promise<CpuProfile> {
    let profile: CpuProfile | undefined;
    this.#taken.finished.set(title, (finished) => {
      profile = finished;
    });
    // the session of this thread is told during the call (the inspector answers in-thread sessions at once)
    this.#inspector.console.profileEnd(title);
    this.#taken.finished.delete(title);
    return profile === undefined
      ? Promise.reject(new Error(`the inspector sent no profile for ${JSON.stringify(title)}`))
      : Promise.resolve(profile);
  }

  /** Stop recording (what was recorded is dropped) and give the session back for the next profiler. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#recording) this.#taken.session.post('Profiler.stop');
    this.#recording = false;
    IDLE_SESSIONS.push(this.#taken);
  }

  #post(method: string, params?: object): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#taken.session.post(method, params, (err: Error | null) => (err ? reject(err) : resolve()));
    });
  }
}

/**
 * Write a profile to a new file; an existing file is never replaced
 * (`wx`: nor followed if it is a symbolic link).
 * @param base the file name without its extension
 * @returns the file written: `{base}.cpuprofile`, or `{base}-1.cpuprofile`, ... when that one exists
 */
export async function writeProfile(base: string, profile: CpuProfile): Promise<string> {
  const json = JSON.stringify(profile);
  for (let n = 0; ; n++) {
    const file = `${base}${n === 0 ? '' : `-${n}`}.cpuprofile`;
    try {
      await writeFile(file, json, { flag: 'wx' });
      return file;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}
