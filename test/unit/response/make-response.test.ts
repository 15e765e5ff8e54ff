import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { PoorWSGIError } from '../../../src/errors/poorwsgi-error.ts';
import { Headers } from '../../../src/http/headers.ts';
import { HTTP_GONE } from '../../../src/http/status.ts';
import * as barrel from '../../../src/response/index.ts';
import {
  type BaseResponse,
  GeneratorResponse,
  isResponseTuple,
  JSONResponse,
  makeResponse,
  NoContentResponse,
  Response,
  TextResponse,
  toResponse,
  tuple,
  X_POWERED_BY,
} from '../../../src/response/index.ts';
import { readBody } from '../../helpers/read-body.ts';

function* chunks(): Generator<Uint8Array> {
  yield Buffer.from('ab');
  yield Buffer.from('c');
}
async function* asyncChunks(): AsyncGenerator<string> {
  yield 'ab';
  yield 'c';
}

type Class = abstract new (...args: never[]) => BaseResponse;

interface Expected {
  readonly type: Class;
  readonly status: number;
  readonly contentType?: string;
  readonly length?: string;
  readonly body: string;
}

async function check(response: BaseResponse, expected: Expected): Promise<void> {
  assert.equal(response.constructor, expected.type);
  const prepared = response.prepare();
  assert.equal(prepared.statusCode, expected.status);
  assert.equal(prepared.headers.get('Content-Type'), expected.contentType);
  assert.equal(prepared.headers.get('Content-Length'), expected.length);
  // every response is sent with X-Powered-By, whatever headers it was given
  assert.equal(prepared.headers.get('X-Powered-By'), X_POWERED_BY);
  assert.equal((await readBody(prepared.body)).toString(), expected.body);
}

const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

describe('makeResponse', () => {
  const table: readonly [label: string, build: () => BaseResponse, expected: Expected][] = [
    [
      'string',
      () => makeResponse('Hello'),
      { type: Response, status: 200, contentType: HTML, length: '5', body: 'Hello' },
    ],
    ['empty string', () => makeResponse(''), { type: Response, status: 200, contentType: HTML, length: '0', body: '' }],
    [
      'Uint8Array',
      () => makeResponse(new Uint8Array([0x68, 0x69])),
      { type: Response, status: 200, contentType: HTML, length: '2', body: 'hi' },
    ],
    [
      'Buffer, content type and status',
      () => makeResponse(Buffer.from('x'), 'text/plain', null, 201),
      { type: Response, status: 201, contentType: 'text/plain', length: '1', body: 'x' },
    ],
    [
      'explicit headers still get X-Powered-By',
      () => makeResponse('x', 'text/plain', { 'X-A': 'b' }, 201),
      { type: Response, status: 201, contentType: 'text/plain', length: '1', body: 'x' },
    ],
    [
      'object',
      () => makeResponse({ msg: 'Message', type: 'object' }),
      {
        type: JSONResponse,
        status: 200,
        contentType: JSON_TYPE,
        length: '33',
        body: '{"msg":"Message","type":"object"}',
      },
    ],
    [
      'object: the content type argument is ignored',
      () => makeResponse({ a: 1 }, 'text/plain', null, 202),
      { type: JSONResponse, status: 202, contentType: JSON_TYPE, length: '7', body: '{"a":1}' },
    ],
    [
      'null-prototype object',
      () => makeResponse(Object.assign(Object.create(null) as object, { a: 1 })),
      { type: JSONResponse, status: 200, contentType: JSON_TYPE, length: '7', body: '{"a":1}' },
    ],
    // PoorWSGI bug 19: an empty list gave 500.
    [
      'empty array',
      () => makeResponse([]),
      { type: JSONResponse, status: 200, contentType: JSON_TYPE, length: '2', body: '[]' },
    ],
    [
      'array of strings',
      () => makeResponse(['a', 'b']),
      { type: JSONResponse, status: 200, contentType: JSON_TYPE, length: '9', body: '["a","b"]' },
    ],
    [
      'array of pairs',
      () =>
        makeResponse([
          ['key', 'value'],
          ['route', '/list'],
        ]),
      {
        type: JSONResponse,
        status: 200,
        contentType: JSON_TYPE,
        length: '35',
        body: '[["key","value"],["route","/list"]]',
      },
    ],
    ['null', () => makeResponse(null), { type: NoContentResponse, status: 204, body: '' }],
    ['undefined', () => makeResponse(undefined), { type: NoContentResponse, status: 204, body: '' }],
    [
      'null with status 201',
      () => makeResponse(null, HTML, null, 201),
      { type: NoContentResponse, status: 201, length: '0', body: '' },
    ],
    [
      'null, "", null, HTTP_GONE',
      () => makeResponse(null, '', null, HTTP_GONE),
      { type: NoContentResponse, status: 410, length: '0', body: '' },
    ],
    [
      'array of chunks: length summed',
      () => makeResponse([Buffer.from('ab'), new Uint8Array([0x63])], 'text/plain'),
      { type: GeneratorResponse, status: 200, contentType: 'text/plain', length: '3', body: 'abc' },
    ],
    [
      'generator',
      () => makeResponse(chunks()),
      { type: GeneratorResponse, status: 200, contentType: HTML, body: 'abc' },
    ],
    [
      'async generator',
      () => makeResponse(asyncChunks()),
      { type: GeneratorResponse, status: 200, contentType: HTML, body: 'abc' },
    ],
    [
      'Readable',
      () => makeResponse(Readable.from(['abc'])),
      { type: GeneratorResponse, status: 200, contentType: HTML, body: 'abc' },
    ],
    [
      'array iterator',
      () => makeResponse([Buffer.from('abc')].values()),
      { type: GeneratorResponse, status: 200, contentType: HTML, body: 'abc' },
    ],
    [
      'a response is kept',
      () => makeResponse(new TextResponse('t'), 'text/html', {}, 500),
      { type: TextResponse, status: 200, contentType: 'text/plain; charset=utf-8', length: '1', body: 't' },
    ],
  ];
  for (const [label, build, expected] of table) {
    test(label, () => check(build(), expected));
  }

  test('objects with toJSON are written as JSON.stringify writes them', async () => {
    class Money {
      constructor(readonly cents: number) {}
      toJSON(): string {
        return (this.cents / 100).toFixed(2);
      }
    }
    for (const [value, expected] of [
      [new Date(0), '"1970-01-01T00:00:00.000Z"'],
      [new Money(150), '"1.50"'],
      [{ at: new Date(0), price: new Money(5) }, '{"at":"1970-01-01T00:00:00.000Z","price":"0.05"}'],
    ] as const) {
      const res = makeResponse(value);
      assert.ok(res instanceof JSONResponse);
      assert.equal(Buffer.from(res.wireBody() ?? '').toString(), expected);
    }
  });

  test('a Headers instance is used by reference', () => {
    const headers = new Headers({ 'X-A': 'b' });
    assert.equal(makeResponse('x', 'text/plain', headers).headers, headers);
  });

  class Custom {}
  const sparse: unknown[] = [Buffer.from('a')];
  sparse[2] = Buffer.from('b');
  const refused: readonly [label: string, fn: () => unknown, got: string][] = [
    ['0 (use abort(DECLINED))', () => makeResponse(0), 'number 0'],
    ['12345', () => makeResponse(12345), 'number 12345'],
    ['true', () => makeResponse(true), 'boolean true'],
    ['bigint', () => makeResponse(10n), 'bigint 10'],
    ['symbol', () => makeResponse(Symbol('s')), 'Symbol(s)'],
    ['function', () => makeResponse(function handler() {}), 'function handler'],
    ['Promise', () => makeResponse(Promise.resolve('x')), 'Promise object'],
    ['class instance', () => makeResponse(new Custom()), 'Custom object'],
    ['Map', () => makeResponse(new Map([['a', 1]])), 'Map object'],
    ['Set', () => makeResponse(new Set([Buffer.from('a')])), 'Set object'],
    ['Uint16Array', () => makeResponse(new Uint16Array(2)), 'Uint16Array object'],
    ['Headers', () => makeResponse(new Headers()), 'Headers object'],
    ['String object', () => makeResponse(Object('abc')), 'String object'],
    ['chunks mixed with strings', () => makeResponse([Buffer.from('a'), 'b']), 'an array mixing'],
    ['strings mixed with chunks', () => makeResponse(['a', Buffer.from('b')]), 'an array mixing'],
    ['a sparse chunk array', () => makeResponse(sparse), 'an array mixing'],
    ['a tuple', () => makeResponse(tuple('x')), 'a tuple()'],
    ['a content type that is not a string', () => makeResponse('x', 42 as unknown as string), 'content type number 42'],
    [
      'a status that is not a number',
      () => makeResponse('x', 'text/plain', null, '200' as unknown as number),
      'status code string',
    ],
  ];
  for (const [label, fn, got] of refused) {
    test(`refuses ${label} with PW_ERR_RESPONSE`, () => {
      assert.throws(fn, (error: unknown) => {
        assert.ok(error instanceof PoorWSGIError);
        assert.equal(error.code, 'PW_ERR_RESPONSE');
        assert.ok(error.message.startsWith('Returned data must be: <string|Uint8Array|object|array|'), error.message);
        assert.ok(error.message.includes(`(got ${got}`), error.message);
        return true;
      });
    });
  }

  test('constructor errors keep their codes', () => {
    assert.throws(
      () => makeResponse('x', 'text/plain', null, 999),
      (e: unknown) => e instanceof PoorWSGIError && e.code === 'PW_ERR_STATUS',
    );
  });
});

describe('toResponse and tuple', () => {
  const response = new Response('kept');
  const table: readonly [label: string, value: unknown, expected: Expected][] = [
    [
      'tuple(data, contentType)',
      tuple('Hello world!', 'text/plain'),
      { type: Response, status: 200, contentType: 'text/plain', length: '12', body: 'Hello world!' },
    ],
    [
      'tuple with every value',
      tuple('Hello world!', 'text/plain', [['X-Attribute', 'hello world']], 200),
      { type: Response, status: 200, contentType: 'text/plain', length: '12', body: 'Hello world!' },
    ],
    [
      'tuple with only a status',
      tuple('nope', undefined, undefined, 404),
      { type: Response, status: 404, contentType: HTML, length: '4', body: 'nope' },
    ],
    [
      'tuple(null, "", null, HTTP_GONE)',
      tuple(null, '', null, HTTP_GONE),
      { type: NoContentResponse, status: 410, length: '0', body: '' },
    ],
    [
      'tuple(generator, type, [])',
      tuple(chunks(), 'text/plain', []),
      { type: GeneratorResponse, status: 200, contentType: 'text/plain', body: 'abc' },
    ],
    [
      'an array is JSON, never a tuple',
      ['Hello', 'text/plain'],
      { type: JSONResponse, status: 200, contentType: JSON_TYPE, length: '22', body: '["Hello","text/plain"]' },
    ],
    ['a string', 'Hi', { type: Response, status: 200, contentType: HTML, length: '2', body: 'Hi' }],
    ['null', null, { type: NoContentResponse, status: 204, body: '' }],
    ['a response', response, { type: Response, status: 200, contentType: HTML, length: '4', body: 'kept' }],
  ];
  for (const [label, value, expected] of table) {
    test(label, () => check(toResponse(value), expected));
  }

  test('a response is returned as it is', () => {
    assert.equal(toResponse(response), response);
  });

  test('a tuple cannot be changed, and an object that only looks like one is JSON', () => {
    const value = tuple('x', 'text/plain');
    assert.throws(() => {
      (value as unknown as { data: unknown }).data = 'y';
    }, TypeError);
    assert.throws(() => {
      (value as unknown as { statusCode: unknown }).statusCode = 500;
    }, TypeError);
    assert.equal(value.data, 'x');
    assert.equal(isResponseTuple(value), true);
    const lookalike = { data: 'x', contentType: 'text/plain', headers: undefined, statusCode: undefined };
    assert.equal(isResponseTuple(lookalike), false);
    assert.equal(toResponse(lookalike).constructor, JSONResponse);
    assert.equal(isResponseTuple(JSON.parse(JSON.stringify(value))), false);
  });

  const refused: readonly [label: string, fn: () => unknown][] = [
    ['tuple(response)', () => tuple(new Response('x'), 'text/plain')],
    ['tuple(tuple())', () => tuple(tuple('x'))],
    ['toResponse(12345)', () => toResponse(12345)],
    ['toResponse(tuple(0))', () => toResponse(tuple(0, 'text/plain'))],
  ];
  for (const [label, fn] of refused) {
    test(`refuses ${label} with PW_ERR_RESPONSE`, () => {
      assert.throws(fn, (e: unknown) => e instanceof PoorWSGIError && e.code === 'PW_ERR_RESPONSE');
    });
  }
});

test('the barrel exports every response class and helper', () => {
  const names = [
    'abort',
    'BaseResponse',
    'checkStatus',
    'Declined',
    'EmptyResponse',
    'encodeRedirectTarget',
    'GeneratorResponse',
    'isResponseTuple',
    'isStreamSource',
    'JSONResponse',
    'makeResponse',
    'NoContentResponse',
    'redirect',
    'RedirectResponse',
    'Response',
    'statusHasBody',
    'StrGeneratorResponse',
    'TextResponse',
    'toResponse',
    'tuple',
  ];
  for (const name of names) assert.equal(typeof (barrel as Record<string, unknown>)[name], 'function', name);
  assert.equal(barrel.X_POWERED_BY, X_POWERED_BY);
});
