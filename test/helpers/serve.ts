/**
 * Test helpers: start an application on a real socket on port 0, talk to it
 * with raw `net` sockets and curl.
 * @module
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { Application, Logger } from '../../src/index.ts';
import { serverPort } from '../../src/index.ts';

/** A running server: its base URL, port and a way to stop it. */
export interface Running {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

/** Start `app` on 127.0.0.1, port 0. */
export async function start(app: Application): Promise<Running> {
  const server = await app.listen({ port: 0, host: '127.0.0.1' });
  const port = serverPort(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A logger that keeps what it is told, so tests stay quiet and can check logs.
 * A call in pino's shape, `({ err, ...fields }, message, ...values)`, as the
 * framework logs failures, is kept in `console`'s order, `[message, ...values, err]`
 * (the other fields are in the message), so that tests read both shapes alike.
 */
export function quietLogger(): Logger & { readonly lines: unknown[][] } {
  const lines: unknown[][] = [];
  const keep = (...args: unknown[]) => {
    const [first, message, ...rest] = args;
    const pino = typeof first === 'object' && first !== null && 'err' in first && typeof message === 'string';
    lines.push(pino ? [message, ...rest, (first as { err: unknown }).err] : args);
  };
  return { lines, error: keep, warn: keep, info: keep, debug: keep };
}

/** Send raw bytes on a new connection and collect everything until the server closes it. */
export function rawExchange(port: number, data: string | Uint8Array): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.end(data);
  });
}

/** A parsed HTTP/1.1 response head from raw text. */
export interface RawResponse {
  readonly status: number;
  readonly reason: string;
  readonly headers: Map<string, string[]>;
  readonly body: string;
}

/** Parse the first response of a raw exchange (no chunked decoding). */
export function parseRaw(text: string): RawResponse {
  const end = text.indexOf('\r\n\r\n');
  const head = end === -1 ? text : text.slice(0, end);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(statusLine);
  if (!match) throw new Error(`not an HTTP response: ${JSON.stringify(text.slice(0, 100))}`);
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return { status: Number(match[1]), reason: match[2] ?? '', headers, body: end === -1 ? '' : text.slice(end + 4) };
}

/** Decode a chunked body from raw text; `rest` is what follows the last chunk. */
export function dechunk(text: string): { body: string; rest: string } {
  let body = '';
  let at = 0;
  for (;;) {
    const eol = text.indexOf('\r\n', at);
    assert.notEqual(eol, -1, 'truncated chunked body');
    const size = Number.parseInt(text.slice(at, eol), 16);
    at = eol + 2;
    if (size === 0) {
      const end = text.indexOf('\r\n\r\n', at - 2);
      return { body, rest: text.slice(end + 4) };
    }
    body += text.slice(at, at + size);
    at += size + 2;
  }
}

/** Split the text of several responses on one connection (Content-Length or chunked framing). */
export function splitResponses(text: string): RawResponse[] {
  const out: RawResponse[] = [];
  let rest = text;
  while (rest.length > 0) {
    const head = parseRaw(rest);
    const length = head.headers.get('content-length')?.[0];
    const afterHead = rest.slice(rest.indexOf('\r\n\r\n') + 4);
    if (length !== undefined) {
      out.push({ ...head, body: afterHead.slice(0, Number(length)) });
      rest = afterHead.slice(Number(length));
    } else if (head.headers.get('transfer-encoding')?.[0] === 'chunked') {
      const { body, rest: next } = dechunk(afterHead);
      out.push({ ...head, body });
      rest = next;
    } else {
      out.push({ ...head, body: afterHead });
      rest = '';
    }
  }
  return out;
}

/** Run curl with `-s -i` and the given arguments; resolves with the parsed response. */
export function curl(args: readonly string[]): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    execFile('curl', ['-s', '-i', '--max-time', '20', ...args], { encoding: 'latin1' }, (err, stdout) => {
      if (err) reject(err);
      else resolve(parseRaw(stdout.replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, '')));
    });
  });
}

/** What one curl run printed, with its exit code. */
export interface CurlResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Run curl with `-s -i` and the given arguments, writing `input` to its stdin
 * (for `--data-binary @-`). A non-zero exit is reported, not thrown: a server
 * that answers early and closes may cut curl's upload short.
 */
export function curlRun(args: readonly string[], input?: string | Uint8Array): Promise<CurlResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'curl',
      ['-s', '-i', '--max-time', '20', ...args],
      { encoding: 'latin1', maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') reject(err);
        else resolve({ exitCode: typeof err?.code === 'number' ? err.code : 0, stdout, stderr });
      },
    );
    // curl stops reading its stdin when the server closes early: that is not our failure
    child.stdin?.on('error', () => {});
    child.stdin?.end(input);
  });
}
