/**
 * Run wrk pinned to one CPU and read its report.
 * @module
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPRESS_PATH, ECHO_BODY, GITHUB_LAST, GITHUB_MISS, STATIC_TARGET } from '../servers/shared.ts';
import type { CaseName } from './config.ts';
import { CLK_TCK, pinned } from './server-process.ts';

/** One wrk run, as reported. */
export interface WrkResult {
  requests: number;
  seconds: number;
  rps: number;
  /** Latency percentiles in milliseconds. */
  p50: number;
  p99: number;
  /** Responses that were not 2xx/3xx, and socket errors (connect, read, write, timeout). */
  non2xx: number;
  socketErrors: number;
  /** wrk's own CPU time (user + system), in microseconds. */
  cpuMicros: number;
}

/** The path, wrk Lua script and request headers of each case. */
export interface CaseSpec {
  path: string;
  script?: string;
  /** `Name: value` headers (wrk's `-H`). */
  headers?: readonly string[];
  /** Every answer is a 404 (the case times one); otherwise every answer must be 2xx. */
  notFound?: boolean;
}

/**
 * The requests of each case. The POST body is sent by a wrk Lua script,
 * written once to a temporary file (the body lives in `servers/shared.ts`).
 */
export function caseSpecs(): Record<CaseName, CaseSpec> {
  const dir = mkdtempSync(join(tmpdir(), 'poorwsgi-bench-'));
  // the run leaves nothing behind in the temporary directory, however it ends
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const script = join(dir, 'echo.lua');
  writeFileSync(
    script,
    ['wrk.method = "POST"', `wrk.body = [[${ECHO_BODY}]]`, 'wrk.headers["Content-Type"] = "application/json"', ''].join(
      '\n',
    ),
  );
  return {
    hello: { path: '/' },
    user: { path: '/user/12345' },
    echo: { path: '/echo', script },
    static: { path: STATIC_TARGET },
    'gzip-json': { path: COMPRESS_PATH, headers: ['Accept-Encoding: gzip'] },
    'br-json': { path: COMPRESS_PATH, headers: ['Accept-Encoding: br'] },
    'github-last': { path: GITHUB_LAST },
    'github-404': { path: GITHUB_MISS, notFound: true },
  };
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function millis(text: string | undefined): number {
  const m = /^([\d.]+)(us|ms|s|m|h)$/.exec(text ?? '');
  return m === null ? Number.NaN : Number(m[1]) * (UNIT_MS[m[2] as string] as number);
}

/** Read wrk's `--latency` report. @throws Error when a field is missing */
export function parseWrk(output: string): Omit<WrkResult, 'cpuMicros'> {
  const total = /(\d+) requests in ([\d.]+)(us|ms|s|m),/.exec(output);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const p50 = /^\s+50%\s+(\S+)\s*$/m.exec(output);
  const p99 = /^\s+99%\s+(\S+)\s*$/m.exec(output);
  if (total === null || rps === null || p50 === null || p99 === null) {
    throw new Error(`Cannot read the wrk report:\n${output}`);
  }
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  return {
    requests: Number(total[1]),
    seconds: millis(`${total[2]}${total[3]}`) / 1000,
    rps: Number(rps[1]),
    p50: millis(p50[1]),
    p99: millis(p99[1]),
    non2xx: non2xx === null ? 0 : Number(non2xx[1]),
    socketErrors: errors === null ? 0 : errors.slice(1).reduce((sum, n) => sum + Number(n), 0),
  };
}

/** Options of one wrk run. */
export interface WrkOptions {
  cpu: number;
  nice: number;
  threads: number;
  connections: number;
  seconds: number;
}

/** The wrk arguments: `-t<threads> -c<connections> -d<seconds>s --latency [-s script] [-H header ...] <url>`. */
export function wrkArgs(url: string, spec: CaseSpec, options: WrkOptions): string[] {
  const args = [`-t${options.threads}`, `-c${options.connections}`, `-d${options.seconds}s`, '--latency'];
  if (spec.script !== undefined) args.push('-s', spec.script);
  for (const header of spec.headers ?? []) args.push('-H', header);
  args.push(url + spec.path);
  return args;
}

// wrk runs under a shell that prints its own /proc stat once wrk is reaped: the
// children's CPU time in it is wrk's, which the other-work measure needs
const WITH_CPU = 'wrk "$@"; status=$?; echo; echo "STAT $(cat /proc/$$/stat)"; exit $status';

/** The CPU time of the shell's reaped children (wrk), from the STAT line, in microseconds. */
function childCpuMicros(output: string): number {
  const line = /^STAT (.*)$/m.exec(output)?.[1] ?? '';
  const fields = line.slice(line.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1e6) / CLK_TCK;
}

/** Run wrk once and read its report. */
export function runWrk(url: string, spec: CaseSpec, options: WrkOptions): Promise<WrkResult> {
  const [file, args] = pinned(options.cpu, options.nice, ['sh', '-c', WITH_CPU, 'wrk', ...wrkArgs(url, spec, options)]);
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: (options.seconds + 30) * 1000 }, (err, stdout, stderr) => {
      if (err !== null) {
        reject(new Error(`wrk failed: ${err.message}\n${stdout}${stderr}`));
        return;
      }
      try {
        resolve({ ...parseWrk(stdout), cpuMicros: childCpuMicros(stdout) });
      } catch (parseError) {
        reject(parseError);
      }
    });
  });
}
