/**
 * A route's own body rules (`withBody()`): limits that replace the
 * application's, `requireJson` (415 after the hooks, body unread), and the
 * typed `req.jsonAs()`; and the default limits they start from.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_OPTIONS,
  ERROR_CODES,
  HTTPException,
  type JsonValue,
  METHOD_POST,
  PoorWSGIError,
  type Request,
  withBody,
} from '../../../src/index.ts';
import { ask, makeApp } from '../../helpers/app.ts';
import { filePart, multipart } from '../../helpers/upload.ts';

const JSON_TYPE = { 'Content-Type': 'application/json' };
const MIB = 1024 * 1024;

interface Order {
  id: number;
}
function isOrder(value: JsonValue): value is Order & JsonValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof value.id === 'number';
}

describe('withBody', () => {
  test('requireJson: 415 without a JSON body, after the hooks; the handler runs with one', async () => {
    const { app } = makeApp();
    const seen: string[] = [];
    app.beforeResponse((req: Request) => {
      seen.push(req.path);
      if (req.header('x-deny') !== undefined) throw new HTTPException(403);
    });
    app.route(
      '/orders',
      withBody({ requireJson: true }, (req) => `got ${JSON.stringify(req.json)}`),
      METHOD_POST,
    );
    assert.equal(
      (await ask(app, '/orders', { method: 'POST', body: '{"id":1}', headers: JSON_TYPE })).text,
      'got {"id":1}',
    );
    const plain = await ask(app, '/orders', {
      method: 'POST',
      body: 'id=1',
      headers: { 'Content-Type': 'text/plain' },
    });
    assert.equal(plain.status, 415);
    assert.equal((await ask(app, '/orders', { method: 'POST' })).status, 415, 'no body at all');
    const denied = await ask(app, '/orders', { method: 'POST', body: 'x', headers: { 'x-deny': '1' } });
    assert.equal(denied.status, 403, 'the hooks answer first');
    assert.equal(seen.length, 4);
  });

  test('a route bodyLimit replaces the application one, both ways', async () => {
    const { app } = makeApp({ bodyLimit: 100 });
    app.route('/small', (req) => `small ${req.data?.length}`, METHOD_POST);
    app.route(
      '/large',
      withBody({ bodyLimit: 1000 }, (req) => `large ${req.data?.length}`),
      METHOD_POST,
    );
    app.route(
      '/tiny',
      withBody({ bodyLimit: 10 }, (req) => `tiny ${req.data?.length}`),
      METHOD_POST,
    );
    const body = JSON.stringify({ a: 'x'.repeat(500) });
    assert.equal((await ask(app, '/small', { method: 'POST', body, headers: JSON_TYPE })).status, 413);
    assert.equal((await ask(app, '/large', { method: 'POST', body, headers: JSON_TYPE })).text, `large ${body.length}`);
    assert.equal((await ask(app, '/tiny', { method: 'POST', body: '[1,2,3,4,5,6]', headers: JSON_TYPE })).status, 413);
  });

  test('a route uploadLimit replaces the application one', async () => {
    const { app } = makeApp({ uploadLimit: 1000 });
    const handler = (req: Request) => `files ${req.form.keys().join(',')}`;
    app.route('/default', handler, METHOD_POST);
    app.route('/raised', withBody({ uploadLimit: 10_000, maxFileSize: 10_000 }, handler), METHOD_POST);
    const body = multipart([filePart('f', 'f.bin', 'z'.repeat(3000))]);
    const init = { method: 'POST', body, headers: { 'Content-Type': 'multipart/form-data; boundary=XyZ' } };
    assert.equal((await ask(app, '/default', init)).status, 413);
    const raised = await ask(app, '/raised', init);
    assert.equal(raised.status, 200);
    assert.equal(raised.text, 'files f');
  });

  test('the same handler keeps its own rules on each route; the wrapper keeps its name', () => {
    const handler = function orders(): string {
      return 'o';
    };
    const ruled = withBody({ bodyLimit: 5 }, handler);
    assert.notEqual(ruled, handler);
    assert.equal(ruled.name, 'orders');
    assert.equal(ruled(), 'o');
  });

  test('bad rules throw PW_ERR_OPTION at once', () => {
    for (const rules of [{ bodyLimit: -1 }, { uploadLimit: 1.5 }, { requireJson: 'yes' }, { bogus: 1 }]) {
      assert.throws(
        () => withBody(rules as never, () => ''),
        (err: unknown) => err instanceof PoorWSGIError && err.code === ERROR_CODES.PW_ERR_OPTION,
        JSON.stringify(rules),
      );
    }
  });
});

describe('req.jsonAs', () => {
  test('the body as T when the guard accepts it; 400 naming the shape; 415 without JSON', async () => {
    const { app } = makeApp();
    app.route('/order', (req) => `order ${req.jsonAs(isOrder, 'an order').id + 1}`, METHOD_POST);
    assert.equal(
      (await ask(app, '/order', { method: 'POST', body: '{"id":41}', headers: JSON_TYPE })).text,
      'order 42',
    );
    const wrong = await ask(app, '/order', { method: 'POST', body: '{"id":"x"}', headers: JSON_TYPE });
    assert.equal(wrong.status, 400);
    assert.match(wrong.text, /The JSON body is not an order/);
    const none = await ask(app, '/order', { method: 'POST', body: 'id=1', headers: { 'Content-Type': 'text/plain' } });
    assert.equal(none.status, 415);
  });
});

describe('default limits', () => {
  test('1 MiB bodies and fields, 100 MiB uploads and files, 1000 parts and fields', () => {
    assert.equal(DEFAULT_OPTIONS.bodyLimit, MIB);
    assert.equal(DEFAULT_OPTIONS.uploadLimit, 100 * MIB);
    assert.equal(DEFAULT_OPTIONS.maxFileSize, 100 * MIB);
    assert.equal(DEFAULT_OPTIONS.maxFieldSize, MIB);
    assert.equal(DEFAULT_OPTIONS.maxParts, 1000);
    assert.equal(DEFAULT_OPTIONS.maxFields, 1000);
  });
});
