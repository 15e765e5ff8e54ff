/**
 * Test helpers of `poorwsgi serve`: start the command as its own process
 * (through tsx, from the repository's sources), wait for what it says, and
 * the two-phase `/hold` request of `test/e2e/fixtures/serve-app.ts`.
 * @module
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The application of the serve tests. */
export const SERVE_FIXTURE = join(ROOT, 'test', 'e2e', 'fixtures', 'serve-app.ts');

/** A running `poorwsgi serve`. */
export class ServeProcess {
  readonly child: ChildProcess;
  /** Everything written on standard output and standard error so far. */
  out = '';
  err = '';
  /** The exit code (or signal) once it exited. */
  readonly exited: Promise<number | string>;
  readonly #waiters: Array<() => void> = [];

  constructor(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'bin.ts'), 'serve', ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '', TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      this.out += text;
      this.#wake();
    });
    this.child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      this.err += text;
      this.#wake();
    });
    this.exited = once(this.child, 'exit').then(([code, signal]) => {
      this.#wake();
      return (code as number | null) ?? (signal as string);
    });
  }

  #wake(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }

  /** Resolve with the match once `pattern` appears in the output (`out` or `err`); fail if the process exits first. */
  async waitFor(pattern: RegExp, stream: 'out' | 'err' = 'err'): Promise<RegExpExecArray> {
    for (;;) {
      const match = pattern.exec(this[stream]);
      if (match) return match;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        assert.fail(`exited before ${pattern}: stdout ${this.out}\nstderr ${this.err}`);
      }
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** The port of the start-up line. */
  async port(): Promise<number> {
    const match = await this.waitFor(/Listening on http:\/\/[^\s]+:(\d+)/, 'out');
    return Number(match[1]);
  }

  /** Stop it, if it still runs (after a failed test). */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** A port free now (for nginx, which cannot be given port 0, and a one-worker cluster, whose port 0 is picked again when its worker is replaced). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** How a `/hold` request ended. */
export interface HoldResult {
  /** The worker's pid, when its first line came. */
  readonly pid: number | null;
  /** True when the whole answer came (status 200, the pid, then `done`). */
  readonly ok: boolean;
  /** The error, when it failed. */
  readonly error?: string;
}

/**
 * POST `/hold` on a new connection: resolve `started` with the worker's pid
 * when its first line comes, wait for `release()`, then end the body and
 * read the rest.
 */
export function hold(
  port: number,
  release: () => Promise<void>,
  started: (pid: number) => void = () => {},
  path = '/hold',
  host = '127.0.0.1',
  tls = false,
): Promise<HoldResult> {
  return new Promise<HoldResult>((resolve) => {
    let pid: number | null = null;
    let settled = false;
    const finish = (result: HoldResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const options = {
      host,
      port,
      method: 'POST',
      path,
      agent: false,
      headers: { 'Content-Type': 'application/octet-stream', 'Transfer-Encoding': 'chunked' },
    } as const;
    // TLS only to a local nginx with a throw-away certificate
    const req = tls ? httpsRequest({ ...options, rejectUnauthorized: false }) : httpRequest(options);
    req.on('error', (error) =>
      finish({ pid, ok: false, error: (error as NodeJS.ErrnoException).code ?? error.message }),
    );
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const first = body === '';
        body += chunk;
        if (first && body.endsWith('\n')) {
          pid = Number.parseInt(body, 10);
          started(pid);
          release().then(
            () => req.end('y'),
            () => req.destroy(),
          );
        }
      });
      res.on('error', (error) =>
        finish({ pid, ok: false, error: (error as NodeJS.ErrnoException).code ?? error.message }),
      );
      res.on('aborted', () => finish({ pid, ok: false, error: 'aborted' }));
      res.on('end', () => finish({ pid, ok: res.statusCode === 200 && body === `${pid}\ndone\n`, error: body }));
    });
    req.write('x');
  });
}
