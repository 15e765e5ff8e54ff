/**
 * The validator wired into a real application on a real socket: the
 * before-hook's 400/401 JSON answers, bodies read before validation (JSON,
 * urlencoded, multipart from fetch's FormData), `validated()` in a handler,
 * paths the document does not know left to the router, and the after-hook
 * logging an invalid answer or turning it into a 500.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  Application,
  FileResponse,
  GeneratorResponse,
  METHOD_POST,
  PoorWSGIError,
  type Request,
} from '../../../src/index.ts';
import {
  apiRequest,
  OpenAPIRequest,
  OpenAPIResponse,
  OpenAPIValidator,
  pathTemplate,
  requestValidation,
  responseValidation,
  validated,
} from '../../../src/openapi/index.ts';
import { JSONResponse } from '../../../src/response/json-response.ts';
import { quietLogger, type Running, start } from '../../helpers/serve.ts';

const DOC = {
  openapi: '3.0.3',
  info: { title: 'hooks', version: '1' },
  paths: {
    '/users/{id}': {
      get: {
        operationId: 'getUser',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } },
          { name: 'full', in: 'query', schema: { type: 'boolean' } },
        ],
        responses: {
          '200': {
            description: 'OK',
            content: {
              'application/json': {
                schema: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } },
              },
            },
          },
        },
      },
    },
    '/uploads': {
      post: {
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['title', 'file'],
                properties: {
                  title: { type: 'string', minLength: 2 },
                  copies: { type: 'integer' },
                  file: { type: 'string', format: 'binary' },
                },
              },
            },
            'application/json': {
              schema: { type: 'object', required: ['title'], properties: { title: { type: 'string' } } },
            },
            'application/x-www-form-urlencoded': {
              schema: {
                type: 'object',
                required: ['title'],
                properties: { title: { type: 'string' }, copies: { type: 'integer' } },
              },
            },
          },
        },
        responses: {
          '201': { description: 'created', content: { 'application/json': { schema: { type: 'object' } } } },
        },
      },
    },
    '/secret': {
      get: { security: [{ Key: [] }], responses: { '200': { description: 'OK' } } },
    },
    '/file': {
      get: {
        responses: {
          '200': {
            description: 'a JSON file',
            content: { 'application/json': { schema: { type: 'object', required: ['openapi'] } } },
          },
        },
      },
    },
  },
  components: { securitySchemes: { Key: { type: 'apiKey', in: 'header', name: 'X-Key' } } },
} as const;

async function makeApp(failWith500: boolean): Promise<{ app: Application; logger: ReturnType<typeof quietLogger> }> {
  const validator = await OpenAPIValidator.create(DOC);
  const app = new Application(`openapi-hooks-${failWith500}`);
  const logger = quietLogger();
  app.logger = logger;
  app.beforeResponse(requestValidation(validator));
  app.afterResponse(responseValidation(validator, { failWith500 }));
  app.route('/users/<id:int>', (req: Request) => {
    const { params, operationId } = validated(req);
    // a user 13 without its id: an answer the document does not describe
    if (params.path.id === 13) return new JSONResponse({ name: 'thirteen' });
    return new JSONResponse({ id: params.path.id, full: params.query.full ?? false, operationId: operationId ?? null });
  });
  app.route(
    '/uploads',
    (req: Request) => new JSONResponse({ body: validated<Record<string, unknown>>(req).body }, { statusCode: 201 }),
    METHOD_POST,
  );
  app.route('/secret', () => 'secret');
  // a file and a stream: their bodies are not in memory, so they are not read to be validated
  app.route('/file', (req: Request) =>
    req.query === 'stream'
      ? new GeneratorResponse(['{"x":', '1}'], 'application/json')
      : new FileResponse(fileURLToPath(new URL('../../../examples/openapi.json', import.meta.url)), 'application/json'),
  );
  app.route('/undocumented', (req: Request) => {
    assert.throws(() => validated(req), PoorWSGIError);
    return 'not in the document';
  });
  return { app, logger };
}

describe('requestValidation and responseValidation on a real socket', () => {
  let server: Running;
  let strict: Running;
  let logger: ReturnType<typeof quietLogger>;
  before(async () => {
    const made = await makeApp(false);
    logger = made.logger;
    server = await start(made.app);
    strict = await start((await makeApp(true)).app);
  });
  after(async () => {
    await server.close();
    await strict.close();
  });

  test('a valid request reaches the handler with its coerced values', async () => {
    const res = await fetch(`${server.url}/users/5?full=true`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { id: 5, full: true, operationId: 'getUser' });
  });

  test('an invalid parameter is a 400 naming the location and the reason', async () => {
    const res = await fetch(`${server.url}/users/0?full=maybe`);
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/json');
    const body = (await res.json()) as { error: string; errors: Array<{ in: string; name: string; reason: string }> };
    assert.deepEqual(
      body.errors.map((e) => [e.in, e.name]),
      [
        ['path', 'id'],
        ['query', 'full'],
      ],
    );
    assert.match(body.error, /path parameter 'id': must be >= 1; query parameter 'full': must be boolean/);
  });

  test('a missing security requirement is a 401', async () => {
    const res = await fetch(`${server.url}/secret`);
    assert.equal(res.status, 401);
    assert.match(((await res.json()) as { error: string }).error, /API key 'X-Key' in header/);
    assert.equal((await fetch(`${server.url}/secret`, { headers: { 'X-Key': 'k' } })).status, 200);
  });

  test('a multipart body is read and validated before the handler', async () => {
    const form = new FormData();
    form.append('title', 'Dune');
    form.append('copies', '3');
    form.append('file', new Blob(['data']), 'dune.txt');
    const res = await fetch(`${server.url}/uploads`, { method: 'POST', body: form });
    const answer = await res.text();
    assert.equal(res.status, 201, answer);
    assert.deepEqual((JSON.parse(answer) as { body: unknown }).body, { title: 'Dune', copies: 3, file: '' });
    const short = new FormData();
    short.append('title', 'D');
    const bad = await fetch(`${server.url}/uploads`, { method: 'POST', body: short });
    assert.equal(bad.status, 400);
    const errors = ((await bad.json()) as { errors: Array<{ in: string; reason: string }> }).errors;
    assert.deepEqual(errors.map((e) => e.reason).sort(), [
      'must NOT have fewer than 2 characters',
      "must have required property 'file'",
    ]);
  });

  test('JSON and urlencoded bodies, a missing body, a wrong media type', async () => {
    const post = (body: string | undefined, type?: string) =>
      fetch(`${server.url}/uploads`, {
        method: 'POST',
        ...(body === undefined ? {} : { body }),
        headers: type ? { 'Content-Type': type } : {},
      });
    const json = await post('{"title":"Dune"}', 'application/json');
    assert.equal(json.status, 201);
    assert.deepEqual(((await json.json()) as { body: unknown }).body, { title: 'Dune' });
    const urlencoded = await post('title=Dune&copies=2', 'application/x-www-form-urlencoded');
    assert.equal(urlencoded.status, 201);
    assert.deepEqual(((await urlencoded.json()) as { body: unknown }).body, { title: 'Dune', copies: 2 });
    const missing = await post(undefined);
    assert.equal(missing.status, 400);
    assert.match(((await missing.json()) as { error: string }).error, /body: a request body is required/);
    const csv = await post('a,b', 'text/csv');
    assert.equal(csv.status, 400);
    assert.match(((await csv.json()) as { error: string }).error, /media type 'text\/csv' is not one of/);
  });

  test('paths and methods the document does not describe are left to the router', async () => {
    assert.equal((await fetch(`${server.url}/undocumented`)).status, 200);
    assert.equal((await fetch(`${server.url}/nothing`)).status, 404);
    assert.equal((await fetch(`${server.url}/secret`, { method: 'DELETE' })).status, 405);
  });

  test('file and streamed answers are sent without their bodies being read for validation', async () => {
    logger.lines.length = 0;
    const file = await fetch(`${server.url}/file`);
    assert.equal(file.status, 200);
    assert.equal(((await file.json()) as { openapi: string }).openapi, '3.0.0');
    const stream = await fetch(`${server.url}/file?stream`);
    assert.deepEqual(await stream.json(), { x: 1 });
    assert.deepEqual(logger.lines, []);
  });

  test('an invalid answer is logged, and a 500 with failWith500', async () => {
    logger.lines.length = 0;
    const logged = await fetch(`${server.url}/users/13`);
    assert.equal(logged.status, 200);
    assert.deepEqual(await logged.json(), { name: 'thirteen' });
    assert.ok(
      logger.lines.some((line) => /API output error: body: must have required property 'id'/.test(String(line[0]))),
      JSON.stringify(logger.lines),
    );
    const failed = await fetch(`${strict.url}/users/13`);
    assert.equal(failed.status, 500);
    assert.match(((await failed.json()) as { error: string }).error, /API output error/);
  });
});

describe('the adapters', () => {
  test('route rules as path templates', () => {
    assert.equal(pathTemplate('/arg/<arg:int>'), '/arg/{arg}');
    assert.equal(pathTemplate('/a/<x>/b/<y:re:[a-z]+>'), '/a/{x}/b/{y}');
    assert.equal(pathTemplate('/plain'), '/plain');
  });

  test('OpenAPIRequest and OpenAPIResponse read a request and a response', async () => {
    const app = new Application('openapi-adapters');
    let seen: Record<string, unknown> = {};
    app.route('/arg/<arg:uuid>', (req: Request) => {
      const api = apiRequest(req);
      assert.equal(apiRequest(req), api, 'made once per request');
      seen = {
        hostUrl: api.hostUrl,
        path: api.path,
        rawPath: api.rawPath,
        method: api.method,
        pattern: api.pathPattern,
        full: api.fullUrlPattern,
        pathArgs: api.parameters.path,
        query: [...api.parameters.query],
        header: api.parameters.header('x-a'),
        cookie: api.parameters.cookie,
        mimetype: api.mimetype,
        body: api.body,
        form: api.form,
      };
      const res = new JSONResponse(
        { ok: true },
        { headers: { 'Content-Type': 'application/problem+json; charset=utf-8' } },
      );
      const apiRes = new OpenAPIResponse(res);
      seen.res = [
        apiRes.statusCode,
        apiRes.mimetype,
        new TextDecoder().decode(apiRes.data),
        apiRes.header('content-type'),
      ];
      return res;
    });
    app.route('/free', (req: Request) => {
      const api = new OpenAPIRequest(req);
      return `${api.pathPattern ?? 'none'} ${api.fullUrlPattern}`;
    });
    const running = await start(app);
    try {
      const id = '3E4666BF-D5E5-4AA7-B8CE-CEFE41C7568A';
      await fetch(`${running.url}/arg/${id}?a=1&a=2&b=%20x`, { headers: { 'X-A': 'v', Cookie: 'c=d' } });
      assert.deepEqual(seen, {
        hostUrl: `http://127.0.0.1:${running.port}`,
        path: `/arg/${id}`,
        rawPath: `/arg/${id}`,
        method: 'get',
        pattern: '/arg/{arg}',
        full: `http://127.0.0.1:${running.port}/arg/{arg}`,
        pathArgs: { arg: id.toLowerCase() },
        query: [
          ['a', ['1', '2']],
          ['b', [' x']],
        ],
        header: 'v',
        cookie: Object.assign(Object.create(null), { c: 'd' }),
        mimetype: '',
        body: undefined,
        form: undefined,
        res: [200, 'application/problem+json', '{"ok":true}', 'application/problem+json; charset=utf-8'],
      });
      assert.equal(await (await fetch(`${running.url}/free`)).text(), `/free http://127.0.0.1:${running.port}/free`);
    } finally {
      await running.close();
    }
  });
});
