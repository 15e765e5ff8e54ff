import * as assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../examples/simple.ts';
import { rawRequest } from '../helpers/raw-request.ts';
import { curl, parseRaw, quietLogger, type Running, start } from '../helpers/serve.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SIMPLE = fileURLToPath(new URL('../../examples/simple.ts', import.meta.url));
const LINES = Array.from({ length: 10 }, (_, i) => `line ${i}\n`).join('');

describe('examples/simple.ts on a real socket', () => {
  let srv: Running;
  const logger = quietLogger();

  before(async () => {
    // the example serves the working directory: the repository
    process.chdir(ROOT);
    const app = createApp();
    app.logger = logger;
    srv = await start(app);
  });
  after(() => srv.close());

  const get = (path: string, init?: RequestInit) => fetch(`${srv.url}${path}`, init);

  test('/ is the index page with links to every test', async () => {
    const res = await get('/');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    const html = await res.text();
    assert.equal(res.headers.get('content-length'), String(Buffer.byteLength(html)));
    for (const link of ['/test/static', '/test/partial/unicodes', '/yield', '/simple.py', '/not-modified']) {
      assert.ok(html.includes(`href="${link}"`), link);
    }
    assert.ok(html.includes(`${srv.url}/`), 'the URL is built with constructUrl');
  });

  const assets: readonly [path: string, type: string, check: (body: Buffer) => boolean][] = [
    ['/favicon.ico', 'image/vnd.microsoft.icon', (b) => b.subarray(0, 4).equals(Buffer.from([0, 0, 1, 0]))],
    ['/style.css', 'text/css', (b) => b.toString().includes('body {')],
  ];
  for (const [path, type, check] of assets) {
    test(`${path}: ${type}`, async () => {
      const res = await get(path);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), type);
      assert.ok(check(Buffer.from(await res.arrayBuffer())));
    });
  }

  test('/test/static: ETag W/"0123"; If-None-Match or the request ETag give 304 with the ETag', async () => {
    const res = await get('/test/static');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('etag'), 'W/"0123"');
    assert.match(await res.text(), /Static test/);
    for (const header of ['If-None-Match', 'ETag']) {
      const cached = await get('/test/static', { headers: { [header]: 'W/"0123"' } });
      assert.equal(cached.status, 304, header);
      assert.equal(cached.headers.get('etag'), 'W/"0123"');
      assert.ok(cached.headers.get('date'));
    }
  });

  const variables: readonly [path: string, type: string, value: string][] = [
    ['/test/123', 'number', '123'],
    ['/test/-1.5', 'float', '-1.5'],
    ['/test/word', 'string', 'word'],
    ['/test/user@example.net', 'string', 'user@example.net'],
    ['/test/ae7d1d8c-6fcc-4d5c-a7ef-51e3b84a7d5c', 'string', 'ae7d1d8c-6fcc-4d5c-a7ef-51e3b84a7d5c'],
  ];
  for (const [path, type, value] of variables) {
    test(`${path}: Variable test, ${type} ${value}`, async () => {
      const html = await (await get(path)).text();
      assert.match(html, /<h1>Variable test<\/h1>/);
      assert.ok(html.includes(`<th>variable type</th><td><code>${type}</code>`), html);
      assert.ok(html.includes(`<th>variable value</th><td><code>${value}</code>`));
    });
  }

  const varargs: readonly [path: string, count: number, rule: string][] = [
    ['/test/one/too/three', 3, '/test/&lt;variable0&gt;/&lt;variable1&gt;/&lt;variable2&gt;'],
    ['/test/[grr]', 1, '/test/&lt;variable:re:.*&gt;'],
    ['/test/a/b', 1, '/test/&lt;variable:re:.*&gt;'],
  ];
  for (const [path, count, rule] of varargs) {
    test(`${path}: ${count} arguments`, async () => {
      const html = await (await get(path)).text();
      assert.match(html, /Variable args test/);
      assert.ok(html.includes(`<th>len(args)</th><td><code>${count}</code>`));
      assert.ok(html.includes(`<th>uri_rule</th><td><code>${rule}</code>`), html);
    });
  }

  test('/test/form: the query arguments on GET, the urlencoded form on POST', async () => {
    const html = await (await get('/test/form?name=Ond%C5%99ej&name=T%C5%AFma&age=42')).text();
    assert.ok(html.includes('<th>name getlist</th><td><code>[&quot;Ondřej&quot;,&quot;Tůma&quot;]</code>'));
    const posted = await get('/test/form', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'age=42&age=43',
    });
    assert.equal(posted.status, 200);
    assert.ok((await posted.text()).includes('<th>age getfirst</th><td><code>42</code>'));
  });

  test('/test/upload answers GET and a POST without a form with the upload form', async () => {
    for (const method of ['GET', 'POST']) {
      const res = await get('/test/upload', { method, ...(method === 'POST' ? { body: 'x' } : {}) });
      assert.equal(res.status, 200);
      assert.match(await res.text(), /type="file"/);
    }
  });

  test('/test/empty: 204 that keeps its Super-Header (bug 2 fixed)', async () => {
    const res = await get('/test/empty');
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('super-header'), 'Value');
    assert.equal(res.headers.get('content-length'), null);
  });

  test('/test/partial/unicodes: 206 in unicodes, Content-Length in bytes', async () => {
    const asked = await curl(['-H', 'Range: unicodes=50-99', `${srv.url}/test/partial/unicodes`]);
    assert.equal(asked.status, 206);
    assert.deepEqual(asked.headers.get('content-range'), ['unicodes 50-99/*']);
    assert.deepEqual(asked.headers.get('content-length'), ['100']);
    assert.equal(Buffer.from(asked.body, 'latin1').toString('utf8').length, 50);
    const dflt = await curl([`${srv.url}/test/partial/unicodes`]);
    assert.deepEqual(dflt.headers.get('content-range'), ['unicodes 100-199/*']);
  });

  test('/test/partial/empty: 200 with Accept-Ranges; a byte range is 416 bytes */0 (bug 20 fixed)', async () => {
    const plain = await curl([`${srv.url}/test/partial/empty`]);
    assert.equal(plain.status, 200);
    assert.deepEqual(plain.headers.get('accept-ranges'), ['bytes']);
    const ranged = await curl(['-r', '0-99', `${srv.url}/test/partial/empty`]);
    assert.equal(ranged.status, 416);
    assert.deepEqual(ranged.headers.get('content-range'), ['bytes */0']);
  });

  test('/test/partial/generator: 200, one range 206, several ranges multipart', async () => {
    const whole = await curl([`${srv.url}/test/partial/generator`]);
    assert.equal(whole.status, 200);
    assert.equal(whole.body, LINES);
    const one = await curl(['-r', '8-16', `${srv.url}/test/partial/generator`]);
    assert.equal(one.status, 206);
    assert.deepEqual(one.headers.get('content-range'), ['bytes 8-16/70']);
    assert.equal(one.body, LINES.slice(8, 17));
    const several = await curl(['-r', '0-3,-2', `${srv.url}/test/partial/generator`]);
    assert.equal(several.status, 206);
    assert.match(several.headers.get('content-type')?.[0] ?? '', /^multipart\/byteranges; boundary=/);
    assert.match(several.body, /Content-Range: bytes 0-3\/70\r\n\r\nline\r\n/);
    assert.match(several.body, /Content-Range: bytes 68-69\/70\r\n\r\n9\n\r\n/);
  });

  test('/yield: a generator handler, 70 bytes, chunked', async () => {
    const res = await get('/yield');
    assert.equal(res.headers.get('content-length'), null);
    assert.equal(await res.text(), LINES);
  });

  test('POST /yield reads the body chunk by chunk: each must be 0, 1, 2, ...', async () => {
    // curl sends its data as one chunk; separate chunks are in simple-upload.test.ts
    const ok = await curl(['-H', 'Transfer-Encoding: chunked', '--data-binary', '0', `${srv.url}/yield`]);
    assert.equal(ok.status, 200);
    const joined = await curl(['-H', 'Transfer-Encoding: chunked', '--data-binary', '0123', `${srv.url}/yield`]);
    assert.equal(joined.status, 400);
    const bad = await curl(['--data-binary', '1', `${srv.url}/yield`]);
    assert.equal(bad.status, 400);
  });

  test('/chunked: explicit headers, X-Powered-By still sent; chunked framing', async () => {
    const res = await get('/chunked');
    assert.equal(res.headers.get('x-powered-by'), 'Poor WSGI for TypeScript');
    assert.equal(res.headers.get('transfer-encoding'), 'chunked');
    assert.equal(await res.text(), LINES);
  });

  test('/simple: this file through FileObjResponse, application/octet-stream', async () => {
    const res = await get('/simple');
    assert.equal(res.headers.get('content-type'), 'application/octet-stream');
    assert.equal(res.headers.get('content-length'), String(statSync(SIMPLE).size));
    assert.equal(await res.text(), readFileSync(SIMPLE, 'utf8'));
  });

  test('/package.json/ (a file asked for as a directory) is the 404 page, not the file', async () => {
    const res = await get('/package.json/');
    assert.equal(res.status, 404);
    assert.doesNotMatch(await res.text(), /"devDependencies"/);
    assert.equal((await get('/package.json')).status, 200);
  });

  test('/simple.py: this file with a weak ETag, ranges and 304s', async () => {
    const res = await get('/simple.py');
    assert.equal(res.status, 200);
    const etag = res.headers.get('etag') ?? '';
    assert.match(etag, /^W\/"[\w-]{22}=="$/);
    assert.equal(await res.text(), readFileSync(SIMPLE, 'utf8'));
    const tail = await curl(['-r', '-100', `${srv.url}/simple.py`]);
    assert.equal(tail.status, 206);
    assert.equal(tail.body, readFileSync(SIMPLE).subarray(-100).toString('latin1'));
    const cached = await get('/simple.py', { headers: { 'If-None-Match': etag } });
    assert.equal(cached.status, 304);
    assert.equal(cached.headers.get('etag'), etag);
    const since = await get('/simple.py', {
      headers: { 'If-Modified-Since': new Date(Date.now() + 86400e3).toUTCString() },
    });
    assert.equal(since.status, 304);
  });

  const errors: readonly [path: string, status: number, text: RegExp | null][] = [
    ['/internal-server-error', 500, /Test of internal server error/],
    ['/none', 204, null],
    ['/bad-request', 400, /400 - Bad Request/],
    ['/forbidden', 403, /403 - Forbidden/],
    ['/not-implemented', 501, /501 - Not Implemented/],
    ['/no-such-page', 404, /404 - Page Not Found[\s\S]*Your request <code>\/no-such-page<\/code> was not found/],
  ];
  for (const [path, status, text] of errors) {
    test(`${path}: ${status}`, async () => {
      const res = await get(path);
      assert.equal(res.status, status);
      const body = await res.text();
      if (text) assert.match(body, text);
    });
  }

  test('/bad-request is logged by the ValueError handler', async () => {
    await get('/bad-request');
    assert.ok(logger.lines.some((line) => String(line[0]).startsWith('ValueError on /bad-request')));
  });

  test('PUT /internal-server-error: 405 with Allow', async () => {
    const res = await get('/internal-server-error', { method: 'PUT' });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'HEAD, GET, OPTIONS');
  });

  test('/not-modified: 304 that keeps its ETag (bug 2 fixed)', async () => {
    const res = await get('/not-modified');
    assert.equal(res.status, 304);
    assert.equal(res.headers.get('etag'), '"012"');
  });

  test('the document root: files of the working directory, directory listings', async () => {
    const pkg = await get('/package.json');
    assert.equal(pkg.status, 200);
    assert.equal(pkg.headers.get('content-type'), 'application/json');
    assert.deepEqual(await pkg.json(), JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')));
    const listing = await get('/examples/');
    assert.equal(listing.status, 200);
    assert.match(await listing.text(), /<a href="\/examples\/simple\.ts">simple\.ts<\/a>/);
    const traversal = await curl(['--path-as-is', `${srv.url}/../../../etc/passwd`]);
    assert.equal(traversal.status, 404);
  });

  const headPaths = [
    '/',
    '/favicon.ico',
    '/style.css',
    '/test/static',
    '/test/123',
    '/test/one/too/three',
    '/test/form',
    '/test/upload',
    '/test/empty',
    '/test/partial/empty',
    '/test/partial/generator',
    '/yield',
    '/chunked',
    '/simple',
    '/simple.py',
    '/internal-server-error',
    '/none',
    '/bad-request',
    '/forbidden',
    '/not-modified',
    '/not-implemented',
    '/no-such-page',
    '/package.json',
    '/examples/',
  ];
  const SAME_LENGTH = new Set([
    '/',
    '/favicon.ico',
    '/style.css',
    '/simple',
    '/simple.py',
    '/package.json',
    '/examples/',
  ]);
  for (const path of headPaths) {
    test(`HEAD ${path}: the status and headers of GET, no body`, async () => {
      const request = (method: string) =>
        rawRequest(srv.port, `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      const getRes = parseRaw(await request('GET'));
      const headRes = parseRaw(await request('HEAD'));
      assert.equal(headRes.status, getRes.status);
      assert.equal(headRes.body, '');
      // Node frames a GET body of unknown length as chunked; a HEAD has no body to frame
      for (const res of [getRes, headRes]) for (const name of ['date', 'transfer-encoding']) res.headers.delete(name);
      assert.deepEqual([...headRes.headers.keys()], [...getRes.headers.keys()]);
      assert.equal(headRes.headers.get('content-type')?.[0], getRes.headers.get('content-type')?.[0]);
      // pages that show the request name its method, so only the others have the same length
      if (SAME_LENGTH.has(path)) {
        assert.equal(headRes.headers.get('content-length')?.[0], getRes.headers.get('content-length')?.[0]);
      }
    });
  }
});
