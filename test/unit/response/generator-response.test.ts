import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { PoorWSGIError } from '../../../src/errors/poorwsgi-error.ts';
import { X_POWERED_BY } from '../../../src/response/base-response.ts';
import { GeneratorResponse, isStreamSource, type StreamSource } from '../../../src/response/generator-response.ts';
import { JSONGeneratorResponse } from '../../../src/response/json-generator-response.ts';
import { JSONResponse } from '../../../src/response/json-response.ts';
import { PartialResponse } from '../../../src/response/partial-response.ts';
import { Response } from '../../../src/response/response.ts';
import { StrGeneratorResponse } from '../../../src/response/str-generator-response.ts';
import { TextResponse } from '../../../src/response/text-response.ts';
import { readBody } from '../../helpers/read-body.ts';

function* byteChunks(): Generator<Uint8Array> {
  for (let i = 0; i < 5; i++) yield Buffer.from(String(i));
}
function* stringChunks(): Generator<string> {
  for (let i = 0; i < 5; i++) yield String(i);
}
async function* asyncChunks(): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < 5; i++) yield Buffer.from(String(i));
}

describe('GeneratorResponse', () => {
  const table: readonly [label: string, build: () => GeneratorResponse, length: string | undefined][] = [
    ['bytes generator', () => new GeneratorResponse(byteChunks()), undefined],
    ['bytes generator, known length', () => new GeneratorResponse(byteChunks(), 'text/plain', null, 200, 5), '5'],
    ['async generator', () => new GeneratorResponse(asyncChunks()), undefined],
    ['array of chunks', () => new GeneratorResponse(['01', Buffer.from('234')]), undefined],
    ['Readable', () => new GeneratorResponse(Readable.from([Buffer.from('01234')])), undefined],
    ['str generator', () => new StrGeneratorResponse(stringChunks()), undefined],
    ['async str generator', () => new StrGeneratorResponse(Readable.from(['0', '1', '234'])), undefined],
  ];
  for (const [label, build, length] of table) {
    test(label, async () => {
      const response = build();
      const prepared = response.prepare();
      assert.equal(prepared.body.kind, 'stream');
      assert.equal(prepared.headers.get('Content-Length'), length);
      assert.equal(prepared.headers.get('Content-Type'), response.contentType);
      assert.equal((await readBody(prepared.body)).toString(), '01234');
    });
  }

  test('the source is passed through as it is', () => {
    const source = byteChunks();
    const body = new GeneratorResponse(source).body();
    assert.equal(body.kind === 'stream' && body.source, source);
  });

  test('a length of 0 is a real length', () => {
    const response = new GeneratorResponse([], 'text/plain', null, 200, 0);
    assert.equal(response.contentLength, 0);
    assert.equal(response.prepare().headers.get('Content-Length'), '0');
  });

  test('content type, headers and status are passed on', () => {
    const response = new StrGeneratorResponse(stringChunks(), 'text/csv', { 'X-A': 'b' }, 201);
    assert.equal(response.statusCode, 201);
    assert.equal(response.contentLength, undefined);
    assert.deepEqual(response.prepare().headers.items(), [
      ['X-A', 'b'],
      // sent with explicit headers too
      ['X-Powered-By', X_POWERED_BY],
      ['Content-Type', 'text/csv'],
    ]);
  });

  const bad: readonly [label: string, fn: () => unknown, message: RegExp][] = [
    ['a string source', () => new GeneratorResponse('abc' as unknown as StreamSource), /source must be an iterable/],
    ['a number source', () => new GeneratorResponse(42 as unknown as StreamSource), /\(got number 42\)/],
    ['a null source', () => new GeneratorResponse(null as unknown as StreamSource), /\(got null\)/],
    [
      'a plain object source',
      () => new StrGeneratorResponse({} as StreamSource<string>),
      /StrGeneratorResponse source/,
    ],
    ['a negative length', () => new GeneratorResponse([], '', null, 200, -1), /non-negative integer/],
    ['a fractional length', () => new GeneratorResponse([], '', null, 200, 1.5), /non-negative integer/],
    ['a NaN length', () => new GeneratorResponse([], '', null, 200, Number.NaN), /non-negative integer/],
    ['a content type with LF', () => new GeneratorResponse([], 'text/plain\nX: y'), /content type/],
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

describe('isStreamSource', () => {
  const table: readonly [value: unknown, expected: boolean][] = [
    [[], true],
    [byteChunks(), true],
    [asyncChunks(), true],
    [new Set(), true],
    [Readable.from([]), true],
    ['abc', false],
    [null, false],
    [undefined, false],
    [{}, false],
    [42, false],
  ];
  for (const [value, expected] of table) {
    test(`${Object.prototype.toString.call(value)} -> ${expected}`, () =>
      assert.equal(isStreamSource(value), expected));
  }
});

describe('content types and charsets are checked when a response is made, by every class', () => {
  const bad = ['text/plain\r\nX-Injected: 1', 'text/plain\n', 'a\u0000b'];
  const makers: [name: string, make: (type: string) => unknown][] = [
    ['Response', (type) => new Response('x', type)],
    ['GeneratorResponse', (type) => new GeneratorResponse(['x'], type)],
    ['StrGeneratorResponse', (type) => new StrGeneratorResponse(['x'], type)],
    ['PartialResponse', (type) => new PartialResponse('x', type)],
    ['JSONGeneratorResponse charset', (charset) => new JSONGeneratorResponse({}, { charset })],
    ['JSONResponse charset', (charset) => new JSONResponse({}, { charset })],
    ['TextResponse charset', (charset) => new TextResponse('x', charset)],
  ];
  for (const [name, make] of makers) {
    test(`${name}: a control character is PW_ERR_ARGUMENT at construction`, () => {
      for (const value of bad) {
        assert.throws(
          () => make(value),
          (err: unknown) => err instanceof PoorWSGIError && err.code === 'PW_ERR_ARGUMENT',
          JSON.stringify(value),
        );
      }
    });
  }
});
