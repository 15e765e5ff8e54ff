/**
 * The baseline: plain `node:http`, routing by hand (a Map of static paths and
 * a digit check for `/user/<id>`), the body read by hand; for the compression
 * cases, the document compressed by hand with `node:zlib` (brotli quality 4,
 * gzip level 6, as poorwsgi's and @fastify/compress's defaults). Every ratio
 * in the results is against this server.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import {
  COMPRESS_DOCUMENT,
  COMPRESS_PATH,
  compressionCase,
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

const server = createServer((req, res) => {
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
});

const port = portFromArgs();
server.listen(port, HOST, () => ready('raw', port));
