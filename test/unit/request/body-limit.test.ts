import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ask, httpAsk } from '../../helpers/app.ts';
import { bodyApp, FORM, JSON_MIME, type Seen, seen } from '../../helpers/request-probe.ts';
import { parseRaw, type Running, rawExchange, start } from '../../helpers/serve.ts';

describe('bodies on a real socket', () => {
  let srv: Running;
  let calls: () => number;
  before(async () => {
    const made = bodyApp({ bodyLimit: 100 });
    calls = made.calls;
    srv = await start(made.app);
  });
  after(() => srv.close());

  const gets: ReadonlyArray<[string, string, Partial<Seen>]> = [
    ['a GET with a JSON body', JSON_MIME, { form: 'EmptyForm', json: 'undefined', data: '{"a":1}' }],
    ['a GET with a form body', FORM, { form: 'EmptyForm', json: 'undefined', data: 'a=1' }],
  ];
  for (const [name, type, expected] of gets) {
    test(`${name} is not parsed`, async () => {
      const body = type === FORM ? 'a=1' : '{"a":1}';
      const res = await httpAsk(srv.port, { method: 'GET', path: '/b', headers: { 'Content-Type': type }, body });
      assert.deepEqual(seen(res), expected);
    });
  }

  const limits: ReadonlyArray<{ name: string; head: string; body: string }> = [
    {
      name: 'Content-Length over bodyLimit: 413 before any body byte is sent',
      head: `Content-Type: ${JSON_MIME}\r\nContent-Length: 1000000`,
      body: '',
    },
    {
      name: 'Content-Length over bodyLimit for a form',
      head: `Content-Type: ${FORM}\r\nContent-Length: 101`,
      body: '',
    },
    {
      // the whole body is sent: whether the server stops reading at once or
      // reads a refused body away before answering, the answer is a 413
      name: 'a chunked body that grows over bodyLimit: 413',
      head: `Content-Type: ${JSON_MIME}\r\nTransfer-Encoding: chunked`,
      body: `40\r\n${'['.repeat(64)}\r\n40\r\n${'['.repeat(64)}\r\n0\r\n\r\n`,
    },
  ];
  for (const c of limits) {
    test(c.name, async () => {
      const before = calls();
      const text = await rawExchange(srv.port, `POST /b HTTP/1.1\r\nHost: x\r\n${c.head}\r\n\r\n${c.body}`);
      const res = parseRaw(text);
      assert.equal(res.status, 413);
      assert.match(res.body, /413 - Request Entity Too Large/);
      assert.deepEqual(res.headers.get('connection'), ['close']);
      assert.equal(calls(), before, 'the handler is never called');
    });
  }

  test('a body at the limit is read', async () => {
    const body = JSON.stringify('x'.repeat(98));
    const res = await httpAsk(srv.port, {
      method: 'POST',
      path: '/b',
      headers: { 'Content-Type': JSON_MIME, 'Content-Length': String(body.length) },
      body,
    });
    assert.equal((seen(res) as Seen).json, 'x'.repeat(98));
  });

  test('in process, a Content-Length over bodyLimit is 413 and the handler is not called', async () => {
    const { app, calls: inCalls } = bodyApp({ bodyLimit: 10 });
    const body = '"0123456789"';
    const res = await ask(app, '/b', {
      method: 'POST',
      body,
      headers: { 'Content-Type': JSON_MIME, 'Content-Length': String(body.length) },
    });
    assert.equal(res.status, 413);
    assert.equal(inCalls(), 0);
  });

  test('in process, a stream over bodyLimit is 413', async () => {
    const { app, calls: inCalls } = bodyApp({ bodyLimit: 10 });
    const res = await ask(app, '/b', { method: 'POST', body: '"0123456789"', headers: { 'Content-Type': JSON_MIME } });
    assert.equal(res.status, 413);
    assert.equal(inCalls(), 0);
  });
});
