/**
 * JSON example: a port of PoorWSGI's `examples/simple_json.py`, route for route.
 *
 * JSONResponse and JSONGeneratorResponse (418 teapot), JSON request bodies
 * (chunked ones too: Node decodes the framing), dict and list returns, an
 * echo of the negotiation properties, `/timestamp` and `/unicode`.
 * With `PROFILE` set in the environment, every request is profiled, as in
 * PoorWSGI (`app.set_profile(cProfile.runctx, 'req')`): one
 * `req_{METHOD}{path}.{time}.cpuprofile` per request in the working
 * directory (docs/profiling.md); `/profile` reports the variable.
 *
 * Run: `npx tsx examples/simple-json.ts` (serves on 127.0.0.1:$PORT, default 8080).
 * @module
 */
import { Application, JSONGeneratorResponse, JSONResponse, METHOD_GET, METHOD_GET_POST, tuple } from 'poorwsgi';
import { isMain, serveExample } from './run-direct.ts';

/** Python's `range(n)`: a lazy sequence, streamed as a JSON array. */
function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

/** A new JSON application. */
export function createApp(): Application {
  const app = new Application('JSON');
  app.debug = true;
  const profile = process.env.PROFILE ?? null;
  if (profile !== null) app.setProfile('req');

  app.route(
    '/test/json',
    (req) =>
      // numbers is a complete list; a GET has no JSON body: request is {}, as in PoorWSGI
      new JSONResponse(
        { message: "I'm teapot :-)", numbers: [...range(5)], request: req.json === undefined ? {} : req.json },
        { statusCode: 418 },
      ),
    METHOD_GET_POST,
  );

  app.route(
    '/test/json-generator',
    (req) =>
      // numbers is a generator, iterated while the response is written
      new JSONGeneratorResponse(
        { message: "I'm teapot :-)", numbers: range(5), request: req.json === undefined ? {} : req.json },
        { statusCode: 418 },
      ),
    METHOD_GET,
  );

  app.route('/profile', () => new JSONResponse({ PROFILE: profile }));

  app.route('/timestamp', (req) => new JSONResponse({ timestamp: req.startTime }));

  app.route(
    '/unicode',
    () =>
      // raw unicode characters; Python's json.dumps separators, so the bytes equal PoorWSGI's
      new JSONResponse({ name: 'Ondřej Tůma' }, { encoder: { ensureAscii: false, separators: [', ', ': '] } }),
  );

  app.route('/dict', () => ({ route: '/dict', type: 'dict' }));

  app.route('/list', () => [
    ['key', 'value'],
    ['route', '/list'],
    ['type', 'list'],
  ]);

  app.route('/test/headers', (req) =>
    tuple(
      JSON.stringify({
        'Content-Type': [req.mimeType, req.charset],
        'Content-Length': req.contentLength,
        Host: req.hostname,
        Accept: req.accept,
        'Accept-Charset': req.acceptCharset,
        'Accept-Encoding': req.acceptEncoding,
        'Accept-Language': req.acceptLanguage,
        'Accept-MimeType': { html: req.acceptHtml, xhtml: req.acceptXhtml, json: req.acceptJson },
        XMLHttpRequest: req.isXhr,
      }),
      'application/json',
    ),
  );

  return app;
}

if (isMain(import.meta.url)) await serveExample(createApp());
