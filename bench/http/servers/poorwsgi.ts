/**
 * poorwsgi from this repository's `src/` (no build step), written the way
 * its docs show: a typed `<id:int>` route, `req.json` parsed automatically,
 * plain return values turned into responses; for the compression cases, the
 * `compression` option with its defaults; for the GitHub cases, that route
 * set in poorwsgi's syntax.
 * @module
 */
import {
  Application,
  METHOD_DELETE,
  METHOD_GET,
  METHOD_PATCH,
  METHOD_POST,
  METHOD_PUT,
  type ResponseValue,
  tuple,
} from '../../../src/index.ts';
import {
  COMPRESS_DOCUMENT,
  COMPRESS_PATH,
  compressionCase,
  GITHUB_API,
  type GithubRoute,
  githubBody,
  githubCase,
  HELLO,
  HOST,
  portFromArgs,
  ready,
  STATIC_ROUTES,
  toPoorwsgiRule,
  user,
} from './shared.ts';

const app = new Application('bench');
if (compressionCase()) {
  // the compression cases: the option on, with its defaults (brotli quality 4, gzip level 6)
  app.compression = true;
  app.route(COMPRESS_PATH, () => tuple(COMPRESS_DOCUMENT, 'application/json; charset=utf-8'));
}

if (githubCase()) {
  // the GitHub cases: the set in poorwsgi's `<name>` syntax, one route per method as in the set
  const flags: Record<GithubRoute[0], number> = {
    GET: METHOD_GET,
    POST: METHOD_POST,
    PUT: METHOD_PUT,
    DELETE: METHOD_DELETE,
    PATCH: METHOD_PATCH,
  };
  for (const [method, path] of GITHUB_API) {
    app.route(
      toPoorwsgiRule(path),
      (_req, ...values) => tuple(githubBody(method, path, values), 'text/plain; charset=utf-8'),
      flags[method],
    );
  }
}

app.route('/', () => tuple(HELLO, 'text/plain; charset=utf-8'));
app.route('/user/<id:int>', (_req, id) => user(id));
// the bench's clients send a JSON object, which is a response value as it is
app.route('/echo', (req) => req.json as ResponseValue, METHOD_POST);
for (const path of STATIC_ROUTES) app.route(path, () => tuple(path, 'text/plain; charset=utf-8'));

const port = portFromArgs();
await app.listen({ port, host: HOST });
ready('poorwsgi', port);
