/**
 * Helpers of the upload tests: multipart bodies, raw HTTP exchanges that end
 * with the first complete response, and leak checks (temporary files and
 * open descriptors of this process, which is also the server's).
 * @module
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRaw, type RawResponse } from './serve.ts';

/** One part: its header lines (without the final CRLF) and its data. */
export type Part = [headers: string, data: string | Uint8Array];

/** A text field part. */
export function field(name: string, value: string): Part {
  return [`Content-Disposition: form-data; name="${name}"`, value];
}

/** A file part. */
export function filePart(
  name: string,
  filename: string,
  data: string | Uint8Array,
  type = 'application/octet-stream',
): Part {
  return [`Content-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type}`, data];
}

/** A multipart body; `final: false` leaves out the closing boundary. */
export function multipart(parts: readonly Part[], boundary = 'XyZ', final = true): Buffer {
  const pieces: Buffer[] = [];
  for (const [headers, data] of parts) {
    pieces.push(Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`), Buffer.from(data), Buffer.from('\r\n'));
  }
  if (final) pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(pieces);
}

/** A request head for a body of `length` bytes (`chunked` when -1). */
export function head(method: string, path: string, type: string, length: number, extra = ''): string {
  const framing = length < 0 ? 'Transfer-Encoding: chunked' : `Content-Length: ${length}`;
  return `${method} ${path} HTTP/1.1\r\nHost: test\r\nContent-Type: ${type}\r\n${framing}\r\n${extra}\r\n`;
}

/** The exchange of {@link rawRequest}: the response, and whether the server closed the connection. */
export interface Exchange {
  response: RawResponse;
  closed: boolean;
}

/**
 * Send `pieces` on a new connection (each its own write) and resolve with the
 * first complete response (headers plus Content-Length bytes), or whatever
 * came when the server closed. With `abortAfter` the client destroys the
 * socket after writing instead, and resolves once it is closed.
 */
export function rawRequest(
  port: number,
  pieces: ReadonlyArray<string | Uint8Array>,
  options: { abortAfter?: boolean; end?: boolean } = {},
): Promise<Exchange | null> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      const text = Buffer.concat(received).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end === -1 && !closed) return;
      const response = parseRaw(text);
      const length = Number(response.headers.get('content-length')?.[0] ?? -1);
      if (!closed && (length < 0 || Buffer.byteLength(response.body, 'latin1') < length)) return;
      done = true;
      socket.destroy();
      resolve({ response, closed });
    };
    socket.on('data', (chunk) => {
      received.push(chunk);
      finish(false);
    });
    socket.on('error', (err) => {
      if (!done && received.length === 0 && !options.abortAfter) reject(err);
      else finish(true);
    });
    socket.on('close', () => {
      if (options.abortAfter && !done) {
        done = true;
        resolve(null);
        return;
      }
      finish(true);
    });
    socket.on('connect', async () => {
      for (const piece of pieces) {
        if (!socket.write(piece)) await new Promise((r) => socket.once('drain', r));
      }
      if (options.abortAfter) socket.destroy();
      else if (options.end) socket.end();
    });
  });
}

/** Open descriptors of this process (the server runs in it too). */
export function openDescriptors(): number {
  return readdirSync('/proc/self/fd').length;
}

/** A fresh directory for temporary files, and a function that lists it. */
export function tempDirectory(): { dir: string; list: () => string[]; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'poorwsgi-test-upload-'));
  return {
    dir,
    list: () => readdirSync(dir),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Wait until `check` holds: the server removes files after the response is
 * sent, on its own turn of the event loop. The limit is a safety net only.
 */
export async function eventually(check: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`still not true after ${limitMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
