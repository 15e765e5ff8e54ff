/**
 * Check that a server answers every case correctly before anything is timed:
 * status, media type and exact body of each case, every static route, and a
 * 404 for a non-digit user id. A wrong server fails the run.
 * @module
 */
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { COMPRESS_DOCUMENT, COMPRESS_PATH, ECHO_BODY, HELLO, STATIC_ROUTES, STATIC_TARGET } from '../servers/shared.ts';

interface Reply {
  status: number;
  type: string;
  body: string;
}

function send(url: string, method: string, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> =
      body === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) };
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          // the media type alone, lower case: charset spelling differs between frameworks
          type: (res.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '',
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.setTimeout(5000, () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

interface Check {
  method: string;
  path: string;
  body?: string;
  status: number;
  type?: string;
  expect?: string;
}

function checks(): Check[] {
  const list: Check[] = [
    { method: 'GET', path: '/', status: 200, type: 'text/plain', expect: HELLO },
    {
      method: 'GET',
      path: '/user/12345',
      status: 200,
      type: 'application/json',
      expect: '{"id":12345,"name":"user12345"}',
    },
    { method: 'GET', path: '/user/abc', status: 404 },
    { method: 'GET', path: '/user/12a', status: 404 },
    { method: 'POST', path: '/echo', body: ECHO_BODY, status: 200, type: 'application/json', expect: ECHO_BODY },
    { method: 'GET', path: '/static/a/b/c', status: 404 },
  ];
  for (const path of STATIC_ROUTES) list.push({ method: 'GET', path, status: 200, type: 'text/plain', expect: path });
  return list;
}

/**
 * Run every check against `baseUrl`.
 * @returns the problems found, one line each; empty when the server is right
 */
export async function preflight(baseUrl: string): Promise<string[]> {
  const problems: string[] = [];
  for (const check of checks()) {
    const what = `${check.method} ${check.path}`;
    let reply: Reply;
    try {
      reply = await send(baseUrl + check.path, check.method, check.body);
    } catch (err) {
      problems.push(`${what}: ${(err as Error).message}`);
      continue;
    }
    if (reply.status !== check.status) problems.push(`${what}: status ${reply.status}, expected ${check.status}`);
    if (check.type !== undefined && reply.type !== check.type) {
      problems.push(`${what}: content type '${reply.type}', expected '${check.type}'`);
    }
    if (check.expect !== undefined && reply.body !== check.expect) {
      problems.push(
        `${what}: body ${JSON.stringify(reply.body.slice(0, 200))}, expected ${JSON.stringify(check.expect)}`,
      );
    }
  }
  if (STATIC_ROUTES.at(-1) !== STATIC_TARGET || STATIC_ROUTES.length !== 50) {
    problems.push('servers/shared.ts: STATIC_ROUTES must be 50 routes ending with the target');
  }
  if (Buffer.byteLength(ECHO_BODY) !== 77) problems.push('servers/shared.ts: ECHO_BODY must be 77 bytes');
  return problems;
}

/** The compressed sizes a server answered the compression cases with, by coding. */
export interface CompressedSizes {
  gzip: number;
  br: number;
}

function fetchRaw(
  url: string,
  acceptEncoding: string,
): Promise<{ status: number; coding: string; vary: string; length: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'Accept-Encoding': acceptEncoding }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          coding: String(res.headers['content-encoding'] ?? ''),
          vary: String(res.headers.vary ?? ''),
          length: String(res.headers['content-length'] ?? ''),
          body: Buffer.concat(chunks),
        }),
      );
      res.on('error', reject);
    });
    req.setTimeout(5000, () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Check a server started for the compression cases: `GET /compress.json`
 * with `Accept-Encoding: gzip` and `br` answers that coding, `Vary:
 * Accept-Encoding`, and a body that decodes to the document exactly.
 * @returns the problems found (empty when right) and the compressed sizes
 */
export async function preflightCompression(baseUrl: string): Promise<{ problems: string[]; sizes: CompressedSizes }> {
  const problems: string[] = [];
  const sizes: CompressedSizes = { gzip: Number.NaN, br: Number.NaN };
  for (const coding of ['gzip', 'br'] as const) {
    const what = `GET ${COMPRESS_PATH} (Accept-Encoding: ${coding})`;
    try {
      const reply = await fetchRaw(baseUrl + COMPRESS_PATH, coding);
      if (reply.status !== 200) problems.push(`${what}: status ${reply.status}`);
      if (reply.coding !== coding) problems.push(`${what}: Content-Encoding '${reply.coding}'`);
      if (!/accept-encoding/i.test(reply.vary)) problems.push(`${what}: Vary '${reply.vary}'`);
      const decoded = (coding === 'gzip' ? gunzipSync(reply.body) : brotliDecompressSync(reply.body)).toString('utf8');
      if (decoded !== COMPRESS_DOCUMENT) problems.push(`${what}: the body does not decode to the document`);
      sizes[coding] = reply.body.byteLength;
    } catch (err) {
      problems.push(`${what}: ${(err as Error).message}`);
    }
  }
  if (Buffer.byteLength(COMPRESS_DOCUMENT) !== 102_400)
    problems.push('servers/shared.ts: COMPRESS_DOCUMENT must be 100 KiB');
  return { problems, sizes };
}
