/**
 * A small micro-benchmark harness: each case runs in batches timed with
 * `process.hrtime.bigint()`; a warm-up, a calibration of the batch size, then
 * several samples, of which the median is reported as ns/op and ops/s.
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
}

// Every result lands here, so the engine cannot drop a call as unused.
let sink: unknown;

/** The last value a case returned (read it to keep the benchmark honest). */
export function lastValue(): unknown {
  return sink;
}

async function batch(c: BenchCase, n: number): Promise<bigint> {
  const fn = c.fn;
  const start = process.hrtime.bigint();
  if (c.async) {
    for (let i = 0; i < n; i++) sink = await fn();
  } else {
    for (let i = 0; i < n; i++) sink = fn();
  }
  return process.hrtime.bigint() - start;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Measure one case. */
export async function measure(c: BenchCase, options: HarnessOptions): Promise<BenchResult> {
  const warmupNs = BigInt(Math.round(options.warmupMs * 1e6));
  let n = 1;
  let spent = 0n;
  // warm up and grow the batch until it lasts long enough to time well
  while (spent < warmupNs) {
    const t = await batch(c, n);
    spent += t;
    if (t < 1_000_000n) n *= 2;
  }
  const sampleNs = options.sampleMs * 1e6;
  const probe = Number(await batch(c, n)) / n;
  const size = Math.max(1, Math.round(sampleNs / Math.max(probe, 1)));
  const perOp: number[] = [];
  for (let s = 0; s < options.samples; s++) perOp.push(Number(await batch(c, size)) / size);
  const ns = median(perOp);
  return {
    group: c.group,
    name: c.name,
    nsPerOp: ns,
    opsPerSec: 1e9 / ns,
    spread: (Math.max(...perOp) - Math.min(...perOp)) / ns,
    batch: size,
  };
}

/** The results as a Markdown table. */
export function markdown(results: readonly BenchResult[]): string {
  const lines = ['| group | case | ops/s | ns/op | spread |', '| --- | --- | ---: | ---: | ---: |'];
  for (const r of results) {
    const ops = Math.round(r.opsPerSec).toLocaleString('en-US');
    const ns = r.nsPerOp < 100 ? r.nsPerOp.toFixed(1) : Math.round(r.nsPerOp).toLocaleString('en-US');
    lines.push(`| ${r.group} | ${r.name} | ${ops} | ${ns} | ${(r.spread * 100).toFixed(1)}% |`);
  }
  return lines.join('\n');
}
