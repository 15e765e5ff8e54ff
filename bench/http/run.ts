/**
 * The HTTP benchmark runner (see docs/performance.md): preflights every
 * contender, then runs interleaved rounds in which each timed wrk run (pinned
 * to one CPU) loads a freshly started server (pinned to the other) after a
 * warm-up, prints the Markdown table and writes
 * it with the machine and versions to `bench/results/<date>.md`.
 *
 * Run it through `bash bench/http/run.sh` (installs wrk and the packages first).
 * @module
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildPoorwsgiJs } from './runner/build.ts';
import {
  type CaseName,
  COMPRESS_CASES,
  type Config,
  type Contender,
  GITHUB_CASES,
  readConfig,
  serves,
} from './runner/config.ts';
import { type MeasureOptions, measure } from './runner/measure.ts';
import { type CompressedSizes, preflight, preflightCompression } from './runner/preflight.ts';
import { preflightGithub } from './runner/preflight-github.ts';
import { environment, key, method, type Samples, tables } from './runner/report.ts';
import { peakRssMiB, type ServerProcess, startServer } from './runner/server-process.ts';
import { caseSpecs } from './runner/wrk.ts';

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
  const runs = config.contenders.length * config.cases.length * config.rounds;
  // a server start and preflight per contender, a start and a stop per timed run
  const estimate = runs * (config.warmup + config.duration + 1.5) + config.contenders.length * 2;
  console.log(
    `${config.contenders.length} contenders × ${config.cases.length} cases × ${config.rounds} rounds of ` +
      `${config.duration} s (+ ${config.warmup} s warm-up each, a fresh server each): about ${Math.ceil(estimate / 60)} min`,
  );

  let running: ServerProcess | undefined;
  process.once('SIGINT', () => {
    void (running?.stop() ?? Promise.resolve()).then(() => process.exit(130));
  });
  const bundle = config.contenders.includes('poorwsgi-js') ? buildPoorwsgiJs() : '';
  const peakRss = new Map<Contender, number>();
  let command = '';
  /**
   * Start a contender's server, run `work` against it, stop it; its peak RSS is kept.
   * With `compress`, the server is started for the compression cases (`BENCH_COMPRESS=1`);
   * with `github`, for the GitHub cases (`BENCH_GITHUB=1`).
   */
  const withServer = async <T>(
    name: Contender,
    work: (server: ServerProcess) => Promise<T>,
    compress = false,
    github = false,
  ): Promise<T> => {
    const script = name === 'poorwsgi-js' ? bundle : `servers/${name}.ts`;
    const port = config.port === 0 ? await freePort() : config.port + config.contenders.indexOf(name);
    const env: Record<string, string> = compress ? { BENCH_COMPRESS: '1' } : github ? { BENCH_GITHUB: '1' } : {};
    const server = await startServer(name, script, port, config.serverCpu, config.nodeFlags, config.nice, env);
    running = server;
    command ||= server.command;
    try {
      const result = await work(server);
      peakRss.set(name, Math.max(peakRss.get(name) ?? 0, peakRssMiB(server.pid)));
      return result;
    } finally {
      running = undefined;
      await server.stop();
    }
  };

  const isCompress = (caseName: CaseName) => COMPRESS_CASES.includes(caseName);
  const isGithub = (caseName: CaseName) => GITHUB_CASES.includes(caseName);
  const plainCases = config.cases.some((c) => !isCompress(c) && !isGithub(c));
  const compressCases = config.cases.filter(isCompress);
  const githubCases = config.cases.filter(isGithub);
  const sizes = new Map<Contender, CompressedSizes>();
  let failed = false;
  for (const name of config.contenders) {
    const problems = plainCases ? await withServer(name, (server) => preflight(server.url)) : [];
    if (compressCases.some((c) => serves(name, c))) {
      const checked = await withServer(name, (server) => preflightCompression(server.url), true);
      problems.push(...checked.problems);
      sizes.set(name, checked.sizes);
    }
    if (githubCases.some((c) => serves(name, c))) {
      problems.push(...(await withServer(name, (server) => preflightGithub(server.url), false, true)));
    }
    for (const problem of problems) console.error(`PREFLIGHT FAILED ${name}: ${problem}`);
    failed ||= problems.length > 0;
  }
  if (failed) throw new Error('Preflight failed: a server does not serve the cases right; nothing was timed');
  console.log(`preflight: ${config.contenders.length} servers serve every case right`);

  const options = (seconds: number, retries: number): MeasureOptions => ({
    wrk: { cpu: config.wrkCpu, nice: config.nice, threads: config.threads, connections: config.connections, seconds },
    serverCpu: config.serverCpu,
    maxOther: config.maxOther,
    retries,
  });
  const log = (line: string) => console.log(line);

  const samples: Samples = new Map();
  for (let round = 0; round < config.rounds; round++) {
    for (const caseName of config.cases) {
      for (const name of rotate(config.contenders, round)) {
        if (!serves(name, caseName)) continue;
        // A fresh server per timed run, loaded at once: a server left idle for
        // some seconds has V8's memory reducer shrink its heap, and then serves
        // a quarter slower for the rest of its life (docs/performance.md)
        const r = await withServer(
          name,
          async (server) => {
            if (config.warmup > 0) await measure(server, specs[caseName], options(config.warmup, 0), log);
            return measure(server, specs[caseName], options(config.duration, config.retries), log);
          },
          isCompress(caseName),
          isGithub(caseName),
        );
        const list = samples.get(key(caseName, name)) ?? [];
        list.push(r);
        samples.set(key(caseName, name), list);
        console.log(
          `round ${round + 1}/${config.rounds} ${caseName.padEnd(6)} ${name.padEnd(11)} ` +
            `${Math.round(r.rps).toString().padStart(6)} req/s  p50 ${r.p50.toFixed(2)} ms  ` +
            `p99 ${r.p99.toFixed(2)} ms  ${r.cpuPerRequest.toFixed(1)} µs CPU/req  ` +
            `server ${(r.serverShare * 100).toFixed(0)}%  other ${r.otherByCore.map((x) => (x * 100).toFixed(0)).join('/')}%`,
        );
      }
    }
  }
  let table = tables(samples, config, peakRss);
  if (sizes.size > 0) {
    // what each server's compression gave for the 100 KiB document (102,400 bytes)
    const rows = [...sizes].map(
      ([name, size]) =>
        `| ${name} | ${size.gzip.toLocaleString('en-US')} | ${(102_400 / size.gzip).toFixed(2)} | ` +
        `${size.br.toLocaleString('en-US')} | ${(102_400 / size.br).toFixed(2)} |`,
    );
    table += [
      '',
      '',
      'Compressed sizes of the 100 KiB (102,400-byte) JSON document:',
      '',
      '| contender | gzip bytes | gzip ratio | br bytes | br ratio |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...rows,
    ].join('\n');
  }
  const argv = process.argv.slice(2).join(' ');
  const text = [
    `# HTTP benchmark, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    ...environment(),
    `- command: \`bash bench/http/run.sh${argv ? ` ${argv}` : ''}\``,
    `- load average (1 min) before / after the run: ${loadBefore.toFixed(2)} / ${(loadavg()[0] as number).toFixed(2)}`,
    `- servers: ${command.replace(/\S+\.ts \d+$/, 'servers/<contender>.ts <port>')} (poorwsgi-js: the bundle of servers/poorwsgi.ts, see runner/build.ts)`,
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
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
