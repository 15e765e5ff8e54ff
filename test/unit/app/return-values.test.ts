import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type HandlerResult,
  HTTP_CREATED,
  HTTP_GONE,
  JSONResponse,
  NoContentResponse,
  Response,
  type ResponseValue,
  TextResponse,
  tuple,
} from '../../../src/index.ts';
import { X_POWERED_BY } from '../../../src/response/index.ts';
import { ask, logText, makeApp } from '../../helpers/app.ts';

const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const encoder = new TextEncoder();

function* syncChunks() {
  yield encoder.encode('ab');
  yield 'cd';
}

async function* asyncChunks() {
  yield encoder.encode('x');
  await Promise.resolve();
  yield encoder.encode('yz');
}

interface Case {
  readonly name: string;
  readonly value: () => unknown;
  readonly status: number;
  readonly type: string | null;
  readonly body: string;
  readonly length?: string | null;
  readonly powered?: boolean;
}

const CASES: readonly Case[] = [
  { name: 'a string', value: () => 'Hello', status: 200, type: HTML, body: 'Hello', length: '5' },
  { name: 'an empty string', value: () => '', status: 200, type: HTML, body: '' },
  { name: 'a Uint8Array', value: () => encoder.encode('bytes'), status: 200, type: HTML, body: 'bytes', length: '5' },
  { name: 'a Buffer', value: () => Buffer.from('čau'), status: 200, type: HTML, body: 'čau', length: '4' },
  { name: 'an object', value: () => ({ a: 1, b: [true] }), status: 200, type: JSON_TYPE, body: '{"a":1,"b":[true]}' },
  {
    name: 'a null-prototype object',
    value: () => Object.assign(Object.create(null), { k: 'v' }),
    status: 200,
    type: JSON_TYPE,
    body: '{"k":"v"}',
  },
  { name: 'an array', value: () => ['a', 1, null], status: 200, type: JSON_TYPE, body: '["a",1,null]' },
  { name: 'an empty array', value: () => [], status: 200, type: JSON_TYPE, body: '[]' },
  { name: 'null', value: () => null, status: 204, type: null, body: '', length: null },
  { name: 'undefined', value: () => undefined, status: 204, type: null, body: '', length: null },
  { name: 'a generator', value: () => syncChunks(), status: 200, type: HTML, body: 'abcd', length: null },
  { name: 'an async generator', value: () => asyncChunks(), status: 200, type: HTML, body: 'xyz', length: null },
  {
    name: 'a list of Uint8Array chunks',
    value: () => [encoder.encode('a'), encoder.encode('bc')],
    status: 200,
    type: HTML,
    body: 'abc',
    length: '3',
  },
  {
    name: 'a tuple (data, type)',
    value: () => tuple('Hi', 'text/plain'),
    status: 200,
    type: 'text/plain',
    body: 'Hi',
    powered: true,
  },
  {
    name: 'a tuple with headers and status',
    value: () => tuple('made', 'text/plain', { 'X-Made': 'yes' }, HTTP_CREATED),
    status: 201,
    type: 'text/plain',
    body: 'made',
    // sent with every response, whatever headers it was given (PoorWSGI: only without headers)
    powered: true,
  },
  {
    name: 'a tuple (null, "", null, 410)',
    value: () => tuple(null, '', null, HTTP_GONE),
    status: 410,
    type: null,
    body: '',
  },
  {
    name: 'a tuple of an object (type ignored)',
    value: () => tuple({ a: 1 }, 'text/plain'),
    status: 200,
    type: JSON_TYPE,
    body: '{"a":1}',
  },
  {
    name: 'a Response',
    value: () => new Response('r', 'text/plain', null, 202),
    status: 202,
    type: 'text/plain',
    body: 'r',
  },
  {
    name: 'a TextResponse',
    value: () => new TextResponse('t'),
    status: 200,
    type: 'text/plain; charset=utf-8',
    body: 't',
  },
  {
    name: 'a JSONResponse',
    value: () => new JSONResponse({ j: 1 }, { statusCode: 418 }),
    status: 418,
    type: JSON_TYPE,
    body: '{"j":1}',
  },
  { name: 'a NoContentResponse', value: () => new NoContentResponse(), status: 204, type: null, body: '' },
];

const INVALID: ReadonlyArray<[string, () => unknown, RegExp]> = [
  ['a number', () => 12345, /got number 12345/],
  ['a negative number', () => -1, /got number -1/],
  ['NaN', () => Number.NaN, /got number NaN/],
  ['a boolean', () => true, /got boolean true/],
  ['a Map', () => new Map([['a', 1]]), /Map/],
  ['a function', () => () => 'x', /function/],
  ['an array mixing chunks and values', () => [encoder.encode('a'), 'b'], /mixing/],
  ['a bigint', () => 10n, /10/],
];

describe('handler return values through the pipeline', () => {
  // the values include what the types refuse (a number, a Map): cast, as a JavaScript caller would not need to
  const wraps: ReadonlyArray<[string, (v: () => unknown) => () => HandlerResult]> = [
    ['sync', (v) => () => v() as HandlerResult],
    ['async', (v) => async () => v() as ResponseValue],
    ['Promise', (v) => () => Promise.resolve().then(v) as Promise<ResponseValue>],
  ];
  for (const [how, wrap] of wraps) {
    for (const c of CASES) {
      test(`${how}: ${c.name} -> ${c.status}`, async () => {
        const { app, log } = makeApp();
        app.route('/', wrap(c.value));
        const res = await ask(app, '/');
        assert.equal(res.status, c.status);
        assert.equal(res.headers.get('content-type'), c.type);
        assert.equal(res.text, c.body);
        if (c.length !== undefined) assert.equal(res.headers.get('content-length'), c.length);
        if (c.powered !== undefined) assert.equal(res.headers.get('x-powered-by'), c.powered ? X_POWERED_BY : null);
        if (c.name.includes('headers')) assert.equal(res.headers.get('x-made'), 'yes');
        assert.deepEqual(log.lines, []);
      });
    }
    for (const [name, value, message] of INVALID) {
      test(`${how}: ${name} -> 500, logged`, async () => {
        const { app, log } = makeApp();
        app.route('/', wrap(value));
        const res = await ask(app, '/');
        assert.equal(res.status, 500);
        assert.match(res.text, /500 - Internal Server Error/);
        const lines = logText(log);
        assert.equal(lines.length, 1, lines.join('\n'));
        assert.match(lines[0] ?? '', /^GET \/: PoorWSGIError: Returned data must be/);
        assert.match(lines[0] ?? '', message);
      });
    }
  }

  test('a generator handler function', async () => {
    const { app } = makeApp();
    app.route('/', function* gen() {
      yield 'g1';
      yield encoder.encode('g2');
    });
    const res = await ask(app, '/');
    assert.equal(res.status, 200);
    assert.equal(res.text, 'g1g2');
  });

  test('an async generator handler function', async () => {
    const { app } = makeApp();
    app.route('/<n:int>', async function* gen(_req, n) {
      for (let i = 0; i < n; i++) yield `${i};`;
    });
    const res = await ask(app, '/4');
    assert.equal(res.status, 200);
    assert.equal(res.text, '0;1;2;3;');
  });

  test('a generator that fails mid-stream is logged and the stream errors', async () => {
    const { app, log } = makeApp();
    app.route('/', function* gen() {
      yield 'start';
      throw new Error('mid-stream');
    });
    const res = await app.request('/');
    assert.equal(res.status, 200);
    await assert.rejects(res.text());
    assert.ok(logText(log).some((l) => l.includes('mid-stream')));
  });
});
