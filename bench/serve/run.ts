/**
 * `poorwsgi serve --workers 2` against one process (`--workers 0`): wrk
 * loads each in turn, in interleaved rounds (the order rotates every round,
 * so a machine that gets busier favours neither), on a freshly started
 * server after a warm-up; the table gives each round's requests per second
 * and the ratio of the medians. Run: `bash bench/serve/run.sh [--rounds N]
 * [--seconds S] [--connections C] [--threads T] [--path /json]`.
 *
 * Nothing is pinned to a CPU: the point is what the workers gain on the
 * machine's cores, and wrk shares them. On a machine with two cores the
 * two workers, the primary and wrk compete for them, so the ratio says
 * little more than "no loss"; it grows with free cores.
 * @module
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const APP = join(ROOT, 'bench', 'serve', 'app.ts');
const run = promisify(execFile);

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '64' },
    threads: { type: 'string', default: '2' },
    path: { type: 'string', default: '/' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('bash bench/serve/run.sh [--rounds 5] [--seconds 5] [--connections 64] [--threads 2] [--path /]');
  process.exit(0);
}

/** The modes compared, as `--workers` values. */
const MODES: ReadonlyArray<readonly [name: string, workers: string]> = [
  ['one process', '0'],
  ['--workers 2', '2'],
];

/** A port free now. */
async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}

/** Requests per second of one wrk run. */
async function wrk(port: number, seconds: string): Promise<number> {
  const { stdout } = await run('wrk', [
    `-t${values.threads}`,
    `-c${values.connections}`,
    `-d${seconds}s`,
    `http://127.0.0.1:${port}${values.path}`,
  ]);
  const match = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  if (!match) throw new Error(`wrk said: ${stdout}`);
  if (/Non-2xx|Socket errors/.test(stdout)) console.error(`wrk reported errors:\n${stdout}`);
  return Number(match[1]);
}

/** Start `poorwsgi serve` with `workers`, load it, stop it: its requests per second. */
async function measure(workers: string): Promise<number> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src', 'cli', 'bin.ts'), 'serve', APP, '--port', String(port), '--workers', workers],
    { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.setEncoding('utf8');
  for await (const chunk of child.stdout) {
    out += chunk;
    if (out.includes('Listening on')) break;
  }
  try {
    await wrk(port, '1');
    return await wrk(port, values.seconds);
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

function median(list: readonly number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const rounds = Number(values.rounds);
const samples = new Map<string, number[]>(MODES.map(([name]) => [name, []]));
console.log(
  `poorwsgi serve, GET ${values.path}: ${rounds} rounds of ${values.seconds} s, wrk -t${values.threads} -c${values.connections}, ` +
    `${availableParallelism()} CPUs, load ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}, Node.js ${process.version}`,
);
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? MODES : [...MODES].reverse();
  for (const [name, workers] of order) {
    const rate = await measure(workers);
    samples.get(name)?.push(rate);
    console.log(`round ${round + 1}: ${name.padEnd(12)} ${rate.toFixed(0).padStart(8)} req/s`);
  }
}
const one = median(samples.get('one process') ?? []);
const two = median(samples.get('--workers 2') ?? []);
console.log('');
console.log('| mode | median req/s | rounds |');
console.log('| --- | ---: | --- |');
for (const [name] of MODES) {
  const list = samples.get(name) ?? [];
  console.log(`| ${name} | ${median(list).toFixed(0)} | ${list.map((n) => n.toFixed(0)).join(', ')} |`);
}
console.log('');
console.log(`ratio --workers 2 / one process: ${(two / one).toFixed(2)}`);
