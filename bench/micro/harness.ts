/**
 * A small micro-benchmark harness: each case runs in batches timed with
 * `process.hrtime.bigint()`; a warm-up, a calibration of the batch size (one
 * batch lasts a sample), then several samples, of which the median is
 * reported as ns/op and ops/s. A sample during which the process got less
 * than 90% of a CPU (`process.cpuUsage()`) was preempted and is taken again.
 * @module
 */

/** One named case: `fn` is called once per operation (awaited when `async`). */
export interface BenchCase {
  /** The group: `router`, `headers`, `query`, ... */
  readonly group: string;
  readonly name: string;
  readonly fn: () => unknown;
  /** Await each call (a Promise-returning `fn`). */
  readonly async?: boolean;
}

/** The settings of a run. */
export interface HarnessOptions {
  /** Milliseconds of untimed calls before calibration. */
  warmupMs: number;
  /** Target milliseconds of one sample. */
  sampleMs: number;
  /** Samples per case. */
  samples: number;
}

/** What one case measured. */
export interface BenchResult {
  readonly group: string;
  readonly name: string;
  /** Median nanoseconds per operation over the samples. */
  readonly nsPerOp: number;
  /** 1e9 / nsPerOp. */
  readonly opsPerSec: number;
  /** (max - min) / median of the samples' ns/op. */
  readonly spread: number;
  /** Operations per sample. */
  readonly batch: number;
  /** Samples taken again because other work preempted the process. */
  readonly dropped: number;
}

// Every result lands here, so the engine cannot drop a call as unused.
let sink: unknown;

/** The last value a case returned (read it to keep the benchmark honest). */
export function lastValue(): unknown {
  return sink;
}

/** Wall and CPU nanoseconds of `n` calls. */
interface Timing {
  wall: number;
  cpu: number;
}

async function batch(c: BenchCase, n: number): Promise<Timing> {
  const fn = c.fn;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  if (c.async) {
    for (let i = 0; i < n; i++) sink = await fn();
  } else {
    for (let i = 0; i < n; i++) sink = fn();
  }
  const wall = Number(process.hrtime.bigint() - start);
  const cpu = process.cpuUsage(cpuStart);
  return { wall, cpu: (cpu.user + cpu.system) * 1000 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * A sample in which the process had the CPU for less than this share of the
 * wall time was preempted by other work on the machine: it is taken again.
 */
const MIN_CPU_SHARE = 0.9;

/** Measure one case. */
export async function measure(c: BenchCase, options: HarnessOptions): Promise<BenchResult> {
  const warmupNs = options.warmupMs * 1e6;
  const sampleNs = options.sampleMs * 1e6;
  let n = 1;
  let spent = 0;
  // warm up, growing the batch while it is short
  while (spent < warmupNs) {
    const t = await batch(c, n);
    spent += t.wall;
    if (t.wall < 1e6) n *= 2;
  }
  // grow the batch until one lasts a whole sample (calls only get faster as the JIT works)
  for (;;) {
    const t = await batch(c, n);
    if (t.wall >= sampleNs * 0.8) break;
    n = Math.ceil(n * Math.min(10, (sampleNs * 1.1) / Math.max(t.wall, 1)));
  }
  const perOp: number[] = [];
  let dropped = 0;
  while (perOp.length < options.samples) {
    const t = await batch(c, n);
    if (t.cpu < t.wall * MIN_CPU_SHARE && dropped < options.samples * 3) {
      dropped++;
      continue;
    }
    perOp.push(t.wall / n);
  }
  const ns = median(perOp);
  return {
    group: c.group,
    name: c.name,
    nsPerOp: ns,
    opsPerSec: 1e9 / ns,
    spread: (Math.max(...perOp) - Math.min(...perOp)) / ns,
    batch: n,
    dropped,
  };
}

/** The results as a Markdown table. */
export function markdown(results: readonly BenchResult[]): string {
  const lines = ['| group | case | ops/s | ns/op | spread | retaken |', '| --- | --- | ---: | ---: | ---: | ---: |'];
  for (const r of results) {
    const ops = Math.round(r.opsPerSec).toLocaleString('en-US');
    const ns = r.nsPerOp < 100 ? r.nsPerOp.toFixed(1) : Math.round(r.nsPerOp).toLocaleString('en-US');
    lines.push(`| ${r.group} | ${r.name} | ${ops} | ${ns} | ${(r.spread * 100).toFixed(1)}% | ${r.dropped} |`);
  }
  return lines.join('\n');
}
