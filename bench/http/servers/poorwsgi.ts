/**
 * poorwsgi from this repository's `src/` (no build step), written the way
 * its docs show: a typed `<id:int>` route, `req.json` parsed automatically,
 * plain return values turned into responses; for the compression cases, the
 * `compression` option with its defaults.
 * @module
 */
import { Application, METHOD_POST, tuple } from '../../../src/index.ts';
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

const app = new Application('bench');
if (compressionCase()) {
  // the compression cases: the option on, with its defaults (brotli quality 4, gzip level 6)
  app.compression = true;
  app.route(COMPRESS_PATH, () => tuple(COMPRESS_DOCUMENT, 'application/json; charset=utf-8'));
}

app.route('/', () => tuple(HELLO, 'text/plain; charset=utf-8'));
app.route('/user/<id:int>', (_req, id) => user(id));
app.route('/echo', (req) => req.json, METHOD_POST);
for (const path of STATIC_ROUTES) app.route(path, () => tuple(path, 'text/plain; charset=utf-8'));

const port = portFromArgs();
await app.listen({ port, host: HOST });
ready('poorwsgi', port);
