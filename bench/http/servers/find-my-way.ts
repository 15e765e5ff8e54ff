/**
 * `find-my-way` (fastify's router) on plain `node:http`: what a radix-tree
 * router alone costs over the hand-written routing of `raw.ts`. For the
 * GitHub cases, that route set too.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import FindMyWay from 'find-my-way';
import { GITHUB_API, githubBody, githubCase, HELLO, HOST, portFromArgs, ready, STATIC_ROUTES, user } from './shared.ts';

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

const router = FindMyWay({
  defaultRoute: (_req: IncomingMessage, res: ServerResponse) => send(res, 404, TEXT, 'Not Found'),
});

if (githubCase()) {
  // the GitHub cases: the set as it is written, find-my-way takes the `:name` syntax
  for (const [method, path] of GITHUB_API) {
    router.on(method, path, (_req, res, params) =>
      send(res, 200, TEXT, githubBody(method, path, Object.values(params))),
    );
  }
}

router.on('GET', '/', (_req, res) => send(res, 200, TEXT, HELLO));
// a regex constraint types the id: a non-digit id matches no route (404)
router.on('GET', '/user/:id(^\\d{1,15}$)', (_req, res, params) =>
  send(res, 200, JSON_TYPE, JSON.stringify(user(Number(params.id)))),
);
router.on('POST', '/echo', (req, res) => {
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
});
for (const path of STATIC_ROUTES) router.on('GET', path, (_req, res) => send(res, 200, TEXT, path));

const server = createServer((req, res) => router.lookup(req, res));
const port = portFromArgs();
server.listen(port, HOST, () => ready('find-my-way', port));
