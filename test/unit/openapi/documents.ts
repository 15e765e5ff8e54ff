/**
 * The OpenAPI documents of the validator's tests, and the table of requests
 * each case sends with the verdict expected. The same table runs through
 * poorwsgi/openapi (validator.test.ts) and an established validator
 * (differential.test.ts).
 * @module
 */
import type { OpenAPIRequestLike, RequestParameters } from '../../../src/openapi/index.ts';

/** An OpenAPI 3.0 document with every parameter kind, each security scheme, bodies and responses. */
export const DOC_30 = {
  openapi: '3.0.3',
  info: { title: 'table', version: '1' },
  servers: [{ url: 'http://localhost:8080/api' }],
  paths: {
    '/items/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
      get: {
        operationId: 'getItem',
        parameters: [
          { name: 'ids', in: 'query', schema: { type: 'array', items: { type: 'integer' } } },
          { name: 'tags', in: 'query', explode: false, schema: { type: 'array', items: { type: 'string' } } },
          { name: 'pipes', in: 'query', style: 'pipeDelimited', schema: { type: 'array', items: { type: 'string' } } },
          {
            name: 'filter',
            in: 'query',
            style: 'deepObject',
            explode: true,
            schema: { type: 'object', properties: { size: { type: 'integer' }, color: { type: 'string' } } },
          },
          { name: 'flag', in: 'query', schema: { type: 'boolean' } },
          { name: 'code', in: 'query', schema: { type: 'string', pattern: '^[A-Z]{3}$' } },
          { name: 'X-Rate', in: 'header', schema: { type: 'integer', maximum: 100 } },
          { name: 'lang', in: 'cookie', schema: { type: 'string', enum: ['en', 'cs'] } },
          { name: 'note', in: 'query', schema: { type: 'string', nullable: true } },
          { name: 'must', in: 'query', required: true, schema: { type: 'string' } },
          {
            name: 'page',
            in: 'query',
            schema: { type: 'object', properties: { limit: { type: 'integer' }, offset: { type: 'integer' } } },
          },
          {
            name: 'rgb',
            in: 'query',
            explode: false,
            schema: { type: 'object', properties: { R: { type: 'integer' }, G: { type: 'integer' } } },
          },
          { name: 'mode', in: 'query', schema: { enum: ['auto', 1] } },
          {
            name: 'where',
            in: 'query',
            content: { 'application/json': { schema: { type: 'object', properties: { a: { type: 'integer' } } } } },
          },
        ],
        responses: {
          '200': {
            description: 'OK',
            headers: { 'X-Count': { required: true, schema: { type: 'integer' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
          },
          default: { description: 'error', content: { 'application/json': { schema: { type: 'object' } } } },
        },
      },
    },
    '/items/latest': {
      get: { responses: { '200': { description: 'OK', content: { 'text/plain': { schema: { type: 'string' } } } } } },
    },
    '/label/{ids}': {
      get: {
        parameters: [
          {
            name: 'ids',
            in: 'path',
            required: true,
            style: 'label',
            schema: { type: 'array', items: { type: 'integer' } },
          },
        ],
        responses: { '204': { description: 'none' } },
      },
    },
    '/matrix/{point}': {
      get: {
        parameters: [
          {
            name: 'point',
            in: 'path',
            required: true,
            style: 'matrix',
            explode: true,
            schema: { type: 'object', properties: { x: { type: 'integer' }, y: { type: 'integer' } }, required: ['x'] },
          },
        ],
        responses: { '204': { description: 'none' } },
      },
    },
    '/mx/{list}': {
      get: {
        parameters: [
          {
            name: 'list',
            in: 'path',
            required: true,
            style: 'matrix',
            explode: true,
            schema: { type: 'array', items: { type: 'integer' } },
          },
        ],
        responses: { '204': { description: 'none' } },
      },
    },
    '/mp/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, style: 'matrix', schema: { type: 'integer' } }],
        responses: { '204': { description: 'none' } },
      },
    },
    '/lp/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, style: 'label', schema: { type: 'integer' } }],
        responses: { '204': { description: 'none' } },
      },
    },
    '/obj/{o}': {
      get: {
        parameters: [
          {
            name: 'o',
            in: 'path',
            required: true,
            schema: { type: 'object', properties: { x: { type: 'integer' }, y: { type: 'string' } } },
          },
        ],
        responses: { '204': { description: 'none' } },
      },
    },
    '/choice/{v}': {
      get: {
        parameters: [{ name: 'v', in: 'path', required: true, schema: { $ref: '#/components/schemas/NumberOrUuid' } }],
        responses: { '204': { description: 'none' } },
      },
    },
    '/things': {
      post: {
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/Thing' } },
            'application/x-www-form-urlencoded': {
              schema: {
                type: 'object',
                required: ['name'],
                properties: {
                  name: { type: 'string' },
                  n: { type: 'integer' },
                  list: { type: 'array', items: { type: 'integer' } },
                },
              },
            },
          },
        },
        responses: { '201': { description: 'created' } },
      },
    },
    '/counts': {
      post: {
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { count: { type: 'integer', minimum: 0, exclusiveMinimum: true } },
              },
            },
          },
        },
        responses: { '201': { description: 'created' } },
      },
    },
    '/secure/header': { get: { security: [{ HeaderKey: [] }], responses: { '204': { description: 'ok' } } } },
    '/secure/query': { get: { security: [{ QueryKey: [] }], responses: { '204': { description: 'ok' } } } },
    '/secure/cookie': { get: { security: [{ CookieKey: [] }], responses: { '204': { description: 'ok' } } } },
    '/secure/basic': { get: { security: [{ Basic: [] }], responses: { '204': { description: 'ok' } } } },
    '/secure/bearer': { get: { security: [{ Bearer: [] }], responses: { '204': { description: 'ok' } } } },
    '/secure/either': {
      get: { security: [{ HeaderKey: [], QueryKey: [] }, { Bearer: [] }], responses: { '204': { description: 'ok' } } },
    },
    '/secure/oauth': { get: { security: [{ OAuth: ['read'] }], responses: { '204': { description: 'ok' } } } },
    '/secure/mtls': { get: { security: [{ Mutual: [] }], responses: { '204': { description: 'ok' } } } },
    '/secure/optional': { get: { security: [{ Bearer: [] }, {}], responses: { '204': { description: 'ok' } } } },
  },
  components: {
    schemas: {
      Item: {
        type: 'object',
        required: ['id', 'name'],
        properties: {
          id: { type: 'integer', minimum: 1 },
          name: { type: 'string' },
          tag: { type: 'string', nullable: true },
          color: { enum: ['red'], nullable: true },
          ref: { allOf: [{ type: 'string' }], nullable: true },
        },
      },
      Thing: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', pattern: '^[a-z]+$' },
          count: { type: 'integer', minimum: 1 },
          id: { type: 'string', format: 'uuid' },
          kind: { oneOf: [{ type: 'string', enum: ['a', 'b'] }, { type: 'integer' }] },
        },
      },
      NumberOrUuid: { oneOf: [{ type: 'number' }, { type: 'string', format: 'uuid' }] },
    },
    securitySchemes: {
      HeaderKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      QueryKey: { type: 'apiKey', in: 'query', name: 'api_key' },
      CookieKey: { type: 'apiKey', in: 'cookie', name: 'SESSID' },
      Basic: { type: 'http', scheme: 'basic' },
      Bearer: { type: 'http', scheme: 'bearer' },
      OAuth: { type: 'oauth2', flows: {} },
      Mutual: { type: 'mutualTLS' },
    },
  },
} as const;

/** An OpenAPI 3.1 document: type arrays, `prefixItems`, `const`, null. */
export const DOC_31 = {
  openapi: '3.1.0',
  info: { title: 'table 3.1', version: '1' },
  paths: {
    '/points': {
      post: {
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['at'],
                properties: {
                  at: { type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }], items: false },
                  label: { type: ['string', 'null'] },
                  kind: { const: 'point' },
                },
              },
            },
          },
        },
        responses: { '201': { description: 'created' } },
      },
    },
    '/maybe/{n}': {
      get: {
        parameters: [{ name: 'n', in: 'path', required: true, schema: { type: ['integer', 'null'], minimum: 0 } }],
        responses: { '204': { description: 'none' } },
      },
    },
  },
} as const;

/** One row of the table. */
export interface Case {
  readonly name: string;
  readonly doc: '3.0' | '3.1';
  readonly method: string;
  /** Path and query as sent, percent-encoded. */
  readonly target: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly cookies?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly mimetype?: string;
  readonly expect: 'valid' | 'invalid' | 'unauthorized' | 'notFound';
  /** Where the (first) issue is, for invalid requests. */
  readonly where?: string;
  /** Some of the coerced values, for valid ones: location → name → value. */
  readonly values?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The decoded body, for valid ones. */
  readonly bodyValue?: unknown;
}

const ok = { must: 'x' };
const item = (query: string) => `/api/items/7?must=x${query}`;

/** The table. */
export const CASES: readonly Case[] = [
  {
    name: 'path integer',
    doc: '3.0',
    method: 'get',
    target: '/api/items/7?must=x',
    expect: 'valid',
    values: { path: { id: 7 }, query: ok },
  },
  {
    name: 'path integer below minimum',
    doc: '3.0',
    method: 'get',
    target: '/api/items/0?must=x',
    expect: 'invalid',
    where: 'path',
  },
  {
    name: 'path integer not a number',
    doc: '3.0',
    method: 'get',
    target: '/api/items/abc?must=x',
    expect: 'invalid',
    where: 'path',
  },
  {
    name: 'path integer with a fraction',
    doc: '3.0',
    method: 'get',
    target: '/api/items/1.5?must=x',
    expect: 'invalid',
    where: 'path',
  },
  { name: 'a literal path before a template', doc: '3.0', method: 'get', target: '/api/items/latest', expect: 'valid' },
  { name: 'unknown path', doc: '3.0', method: 'get', target: '/api/nothing', expect: 'notFound' },
  { name: 'outside the server base path', doc: '3.0', method: 'get', target: '/items/7?must=x', expect: 'notFound' },
  { name: 'unknown method', doc: '3.0', method: 'delete', target: '/api/items/7', expect: 'notFound' },
  {
    name: 'required query missing',
    doc: '3.0',
    method: 'get',
    target: '/api/items/7',
    expect: 'invalid',
    where: 'query',
  },
  {
    name: 'query array, form exploded',
    doc: '3.0',
    method: 'get',
    target: item('&ids=1&ids=2'),
    expect: 'valid',
    values: { query: { ids: [1, 2] } },
  },
  {
    name: 'query array item not an integer',
    doc: '3.0',
    method: 'get',
    target: item('&ids=1&ids=x'),
    expect: 'invalid',
    where: 'query',
  },
  {
    name: 'query array, form not exploded',
    doc: '3.0',
    method: 'get',
    target: item('&tags=a,b,c'),
    expect: 'valid',
    values: { query: { tags: ['a', 'b', 'c'] } },
  },
  {
    name: 'query array, pipeDelimited',
    doc: '3.0',
    method: 'get',
    target: item('&pipes=a|b'),
    expect: 'valid',
    values: { query: { pipes: ['a', 'b'] } },
  },
  {
    name: 'query object, deepObject',
    doc: '3.0',
    method: 'get',
    target: item('&filter[size]=3&filter[color]=red'),
    expect: 'valid',
    values: { query: { filter: { size: 3, color: 'red' } } },
  },
  {
    name: 'query deepObject property of a wrong type',
    doc: '3.0',
    method: 'get',
    target: item('&filter[size]=big'),
    expect: 'invalid',
    where: 'query',
  },
  {
    name: 'query boolean',
    doc: '3.0',
    method: 'get',
    target: item('&flag=true'),
    expect: 'valid',
    values: { query: { flag: true } },
  },
  {
    name: 'query boolean not a boolean',
    doc: '3.0',
    method: 'get',
    target: item('&flag=yes'),
    expect: 'invalid',
    where: 'query',
  },
  {
    name: 'query pattern',
    doc: '3.0',
    method: 'get',
    target: item('&code=ABC'),
    expect: 'valid',
    values: { query: { code: 'ABC' } },
  },
  {
    name: 'query pattern mismatch',
    doc: '3.0',
    method: 'get',
    target: item('&code=abcd'),
    expect: 'invalid',
    where: 'query',
  },
  {
    name: 'query percent-encoded',
    doc: '3.0',
    method: 'get',
    target: item('&code=%41BC'),
    expect: 'valid',
    values: { query: { code: 'ABC' } },
  },
  {
    name: 'header integer',
    doc: '3.0',
    method: 'get',
    target: item(''),
    headers: { 'X-Rate': '42' },
    expect: 'valid',
    values: { header: { 'X-Rate': 42 } },
  },
  {
    name: 'header over maximum',
    doc: '3.0',
    method: 'get',
    target: item(''),
    headers: { 'X-Rate': '101' },
    expect: 'invalid',
    where: 'header',
  },
  {
    name: 'cookie enum',
    doc: '3.0',
    method: 'get',
    target: item(''),
    cookies: { lang: 'cs' },
    expect: 'valid',
    values: { cookie: { lang: 'cs' } },
  },
  {
    name: 'cookie not in enum',
    doc: '3.0',
    method: 'get',
    target: item(''),
    cookies: { lang: 'de' },
    expect: 'invalid',
    where: 'cookie',
  },
  {
    name: 'path label array',
    doc: '3.0',
    method: 'get',
    target: '/api/label/.1,2,3',
    expect: 'valid',
    values: { path: { ids: [1, 2, 3] } },
  },
  {
    name: 'path matrix object exploded',
    doc: '3.0',
    method: 'get',
    target: '/api/matrix/;x=1;y=2',
    expect: 'valid',
    values: { path: { point: { x: 1, y: 2 } } },
  },
  {
    name: 'path matrix object missing a required property',
    doc: '3.0',
    method: 'get',
    target: '/api/matrix/;y=2',
    expect: 'invalid',
    where: 'path',
  },
  {
    name: 'query object, form exploded',
    doc: '3.0',
    method: 'get',
    target: item('&limit=5&offset=10'),
    expect: 'valid',
    values: { query: { page: { limit: 5, offset: 10 } } },
  },
  {
    name: 'query object, form not exploded',
    doc: '3.0',
    method: 'get',
    target: item('&rgb=R,100,G,200'),
    expect: 'valid',
    values: { query: { rgb: { R: 100, G: 200 } } },
  },
  {
    name: 'query enum without a type',
    doc: '3.0',
    method: 'get',
    target: item('&mode=1'),
    expect: 'valid',
    values: { query: { mode: 1 } },
  },
  {
    name: 'query enum without a type: not in it',
    doc: '3.0',
    method: 'get',
    target: item('&mode=2'),
    expect: 'invalid',
    where: 'query',
  },
  {
    name: 'query JSON content',
    doc: '3.0',
    method: 'get',
    target: item('&where=%7B%22a%22%3A1%7D'),
    expect: 'valid',
    values: { query: { where: { a: 1 } } },
  },
  {
    name: 'query JSON content: not JSON',
    doc: '3.0',
    method: 'get',
    target: item('&where=%7B'),
    expect: 'invalid',
    where: 'query',
  },
  {
    name: 'query JSON content: wrong type',
    doc: '3.0',
    method: 'get',
    target: item('&where=%7B%22a%22%3A%22x%22%7D'),
    expect: 'invalid',
    where: 'query',
  },
  {
    name: 'path matrix array exploded',
    doc: '3.0',
    method: 'get',
    target: '/api/mx/;list=1;list=2',
    expect: 'valid',
    values: { path: { list: [1, 2] } },
  },
  {
    name: 'path matrix primitive',
    doc: '3.0',
    method: 'get',
    target: '/api/mp/;id=5',
    expect: 'valid',
    values: { path: { id: 5 } },
  },
  {
    name: 'path label primitive',
    doc: '3.0',
    method: 'get',
    target: '/api/lp/.5',
    expect: 'valid',
    values: { path: { id: 5 } },
  },
  {
    name: 'path label primitive without its dot',
    doc: '3.0',
    method: 'get',
    target: '/api/lp/5',
    expect: 'valid',
    values: { path: { id: 5 } },
  },
  {
    name: 'path simple object',
    doc: '3.0',
    method: 'get',
    target: '/api/obj/x,1,y,a%20b',
    expect: 'valid',
    values: { path: { o: { x: 1, y: 'a b' } } },
  },
  {
    name: 'path integer with leading zeros',
    doc: '3.0',
    method: 'get',
    target: '/api/items/007?must=x',
    expect: 'valid',
    values: { path: { id: 7 } },
  },
  {
    name: 'oneOf: a number in exponent form',
    doc: '3.0',
    method: 'get',
    target: '/api/choice/1e3',
    expect: 'valid',
    values: { path: { v: 1000 } },
  },
  {
    name: 'oneOf: a number without its integer part',
    doc: '3.0',
    method: 'get',
    target: '/api/choice/.5',
    expect: 'valid',
    values: { path: { v: 0.5 } },
  },
  {
    name: 'path with bad percent-encoding',
    doc: '3.0',
    method: 'get',
    target: '/api/choice/%E0%A4%A',
    expect: 'invalid',
    where: 'path',
  },
  {
    name: 'oneOf: a number',
    doc: '3.0',
    method: 'get',
    target: '/api/choice/3.5',
    expect: 'valid',
    values: { path: { v: 3.5 } },
  },
  {
    name: 'oneOf: a uuid',
    doc: '3.0',
    method: 'get',
    target: '/api/choice/3e4666bf-d5e5-4aa7-b8ce-cefe41c7568a',
    expect: 'valid',
    values: { path: { v: '3e4666bf-d5e5-4aa7-b8ce-cefe41c7568a' } },
  },
  { name: 'oneOf: neither', doc: '3.0', method: 'get', target: '/api/choice/ok', expect: 'invalid', where: 'path' },
  {
    name: 'JSON body',
    doc: '3.0',
    method: 'post',
    target: '/api/things',
    body: '{"name":"abc","count":1,"id":"3e4666bf-d5e5-4aa7-b8ce-cefe41c7568a","kind":"a"}',
    mimetype: 'application/json',
    expect: 'valid',
    bodyValue: { name: 'abc', count: 1, id: '3e4666bf-d5e5-4aa7-b8ce-cefe41c7568a', kind: 'a' },
  },
  {
    name: 'JSON body: minimum',
    doc: '3.0',
    method: 'post',
    target: '/api/things',
    body: '{"name":"abc","count":0}',
    mimetype: 'application/json',
    expect: 'invalid',
    where: 'body',
  },
  {
    name: 'JSON body: exclusiveMinimum met',
    doc: '3.0',
    method: 'post',
    target: '/api/counts',
    body: '{"count":1}',
    mimetype: 'application/json',
    expect: 'valid',
  },
  {
    name: 'JSON body: pattern',
    doc: '3.0',
    method: 'post',
    target: '/api/things',
    body: '{"name":"ABC"}',
    mimetype: 'application/json',
    expect: 'invalid',
    where: 'body',
  },
  {
    name: 'JSON body: exclusiveMinimum (3.0 boolean)',
    doc: '3.0',
    method: 'post',
    target: '/api/counts',
    body: '{"count":0}',
    mimetype: 'application/json',
    expect: 'invalid',
    where: 'body',
  },
  {
    name: 'JSON body: uuid format',
    doc: '3.0',
    method: 'post',
    target: '/api/things',
    body: '{"name":"a","id":"nope"}',
    mimetype: 'application/json',
    expect: 'invalid',
    where: 'body',
  },
  {
    name: 'JSON body: oneOf',
    doc: '3.0',
    method: 'post',
    target: '/api/things',
    body: '{"name":"a","kind":"c"}',
    mimetype: 'application/json',
    expect: 'invalid',
    where: 'body',
  },
  {
    name: 'JSON body: additional property',
    doc: '3.0',
    method: 'post',
    target: '/api/things',
    body: '{"name":"a","x":1}',
    mimetype: 'application/json',
    expect: 'invalid',
    where: 'body',
  },
  {
    name: 'JSON body: not JSON',
    doc: '3.0',
    method: 'post',
    target: '/api/things',
    body: '{"name":',
    mimetype: 'application/json',
    expect: 'invalid',
    where: 'body',
  },
  { name: 'missing body', doc: '3.0', method: 'post', target: '/api/things', expect: 'invalid', where: 'body' },
  {
    name: 'wrong media type',
    doc: '3.0',
    method: 'post',
    target: '/api/things',
    body: 'name=abc',
    mimetype: 'text/csv',
    expect: 'invalid',
    where: 'body',
  },
  {
    name: 'urlencoded body',
    doc: '3.0',
    method: 'post',
    target: '/api/things',
    body: 'name=abc&n=3&list=1&list=2',
    mimetype: 'application/x-www-form-urlencoded',
    expect: 'valid',
    bodyValue: { name: 'abc', n: 3, list: [1, 2] },
  },
  {
    name: 'urlencoded body: wrong type',
    doc: '3.0',
    method: 'post',
    target: '/api/things',
    body: 'name=abc&n=x',
    mimetype: 'application/x-www-form-urlencoded',
    expect: 'invalid',
    where: 'body',
  },
  {
    name: 'apiKey in header',
    doc: '3.0',
    method: 'get',
    target: '/api/secure/header',
    headers: { 'X-API-Key': 'k' },
    expect: 'valid',
  },
  { name: 'apiKey in header missing', doc: '3.0', method: 'get', target: '/api/secure/header', expect: 'unauthorized' },
  { name: 'apiKey in query', doc: '3.0', method: 'get', target: '/api/secure/query?api_key=k', expect: 'valid' },
  { name: 'apiKey in query missing', doc: '3.0', method: 'get', target: '/api/secure/query', expect: 'unauthorized' },
  {
    name: 'apiKey in cookie',
    doc: '3.0',
    method: 'get',
    target: '/api/secure/cookie',
    cookies: { SESSID: 's' },
    expect: 'valid',
  },
  { name: 'apiKey in cookie missing', doc: '3.0', method: 'get', target: '/api/secure/cookie', expect: 'unauthorized' },
  {
    name: 'http basic',
    doc: '3.0',
    method: 'get',
    target: '/api/secure/basic',
    headers: { Authorization: 'Basic dTpw' },
    expect: 'valid',
  },
  {
    name: 'http basic given a bearer token',
    doc: '3.0',
    method: 'get',
    target: '/api/secure/basic',
    headers: { Authorization: 'Bearer t' },
    expect: 'unauthorized',
  },
  {
    name: 'http bearer',
    doc: '3.0',
    method: 'get',
    target: '/api/secure/bearer',
    headers: { Authorization: 'Bearer t' },
    expect: 'valid',
  },
  {
    name: 'http bearer without a token',
    doc: '3.0',
    method: 'get',
    target: '/api/secure/bearer',
    headers: { Authorization: 'Bearer' },
    expect: 'unauthorized',
  },
  {
    name: 'either: both keys',
    doc: '3.0',
    method: 'get',
    target: '/api/secure/either?api_key=k',
    headers: { 'X-API-Key': 'k' },
    expect: 'valid',
  },
  {
    name: 'either: one key of two',
    doc: '3.0',
    method: 'get',
    target: '/api/secure/either?api_key=k',
    expect: 'unauthorized',
  },
  {
    name: 'either: the bearer alternative',
    doc: '3.0',
    method: 'get',
    target: '/api/secure/either',
    headers: { Authorization: 'bearer t' },
    expect: 'valid',
  },
  {
    name: 'oauth2 bearer token',
    doc: '3.0',
    method: 'get',
    target: '/api/secure/oauth',
    headers: { Authorization: 'Bearer t' },
    expect: 'valid',
  },
  {
    name: 'oauth2 without a token',
    doc: '3.0',
    method: 'get',
    target: '/api/secure/oauth',
    headers: { Authorization: 'Basic dTpw' },
    expect: 'unauthorized',
  },
  {
    name: 'mutualTLS is left to the TLS server',
    doc: '3.0',
    method: 'get',
    target: '/api/secure/mtls',
    headers: { Authorization: 'Bearer t' },
    expect: 'valid',
  },
  { name: 'optional security', doc: '3.0', method: 'get', target: '/api/secure/optional', expect: 'valid' },
  {
    name: '3.1 prefixItems',
    doc: '3.1',
    method: 'post',
    target: '/points',
    body: '{"at":[1,2],"label":null,"kind":"point"}',
    mimetype: 'application/json',
    expect: 'valid',
  },
  {
    name: '3.1 prefixItems: wrong item',
    doc: '3.1',
    method: 'post',
    target: '/points',
    body: '{"at":[1,"2"]}',
    mimetype: 'application/json',
    expect: 'invalid',
    where: 'body',
  },
  {
    name: '3.1 prefixItems: an item too many',
    doc: '3.1',
    method: 'post',
    target: '/points',
    body: '{"at":[1,2,3]}',
    mimetype: 'application/json',
    expect: 'invalid',
    where: 'body',
  },
  {
    name: '3.1 type array with null',
    doc: '3.1',
    method: 'post',
    target: '/points',
    body: '{"at":[1,2],"label":3}',
    mimetype: 'application/json',
    expect: 'invalid',
    where: 'body',
  },
  {
    name: '3.1 const',
    doc: '3.1',
    method: 'post',
    target: '/points',
    body: '{"at":[1,2],"kind":"line"}',
    mimetype: 'application/json',
    expect: 'invalid',
    where: 'body',
  },
  {
    name: '3.1 type array path parameter',
    doc: '3.1',
    method: 'get',
    target: '/maybe/5',
    expect: 'valid',
    values: { path: { n: 5 } },
  },
  {
    name: '3.1 type array path parameter below minimum',
    doc: '3.1',
    method: 'get',
    target: '/maybe/-1',
    expect: 'invalid',
    where: 'path',
  },
];

/** A table row as the request a validator reads. */
export function requestOf(c: Case): OpenAPIRequestLike {
  const q = c.target.indexOf('?');
  const rawPath = q === -1 ? c.target : c.target.slice(0, q);
  const query = new Map<string, string[]>();
  if (q !== -1) {
    for (const [k, v] of new URLSearchParams(c.target.slice(q + 1))) query.set(k, [...(query.get(k) ?? []), v]);
  }
  const headers = new Map(Object.entries(c.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const parameters: RequestParameters = {
    path: {},
    query,
    header: (name) => headers.get(name.toLowerCase()),
    cookie: c.cookies ?? {},
  };
  return {
    hostUrl: 'http://localhost:8080',
    rawPath,
    method: c.method,
    pathPattern: undefined,
    parameters,
    body: c.body === undefined ? undefined : new TextEncoder().encode(c.body),
    form: undefined,
    mimetype: c.mimetype ?? '',
  };
}
