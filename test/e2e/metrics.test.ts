import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../examples/metrics.ts';
import { quietLogger, type Running, start } from '../helpers/serve.ts';

describe('examples/metrics.ts on a real socket', () => {
  let srv: Running;
  before(async () => {
    const app = createApp();
    app.logger = quietLogger();
    srv = await start(app);
  });
  after(() => srv.close());

  test('GET / is Hello World as text/plain with X-Powered-By', async () => {
    const res = await fetch(`${srv.url}/`, { headers: { Accept: 'text/plain' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/plain');
    assert.equal(res.headers.get('x-powered-by'), 'Poor WSGI for TypeScript');
    assert.equal(await res.text(), 'Hello World');
  });

  test('POST /json echoes the JSON body with 418', async () => {
    const body = { message: 'hi', list: [1, 2, 3], nested: { ok: true } };
    const res = await fetch(`${srv.url}/json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 418);
    assert.equal(res.statusText, "I'm a teapot");
    assert.deepEqual(await res.json(), { message: "I'm teapot :-)", request: body });
  });

  const badBodies: Array<[string, string]> = [
    ['a form body sent as JSON', 'message=invalid'],
    ['truncated JSON', '{"a": '],
    ['empty object key garbage', '{,}'],
  ];
  for (const [name, body] of badBodies) {
    test(`POST /json with ${name} is 400 with the parser's reason`, async () => {
      const res = await fetch(`${srv.url}/json`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      });
      assert.equal(res.status, 400);
      assert.match(await res.text(), /Invalid JSON body: /);
    });
  }

  test('GET /json is 405 with Allow: POST', async () => {
    const res = await fetch(`${srv.url}/json`);
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'POST, OPTIONS');
  });

  test('/metrics counts the responses measured by the after-hook', async () => {
    const first = (await (await fetch(`${srv.url}/metrics`)).json()) as Record<string, number>;
    await fetch(`${srv.url}/`);
    await fetch(`${srv.url}/no-such-page`);
    const res = await fetch(`${srv.url}/metrics`);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const second = (await res.json()) as Record<string, number>;
    // the /metrics response itself, / and the 404 were measured in between
    assert.equal(second.requests, (first.requests ?? 0) + 3);
    assert.ok((second.best_time ?? -1) >= 0);
    assert.ok((second.worst_time ?? -1) >= (second.best_time ?? 0));
    assert.ok((second.avg_time ?? -1) >= 0);
  });
});
