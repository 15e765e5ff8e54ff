import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PoorWSGIError } from '../../../src/errors/poorwsgi-error.ts';
import { Headers } from '../../../src/http/headers.ts';
import { BaseResponse, X_POWERED_BY } from '../../../src/response/base-response.ts';
import { Declined } from '../../../src/response/declined.ts';
import { EMPTY_RESPONSE_DEPRECATION, EmptyResponse } from '../../../src/response/empty-response.ts';
import { NoContentResponse } from '../../../src/response/no-content-response.ts';
import { Response } from '../../../src/response/response.ts';

// Must stay the first test of the file: the warning is emitted once per process.
test('EmptyResponse warns once per process with a DeprecationWarning', async () => {
  const seen: Error[] = [];
  const listener = (warning: Error): void => {
    if ((warning as Error & { code?: string }).code === EMPTY_RESPONSE_DEPRECATION) seen.push(warning);
  };
  process.on('warning', listener);
  try {
    const responses = [new EmptyResponse(), new EmptyResponse(), new EmptyResponse(410)];
    assert.deepEqual(
      responses.map((r) => r.statusCode),
      [204, 204, 410],
    );
    // emitWarning delivers on process.nextTick, which runs before setImmediate.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', listener);
  }
  assert.equal(seen.length, 1);
  assert.equal(seen[0]?.name, 'DeprecationWarning');
  assert.match(seen[0]?.message ?? '', /NoContentResponse/);
});

describe('NoContentResponse keeps its headers (PoorWSGI bug 2)', () => {
  const table: readonly [label: string, build: () => BaseResponse, status: number, headers: [string, string][]][] = [
    ['default', () => new NoContentResponse(), 204, []],
    ['null headers', () => new NoContentResponse(null), 204, []],
    ['empty headers', () => new NoContentResponse({}), 204, []],
    [
      'custom headers and cookies',
      () => new NoContentResponse({ 'Super-Header': 'super', 'Set-Cookie': ['a=1', 'b=2'] }),
      204,
      [
        ['Super-Header', 'super'],
        ['Set-Cookie', 'a=1'],
        ['Set-Cookie', 'b=2'],
      ],
    ],
    [
      'headers added later',
      () => {
        const response = new NoContentResponse();
        response.addHeader('ETag', '"abc"');
        response.addHeader('Set-Cookie', 'sid=1', { Path: '/' });
        return response;
      },
      204,
      [
        ['ETag', '"abc"'],
        ['Set-Cookie', 'sid=1; Path="/"'],
      ],
    ],
    ['304', () => new NoContentResponse({ ETag: '"x"' }, 304), 304, [['ETag', '"x"']]],
    ['EmptyResponse', () => new EmptyResponse(), 204, []],
  ];
  for (const [label, build, status, headers] of table) {
    test(label, () => {
      const response = build();
      // the response's own headers: X-Powered-By is not one of them
      assert.deepEqual(response.headers.items(), headers);
      const prepared = response.prepare();
      assert.equal(prepared.statusCode, status);
      // sent with X-Powered-By after its own headers, whatever they are
      assert.deepEqual(prepared.headers.items(), [...headers, ['X-Powered-By', X_POWERED_BY]]);
      assert.deepEqual(prepared.body, { kind: 'none' });
    });
  }

  test('another status frames the empty body with Content-Length: 0', () => {
    const prepared = new NoContentResponse(null, 410).prepare();
    assert.equal(prepared.statusCode, 410);
    assert.equal(prepared.reason, 'Gone');
    assert.equal(prepared.headers.get('Content-Length'), '0');
    assert.equal(prepared.headers.has('Content-Type'), false);
    assert.deepEqual(prepared.body, { kind: 'none' });
  });

  test('EmptyResponse is a NoContentResponse', () => {
    assert.ok(new EmptyResponse() instanceof NoContentResponse);
  });

  test('a bad status is refused', () => {
    assert.throws(
      () => new NoContentResponse(null, 999),
      (e: unknown) => e instanceof PoorWSGIError && e.code === 'PW_ERR_STATUS',
    );
  });
});

describe('Declined', () => {
  test('is declined; other responses are not', () => {
    assert.equal(new Declined().declined, true);
    assert.equal(new Response().declined, false);
    assert.equal(new NoContentResponse().declined, false);
    assert.equal(new BaseResponse().declined, false);
  });

  const changes: readonly [label: string, change: (declined: Declined) => void][] = [
    ['nothing', () => {}],
    ['addHeader', (d) => d.addHeader('X-A', 'b')],
    ['addHeader with params', (d) => d.addHeader('Set-Cookie', 'a=1', { Path: '/' })],
    [
      'set headers',
      (d) => {
        d.headers = { 'X-A': 'b' };
      },
    ],
    [
      'set a Headers instance',
      (d) => {
        d.headers = new Headers([['X-A', 'b']]);
      },
    ],
    ['change the returned headers', (d) => d.headers.set('X-A', 'b')],
  ];
  for (const [label, change] of changes) {
    test(`has no headers after ${label}`, () => {
      const declined = new Declined();
      change(declined);
      assert.equal(declined.headers.size, 0);
      const prepared = declined.prepare();
      assert.equal(prepared.headers.size, 0);
      assert.deepEqual(prepared.body, { kind: 'none' });
      assert.equal(declined.contentLength, undefined);
    });
  }
});
