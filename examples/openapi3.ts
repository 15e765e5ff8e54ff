/**
 * OpenAPI 3 example: a port of PoorWSGI's `examples/openapi3.py`, route for
 * route, validating every request and response against `openapi.json`
 * (beside this file) with `poorwsgi/openapi`.
 *
 * - Before-hooks: CORS (an OPTIONS request is answered 204 with the
 *   `Access-Control-*` headers; paths under `/p/` are skipped), then the
 *   request validation: a path or method the document does not describe is
 *   left to the router (404/405), a failed security requirement is a 401
 *   and any other failure a 400, both `{"error": "..."}` JSON.
 * - After-hooks: the CORS headers, then the response validation: an answer
 *   the document does not describe is logged (`API output error: ...`);
 *   `createApp({ failWith500: true })` makes it a 500 instead, as
 *   PoorWSGI's example re-raises it.
 * - A 404 state handler answers JSON.
 *
 * Run: `npx tsx examples/openapi3.ts` (serves on 127.0.0.1:$PORT, default 8080).
 * @module
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  Application,
  HTTP_NO_CONTENT,
  HTTP_NOT_FOUND,
  HTTPException,
  JSONResponse,
  METHOD_OPTIONS,
  METHOD_POST,
  METHOD_PUT,
  type Request,
  Response,
  tuple,
} from 'poorwsgi';
import { OpenAPIValidator, requestValidation, responseValidation, validated } from 'poorwsgi/openapi';
import { PoorSession, SessionError } from 'poorwsgi/session';
import { isMain, serveExample } from './run-direct.ts';

const XXX = 'xxx';

/** The answer to every OPTIONS request (openapi3.py's `options_headers`). */
const OPTIONS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Credentials': 'true',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': '*',
  'Access-Control-Max-Age': '1728000', // 20 days
};

/** The example's OpenAPI document, `examples/openapi.json`. */
export function loadDocument(): unknown {
  return JSON.parse(readFileSync(new URL('openapi.json', import.meta.url), 'utf8'));
}

/** Options of {@link createApp}. */
export interface OpenAPIExampleOptions {
  /** The session key (random per run by default). */
  readonly secretKey?: Uint8Array;
  /** Answer 500 instead of a response the document does not describe (default: only logged). */
  readonly failWith500?: boolean;
  /** The OpenAPI document (default: `openapi.json` beside this file). */
  readonly document?: unknown;
}

/** A new OpenAPI example application; the validator is made (and its schemas compiled) first. */
export async function createApp(options: OpenAPIExampleOptions = {}): Promise<Application> {
  const validator = await OpenAPIValidator.create(options.document ?? loadDocument());
  const app = new Application('OpenAPI3 Test App');
  app.debug = true;
  app.secretKey = options.secretKey ?? randomBytes(32);

  app.beforeResponse(function corsRequest(req: Request) {
    if (req.path.startsWith('/p/')) return undefined; // endpoints for printers do not need CORS
    if (req.methodNumber === METHOD_OPTIONS) {
      return new Response('', {
        contentType: 'text/plain; charset=UTF-8',
        headers: OPTIONS_HEADERS,
        statusCode: HTTP_NO_CONTENT,
      });
    }
    return undefined;
  });

  app.afterResponse(function corsResponse(req: Request, res) {
    // the OPTIONS answer has them already: a second Access-Control-Allow-Origin would make browsers refuse it
    if (!res.headers.has('Access-Control-Allow-Origin')) {
      res.addHeader('Access-Control-Allow-Origin', req.headers.get('Origin') ?? '*');
      res.addHeader('Access-Control-Allow-Credentials', 'true');
    }
    return res;
  });

  app.beforeResponse(requestValidation(validator));
  app.afterResponse(responseValidation(validator, { failWith500: options.failWith500 ?? false }));

  app.route('/plain_text', () => tuple('Hello world', 'text/plain'));

  // the Content-Type given as a header wins over the class's default
  app.route('/response', () => new Response('{}', { headers: { 'Content-Type': 'application/json' } }));

  app.route('/json/<arg>', (_req, arg) => tuple(JSON.stringify({ arg }), 'application/json'));

  app.route(
    '/json',
    (req) => new JSONResponse({ message: "I'm teapot :-)", request: req.json ?? null }, { statusCode: 418 }),
    METHOD_POST | METHOD_PUT,
  );

  app.route('/arg/<arg:int>', (_req, arg) => tuple(JSON.stringify({ arg }), 'application/json'));
  app.route('/arg/<arg:float>', (_req, arg) => tuple(JSON.stringify({ arg }), 'application/json'));
  app.route('/arg/<arg:uuid>', (_req, arg) => tuple(JSON.stringify({ arg }), 'application/json'));
  // the fallback: the document's oneOf decides what is valid (1e3, .5), and the validated value is a number or a UUID
  app.route('/arg/<arg>', (req, arg) =>
    tuple(JSON.stringify({ arg: validated(req).params.path.arg ?? arg }), 'application/json'),
  );

  app.route('/internal-server-error', () => {
    throw new Error('Test of internal server error');
  });

  app.route('/login', () => {
    const session = new PoorSession(app.secretKey);
    session.data.login = true;
    // a Response rather than a NoContentResponse, as in openapi3.py: its headers carry the cookie
    const response = new Response('', { statusCode: HTTP_NO_CONTENT });
    session.header(response);
    return response;
  });

  app.route('/check/login', (req) => {
    const session = new PoorSession(app.secretKey);
    try {
      session.load(req.cookies);
    } catch (err) {
      if (!(err instanceof SessionError)) throw err;
    }
    if (!('login' in session.data)) throw new HTTPException(401);
    return 'login ok';
  });

  app.route('/check/api-key', (req) => {
    if (req.headers.get('API-Key') !== XXX) throw new HTTPException(401);
    return 'api-key ok';
  });

  app.httpState(HTTP_NOT_FOUND, (req) =>
    tuple(JSON.stringify({ error: `Url ${req.path}, you are request not found` }), 'application/json', null, 404),
  );

  return app;
}

if (isMain(import.meta.url)) await serveExample(await createApp());
