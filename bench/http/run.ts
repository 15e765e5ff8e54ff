/**
 * The HTTP benchmark runner (see docs/performance.md): starts every contender
 * pinned to one CPU, preflights them, warms them up, runs interleaved timed
 * rounds of wrk pinned to the other CPU, prints the Markdown table and writes
 * it with the machine and versions to `bench/results/<date>.md`.
 *
 * Run it through `bash bench/http/run.sh` (installs wrk and the packages first).
 * @module
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { buildPoorwsgiJs } from './runner/build.ts';
import { type CaseName, type Config, type Contender, readConfig } from './runner/config.ts';
import { type MeasureOptions, measure } from './runner/measure.ts';
import { preflight } from './runner/preflight.ts';
import { environment, key, method, type Samples, tables } from './runner/report.ts';
import { peakRssMiB, type ServerProcess, startServer } from './runner/server-process.ts';
import { caseSpecs } from './runner/wrk.ts';

/** How long a resumed server gets to run its overdue timers before it is timed. */
const RESUME_SETTLE_MS = 200;

const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

function resultsFile(config: Config): string | undefined {
  if (config.out === '') return undefined;
  if (config.out !== undefined) return config.out;
  mkdirSync(RESULTS_DIR, { recursive: true });
  const date = new Date().toISOString().slice(0, 10);
  let file = `${RESULTS_DIR}${date}.md`;
  for (let n = 2; existsSync(file); n++) file = `${RESULTS_DIR}${date}-${n}.md`;
  return file;
}

/** A port nothing listens on now (another run of the benchmark may be using the usual ones). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function rotate<T>(list: readonly T[], by: number): T[] {
  const k = by % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

async function main(): Promise<void> {
  const config = readConfig(process.argv.slice(2), process.env);
  const specs = caseSpecs();
  // other work on the machine skews the numbers: the load before and after is recorded with them
  const loadBefore = loadavg()[0] as number;
  const runs = config.contenders.length * config.cases.length;
  const estimate = runs * (config.warmup + config.rounds * config.duration) + runs * (config.rounds + 1) * 0.3;
  console.log(
    `${config.contenders.length} contenders × ${config.cases.length} cases × ${config.rounds} rounds of ` +
      `${config.duration} s (+ ${config.warmup} s warm-up each): about ${Math.ceil(estimate / 60)} min`,
  );

  const servers: ServerProcess[] = [];
  const stopAll = () => Promise.all(servers.map((s) => s.stop()));
  process.once('SIGINT', () => {
    void stopAll().then(() => process.exit(130));
  });
  try {
    const bundle = config.contenders.includes('poorwsgi-js') ? buildPoorwsgiJs() : '';
    for (const [i, name] of config.contenders.entries()) {
      const script = name === 'poorwsgi-js' ? bundle : `servers/${name}.ts`;
      const port = config.port === 0 ? await freePort() : config.port + i;
      servers.push(await startServer(name, script, port, config.serverCpu, config.nodeFlags, config.nice));
    }
    let failed = false;
    for (const server of servers) {
      const problems = await preflight(server.url);
      for (const problem of problems) console.error(`PREFLIGHT FAILED ${server.name}: ${problem}`);
      failed ||= problems.length > 0;
    }
    if (failed) throw new Error('Preflight failed: a server does not serve the cases right; nothing was timed');
    console.log(`preflight: ${servers.length} servers serve every case right`);

    const options = (seconds: number, retries: number): MeasureOptions => ({
      wrk: { cpu: config.wrkCpu, nice: config.nice, threads: config.threads, connections: config.connections, seconds },
      serverCpu: config.serverCpu,
      maxOther: config.maxOther,
      retries,
    });
    const log = (line: string) => console.log(line);
    // one server runs at a time: the others wait frozen (see ServerProcess.pause)
    for (const server of servers) server.pause();
    const timed = async (server: ServerProcess, caseName: CaseName, seconds: number, retries: number) => {
      server.resume();
      await sleep(RESUME_SETTLE_MS);
      try {
        return await measure(server, specs[caseName], options(seconds, retries), log);
      } finally {
        server.pause();
      }
    };

    if (config.warmup > 0) {
      for (const server of servers) {
        for (const caseName of config.cases) await timed(server, caseName, config.warmup, 0);
      }
      console.log('warm-up done');
    }

    const samples: Samples = new Map();
    for (let round = 0; round < config.rounds; round++) {
      for (const caseName of config.cases) {
        for (const server of rotate(servers, round)) {
          const r = await timed(server, caseName, config.duration, config.retries);
          const list = samples.get(key(caseName, server.name)) ?? [];
          list.push(r);
          samples.set(key(caseName, server.name), list);
          console.log(
            `round ${round + 1}/${config.rounds} ${caseName.padEnd(6)} ${server.name.padEnd(11)} ` +
              `${Math.round(r.rps).toString().padStart(6)} req/s  p50 ${r.p50.toFixed(2)} ms  ` +
              `p99 ${r.p99.toFixed(2)} ms  ${r.cpuPerRequest.toFixed(1)} µs CPU/req  ` +
              `server ${(r.serverShare * 100).toFixed(0)}%  other ${r.otherByCore.map((x) => (x * 100).toFixed(0)).join('/')}%`,
          );
        }
      }
    }
    const peakRss = new Map<Contender, number>(servers.map((s) => [s.name, peakRssMiB(s.pid)]));
    const table = tables(samples, config, peakRss);
    const argv = process.argv.slice(2).join(' ');
    const text = [
      `# HTTP benchmark, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      '',
      ...environment(),
      `- command: \`bash bench/http/run.sh${argv ? ` ${argv}` : ''}\``,
      `- load average (1 min) before / after the run: ${loadBefore.toFixed(2)} / ${(loadavg()[0] as number).toFixed(2)}`,
      `- servers: ${servers[0]?.command.replace(/\S+\.ts \d+$/, 'servers/<contender>.ts <port>')} (poorwsgi-js: the bundle of servers/poorwsgi.ts, see runner/build.ts)`,
      '',
      method(config),
      '',
      table,
      '',
    ].join('\n');
    console.log(`\n${text}`);
    const file = resultsFile(config);
    if (file !== undefined) {
      writeFileSync(file, text);
      console.log(`written to ${file}`);
    }
  } finally {
    await stopAll();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
