/**
 * The baseline: plain `node:http`, routing by hand (a Map of static paths and
 * a digit check for `/user/<id>`), the body read by hand; for the compression
 * cases, the document compressed by hand with `node:zlib` (brotli quality 4,
 * gzip level 6, as poorwsgi's and @fastify/compress's defaults); for the
 * GitHub cases, that route set routed by hand (`githubListener`). Every ratio
 * in the results is against this server.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import {
  COMPRESS_DOCUMENT,
  COMPRESS_PATH,
  compressionCase,
  GITHUB_API,
  githubBody,
  githubCase,
  HELLO,
  HOST,
  portFromArgs,
  ready,
  STATIC_ROUTES,
  user,
} from './shared.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

const getRoutes = new Map<string, Handler>([['/', (_req, res) => send(res, 200, TEXT, HELLO)]]);
for (const path of STATIC_ROUTES) getRoutes.set(path, (_req, res) => send(res, 200, TEXT, path));

/** The document compressed on every request, by the first of br and gzip the client names. */
function compressed(req: IncomingMessage, res: ServerResponse): void {
  const accept = req.headers['accept-encoding'] ?? '';
  let coding = '';
  let body: string | Buffer = COMPRESS_DOCUMENT;
  if (/\bbr\b/.test(accept)) {
    coding = 'br';
    body = brotliCompressSync(COMPRESS_DOCUMENT, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: COMPRESS_DOCUMENT.length },
    });
  } else if (/\bgzip\b/.test(accept)) {
    coding = 'gzip';
    body = gzipSync(COMPRESS_DOCUMENT, { level: 6 });
  }
  const headers: Record<string, string | number> = {
    'Content-Type': JSON_TYPE,
    'Content-Length': Buffer.byteLength(body),
    Vary: 'Accept-Encoding',
  };
  if (coding) headers['Content-Encoding'] = coding;
  res.writeHead(200, headers);
  res.end(body);
}
if (compressionCase()) getRoutes.set(COMPRESS_PATH, compressed);

function isDigits(text: string): boolean {
  if (text.length === 0 || text.length > 15) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function echo(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let value: unknown;
    try {
      value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      send(res, 400, TEXT, 'Bad JSON');
      return;
    }
    send(res, 200, JSON_TYPE, JSON.stringify(value));
  });
}

/** The usual cases' routing. */
const listener: Handler = (req, res) => {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (req.method === 'GET') {
    const handler = getRoutes.get(path);
    if (handler !== undefined) return handler(req, res);
    if (path.startsWith('/user/')) {
      const id = path.slice(6);
      if (isDigits(id)) return send(res, 200, JSON_TYPE, JSON.stringify(user(Number(id))));
    }
  } else if (req.method === 'POST' && path === '/echo') {
    return echo(req, res);
  }
  send(res, 404, TEXT, 'Not Found');
};

/**
 * The GitHub cases' routing, by hand as a server of that size would do it
 * without a router: the static paths in a Map per method; the parametric
 * routes in lists per method and first path segment (`repos`, `user`, ...),
 * each route an anchored regular expression (`:name` as `([^/]+)`) tried in
 * registration order. The lists are filled from the route set at start-up
 * instead of being typed out; the lookup is the code one writes by hand.
 */
function githubListener(fallback: Handler): Handler {
  const statics = new Map<string, Map<string, string>>();
  const params = new Map<string, Map<string, Array<{ regex: RegExp; path: string }>>>();
  for (const [method, path] of GITHUB_API) {
    if (!path.includes(':')) {
      const byPath = statics.get(method) ?? new Map<string, string>();
      statics.set(method, byPath.set(path, githubBody(method, path, [])));
      continue;
    }
    const first = path.slice(1, path.indexOf('/', 1));
    if (first.startsWith(':')) throw new Error(`${path}: a parameter first, which these lists cannot take`);
    const byFirst = params.get(method) ?? new Map<string, Array<{ regex: RegExp; path: string }>>();
    params.set(method, byFirst);
    const list = byFirst.get(first) ?? [];
    byFirst.set(first, list);
    list.push({ regex: new RegExp(`^${path.replace(/:\w+/g, '([^/]+)')}$`), path });
  }
  return (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const method = req.method ?? 'GET';
    const body = statics.get(method)?.get(path);
    if (body !== undefined) return send(res, 200, TEXT, body);
    const end = path.indexOf('/', 1);
    const list = params.get(method)?.get(end === -1 ? path.slice(1) : path.slice(1, end));
    if (list !== undefined) {
      for (const route of list) {
        const m = route.regex.exec(path);
        if (m !== null) return send(res, 200, TEXT, githubBody(method, route.path, m.slice(1)));
      }
    }
    fallback(req, res);
  };
}

const server = createServer(githubCase() ? githubListener(listener) : listener);

const port = portFromArgs();
server.listen(port, HOST, () => ready('raw', port));
