/**
 * `poorwsgi serve <app-file>`: serve an application on every core. The
 * file is loaded as `load-app.ts` says; `--workers N` processes (one per
 * core by default) share the port through `node:cluster`, and the primary
 * replaces a worker that dies (`src/server/cluster-primary.ts`); `--workers
 * 0` serves in this one process. SIGTERM and SIGINT stop accepting and let
 * the requests in flight finish (`src/server/serve-app.ts`).
 * @module
 */
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTrustProxy, type TrustProxy } from '../request/proxy-trust.ts';
import { EXIT_WORKER_FAILED, hostForUrl, runPrimary } from '../server/cluster-primary.ts';
import { SERVE_DEFAULTS, type ServeAppOptions, type ServingProcess, serveApp } from '../server/serve-app.ts';
import type { Command, CommandContext } from './commands.ts';
import { LoadError, loadApp } from './load-app.ts';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

const USAGE = `Usage: poorwsgi serve [options] <app-file>

Serve the Application of <app-file>: its default export, its \`app\` export,
or what its \`createApp()\` returns. .js and .mjs files load as they are;
.ts files where Node.js strips types (22.18 and later) or with tsx
installed in the project.

Options (environment variables in brackets):
  --host HOST              address to bind [HOST] (default ${SERVE_DEFAULTS.host})
  --port PORT              port, 0 for a free one [PORT] (default ${SERVE_DEFAULTS.port})
  --workers N              worker processes through node:cluster, a dead one
                           is replaced; 0 serves in this process [WORKERS]
                           (default: one per core)
  --trust-proxy VALUE      believe X-Forwarded-For/-Host/-Proto from these
                           proxies: a number of proxies, or a comma-separated
                           list of addresses and CIDR ranges (the application's
                           trustProxy option; default: none)
  --headers-timeout S      seconds for a request head to arrive (default ${SERVE_DEFAULTS.headersTimeout})
  --request-timeout S      seconds for a whole request to arrive, 0 for none
                           (default ${SERVE_DEFAULTS.requestTimeout})
  --keep-alive-timeout S   seconds an idle connection stays open (default ${SERVE_DEFAULTS.keepAliveTimeout})
  --send-timeout S         seconds a response waits for its client to read
                           (default ${SERVE_DEFAULTS.sendTimeout})
  --shutdown-timeout S     seconds requests in flight get at SIGTERM/SIGINT
                           before they are cut (default ${SERVE_DEFAULTS.shutdownTimeout})
  -h, --help               show this help

SIGTERM or SIGINT: stop accepting, finish the requests in flight, exit 0.`;

/** What the command line asks for. */
export interface ServeArgs extends ServeAppOptions {
  /** The application file. */
  readonly appFile: string;
  /** Worker processes; 0 serves in this process. */
  readonly workers: number;
  /** The application's `trustProxy`, when given. */
  readonly trustProxy: TrustProxy | undefined;
}

/** The options that take seconds, by flag. */
const SECONDS: Readonly<Record<string, keyof ServeAppOptions>> = {
  '--headers-timeout': 'headersTimeout',
  '--request-timeout': 'requestTimeout',
  '--keep-alive-timeout': 'keepAliveTimeout',
  '--send-timeout': 'sendTimeout',
  '--shutdown-timeout': 'shutdownTimeout',
};
const FLAGS = new Set(['--host', '--port', '--workers', '--trust-proxy', ...Object.keys(SECONDS)]);

/** A whole number from `min` to `max`, or `null`. */
function whole(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text)) return null;
  const value = Number(text);
  return value >= min && value <= max ? value : null;
}

/** A number of seconds >= 0, or `null`. */
function seconds(text: string): number | null {
  if (!/^\d+(?:\.\d+)?$/.test(text)) return null;
  return Number(text);
}

/** The `--trust-proxy` value as the option: `false`, a number of proxies, or a list. */
export function parseTrustProxy(text: string): TrustProxy | null {
  const value = text.trim();
  if (value === 'false' || value === '0') return false;
  if (/^\d+$/.test(value)) return checkTrustProxy(Number(value));
  return checkTrustProxy(value.split(',').map((entry) => entry.trim()));
}

/**
 * Read the command line and the environment (`HOST`, `PORT`, `WORKERS`; a
 * flag wins); a reason when they are wrong.
 */
export function parseServeArgs(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ServeArgs | { readonly error: string } {
  const given = new Map<string, string>();
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--') || arg === '--') {
      if (arg === '--') names.push(...args.slice(i + 1));
      else names.push(arg);
      if (arg === '--') break;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    if (!FLAGS.has(flag)) return { error: `unknown option ${JSON.stringify(flag)}` };
    const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined) return { error: `${flag} needs a value` };
    given.set(flag, value);
  }
  if (names.length !== 1) {
    return {
      error: names.length === 0 ? 'the application file is required' : `too many arguments: ${names.join(' ')}`,
    };
  }
  const pick = (flag: string, variable: string): [string, string] | undefined => {
    const value = given.get(flag) ?? env[variable];
    if (value === undefined || value === '') return undefined;
    return [value, given.has(flag) ? flag : `${variable} (environment)`];
  };
  const host = pick('--host', 'HOST')?.[0] ?? SERVE_DEFAULTS.host;
  let port = SERVE_DEFAULTS.port;
  const portText = pick('--port', 'PORT');
  if (portText !== undefined) {
    const value = whole(portText[0], 0, 65535);
    if (value === null)
      return { error: `${portText[1]} must be a port from 0 to 65535 (got ${JSON.stringify(portText[0])})` };
    port = value;
  }
  let workers = availableParallelism();
  const workersText = pick('--workers', 'WORKERS');
  if (workersText !== undefined) {
    const value = whole(workersText[0], 0, 1024);
    if (value === null)
      return {
        error: `${workersText[1]} must be a number of workers from 0 to 1024 (got ${JSON.stringify(workersText[0])})`,
      };
    workers = value;
  }
  let trustProxy: TrustProxy | undefined;
  const trustText = given.get('--trust-proxy');
  if (trustText !== undefined) {
    const value = parseTrustProxy(trustText);
    if (value === null) {
      return {
        error: `--trust-proxy must be a number of proxies or a list of addresses and CIDR ranges (got ${JSON.stringify(trustText)})`,
      };
    }
    trustProxy = value;
  }
  const timeouts: Record<string, number> = {};
  for (const [flag, name] of Object.entries(SECONDS)) {
    const text = given.get(flag);
    if (text === undefined) continue;
    const value = seconds(text);
    if (value === null) return { error: `${flag} must be a number of seconds >= 0 (got ${JSON.stringify(text)})` };
    timeouts[name] = value;
  }
  const options = { ...SERVE_DEFAULTS, ...timeouts, host, port };
  if (options.headersTimeout === 0) return { error: '--headers-timeout must be more than 0' };
  if (options.requestTimeout !== 0 && options.requestTimeout < options.headersTimeout) {
    return { error: '--request-timeout must be 0 or at least --headers-timeout' };
  }
  return { ...options, appFile: names[0] as string, workers, trustProxy };
}

/** The `poorwsgi` script of this installation, which the workers run. */
function commandScript(): string {
  const here = fileURLToPath(import.meta.url);
  return join(dirname(here), `bin${extname(here)}`);
}

/** Load and serve the application in this process until a signal stops it; the exit code. */
async function serveHere(parsed: ServeArgs, context: CommandContext, worker: boolean): Promise<number> {
  // listened for from the start: a signal while the application loads stops it as soon as it serves
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  let serving: ServingProcess;
  try {
    const app = await loadApp(parsed.appFile);
    if (parsed.trustProxy !== undefined) (app as unknown as { trustProxy: TrustProxy }).trustProxy = parsed.trustProxy;
    serving = await serveApp(app, parsed);
  } catch (error) {
    // the application's own failure with its stack trace; ours, and anything that is no Error, on one line
    let message = String(error);
    if (error instanceof LoadError) message = error.message;
    else if (error instanceof Error && error.stack !== undefined) message = error.stack;
    context.err(`poorwsgi serve: ${message}\n`);
    // a worker's IPC channel would keep it alive: it ends here, and the primary reads the code
    if (worker) process.exit(EXIT_WORKER_FAILED);
    return EXIT_FAILED;
  }
  if (!worker) {
    context.out(`Listening on http://${hostForUrl(parsed.host)}:${serving.port} (process ${process.pid})\n`);
  }
  const signal = await stopped;
  if (!worker)
    context.err(`poorwsgi serve: ${signal}: finishing the requests in flight (up to ${parsed.shutdownTimeout} s)\n`);
  const drained = await serving.shutdown();
  if (!drained)
    context.err(
      `poorwsgi serve: process ${process.pid}: requests still in flight after ${parsed.shutdownTimeout} s were cut\n`,
    );
  // timers or connections the application keeps would hold the event loop: served, the process ends here
  process.exit(EXIT_OK);
}

/** `poorwsgi serve`, for the command table. */
export const serveCommand: Command = {
  summary: 'serve an application, on every core (node:cluster)',
  usage: USAGE,
  async run(context: CommandContext): Promise<number> {
    const parsed = parseServeArgs(context.args);
    if ('error' in parsed) {
      context.err(`poorwsgi serve: ${parsed.error}\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    if (cluster.isWorker) return serveHere(parsed, context, true);
    if (parsed.workers === 0) return serveHere(parsed, context, false);
    return runPrimary({
      workers: parsed.workers,
      exec: commandScript(),
      args: ['serve', ...context.args],
      host: parsed.host,
      shutdownTimeout: parsed.shutdownTimeout,
      out: (line) => context.out(`${line}\n`),
      log: (line) => context.err(`poorwsgi serve: ${line}\n`),
    });
  },
};
