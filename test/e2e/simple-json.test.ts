import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../examples/simple-json.ts';
import { quietLogger, type Running, start } from '../helpers/serve.ts';

const teapot = { message: "I'm teapot :-)", numbers: [0, 1, 2, 3, 4] };

describe('examples/simple-json.ts on a real socket', () => {
  let srv: Running;
  before(async () => {
    const app = createApp();
    app.logger = quietLogger();
    srv = await start(app);
  });
  after(() => srv.close());

  test('/test/headers without negotiation headers', async () => {
    const res = await fetch(`${srv.url}/test/headers`, { headers: { Accept: '*/*' } });
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.ok(res.headers.has('x-powered-by'));
    const data = (await res.json()) as Record<string, unknown>;
    assert.equal(data.XMLHttpRequest, false);
    assert.deepEqual(data['Accept-MimeType'], { html: false, xhtml: false, json: false });
    assert.deepEqual(data.Accept, [['*/*', 1]]);
    assert.equal(data['Content-Length'], -1);
    assert.equal(data.Host, '127.0.0.1');
  });

  test('/test/headers with an AJAX request', async () => {
    const res = await fetch(`${srv.url}/test/headers`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest', Accept: 'text/html,text/xhtml,application/json' },
    });
    const data = (await res.json()) as Record<string, unknown>;
    assert.equal(data.XMLHttpRequest, true);
    assert.deepEqual(data['Accept-MimeType'], { html: true, xhtml: true, json: true });
  });

  test('/timestamp is the request start time as a float', async () => {
    const now = Date.now() / 1000;
    const data = (await (await fetch(`${srv.url}/timestamp`)).json()) as { timestamp: number };
    assert.equal(typeof data.timestamp, 'number');
    assert.ok(Math.abs(now - data.timestamp) < 60, 'the timestamp is the current time in epoch seconds');
  });

  const posted: unknown[] = [[{ x: 124.2, y: 100.1 }], 'čeština', { lang: 'čeština' }, 42, null];
  for (const data of posted) {
    test(`POST /test/json echoes ${JSON.stringify(data)} with 418`, async () => {
      const res = await fetch(`${srv.url}/test/json`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(data),
      });
      assert.equal(res.status, 418);
      assert.deepEqual(await res.json(), { ...teapot, request: data });
    });
  }

  test('POST /test/json with a chunked body', async () => {
    const chunks = ['[{', '"0": 0,', '"1": 1,', '"end": null', '}]'];
    const text = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(`${srv.url}/test/json`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
      });
      req.on('response', (res) => {
        assert.equal(res.statusCode, 418);
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });
    assert.deepEqual(JSON.parse(text), { ...teapot, request: [{ 0: 0, 1: 1, end: null }] });
  });

  test('POST /test/json with a bad body is 400', async () => {
    const res = await fetch(`${srv.url}/test/json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: 'abraka crash',
    });
    assert.equal(res.status, 400);
  });

  const nesting: [depth: number, status: number][] = [
    [128, 418],
    [129, 400],
    [10_000, 400],
    [100_000, 400],
  ];
  for (const [depth, status] of nesting) {
    test(`POST /test/json nested ${depth} deep: ${status}${status === 400 ? ' naming the limit, no stack trace' : ''}`, async () => {
      const res = await fetch(`${srv.url}/test/json`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: `${'['.repeat(depth)}${']'.repeat(depth)}`,
      });
      assert.equal(res.status, status);
      const text = await res.text();
      if (status === 400) {
        assert.match(text, /nested deeper than 128 levels \(the maxJsonDepth limit\)/);
        assert.doesNotMatch(text, /\bat \S+ \(|Traceback|RangeError/);
      } else {
        assert.equal(JSON.stringify(JSON.parse(text).request).length, 2 * depth);
      }
    });
  }

  test('GET /test/json and /test/json-generator give the same 418 document', async () => {
    const plain = await fetch(`${srv.url}/test/json`);
    const streamed = await fetch(`${srv.url}/test/json-generator`);
    assert.equal(plain.status, 418);
    assert.equal(streamed.status, 418);
    assert.equal(streamed.headers.get('content-length'), null, 'a generator has no length up front');
    const [a, b] = [await plain.text(), await streamed.text()];
    assert.equal(b, a, 'JSONResponse and JSONGeneratorResponse write the same bytes');
    assert.deepEqual(JSON.parse(a), { ...teapot, request: {} });
  });

  test('/unicode has raw UTF-8 and a byte Content-Length', async () => {
    const res = await fetch(`${srv.url}/unicode`);
    const text = await res.text();
    assert.equal(text, '{"name": "Ondřej Tůma"}');
    assert.equal(Number(res.headers.get('content-length')), Buffer.byteLength(text));
  });

  const documents: Array<[string, unknown]> = [
    ['/dict', { route: '/dict', type: 'dict' }],
    [
      '/list',
      [
        ['key', 'value'],
        ['route', '/list'],
        ['type', 'list'],
      ],
    ],
    ['/profile', { PROFILE: process.env.PROFILE ?? null }],
  ];
  for (const [path, expected] of documents) {
    test(`GET ${path}`, async () => {
      const res = await fetch(`${srv.url}${path}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.deepEqual(await res.json(), expected);
    });
  }
});
