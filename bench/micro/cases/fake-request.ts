/**
 * A realistic `IncomingMessage`-like request for the cases that need one:
 * a browser's headers, a socket, and a body that can be iterated again.
 * @module
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { RawRequest } from '../../../src/request/raw-request.ts';

/** What a desktop browser sends (plus a JSON Content-Type and a proxy header). */
export const BROWSER_HEADERS: readonly string[] = [
  'Host',
  'localhost:8080',
  'User-Agent',
  'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  'Accept',
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8',
  'Accept-Language',
  'cs,en-US;q=0.7,en;q=0.3',
  'Accept-Encoding',
  'gzip, deflate, br, zstd',
  'Connection',
  'keep-alive',
  'Cookie',
  'SESSID=6f1ed002ab5595859014ebf0951522d9; theme=dark; lang=cs',
  'Upgrade-Insecure-Requests',
  '1',
  'Sec-Fetch-Dest',
  'document',
  'Sec-Fetch-Mode',
  'navigate',
  'Sec-Fetch-Site',
  'none',
  'Content-Type',
  'application/json; charset=utf-8',
  'X-Forwarded-For',
  '203.0.113.7',
];

/** Node's `req.headers` of a raw header list: lower-case names, repeats joined. */
export function headerRecord(rawHeaders: readonly string[]): IncomingHttpHeaders {
  const out: Record<string, string> = Object.create(null);
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const value = rawHeaders[i + 1] as string;
    const prev = out[name];
    out[name] = prev === undefined ? value : `${prev}${name === 'cookie' ? '; ' : ', '}${value}`;
  }
  return out;
}

/**
 * A request as `node:http` gives it: method, target, both header forms,
 * version, socket, and the body as one chunk (iterable any number of times).
 */
export function fakeRequest(method: string, url: string, rawHeaders: readonly string[], body?: string): RawRequest {
  const chunk = body === undefined ? undefined : Buffer.from(body, 'utf8');
  const all = chunk === undefined ? rawHeaders : [...rawHeaders, 'Content-Length', String(chunk.byteLength)];
  return {
    method,
    url,
    headers: headerRecord(all),
    rawHeaders: all,
    httpVersion: '1.1',
    socket: { remoteAddress: '127.0.0.1', remotePort: 50000, localAddress: '127.0.0.1', localPort: 8080 },
    async *[Symbol.asyncIterator]() {
      if (chunk !== undefined) yield chunk;
    },
  };
}
