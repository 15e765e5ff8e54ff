/**
 * OpenAPIValidator over the table of documents.ts (every parameter kind,
 * each security scheme, bodies, OpenAPI 3.0 and 3.1), response validation,
 * and the start-up errors of broken documents.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { PoorWSGIError } from '../../../src/errors/poorwsgi-error.ts';
import { type OpenAPIResponseLike, OpenAPIValidator } from '../../../src/openapi/index.ts';
import { CASES, DOC_30, DOC_31, requestOf } from './documents.ts';

const validators = new Map<string, OpenAPIValidator>();

before(async () => {
  validators.set('3.0', await OpenAPIValidator.create(DOC_30));
  validators.set('3.1', await OpenAPIValidator.create(DOC_31));
});

describe('request validation, table-driven', () => {
  for (const c of CASES) {
    test(`${c.doc} ${c.name}: ${c.expect}`, () => {
      const result = (validators.get(c.doc) as OpenAPIValidator).validateRequest(requestOf(c));
      assert.equal(result.status, c.expect, JSON.stringify(result.issues));
      if (c.where !== undefined) assert.equal(result.issues[0]?.in, c.where, JSON.stringify(result.issues));
      if (c.expect === 'unauthorized') assert.equal(result.issues[0]?.in, 'security');
      for (const [where, values] of Object.entries(c.values ?? {})) {
        for (const [name, value] of Object.entries(values)) {
          assert.deepEqual(result.params[where as 'path'][name], value, `${where} ${name}`);
        }
      }
      if (c.bodyValue !== undefined) assert.deepEqual(result.body, c.bodyValue);
    });
  }

  test('an unknown path and an unknown method say which', () => {
    const v = validators.get('3.0') as OpenAPIValidator;
    const path = v.validateRequest(
      requestOf({ name: '', doc: '3.0', method: 'get', target: '/api/x', expect: 'notFound' }),
    );
    assert.equal(path.notFound, 'path');
    const op = v.validateRequest(
      requestOf({ name: '', doc: '3.0', method: 'put', target: '/api/things', expect: 'notFound' }),
    );
    assert.equal(op.notFound, 'operation');
  });

  test('the route template given by the adapter is used first', () => {
    const v = validators.get('3.0') as OpenAPIValidator;
    const request = {
      ...requestOf({ name: '', doc: '3.0', method: 'get', target: '/api/items/9?must=x', expect: 'valid' }),
    };
    const result = v.validateRequest({ ...request, pathPattern: '/items/{id}' });
    assert.equal(result.status, 'valid');
    assert.equal(result.operation?.operationId, 'getItem');
    assert.deepEqual(result.params.path, { id: 9 });
  });
});

function response(
  status: number,
  mimetype: string,
  body: string | undefined,
  headers: Record<string, string> = {},
  bytes?: Uint8Array,
): OpenAPIResponseLike {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    statusCode: status,
    mimetype,
    data: bytes ?? (body === undefined ? undefined : new TextEncoder().encode(body)),
    header: (name) => lower.get(name.toLowerCase()),
  };
}

describe('response validation', () => {
  const get = requestOf({ name: '', doc: '3.0', method: 'get', target: '/api/items/7?must=x', expect: 'valid' });
  const rows: ReadonlyArray<[string, OpenAPIResponseLike, 'valid' | 'invalid', string?]> = [
    [
      'a valid answer',
      response(200, 'application/json', '{"id":1,"name":"a","tag":null}', { 'X-Count': '1' }),
      'valid',
    ],
    [
      'nullable enum and composition',
      response(200, 'application/json', '{"id":1,"name":"a","color":null,"ref":null}', { 'X-Count': '1' }),
      'valid',
    ],
    [
      'a nullable enum given another value',
      response(200, 'application/json', '{"id":1,"name":"a","color":"blue"}', { 'X-Count': '1' }),
      'invalid',
      'body',
    ],
    [
      'a body that is not UTF-8',
      response(200, 'application/json', undefined, { 'X-Count': '1' }, new Uint8Array([0xff])),
      'invalid',
      'body',
    ],
    [
      'a body missing a required property',
      response(200, 'application/json', '{"id":1}', { 'X-Count': '1' }),
      'invalid',
      'body',
    ],
    [
      'a nullable property of the wrong type',
      response(200, 'application/json', '{"id":1,"name":"a","tag":3}', { 'X-Count': '1' }),
      'invalid',
      'body',
    ],
    ['a required header missing', response(200, 'application/json', '{"id":1,"name":"a"}'), 'invalid', 'header'],
    [
      'a header of the wrong type',
      response(200, 'application/json', '{"id":1,"name":"a"}', { 'X-Count': 'x' }),
      'invalid',
      'header',
    ],
    ['an undocumented media type', response(200, 'text/html', '<p>', { 'X-Count': '1' }), 'invalid', 'body'],
    ['a body that is not JSON', response(200, 'application/json', '{', { 'X-Count': '1' }), 'invalid', 'body'],
    ['a status answered by default', response(500, 'application/json', '{}'), 'valid'],
    ['a streamed body is not read', response(200, 'application/json', undefined, { 'X-Count': '1' }), 'valid'],
  ];
  for (const [name, res, expect, where] of rows) {
    test(name, () => {
      const result = (validators.get('3.0') as OpenAPIValidator).validateResponse(get, res);
      assert.equal(result.status, expect, JSON.stringify(result.issues));
      if (where !== undefined) assert.equal(result.issues[0]?.in, where);
    });
  }

  test('an undocumented status, strict by default, allowed with strictStatus: false', async () => {
    const latest = requestOf({ name: '', doc: '3.0', method: 'get', target: '/api/items/latest', expect: 'valid' });
    const strict = (validators.get('3.0') as OpenAPIValidator).validateResponse(
      latest,
      response(404, 'text/plain', 'x'),
    );
    assert.equal(strict.status, 'invalid');
    assert.equal(strict.issues[0]?.in, 'status');
    const lenient = await OpenAPIValidator.create(DOC_30, { strictStatus: false });
    assert.equal(lenient.validateResponse(latest, response(404, 'text/plain', 'x')).status, 'valid');
  });

  test('a response to a request the document does not describe is not validated', () => {
    const unknown = requestOf({ name: '', doc: '3.0', method: 'get', target: '/nowhere', expect: 'notFound' });
    assert.equal(
      (validators.get('3.0') as OpenAPIValidator).validateResponse(unknown, response(200, 'x/y', '')).status,
      'notFound',
    );
  });
});

describe('broken documents fail at start-up', () => {
  const broken: ReadonlyArray<[string, unknown, RegExp]> = [
    ['not OpenAPI', { swagger: '2.0' }, /OpenAPI 3\.0 or 3\.1/],
    ['OpenAPI 4', { openapi: '4.0.0', paths: {} }, /OpenAPI 3\.0 or 3\.1/],
    [
      'a broken parameter $ref',
      {
        openapi: '3.0.0',
        paths: { '/a': { get: { parameters: [{ $ref: '#/components/parameters/nope' }], responses: {} } } },
      },
      /Broken \$ref '#\/components\/parameters\/nope'/,
    ],
    [
      'a broken schema $ref',
      {
        openapi: '3.0.0',
        paths: {
          '/a': {
            get: {
              parameters: [{ name: 'a', in: 'query', schema: { $ref: '#/components/schemas/Missing' } }],
              responses: {},
            },
          },
        },
      },
      /does not compile/,
    ],
    ['an external $ref', { openapi: '3.1.0', paths: { '/a': { $ref: 'other.json#/a' } } }, /Only internal \$refs/],
    [
      'a cycle of $refs',
      { openapi: '3.0.0', paths: { '/a': { $ref: '#/paths/~1b' }, '/b': { $ref: '#/paths/~1a' } } },
      /cycle/,
    ],
    [
      'a parameter without in',
      { openapi: '3.0.0', paths: { '/a': { get: { parameters: [{ name: 'a' }], responses: {} } } } },
      /needs a name/,
    ],
    [
      'an unknown security scheme',
      { openapi: '3.0.0', paths: { '/a': { get: { security: [{ Nope: [] }], responses: {} } } } },
      /unknown security scheme 'Nope'/,
    ],
    ['a server URL that is no URL', { openapi: '3.0.0', servers: [{ url: 'http://[' }], paths: {} }, /not a URL/],
    ['parameters that are not a list', { openapi: '3.0.0', paths: { '/a': { parameters: {} } } }, /must be a list/],
  ];
  for (const [name, doc, message] of broken) {
    test(name, async () => {
      await assert.rejects(OpenAPIValidator.create(doc), (err: unknown) => {
        assert.ok(err instanceof PoorWSGIError);
        assert.equal(err.code, 'PW_ERR_OPENAPI');
        assert.match(err.message, message);
        return true;
      });
    });
  }
});
