/**
 * Shared fixtures of the app and request tests: an application with a
 * logger that keeps its lines, and a one-call in-process request.
 * @module
 */
import { request as httpRequest } from 'node:http';
import { Application, type ApplicationOptions } from '../../src/index.ts';
import { quietLogger } from './serve.ts';

/** The logger the fixtures give an application. */
export type KeptLogger = ReturnType<typeof quietLogger>;

/**
 * A fresh application with a quiet logger (its lines are kept for
 * assertions). Its built-in pages are HTML whatever the request accepts
 * (`errorFormat: 'html'`), as PoorWSGI's are, unless the options say
 * otherwise: the tests of the negotiated formats set `errorFormat: 'auto'`.
 */
export function makeApp(options: Partial<ApplicationOptions> = {}): { app: Application; log: KeptLogger } {
  const log = quietLogger();
  const app = new Application('test', { errorFormat: 'html', ...options, logger: log });
  return { app, log };
}

/** What the tests read of a response. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** Run one request in process and read the whole answer. */
export async function ask(app: Application, url: string, init?: RequestInit): Promise<Answer> {
  const res = await app.request(url, init);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** Every logged line as one string each (an Error shows its message). */
export function logText(log: KeptLogger): string[] {
  return log.lines.map((line) =>
    line.map((v) => (v instanceof Error ? `${v.name}: ${v.message}` : String(v))).join(' '),
  );
}

/**
 * A request on a real socket through `node:http` (methods and bodies the
 * Fetch API refuses: `GET` with a body, `PROPFIND`).
 */
export function httpAsk(
  port: number,
  options: { method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  const named = (name: string) => Object.keys(headers).some((k) => k.toLowerCase() === name);
  // node:http sends a GET body without framing unless told its length
  if (options.body !== undefined && !named('content-length') && !named('transfer-encoding')) {
    headers['Content-Length'] = String(Buffer.byteLength(options.body));
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: options.method, path: options.path, headers });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (typeof value === 'string') headers.set(name, value);
          else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
        }
        resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
