/**
 * The primary process of `poorwsgi serve --workers N`: it forks the workers
 * with `node:cluster` (each one loads the application and listens; Node
 * shares the listening socket among them), replaces a worker that dies
 * (after a back-off when they die quickly in a row, see
 * `restart-backoff.ts`), and on SIGTERM or SIGINT passes SIGTERM on to every
 * worker, which finishes its requests in flight and exits (see
 * `serve-app.ts`); workers still alive past the shutdown timeout and a
 * margin are killed. It never loads the application itself.
 * @module
 */
import cluster, { type Worker } from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { type BackoffOptions, RestartBackoff } from './restart-backoff.ts';

/** Seconds past the workers' own shutdown timeout before the primary kills them. */
const KILL_MARGIN_SECONDS = 5;

/** Exit code of a worker that could not load its application or listen: nothing to retry. */
export const EXIT_WORKER_FAILED = 78;

/** The options of {@link runPrimary}. */
export interface PrimaryOptions {
  /** How many workers. */
  readonly workers: number;
  /** The script the workers run (the `poorwsgi` command) and its arguments. */
  readonly exec: string;
  /** The arguments of the workers' script. */
  readonly args: readonly string[];
  /** The address the workers bind, for the start-up line. */
  readonly host: string;
  /** Seconds the workers are given to finish at shutdown. */
  readonly shutdownTimeout: number;
  /** The restart back-off. */
  readonly backoff?: BackoffOptions;
  /** Where the start-up line goes (standard output). */
  readonly out: (line: string) => void;
  /** Where the workers' comings and goings go (standard error). */
  readonly log: (line: string) => void;
  /** Signals that stop the cluster. @default ['SIGTERM', 'SIGINT'] */
  readonly signals?: readonly NodeJS.Signals[];
}

/**
 * Run the cluster until a signal stops it; resolves with the exit code: 0
 * when every worker finished in time, 1 when one had to be killed or when
 * the workers cannot start at all (the application failed to load or to
 * listen before any worker ever did).
 */
export function runPrimary(options: PrimaryOptions): Promise<number> {
  cluster.setupPrimary({ exec: options.exec, args: [...options.args] });
  const backoff = new RestartBackoff(options.backoff);
  const started = new Map<Worker, number>();
  const listening = new Set<Worker>();
  const pending = new Set<NodeJS.Timeout>();
  let everListened = false;
  let stopping = false;
  let exitCode = 0;
  const fork = () => started.set(cluster.fork(), performance.now());

  return new Promise<number>((resolve) => {
    const done = () => {
      if (started.size > 0) return;
      for (const signal of signals) process.off(signal, stop);
      cluster.off('listening', onListening);
      cluster.off('exit', onExit);
      resolve(exitCode);
    };
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      options.log(
        `${signal}: stopping ${started.size} worker(s), up to ${options.shutdownTimeout} s for requests in flight`,
      );
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
      for (const worker of started.keys()) worker.process.kill('SIGTERM');
      const kill = setTimeout(
        () => {
          for (const worker of started.keys()) {
            options.log(`worker ${worker.process.pid} did not stop in time: killed`);
            exitCode = 1;
            worker.process.kill('SIGKILL');
          }
        },
        (options.shutdownTimeout + KILL_MARGIN_SECONDS) * 1000,
      );
      kill.unref();
      done();
    };
    const onListening = (worker: Worker, address: AddressInfo) => {
      if (listening.has(worker)) return;
      listening.add(worker);
      if (everListened) {
        options.log(`worker ${worker.process.pid} started`);
      } else if (listening.size === options.workers) {
        everListened = true;
        options.out(
          `Listening on http://${hostForUrl(options.host)}:${address.port} with ${options.workers} workers (primary ${process.pid})`,
        );
      }
    };
    const onExit = (worker: Worker, code: number | null, signal: string | null) => {
      const since = started.get(worker);
      if (since === undefined) return;
      started.delete(worker);
      const listened = listening.delete(worker);
      const how = signal === null ? `with code ${code}` : `on ${signal}`;
      if (stopping) {
        if (code !== 0 || signal !== null) exitCode = 1;
        done();
        return;
      }
      if (!everListened && !listened) {
        // the application does not load or cannot listen: retrying would fail the same way
        options.log(`worker ${worker.process.pid} exited ${how} before serving: giving up`);
        exitCode = 1;
        stopping = true;
        for (const other of started.keys()) other.process.kill('SIGTERM');
        done();
        return;
      }
      const wait = code === EXIT_WORKER_FAILED ? backoff.next(0) : backoff.next(performance.now() - since);
      options.log(`worker ${worker.process.pid} exited ${how}: restarting in ${wait} ms`);
      const timer = setTimeout(() => {
        pending.delete(timer);
        fork();
      }, wait);
      pending.add(timer);
    };
    const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
    for (const signal of signals) process.on(signal, stop);
    cluster.on('listening', onListening);
    cluster.on('exit', onExit);
    for (let i = 0; i < options.workers; i++) fork();
  });
}

/** A host as it goes in a URL: an IPv6 address in brackets. */
export function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
