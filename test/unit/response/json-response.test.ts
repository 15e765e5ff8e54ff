import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PoorWSGIError } from '../../../src/errors/poorwsgi-error.ts';
import { X_POWERED_BY } from '../../../src/response/base-response.ts';
import { JSONResponse } from '../../../src/response/json-response.ts';
import { text } from '../../helpers/read-body.ts';

const PYTHON: { separators: [string, string] } = { separators: [', ', ': '] };

describe('JSONResponse body', () => {
  const table: readonly [label: string, build: () => JSONResponse, body: string, length: number][] = [
    // PoorWSGI bug 21: Python separators; compact JSON.stringify by default here.
    ['data, compact', () => new JSONResponse({ items: [0, 1, 2, 3, 4] }), '{"items":[0,1,2,3,4]}', 21],
    ['fields, compact', () => JSONResponse.fromFields({ items: [0, 1, 2, 3, 4] }), '{"items":[0,1,2,3,4]}', 21],
    [
      'fields, Python separators (PoorWSGI length 26)',
      () => JSONResponse.fromFields({ items: [0, 1, 2, 3, 4] }, { encoder: PYTHON }),
      '{"items": [0, 1, 2, 3, 4]}',
      26,
    ],
    ['msg, compact', () => JSONResponse.fromFields({ msg: 'Message' }), '{"msg":"Message"}', 17],
    [
      'msg, Python separators (PoorWSGI length 18)',
      () => new JSONResponse({ msg: 'Message' }, { encoder: PYTHON }),
      '{"msg": "Message"}',
      18,
    ],
    ['no data is null', () => new JSONResponse(), 'null', 4],
    ['null data', () => new JSONResponse(null), 'null', 4],
    ['list of objects', () => new JSONResponse([{ x: 1 }, { x: 2 }]), '[{"x":1},{"x":2}]', 17],
    ['empty list', () => new JSONResponse([]), '[]', 2],
    ['string', () => new JSONResponse('a"b'), '"a\\"b"', 6],
    ['raw UTF-8', () => new JSONResponse({ msg: 'Čeština' }), '{"msg":"Čeština"}', 19],
    [
      'ensureAscii',
      () => new JSONResponse({ msg: 'Čeština' }, { encoder: { ensureAscii: true } }),
      '{"msg":"\\u010ce\\u0161tina"}',
      27,
    ],
    ['indent', () => new JSONResponse({ a: 1 }, { encoder: { indent: 2 } }), '{\n  "a": 1\n}', 12],
    ['Map through the encoder', () => new JSONResponse(new Map([['a', 1n]]), { encoder: {} }), '{"a":1}', 7],
    ['Map without an encoder (JSON.stringify)', () => new JSONResponse(new Map([['a', 1]])), '{}', 2],
    ['a function is null', () => new JSONResponse(() => 1), 'null', 4],
    [
      "PoorWSGI's teapot",
      () => JSONResponse.fromFields({ message: "I'm teapot :-)", numbers: [0, 1, 2, 3, 4] }, { statusCode: 418 }),
      '{"message":"I\'m teapot :-)","numbers":[0,1,2,3,4]}',
      50,
    ],
  ];
  for (const [label, build, body, length] of table) {
    test(label, () => {
      const response = build();
      assert.equal(text(response.data), body);
      assert.equal(response.contentLength, length);
      const prepared = response.prepare();
      assert.equal(prepared.headers.get('Content-Length'), String(length));
      assert.equal(prepared.body.kind === 'bytes' && text(prepared.body.data), body);
    });
  }
});

describe('JSONResponse options', () => {
  const contentTypes: readonly [label: string, build: () => JSONResponse, contentType: string][] = [
    ['default charset', () => new JSONResponse({}), 'application/json; charset=utf-8'],
    ['fields, default charset', () => JSONResponse.fromFields({ a: 1 }), 'application/json; charset=utf-8'],
    ['null charset', () => new JSONResponse({}, { charset: null }), 'application/json'],
    ['empty charset', () => JSONResponse.fromFields({ a: 1 }, { charset: '' }), 'application/json'],
    ['other charset', () => new JSONResponse({}, { charset: 'latin1' }), 'application/json; charset=latin1'],
  ];
  for (const [label, build, contentType] of contentTypes) {
    test(`content type: ${label}`, () => {
      assert.equal(build().prepare().headers.get('Content-Type'), contentType);
    });
  }

  test('status and headers', () => {
    const teapot = JSONResponse.fromFields({ a: 1 }, { statusCode: 418 });
    assert.equal(teapot.statusCode, 418);
    assert.equal(teapot.reason, "I'm a teapot");
    // X-Powered-By is added when prepared, not kept in the response's own headers
    assert.deepEqual(teapot.headers.getAll('X-Powered-By'), []);
    assert.deepEqual(teapot.prepare().headers.getAll('X-Powered-By'), [X_POWERED_BY]);
    const own = new JSONResponse({ a: 1 }, { headers: { 'X-A': 'b' }, statusCode: 201 });
    assert.equal(own.statusCode, 201);
    assert.deepEqual(own.headers.items(), [['X-A', 'b']]);
    // sent with explicit headers too
    assert.deepEqual(own.prepare().headers.getAll('X-Powered-By'), [X_POWERED_BY]);
  });

  const circular: Record<string, unknown> = {};
  circular.self = circular;
  const bad: readonly [label: string, fn: () => unknown, message: RegExp][] = [
    ['data and fields', () => new JSONResponse({ a: 1 }, { fields: { b: 2 } }), /data or fields, not both/],
    ['null data and fields', () => new JSONResponse(null, { fields: { b: 2 } }), /not both/],
    ['fields not an object', () => JSONResponse.fromFields([1] as unknown as Record<string, unknown>), /fields must/],
    ['fields null', () => JSONResponse.fromFields(null as unknown as Record<string, unknown>), /fields must/],
    ['circular data', () => new JSONResponse(circular), /cannot be encoded/],
    ['circular data, encoder', () => new JSONResponse(circular, { encoder: {} }), /cannot be encoded/],
    ['bigint without an encoder', () => new JSONResponse({ n: 1n }), /cannot be encoded/],
    ['bad indent', () => new JSONResponse({}, { encoder: { indent: -1 } }), /cannot be encoded/],
    ['charset with CRLF', () => new JSONResponse({}, { charset: 'utf-8\r\nX: y' }), /charset must be a token/],
  ];
  for (const [label, fn, message] of bad) {
    test(`refuses ${label} with PW_ERR_ARGUMENT`, () => {
      assert.throws(fn, (error: unknown) => {
        assert.ok(error instanceof PoorWSGIError);
        assert.equal(error.code, 'PW_ERR_ARGUMENT');
        assert.match(error.message, message);
        return true;
      });
    });
  }
});
