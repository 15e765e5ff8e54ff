/**
 * `poorwsgi/profile`: CPU profiles through `node:inspector`, written as
 * `.cpuprofile` files that Chrome DevTools opens. Per-request profiling is
 * switched on with `app.setProfile(prefix)`; this subpath has its parts and
 * {@link profileStartup} for the start-up. See `docs/profiling.md`.
 * @module
 */
export {
  type CpuProfile,
  CpuProfiler,
  checkSamplingInterval,
  DEFAULT_SAMPLING_INTERVAL,
  writeProfile,
} from './cpu-profiler.ts';
export { MAX_METHOD_LENGTH, MAX_PATH_BYTES, profileStem, profileTime, targetPath } from './profile-name.ts';
export { profileStartup, type StartupProfileOptions } from './profile-startup.ts';
export { KEEP_WARM_MS, type ProfileOptions, profileTarget, RequestProfiler } from './request-profiler.ts';
