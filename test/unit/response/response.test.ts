import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PoorWSGIError } from '../../../src/errors/poorwsgi-error.ts';
import { Headers } from '../../../src/http/headers.ts';
import { BaseResponse, X_POWERED_BY } from '../../../src/response/base-response.ts';
import { Response } from '../../../src/response/response.ts';
import { TextResponse } from '../../../src/response/text-response.ts';
import { text } from '../../helpers/read-body.ts';

const bytes = (value: string): Uint8Array => new TextEncoder().encode(value);

function throwsCode(fn: () => unknown, code: string, where: string): void {
  assert.throws(fn, (error: unknown) => error instanceof PoorWSGIError && error.code === code, where);
}

describe('Response', () => {
  const construction: readonly [label: string, build: () => Response, body: string, length: number][] = [
    ['no arguments', () => new Response(), '', 0],
    ['ASCII string', () => new Response('Hello'), 'Hello', 5],
    ['UTF-8 string counts bytes', () => new Response('Čeština'), 'Čeština', 9],
    ['Uint8Array', () => new Response(bytes('abc')), 'abc', 3],
    ['Buffer', () => new Response(Buffer.from('Hello World')), 'Hello World', 11],
  ];
  for (const [label, build, body, length] of construction) {
    test(`constructor: ${label}`, () => {
      const response = build();
      assert.equal(text(response.data), body);
      assert.equal(response.contentLength, length);
      const prepared = response.prepare();
      assert.equal(prepared.headers.get('Content-Length'), String(length));
      assert.equal(prepared.headers.get('Content-Type'), 'text/html; charset=utf-8');
      assert.equal(prepared.body.kind, 'bytes');
      assert.equal(prepared.body.kind === 'bytes' && text(prepared.body.data), body);
    });
  }

  // PoorWSGI bug 3: write() after initial data overwrote it, while Content-Length counted both.
  const writes: readonly [
    label: string,
    initial: string | Uint8Array,
    more: readonly (string | Uint8Array)[],
    body: string,
  ][] = [
    ['appends to initial data', 'Hello', [' World'], 'Hello World'],
    ['appends to empty data', '', ['a', 'b', 'c'], 'abc'],
    ['mixes bytes and strings', bytes('He'), ['llo', bytes(' W'), 'orld'], 'Hello World'],
    ['ignores empty writes', 'x', ['', new Uint8Array(0)], 'x'],
    ['counts UTF-8 bytes', 'č', ['š', 'ž'], 'čšž'],
  ];
  for (const [label, initial, more, body] of writes) {
    test(`write() ${label}`, () => {
      const response = new Response(initial, 'text/plain');
      for (const chunk of more) response.write(chunk);
      const length = Buffer.byteLength(body);
      assert.equal(text(response.data), body);
      assert.equal(response.contentLength, length);
      const prepared = response.prepare();
      assert.equal(prepared.headers.get('Content-Length'), String(length));
      assert.equal(prepared.body.kind === 'bytes' && prepared.body.data.byteLength, length);
    });
  }

  test('write() after data was read keeps everything', () => {
    const response = new Response('a');
    response.write('b');
    assert.equal(text(response.data), 'ab');
    response.write('c');
    assert.equal(text(response.data), 'abc');
    assert.equal(text(response.data), 'abc');
    assert.equal(response.contentLength, 3);
  });

  test('many writes give the whole body', () => {
    const response = new Response();
    for (let i = 0; i < 10_000; i++) response.write(String(i % 10));
    assert.equal(response.contentLength, 10_000);
    assert.equal(text(response.data), '0123456789'.repeat(1000));
  });

  const badArguments: readonly [label: string, fn: () => unknown][] = [
    ['number data', () => new Response(42 as unknown as string)],
    ['null data', () => new Response(null as unknown as string)],
    ['object data', () => new Response({} as unknown as string)],
    ['write(null)', () => new Response().write(null as unknown as string)],
    ['write(number)', () => new Response().write(1 as unknown as string)],
    ['content type with CRLF', () => new Response('x', 'text/html\r\nX-Injected: 1')],
    ['content type not a string', () => new Response('x', 5 as unknown as string)],
  ];
  for (const [label, fn] of badArguments) {
    test(`refuses ${label} with PW_ERR_ARGUMENT`, () => throwsCode(fn, 'PW_ERR_ARGUMENT', label));
  }

  test('an error names the class and repeats the value', () => {
    assert.throws(
      () => new TextResponse(7 as unknown as string),
      /TextResponse data must be a string or Uint8Array \(got number 7\)/,
    );
  });

  // every response is sent with X-Powered-By, whatever headers it was given (PoorWSGI: only without headers)
  const headerCases: readonly [label: string, build: () => Response, sent: string][] = [
    ['headers omitted', () => new Response('x'), X_POWERED_BY],
    ['headers null', () => new Response('x', 'text/plain', null), X_POWERED_BY],
    ['empty record', () => new Response('x', 'text/plain', {}), X_POWERED_BY],
    ['empty pair list', () => new Response('x', 'text/plain', []), X_POWERED_BY],
    ['Headers instance', () => new Response('x', 'text/plain', new Headers({ 'X-A': 'b' })), X_POWERED_BY],
    ['its own X-Powered-By', () => new Response('x', 'text/plain', { 'x-powered-by': 'mine' }), 'mine'],
  ];
  for (const [label, build, sent] of headerCases) {
    test(`X-Powered-By with ${label}: ${sent}`, () => {
      const response = build();
      assert.deepEqual(response.prepare().headers.getAll('X-Powered-By'), [sent]);
      // added on the wire only: the response's own headers do not get it
      assert.deepEqual(response.headers.getAll('X-Powered-By'), sent === X_POWERED_BY ? [] : [sent]);
    });
  }

  test('a Content-Type in the headers wins over the content type argument', () => {
    const prepared = new Response('x', 'text/html', { 'content-type': 'text/csv' }).prepare();
    assert.deepEqual(prepared.headers.getAll('Content-Type'), ['text/csv']);
  });
});

describe('status codes', () => {
  const bad: readonly number[] = [999, 444, 100, 199, 600, 0, -200, 200.5, Number.NaN];
  for (const status of bad) {
    test(`${status} is refused with PW_ERR_STATUS by the constructor and the setter`, () => {
      throwsCode(() => new Response('x', 'text/plain', null, status), 'PW_ERR_STATUS', 'constructor');
      throwsCode(() => new BaseResponse('', null, status), 'PW_ERR_STATUS', 'base constructor');
      const response = new Response('x');
      throwsCode(
        () => {
          response.statusCode = status;
        },
        'PW_ERR_STATUS',
        'setter',
      );
      assert.equal(response.statusCode, 200, 'a refused status leaves the old one');
      assert.equal(response.reason, 'OK');
    });
  }

  const lines: readonly [status: number, line: string][] = [
    [200, '200 OK'],
    [404, '404 Not Found'],
    [302, '302 Found'],
    [301, '301 Moved Permanently'],
    [206, '206 Partial Content'],
    [204, '204 No Content'],
    [418, "418 I'm a teapot"],
  ];
  for (const [status, line] of lines) {
    test(`status line ${line}`, () => {
      const response = new Response('x');
      response.statusCode = status;
      assert.equal(`${response.statusCode} ${response.reason}`, line);
      const prepared = response.prepare();
      assert.equal(`${prepared.statusCode} ${prepared.reason}`, line);
    });
  }
});

describe('TextResponse', () => {
  const table: readonly [label: string, build: () => TextResponse, contentType: string][] = [
    ['default charset', () => new TextResponse('Hello World'), 'text/plain; charset=utf-8'],
    ['explicit utf-8', () => new TextResponse('Hello World', 'utf-8'), 'text/plain; charset=utf-8'],
    ['null charset', () => new TextResponse('Hello World', null), 'text/plain'],
    ['empty charset', () => new TextResponse('Hello World', ''), 'text/plain'],
    ['other charset', () => new TextResponse('Hello World', 'iso-8859-2'), 'text/plain; charset=iso-8859-2'],
  ];
  for (const [label, build, contentType] of table) {
    test(label, () => {
      const response = build();
      assert.equal(response.contentType, contentType);
      assert.equal(text(response.data), 'Hello World');
      assert.equal(response.contentLength, 11);
      const prepared = response.prepare();
      assert.equal(prepared.headers.get('Content-Type'), contentType);
      assert.equal(prepared.headers.get('Content-Length'), '11');
    });
  }

  test('headers and status are passed on', () => {
    const response = new TextResponse('gone', 'utf-8', { 'X-A': 'b' }, 410);
    assert.equal(response.statusCode, 410);
    assert.deepEqual(response.headers.items(), [['X-A', 'b']]);
  });

  for (const charset of ['utf-8; x=1', 'utf-8\r\nX: y', 'a b', 7]) {
    test(`refuses charset ${JSON.stringify(charset)} with PW_ERR_ARGUMENT`, () => {
      throwsCode(() => new TextResponse('x', charset as string), 'PW_ERR_ARGUMENT', String(charset));
    });
  }
});
