/**
 * The runner's settings: defaults, then `BENCH_*` environment variables,
 * then `--name=value` arguments.
 * @module
 */

/** A contender: one server file in `servers/` (`poorwsgi-js` is `poorwsgi.ts` compiled, see `build.ts`). */
export const CONTENDERS = ['raw', 'find-my-way', 'fastify', 'hono', 'express', 'poorwsgi', 'poorwsgi-js'] as const;

/** The timed cases, in table order: the four of every run, then the compression and the GitHub cases. */
export const CASES = ['hello', 'user', 'echo', 'static', 'gzip-json', 'br-json', 'github-last', 'github-404'] as const;

export type Contender = (typeof CONTENDERS)[number];
export type CaseName = (typeof CASES)[number];

/** The cases a run times unless `--cases` says otherwise. */
export const DEFAULT_CASES: readonly CaseName[] = ['hello', 'user', 'echo', 'static'];

/**
 * The compression cases: a fixed 100 KiB JSON document compressed on every
 * request (gzip, brotli), served with compression switched on
 * (`BENCH_COMPRESS=1`) by the contenders that have it: raw compressing by
 * hand with `node:zlib`, fastify with `@fastify/compress`, poorwsgi with its
 * `compression` option. The others are skipped in them.
 */
export const COMPRESS_CASES: readonly CaseName[] = ['gzip-json', 'br-json'];
const COMPRESSING: readonly Contender[] = ['raw', 'fastify', 'poorwsgi', 'poorwsgi-js'];

/**
 * The GitHub cases: the GitHub API route set of go-http-routing-benchmark
 * (203 routes) registered, served with `BENCH_GITHUB=1` by raw (routing it
 * by hand), find-my-way, fastify and poorwsgi; `github-last` requests its
 * last parametric route (`GET /user/keys/12345`), `github-404` a path under
 * the routes' shared `/repos/` prefix that none matches (every answer a 404).
 */
export const GITHUB_CASES: readonly CaseName[] = ['github-last', 'github-404'];
const ROUTING: readonly Contender[] = ['raw', 'find-my-way', 'fastify', 'poorwsgi', 'poorwsgi-js'];

/** Whether `contender` serves `caseName`. */
export function serves(contender: Contender, caseName: CaseName): boolean {
  if (GITHUB_CASES.includes(caseName)) return ROUTING.includes(contender);
  return !COMPRESS_CASES.includes(caseName) || COMPRESSING.includes(contender);
}

/** What `run.ts` does, all of it settable. */
export interface Config {
  /** Seconds of each timed wrk run. */
  duration: number;
  /** Seconds of the untimed wrk run before each timed run, on the same fresh server. */
  warmup: number;
  /** Timed rounds; each round runs every case on every contender, the order rotated. */
  rounds: number;
  /** wrk connections. */
  connections: number;
  /** wrk threads. */
  threads: number;
  /** The CPU the servers are pinned to (`taskset -c`). */
  serverCpu: number;
  /** The CPU wrk is pinned to. */
  wrkCpu: number;
  /** First port; contender i listens on `port + i`. 0: free ports picked by the system. */
  port: number;
  contenders: Contender[];
  cases: CaseName[];
  /** Extra Node flags for every server (split on spaces), after `--import tsx`. */
  nodeFlags: string[];
  /** Where the Markdown goes; `''` writes none. Default `bench/results/<date>.md`. */
  out: string | undefined;
  /**
   * A timed run in which other work took more than this share of the server's
   * CPU (other processes, hypervisor steal) is run again, up to {@link Config.retries} times.
   */
  maxOther: number;
  /** Extra attempts of a disturbed run; the least disturbed attempt is kept. */
  retries: number;
  /** `nice -n` for the servers and wrk (negative needs root); 0 runs them as they are. */
  nice: number;
}

const HELP = `Usage: bash bench/http/run.sh [--name=value ...]   (or BENCH_NAME=value)
  --duration=5      seconds per timed run          --warmup=2     seconds of warm-up before each timed run
  --rounds=3        interleaved timed rounds       --connections=50  --threads=1
  --server-cpu=0    --wrk-cpu=1                    --port=0       first port (0: free ports)
  --contenders=raw,fastify,...  (default: ${CONTENDERS.join(',')}; raw is always added)
  --cases=hello,user,echo,static   (also gzip-json,br-json: raw, fastify and poorwsgi only;
                    github-last,github-404: raw, find-my-way, fastify and poorwsgi only)
  --node-flags="--max-semi-space-size=16"          same extra flags for every server
  --out=FILE        results Markdown (default bench/results/<date>.md; --out= writes none)
  --max-other=10    % of the server's CPU taken by other work above which a run is redone
  --retries=3       extra attempts of a disturbed run (the least disturbed is kept)
  --nice=0          nice -n for servers and wrk, e.g. -10 on a busy shared machine (root)
  --quick           duration 1, warm-up 1, 1 round: a smoke run`;

function intOf(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new RangeError(`--${name} must be an integer >= ${min} (got '${value}')`);
  return n;
}

function listOf<T extends string>(name: string, value: string, allowed: readonly T[]): T[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) {
      throw new RangeError(`--${name}: unknown '${item}' (known: ${allowed.join(', ')})`);
    }
  }
  return items as T[];
}

/** Read the settings; prints the help and exits on `--help`. */
export function readConfig(argv: readonly string[], env: NodeJS.ProcessEnv): Config {
  const config: Config = {
    duration: 5,
    warmup: 2,
    rounds: 3,
    connections: 50,
    threads: 1,
    serverCpu: 0,
    wrkCpu: 1,
    port: 0,
    contenders: [...CONTENDERS],
    cases: [...DEFAULT_CASES],
    nodeFlags: [],
    out: undefined,
    maxOther: 0.1,
    retries: 3,
    nice: 0,
  };
  const given = new Map<string, string>();
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('BENCH_') && value !== undefined) {
      given.set(key.slice(6).toLowerCase().replaceAll('_', '-'), value);
    }
  }
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') {
      console.log(HELP);
      process.exit(0);
    }
    if (arg === '--quick') {
      given.set('duration', '1').set('warmup', '1').set('rounds', '1');
      continue;
    }
    const m = /^--([a-z-]+)=(.*)$/s.exec(arg);
    if (m === null) throw new RangeError(`Bad argument '${arg}'\n${HELP}`);
    given.set(m[1] as string, m[2] as string);
  }
  for (const [name, value] of given) {
    switch (name) {
      case 'duration':
        config.duration = intOf(name, value, 1);
        break;
      case 'warmup':
        config.warmup = intOf(name, value, 0);
        break;
      case 'rounds':
        config.rounds = intOf(name, value, 1);
        break;
      case 'connections':
        config.connections = intOf(name, value, 1);
        break;
      case 'threads':
        config.threads = intOf(name, value, 1);
        break;
      case 'server-cpu':
        config.serverCpu = intOf(name, value, 0);
        break;
      case 'wrk-cpu':
        config.wrkCpu = intOf(name, value, 0);
        break;
      case 'port':
        config.port = intOf(name, value, 0);
        break;
      case 'contenders':
        config.contenders = listOf(name, value, CONTENDERS);
        break;
      case 'cases':
        config.cases = listOf(name, value, CASES);
        break;
      case 'node-flags':
        config.nodeFlags = value.split(' ').filter(Boolean);
        break;
      case 'out':
        config.out = value;
        break;
      case 'max-other':
        config.maxOther = intOf(name, value, 0) / 100;
        break;
      case 'retries':
        config.retries = intOf(name, value, 0);
        break;
      case 'nice': {
        const n = Number(value);
        if (!Number.isInteger(n) || n < -20 || n > 19) throw new RangeError(`--nice must be -20..19 (got '${value}')`);
        config.nice = n;
        break;
      }
      default:
        throw new RangeError(`Unknown setting '${name}'\n${HELP}`);
    }
  }
  // every ratio is against raw from the same run
  if (!config.contenders.includes('raw')) config.contenders.unshift('raw');
  if (config.threads > config.connections) throw new RangeError('--threads must not exceed --connections');
  return config;
}
