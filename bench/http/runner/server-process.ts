/**
 * Start a contender's server pinned to one CPU, wait for its READY line,
 * read its CPU time from `/proc`, stop it.
 * @module
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Contender } from './config.ts';

const HTTP_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Clock ticks per second of `/proc` times. */
export const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** A running server. */
export interface ServerProcess {
  readonly name: Contender;
  readonly port: number;
  readonly pid: number;
  /** The base URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The command line it was started with (for the results). */
  readonly command: string;
  stop(): Promise<void>;
}

/**
 * The command that runs `argv` pinned to `cpu`, under `nice -n <nice>` when
 * `nice` is not 0 (both exec, so the pid is the program's own).
 */
export function pinned(cpu: number, nice: number, argv: readonly string[]): [string, string[]] {
  const taskset = ['taskset', '-c', String(cpu), ...argv];
  return nice === 0 ? ['taskset', taskset.slice(1)] : ['nice', ['-n', String(nice), ...taskset]];
}

/**
 * The server's CPU time so far (user + system, every thread), in
 * microseconds. `taskset` execs node, so the pid is node's own.
 */
export function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the command name (field 2) is in parentheses and may hold spaces
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1e6) / CLK_TCK;
}

/** Peak resident memory of the process in MiB (`VmHWM`), or NaN when unknown. */
export function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmHWM:\s+(\d+) kB/m.exec(status);
  return m === null ? Number.NaN : Number(m[1]) / 1024;
}

/**
 * Start a server as `taskset -c <cpu> node --import tsx [flags] <script> <port>`
 * from `bench/http/` (`script` is `servers/<name>.ts`, or the bundle of
 * `poorwsgi-js`), and resolve once it prints its READY line.
 * @throws Error when the server exits or stays silent for 20 s
 */
export function startServer(
  name: Contender,
  script: string,
  port: number,
  cpu: number,
  nodeFlags: string[],
  nice = 0,
  env: Readonly<Record<string, string>> = {},
): Promise<ServerProcess> {
  const node = [process.execPath, '--import', 'tsx', ...nodeFlags, script, String(port)];
  const [file, args] = pinned(cpu, nice, node);
  const child: ChildProcess = spawn(file, args, {
    cwd: HTTP_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production', ...env },
  });
  let output = '';
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
  });
  return new Promise<ServerProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not print READY within 20 s; output:\n${output}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!output.includes('READY ')) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve({
        name,
        port,
        pid: child.pid as number,
        url: `http://127.0.0.1:${port}`,
        command: [file, ...args].join(' ').replace(process.execPath, 'node'),
        stop: async () => {
          if (!exited) child.kill('SIGTERM');
          await exit;
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before it was ready; output:\n${output}`));
    });
  });
}

/** True while the process exists (a server that died mid-run must stop the run). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
