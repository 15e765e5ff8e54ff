/**
 * The results: medians of the rounds, ratios to raw, Markdown tables, and the
 * machine and versions they were measured with.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { CaseName, Config, Contender } from './config.ts';

/** One timed run of one contender on one case. */
export interface Sample {
  rps: number;
  p50: number;
  p99: number;
  /** Server CPU time (user + system) per request, in microseconds. */
  cpuPerRequest: number;
  /** Server CPU time over wall time: near 1 when the server is the bottleneck. */
  serverShare: number;
  /** The larger of {@link Sample.otherByCore}. */
  other: number;
  /** Busy time of the server's CPU not spent by the server, and of wrk's not spent by wrk, over wall time. */
  otherByCore: [server: number, wrk: number];
  /** wrk runs it took to get an undisturbed one (or the least disturbed). */
  attempts: number;
}

/** All the samples of a run, keyed by `case/contender`. */
export type Samples = Map<string, Sample[]>;

/** The key of a case and contender in {@link Samples}. */
export function key(caseName: CaseName, contender: Contender): string {
  return `${caseName}/${contender}`;
}

/** The median (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

interface Row {
  rps: number;
  ratio: number;
  p50: number;
  p99: number;
  cpu: number;
  /** (max - min) / median of the rounds' req/s. */
  spread: number;
  serverShare: number;
  /** The worst `other` of the rounds. */
  other: number;
}

/**
 * The median over the rounds of req/s over raw's req/s of the same round:
 * each contender is set against the raw run made minutes, not a quarter of an
 * hour, apart, so that the machine's slow drifts cancel out.
 */
export function pairedRatio(contender: readonly Sample[], raw: readonly Sample[]): number {
  const ratios: number[] = [];
  for (let round = 0; round < Math.min(contender.length, raw.length); round++) {
    ratios.push((contender[round] as Sample).rps / (raw[round] as Sample).rps);
  }
  return median(ratios);
}

function row(samples: Samples, caseName: CaseName, contender: Contender): Row | undefined {
  const list = samples.get(key(caseName, contender));
  if (list === undefined || list.length === 0) return undefined;
  const rates = list.map((s) => s.rps);
  const rps = median(rates);
  return {
    rps,
    ratio: pairedRatio(list, samples.get(key(caseName, 'raw')) ?? []),
    p50: median(list.map((s) => s.p50)),
    p99: median(list.map((s) => s.p99)),
    cpu: median(list.map((s) => s.cpuPerRequest)),
    spread: (Math.max(...rates) - Math.min(...rates)) / rps,
    serverShare: median(list.map((s) => s.serverShare)),
    other: Math.max(...list.map((s) => s.other)),
  };
}

const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const thousands = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');

/** The Markdown tables: ratios at a glance, then every measure. */
export function tables(samples: Samples, config: Config, peakRss: Map<Contender, number>): string {
  const lines: string[] = [];
  lines.push(`| contender | ${config.cases.join(' | ')} | peak RSS MiB |`);
  lines.push(`| --- | ${config.cases.map(() => '---:').join(' | ')} | ---: |`);
  for (const contender of config.contenders) {
    const cells = config.cases.map((c) => fixed(row(samples, c, contender)?.ratio ?? Number.NaN, 2));
    lines.push(`| ${contender} | ${cells.join(' | ')} | ${fixed(peakRss.get(contender) ?? Number.NaN, 0)} |`);
  }
  lines.push('');
  lines.push(
    '| case | contender | req/s | ratio to raw | p50 ms | p99 ms | CPU µs/req | spread | server CPU | other, worst |',
  );
  lines.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const caseName of config.cases) {
    for (const contender of config.contenders) {
      const r = row(samples, caseName, contender);
      if (r === undefined) continue;
      lines.push(
        `| ${caseName} | ${contender} | ${thousands(r.rps)} | ${fixed(r.ratio, 2)} | ${fixed(r.p50, 2)} | ` +
          `${fixed(r.p99, 2)} | ${fixed(r.cpu, 1)} | ${fixed(r.spread * 100, 1)}% | ` +
          `${fixed(r.serverShare * 100, 0)}% | ${fixed(r.other * 100, 0)}% |`,
      );
    }
  }
  return lines.join('\n');
}

function quiet(cmd: string, args: string[], cwd?: string): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', cwd, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '?';
  }
}

const HTTP_DIR = fileURLToPath(new URL('..', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

function version(packageJson: string): string {
  try {
    return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: string }).version ?? '?';
  } catch {
    return '?';
  }
}

/** The machine, the tools and the package versions, as Markdown list items. */
export function environment(): string[] {
  const cpu = cpus()[0]?.model ?? '?';
  const packages = ['fastify', '@fastify/compress', 'find-my-way', 'hono', '@hono/node-server', 'express'].map(
    (name) => `${name} ${version(`${HTTP_DIR}node_modules/${name}/package.json`)}`,
  );
  const commit = quiet('git', ['rev-parse', '--short', 'HEAD'], ROOT);
  const dirty =
    quiet('git', ['status', '--porcelain', '--', 'src'], ROOT) === '' ? '' : ' with uncommitted changes in src/';
  return [
    `- machine: ${quiet('nproc', [])} CPUs (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${quiet('uname', ['-r'])}`,
    `- Node ${process.version}; ${quiet('sh', ['-c', 'wrk --version 2>&1 | head -1']).split(' Copyright')[0]}; tsx ${version(`${ROOT}node_modules/tsx/package.json`)}`,
    `- poorwsgi ${version(`${ROOT}package.json`)} at ${commit}${dirty}`,
    `- ${packages.join(', ')}`,
  ];
}

/** The method in one paragraph, from the settings. */
export function method(config: Config): string {
  return (
    `Each server runs alone on CPU ${config.serverCpu} (\`taskset\`), wrk on CPU ${config.wrkCpu} ` +
    `(\`wrk -t${config.threads} -c${config.connections} -d${config.duration}s --latency\`). ` +
    `Every server was preflighted; then ${config.rounds} round(s), each running every case on every contender ` +
    `(order rotated per round), each timed run on a freshly started server after ${config.warmup} s of warm-up on the same case. ` +
    'req/s, p50/p99 and CPU µs/req ' +
    '(server utime + stime from `/proc/<pid>/stat` over the run, divided by requests) are the medians of the rounds; ' +
    'ratio is the median over the rounds of req/s over raw `node:http` on the same case in the same round; spread is (max - min) / median of the rounds. ' +
    `server CPU is the server's CPU time over wall time (near 100% when it is the bottleneck); other is the busy time of CPU ${config.serverCpu} ` +
    `not spent by the server or of CPU ${config.wrkCpu} not spent by wrk, whichever is more (other processes, hypervisor steal, ` +
    'interrupts), worst of the rounds; a timed run with more than ' +
    `${Math.round(config.maxOther * 100)}% other was redone (up to ${config.retries} times, the least disturbed kept).` +
    (config.nice === 0 ? '' : ` Servers and wrk ran under \`nice -n ${config.nice}\`.`)
  );
}
