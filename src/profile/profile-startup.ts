/**
 * Profiling an application's start-up: what PoorWSGI's documentation does
 * with `cProfile.runctx('from simple import *', ..., filename="log/init.profile")`.
 * @module
 */
import { CpuProfiler, writeProfile } from './cpu-profiler.ts';

/** Options of {@link profileStartup}. */
export interface StartupProfileOptions {
  /** Microseconds between two samples. @default 100 */
  samplingInterval?: number;
}

/**
 * Run `load` (typically `() => import('./app.ts')`) under the CPU profiler
 * and write what it did to `file`, a `.cpuprofile` (the extension is added
 * when missing; an existing file is never replaced: `-1`, `-2`, ... are
 * added to the name instead). The profile is written when `load` fails
 * too, and its error is thrown after.
 * @returns what `load` returns
 * @throws PoorWSGIError `PW_ERR_PROFILE` for a bad interval or a Node without `node:inspector`
 * @example
 * const { app } = await profileStartup('log/init', () => import('./simple.ts'));
 * app.setProfile('log/req');
 * await app.listen({ port: 8080 });
 */
export async function profileStartup<T>(
  file: string,
  load: () => T | Promise<T>,
  options: StartupProfileOptions = {},
): Promise<T> {
  const cpu = new CpuProfiler(options.samplingInterval);
  try {
    await cpu.start();
    let result: T;
    try {
      result = await load();
    } finally {
      await writeProfile(file.endsWith('.cpuprofile') ? file.slice(0, -'.cpuprofile'.length) : file, await cpu.stop());
    }
    return result;
  } finally {
    cpu.close();
  }
}
