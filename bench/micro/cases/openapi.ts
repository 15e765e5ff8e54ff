/**
 * What OpenAPI validation costs: the same request through the whole
 * pipeline (`app.handle`) with and without `poorwsgi/openapi`'s hooks
 * (request and response validated), the validator alone on a request it
 * reads as plain values, and the established validator openapi-backend
 * (a development dependency) on the same request. The document is
 * `examples/openapi.json`; the request is `GET /arg/42` with
 * `Accept: application/json` (a path parameter through `oneOf`, a header
 * through `pattern`) and a JSON answer checked against its schema.
 * @module
 */
import { OpenAPIBackend } from 'openapi-backend';
import { loadDocument } from '../../../examples/openapi3.ts';
import { Application, tuple } from '../../../src/index.ts';
import {
  type OpenAPIRequestLike,
  OpenAPIValidator,
  requestValidation,
  responseValidation,
} from '../../../src/openapi/index.ts';
import type { RawRequest } from '../../../src/request/raw-request.ts';
import type { BenchCase } from '../harness.ts';
import { fakeRequest } from './fake-request.ts';

const HEADERS = ['Host', '127.0.0.1:8080', 'Accept', 'application/json', 'User-Agent', 'bench'];

function makeApp(validator: OpenAPIValidator | undefined): Application {
  const app = new Application('bench-openapi');
  if (validator !== undefined) {
    app.beforeResponse(requestValidation(validator));
    app.afterResponse(responseValidation(validator));
  }
  app.route('/arg/<arg:int>', (_req, arg) => tuple(JSON.stringify({ arg }), 'application/json'));
  return app;
}

/** The OpenAPI cases. */
export async function openapiCases(): Promise<BenchCase[]> {
  const document = loadDocument();
  const validator = await OpenAPIValidator.create(document);
  const plain = makeApp(undefined);
  const validated = makeApp(validator);
  const raw: RawRequest = fakeRequest('GET', '/arg/42', HEADERS);
  for (const [name, app] of [
    ['plain', plain],
    ['validated', validated],
  ] as const) {
    const { response } = await app.handle(raw);
    if (response.statusCode !== 200) throw new Error(`${name}: GET /arg/42 answered ${response.statusCode}`);
  }
  const bad: RawRequest = fakeRequest('GET', '/arg/ok', HEADERS);
  if ((await validated.handle(bad)).response.statusCode !== 400) throw new Error('validated: GET /arg/ok is not a 400');

  const headers = new Map([['accept', 'application/json']]);
  const request: OpenAPIRequestLike = {
    hostUrl: 'http://127.0.0.1:8080',
    rawPath: '/arg/42',
    method: 'get',
    pathPattern: '/arg/{arg}',
    parameters: { path: { arg: 42 }, query: new Map(), header: (n) => headers.get(n.toLowerCase()), cookie: {} },
    body: undefined,
    form: undefined,
    mimetype: '',
  };
  if (validator.validateRequest(request).status !== 'valid') throw new Error('validator: /arg/42 is not valid');

  const definition = structuredClone(document) as { paths: Record<string, Record<string, { operationId?: string }>> };
  for (const [path, item] of Object.entries(definition.paths)) {
    if (item.get !== undefined) item.get.operationId ??= `get ${path}`;
  }
  const backend = new OpenAPIBackend({ definition: definition as never, quick: true, strict: true });
  await backend.init();
  const backendRequest = { method: 'get', path: '/arg/42', headers: { accept: 'application/json' }, query: '' };
  // openapi-backend ignores format: uuid, so 42 matches both branches of the oneOf and it answers "invalid"
  // (test/unit/openapi/differential.test.ts): timed all the same, /json/42 is a request both find valid
  if (backend.validateRequest(backendRequest).valid) throw new Error('openapi-backend: its /arg/42 verdict changed');
  const backendJson = { ...backendRequest, path: '/json/42' };
  if (!backend.validateRequest(backendJson).valid) throw new Error('openapi-backend: /json/42 is not valid');
  const jsonRequest: OpenAPIRequestLike = { ...request, rawPath: '/json/42', pathPattern: '/json/{arg}' };
  if (validator.validateRequest(jsonRequest).status !== 'valid') throw new Error('validator: /json/42 is not valid');

  return [
    { group: 'openapi', name: 'handle GET /arg/42, no validation', fn: () => plain.handle(raw), async: true },
    {
      group: 'openapi',
      name: 'handle GET /arg/42, request and response validated',
      fn: () => validated.handle(raw),
      async: true,
    },
    { group: 'openapi', name: 'handle GET /arg/ok, refused (400 JSON)', fn: () => validated.handle(bad), async: true },
    {
      group: 'openapi',
      name: 'poorwsgi/openapi validateRequest /arg/42 alone',
      fn: () => validator.validateRequest(request),
    },
    {
      group: 'openapi',
      name: 'poorwsgi/openapi validateRequest /json/42 alone',
      fn: () => validator.validateRequest(jsonRequest),
    },
    {
      group: 'openapi',
      name: 'openapi-backend validateRequest /arg/42 (routing included)',
      fn: () => backend.validateRequest(backendRequest),
    },
    {
      group: 'openapi',
      name: 'openapi-backend validateRequest /json/42 (routing included)',
      fn: () => backend.validateRequest(backendJson),
    },
  ];
}
