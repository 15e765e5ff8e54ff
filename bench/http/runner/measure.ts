/**
 * One timed wrk run against one server, with the server's CPU time and how
 * much of its core went to other work; a disturbed run is redone.
 * @module
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { coreBusyMicros } from './machine-cpu.ts';
import type { Sample } from './report.ts';
import { cpuMicros, isAlive, type ServerProcess } from './server-process.ts';
import { type CaseSpec, runWrk, type WrkOptions } from './wrk.ts';

/** How to judge a run. */
export interface MeasureOptions {
  wrk: WrkOptions;
  /** The CPU the server is pinned to. */
  serverCpu: number;
  /** Redo a run when other work took more than this share of the server's CPU. */
  maxOther: number;
  /** Extra attempts of a disturbed run. */
  retries: number;
}

/**
 * Run wrk once. `serverShare` is the server's CPU time over the wall time (near 1 when
 * the server is the bottleneck, as it should be); `other` is the busy time of
 * the server's core not spent by the server, or of wrk's core not spent by wrk,
 * whichever is more, over the wall time (other processes, steal, interrupts).
 * @throws Error when the server died, or answered anything but 2xx (but 404
 * in a `notFound` case), or a socket failed
 */
export async function measureOnce(server: ServerProcess, spec: CaseSpec, options: MeasureOptions): Promise<Sample> {
  if (!isAlive(server.pid)) throw new Error(`${server.name} died`);
  const cpuBefore = cpuMicros(server.pid);
  const coreBefore = coreBusyMicros(options.serverCpu);
  const wrkCoreBefore = coreBusyMicros(options.wrk.cpu);
  const start = process.hrtime.bigint();
  const result = await runWrk(server.url, spec, options.wrk);
  const wall = Number(process.hrtime.bigint() - start) / 1000;
  const cpu = cpuMicros(server.pid) - cpuBefore;
  const core = coreBusyMicros(options.serverCpu) - coreBefore;
  const wrkCore = coreBusyMicros(options.wrk.cpu) - wrkCoreBefore;
  // a 404 case: wrk counts its answers as non-2xx, all of them
  const expectedNon2xx = spec.notFound === true ? result.requests : 0;
  if (result.non2xx !== expectedNon2xx || result.socketErrors > 0) {
    throw new Error(
      `${server.name} ${spec.path}: ${result.non2xx} non-2xx responses of ${result.requests} ` +
        `(expected ${expectedNon2xx}), ${result.socketErrors} socket errors`,
    );
  }
  await sleep(300); // let the closed connections settle before the next run
  return {
    rps: result.rps,
    p50: result.p50,
    p99: result.p99,
    cpuPerRequest: cpu / result.requests,
    serverShare: cpu / wall,
    // the worse of the two cores: work on wrk's core slows the load as surely as work on the server's
    other: Math.max(core - cpu, wrkCore - result.cpuMicros, 0) / wall,
    otherByCore: [Math.max(0, core - cpu) / wall, Math.max(0, wrkCore - result.cpuMicros) / wall],
    attempts: 1,
  };
}

/**
 * Run wrk until a run is undisturbed (`other <= maxOther`) or the retries are
 * spent; the least disturbed attempt is returned, its `attempts` counted.
 */
export async function measure(
  server: ServerProcess,
  spec: CaseSpec,
  options: MeasureOptions,
  log: (line: string) => void,
): Promise<Sample> {
  let best: Sample | undefined;
  for (let attempt = 1; attempt <= options.retries + 1; attempt++) {
    const sample = await measureOnce(server, spec, options);
    if (best === undefined || sample.other < best.other) best = sample;
    best.attempts = attempt;
    if (sample.other <= options.maxOther) break;
    if (options.retries === 0) break;
    const [onServer, onWrk] = sample.otherByCore.map((x) => `${(x * 100).toFixed(0)}%`);
    log(
      `  ${server.name} ${spec.path}: other work took ${onServer} of CPU ${options.serverCpu} (server), ` +
        `${onWrk} of CPU ${options.wrk.cpu} (wrk)` +
        (attempt <= options.retries ? ', again' : ', keeping the least disturbed attempt'),
    );
  }
  return best as Sample;
}
