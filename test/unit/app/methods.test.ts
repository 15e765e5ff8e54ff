import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  METHOD_ALL,
  METHOD_DELETE,
  METHOD_GET,
  METHOD_OPTIONS,
  METHOD_POST,
  METHOD_PUT,
  type Request,
} from '../../../src/index.ts';
import { ask, httpAsk, makeApp } from '../../helpers/app.ts';
import { parseRaw, type Running, rawExchange, start } from '../../helpers/serve.ts';

function buildApp() {
  const { app, log } = makeApp();
  const calls: string[] = [];
  const seen = (name: string) => (req: Request) => {
    calls.push(`${name} ${req.method}`);
    return `${name}:${req.method}`;
  };
  app.route('/get', seen('get'));
  app.route('/getonly', seen('getonly'), METHOD_GET);
  app.route('/post', seen('post'), METHOD_POST);
  app.route('/multi', seen('multi'), METHOD_GET | METHOD_PUT | METHOD_DELETE);
  app.route('/opt', seen('opt'), METHOD_GET | METHOD_OPTIONS);
  app.route('/any', seen('any'), METHOD_ALL);
  app.route('/r/<x:int>', seen('r-int'), METHOD_GET);
  app.route('/r/<y:word>', seen('r-word'), METHOD_POST);
  app.route('/long', () => 'x'.repeat(1234));
  return { app, log, calls };
}

describe('method semantics in process', () => {
  const cases: ReadonlyArray<{
    method: string;
    url: string;
    status: number;
    allow?: string | null;
    body?: string;
    contentLength?: string | null;
  }> = [
    // 405 with Allow, static routes
    { method: 'POST', url: '/get', status: 405, allow: 'HEAD, GET, OPTIONS' },
    { method: 'GET', url: '/post', status: 405, allow: 'POST, OPTIONS' },
    { method: 'HEAD', url: '/post', status: 405, allow: 'POST, OPTIONS' },
    { method: 'POST', url: '/multi', status: 405, allow: 'HEAD, GET, PUT, DELETE, OPTIONS' },
    { method: 'PATCH', url: '/opt', status: 405, allow: 'HEAD, GET, OPTIONS' },
    // 405 with Allow, regex routes: the union of every route matching the path
    { method: 'PUT', url: '/r/5', status: 405, allow: 'HEAD, GET, POST, OPTIONS' },
    { method: 'PUT', url: '/r/abc', status: 405, allow: 'POST, OPTIONS' },
    { method: 'POST', url: '/r/5', status: 200, body: 'r-word:POST' },
    { method: 'GET', url: '/r/5', status: 200, body: 'r-int:GET' },
    { method: 'GET', url: '/r/abc', status: 405, allow: 'POST, OPTIONS' },
    // HEAD is the GET handler, without a body but with GET's length
    { method: 'HEAD', url: '/get', status: 200, body: '', contentLength: String('get:HEAD'.length) },
    { method: 'HEAD', url: '/getonly', status: 200, body: '', contentLength: String('getonly:HEAD'.length) },
    { method: 'HEAD', url: '/long', status: 200, body: '', contentLength: '1234' },
    { method: 'GET', url: '/long', status: 200, contentLength: '1234' },
    // OPTIONS
    { method: 'OPTIONS', url: '/get', status: 204, allow: 'HEAD, GET, OPTIONS', body: '' },
    { method: 'OPTIONS', url: '/post', status: 204, allow: 'POST, OPTIONS', body: '' },
    { method: 'OPTIONS', url: '/r/5', status: 204, allow: 'HEAD, GET, POST, OPTIONS', body: '' },
    { method: 'OPTIONS', url: '/opt', status: 200, allow: null, body: 'opt:OPTIONS' },
    { method: 'OPTIONS', url: '/any', status: 200, allow: null, body: 'any:OPTIONS' },
    { method: 'OPTIONS', url: '/unknown', status: 404, allow: null },
    // the methods a route has
    { method: 'DELETE', url: '/multi', status: 200, body: 'multi:DELETE' },
    { method: 'PATCH', url: '/any', status: 200, body: 'any:PATCH' },
    { method: 'GET', url: '/getonly', status: 200, body: 'getonly:GET' },
    // methods we do not implement: 501, never the GET handler
    { method: 'PROPFIND', url: '/get', status: 501, allow: null },
    { method: 'PURGE', url: '/any', status: 501, allow: null },
  ];
  for (const c of cases) {
    test(`${c.method} ${c.url} -> ${c.status}`, async () => {
      const { app, calls } = buildApp();
      const res = await ask(app, c.url, { method: c.method });
      assert.equal(res.status, c.status);
      if (c.allow !== undefined) assert.equal(res.headers.get('allow'), c.allow);
      if (c.body !== undefined) assert.equal(res.text, c.body);
      if (c.contentLength !== undefined) assert.equal(res.headers.get('content-length'), c.contentLength);
      if (c.status === 405 && c.method !== 'HEAD') assert.match(res.text, /405 - Method Not Allowed/);
      if (c.method === 'HEAD') assert.equal(res.text, '');
      if (c.status === 501) {
        assert.match(res.text, /501 - Not Implemented/);
        assert.ok(res.text.includes(`Method <code>${c.method}</code>`), res.text);
      }
      if (c.status >= 400) assert.deepEqual(calls, [], 'no handler ran');
    });
  }
});

describe('method semantics on a real socket', () => {
  let srv: Running;
  let calls: string[];
  before(async () => {
    const built = buildApp();
    calls = built.calls;
    srv = await start(built.app);
  });
  after(() => srv.close());

  const cases: ReadonlyArray<{ line: string; status: number; allow: string | null; body?: RegExp }> = [
    {
      line: 'OPTIONS * HTTP/1.1',
      status: 204,
      allow: 'HEAD, GET, POST, PUT, DELETE, TRACE, OPTIONS, CONNECT, PATCH',
    },
    { line: 'PROPFIND /get HTTP/1.1', status: 501, allow: null, body: /Method <code>PROPFIND<\/code>/ },
    { line: 'PURGE /get HTTP/1.1', status: 501, allow: null, body: /Method <code>PURGE<\/code>/ },
    { line: 'MKCOL /any HTTP/1.1', status: 501, allow: null, body: /Method <code>MKCOL<\/code>/ },
    { line: 'HEAD /long HTTP/1.1', status: 200, allow: null, body: /^$/ },
    { line: 'DELETE /get HTTP/1.1', status: 405, allow: 'HEAD, GET, OPTIONS' },
  ];
  for (const c of cases) {
    test(c.line, async () => {
      const before = calls.length;
      const text = await rawExchange(srv.port, `${c.line}\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
      const res = parseRaw(text);
      assert.equal(res.status, c.status);
      assert.deepEqual(res.headers.get('allow') ?? null, c.allow === null ? null : [c.allow]);
      if (c.body) assert.match(res.body, c.body);
      if (c.status !== 200) assert.equal(calls.length, before, 'no handler ran');
    });
  }

  test('HEAD on the wire has GET Content-Length and no body', async () => {
    const text = await rawExchange(srv.port, 'HEAD /long HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    const res = parseRaw(text);
    assert.deepEqual(res.headers.get('content-length'), ['1234']);
    assert.equal(res.body, '');
  });

  const viaHttp = ['PROPFIND', 'PURGE'];
  for (const method of viaHttp) {
    test(`${method} through http.request is 501`, async () => {
      const before = calls.length;
      const res = await httpAsk(srv.port, { method, path: '/get' });
      assert.equal(res.status, 501);
      assert.equal(calls.length, before);
    });
  }
});
