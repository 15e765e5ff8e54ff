/**
 * Helpers of the HTTP/2 tests: a throw-away self-signed certificate made
 * with `openssl` in a `poorwsgi-…` temporary directory, servers of Node's
 * `node:http2` compatibility API on port 0, the real `curl` (with nghttp2),
 * and exchanges through Node's own `http2.connect` client, which shows the
 * exact header fields and how a stream ended.
 * @module
 */
import { execFile, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import {
  type ClientHttp2Session,
  createServer as createHttp2Server,
  createSecureServer,
  type Http2SecureServer,
  type Http2Server,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Application } from '../../src/index.ts';

/** A temporary directory with a self-signed certificate for 127.0.0.1 in it. */
export interface CertDir {
  readonly dir: string;
  readonly key: Buffer;
  readonly cert: Buffer;
  remove(): void;
}

/** Make a `poorwsgi-<name>-…` directory and a throw-away self-signed certificate in it (TLS and HTTP/2 tests). */
export function makeCertDir(name = 'http2'): CertDir {
  const dir = mkdtempSync(join(tmpdir(), `poorwsgi-${name}-`));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-days', '1'].concat([
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ]),
      { stdio: 'ignore' },
    );
    return {
      dir,
      key: readFileSync(join(dir, 'key.pem')),
      cert: readFileSync(join(dir, 'cert.pem')),
      remove: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** An HTTP/2 server of the application, listening, with its origin. */
export interface Http2Running<S extends Http2Server | Http2SecureServer> {
  readonly server: S;
  readonly port: number;
  /** `https://127.0.0.1:port` or `http://127.0.0.1:port`. */
  readonly origin: string;
  close(): Promise<void>;
}

async function listening<S extends Http2Server | Http2SecureServer>(
  server: S,
  scheme: string,
  app: Application,
): Promise<Http2Running<S>> {
  server.on('checkContinue', app.checkContinue);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    origin: `${scheme}://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** `http2.createSecureServer({ key, cert, allowHTTP1: true }, app)` on 127.0.0.1, port 0. */
export function startSecure(app: Application, certs: CertDir): Promise<Http2Running<Http2SecureServer>> {
  return listening(createSecureServer({ key: certs.key, cert: certs.cert, allowHTTP1: true }, app), 'https', app);
}

/** `http2.createServer(app)` (cleartext, prior knowledge) on 127.0.0.1, port 0. */
export function startClear(app: Application): Promise<Http2Running<Http2Server>> {
  return listening(createHttp2Server(app), 'http', app);
}

/** What curl received: the HTTP version it reports (`%{http_version}`), status, headers and body. */
export interface CurlAnswer {
  readonly version: string;
  readonly status: number;
  /** Header values by lower-case name. */
  readonly headers: Map<string, string[]>;
  readonly body: string;
  readonly exitCode: number;
}

const VERSION_MARK = '\n@@http_version=';

/**
 * Run curl (`-s -i -k`, the HTTP version written after the body) with the
 * given arguments; `input` goes to its stdin.
 */
export function curlHttp(args: readonly string[], input?: string | Uint8Array): Promise<CurlAnswer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'curl',
      ['-s', '-i', '-k', '--max-time', '20', '-w', `${VERSION_MARK}%{http_version}`, ...args],
      { encoding: 'latin1', maxBuffer: 64 * 1024 * 1024 },
      (err, stdout) => {
        if (err && typeof err.code !== 'number') {
          reject(err);
          return;
        }
        const mark = stdout.lastIndexOf(VERSION_MARK);
        const version = stdout.slice(mark + VERSION_MARK.length).trim();
        const text = stdout.slice(0, mark);
        const end = text.indexOf('\r\n\r\n');
        const [statusLine = '', ...lines] = (end === -1 ? text : text.slice(0, end)).split('\r\n');
        const headers = new Map<string, string[]>();
        for (const line of lines) {
          const colon = line.indexOf(':');
          const name = line.slice(0, colon).toLowerCase();
          headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
        }
        resolve({
          version,
          status: Number(/^HTTP\/[\d.]+ (\d{3})/.exec(statusLine)?.[1] ?? 0),
          headers,
          body: end === -1 ? '' : text.slice(end + 4),
          exitCode: typeof err?.code === 'number' ? err.code : 0,
        });
      },
    );
    child.stdin?.on('error', () => {});
    child.stdin?.end(input);
  });
}

/** How one stream of Node's HTTP/2 client ended. */
export interface StreamAnswer {
  /** `:status`; 0 when no response came. */
  readonly status: number;
  /** The response header fields as Node's client received them. */
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The RST_STREAM code the stream closed with (0: NO_ERROR, also for a clean end). */
  readonly rstCode: number;
  /** `100 Continue` was received. */
  readonly continued: boolean;
}

/**
 * Open a stream on `session` with `headers` and send `body` (none: the
 * headers end the stream); resolves when the stream is closed.
 */
export function exchange(
  session: ClientHttp2Session,
  headers: OutgoingHttpHeaders,
  body?: string | Uint8Array,
): Promise<StreamAnswer> {
  const stream = session.request(headers, { endStream: body === undefined });
  if (body !== undefined) stream.end(body);
  return collect(stream);
}

/** Read a client stream to its close. */
export function collect(stream: ReturnType<ClientHttp2Session['request']>): Promise<StreamAnswer> {
  return new Promise((resolve) => {
    let status = 0;
    let continued = false;
    let headers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    stream.on('continue', () => {
      continued = true;
    });
    stream.on('response', (h) => {
      headers = h;
      status = Number(h[':status']);
    });
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    // a reset stream emits `error` before `close`: the code tells
    stream.on('error', () => {});
    stream.on('close', () =>
      resolve({ status, headers, body: Buffer.concat(chunks), rstCode: stream.rstCode ?? 0, continued }),
    );
  });
}
