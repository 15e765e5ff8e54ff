/**
 * Test helper: a real `redis-server` (Debian's package) on loopback, with no
 * persistence, in a temporary directory that is removed when it stops.
 *
 * Redis has no `--port 0`, so a free port is found by binding port 0 with
 * `node:net` and closing it; the server is ready when it answers `PING`
 * on its socket (polled, never a fixed sleep).
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** How long a starting server may take to answer `PING` before the helper gives up. */
const READY_WITHIN_MS = 10_000;

/** A free TCP port on 127.0.0.1 (free when this returns; nothing holds it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}

/** Send `PING` on a new connection: whether `+PONG` came back. */
export function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: string) => {
      answer += chunk;
      if (answer.includes('\r\n')) socket.end();
    });
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(answer.startsWith('+PONG')));
  });
}

/** A running `redis-server`: where it listens, and how to stop, pause and restart it. */
export class RedisServer {
  readonly port: number;
  readonly url: string;
  readonly #dir: string;
  #process: ChildProcess | undefined;
  /** What the server printed, for a failure message. */
  #output = '';

  private constructor(port: number, dir: string) {
    this.port = port;
    this.url = `redis://127.0.0.1:${port}`;
    this.#dir = dir;
  }

  /** Start a server on a free port and wait until it answers `PING`. */
  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), mkdtempSync(join(tmpdir(), 'poorwsgi-redis-')));
    try {
      await server.restart();
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  /** Whether the server process is running. */
  get running(): boolean {
    return this.#process !== undefined;
  }

  /** Start the server again on the same port (after `kill()`); resolves once it answers `PING`. */
  async restart(): Promise<void> {
    if (this.#process !== undefined) throw new Error('redis-server is already running');
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.#dir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.#process = child;
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.#output += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.#output += chunk));
    let exited = false;
    child.on('exit', () => {
      exited = true;
    });
    const spawned = once(child, 'spawn').then(
      () => true,
      () => false,
    );
    if (!(await spawned)) {
      this.#process = undefined;
      throw new Error('redis-server could not be started: is the Debian package redis-server installed?');
    }
    const deadline = Date.now() + READY_WITHIN_MS;
    while (!(await ping(this.port))) {
      if (exited || Date.now() > deadline) {
        await this.kill();
        throw new Error(`redis-server on port ${this.port} did not answer PING:\n${this.#output}`);
      }
      // polling interval only: readiness is decided by the PING answer
      await delay(10);
    }
  }

  /** Stop the server (SIGTERM) and wait for the process to exit; the port is free afterwards. */
  async kill(): Promise<void> {
    const child = this.#process;
    if (child === undefined) return;
    this.#process = undefined;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      // a paused server cannot handle SIGTERM until it runs again
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      await exited;
    }
  }

  /** Freeze the server (SIGSTOP): connections stay open and nothing is answered. */
  pause(): void {
    this.#process?.kill('SIGSTOP');
  }

  /** Let a paused server run again (SIGCONT). */
  resume(): void {
    this.#process?.kill('SIGCONT');
  }

  /** Stop the server and remove its directory. */
  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
