/**
 * fastify with its defaults (no logger): its JSON body parser and its
 * serializer; the id typed by a route regex, so a non-digit id is a 404.
 * For the compression cases, `@fastify/compress` with its defaults (brotli
 * quality 4, gzip level 6, threshold 1024). For the GitHub cases, that route
 * set too (`app.route` per route, async handlers as above).
 * @module
 */
import compress from '@fastify/compress';
import Fastify from 'fastify';
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

const app = Fastify({ logger: false });
if (compressionCase()) {
  await app.register(compress);
  app.get(COMPRESS_PATH, async (_req, reply) => reply.type('application/json; charset=utf-8').send(COMPRESS_DOCUMENT));
}

if (githubCase()) {
  for (const [method, path] of GITHUB_API) {
    app.route<{ Params: Record<string, string> }>({
      method,
      url: path,
      handler: async (req, reply) =>
        reply.type('text/plain; charset=utf-8').send(githubBody(method, path, Object.values(req.params))),
    });
  }
}

app.get('/', async (_req, reply) => reply.type('text/plain; charset=utf-8').send(HELLO));
app.get<{ Params: { id: string } }>('/user/:id(^\\d{1,15}$)', async (req) => user(Number(req.params.id)));
app.post('/echo', async (req) => req.body);
for (const path of STATIC_ROUTES)
  app.get(path, async (_req, reply) => reply.type('text/plain; charset=utf-8').send(path));

const port = portFromArgs();
await app.listen({ port, host: HOST });
ready('fastify', port);
