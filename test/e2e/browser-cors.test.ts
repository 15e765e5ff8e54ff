/**
 * CORS in a real browser: Debian's Chromium, driven by playwright-core,
 * loads a page from origin A and makes cross-origin `fetch` calls to an API
 * on origin B; a page on origin C, which B does not allow, is refused. What
 * the page's script saw is asserted, and what B's socket received (so a
 * preflight is known to have happened, or a refused request not to have
 * been sent). No browser is ever downloaded: without /usr/bin/chromium this
 * test fails and says how to install it.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import {
  Application,
  HTTP_BAD_REQUEST,
  HTTP_UNAUTHORIZED,
  HTTPException,
  JSONResponse,
  METHOD_GET,
  METHOD_POST,
  METHOD_PUT,
  type Request,
  tuple,
} from '../../src/index.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { quietLogger, type Running, start } from '../helpers/serve.ts';

const PAGE = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>cors</title></head><body>page</body></html>';

/** A server of one page: an origin for the browser to run script in. */
function pageApp(name: string): Application {
  const app = new Application(name, { logger: quietLogger() });
  app.route('/', () => tuple(PAGE, 'text/html; charset=utf-8'));
  return app;
}

/** The API on origin B, allowing `origin` with credentials. */
function apiApp(origin: string): Application {
  const app = new Application('api', {
    logger: quietLogger(),
    cors: { origin: [origin], credentials: true, exposedHeaders: ['X-Total-Count'] },
  });
  // a key check as APIs have them: a preflight never carries the key
  app.addBeforeResponse((req: Request) => {
    if (req.path.startsWith('/keyed/') && req.header('x-api-key') !== 'secret') {
      throw new HTTPException(new JSONResponse({ error: 'X-Api-Key required' }, { statusCode: HTTP_UNAUTHORIZED }));
    }
  });
  app.route('/simple', () => {
    const res = new JSONResponse({ hello: 'world' });
    res.headers.set('X-Total-Count', '42');
    res.headers.set('X-Hidden', 'not exposed');
    return res;
  });
  app.route(
    '/items/<id:int>',
    (req: Request, id) =>
      new JSONResponse(
        { id, method: req.method, body: req.json ?? null, requestId: req.header('x-request-id') ?? null },
        { statusCode: req.method === 'POST' ? 201 : 200 },
      ),
    METHOD_PUT | METHOD_POST,
  );
  app.route(
    '/login',
    () => new JSONResponse({ ok: true }, { headers: { 'Set-Cookie': 'sid=s3cr3t; Path=/; HttpOnly' } }),
    METHOD_POST,
  );
  app.route('/me', (req: Request) => ({ sid: req.cookies.sid ?? null }));
  app.route('/bad', () => {
    throw new HTTPException(new JSONResponse({ error: 'name is required' }, { statusCode: HTTP_BAD_REQUEST }));
  });
  app.route(
    '/keyed/<name>',
    (req: Request, name) => ({ name, method: req.method, body: req.json ?? null }),
    METHOD_GET | METHOD_PUT,
  );
  return app;
}

/** What the page's script saw of one fetch: its answer, or the error it rejected with. */
interface Seen {
  readonly ok?: boolean;
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string | null>;
  readonly error?: string;
}

/**
 * Run `fetch(url, init)` in the page, as its script would, and report what
 * it saw: the status, the JSON body and the named headers, or the error.
 */
function pageFetch(page: Page, url: string, init: RequestInit = {}, read: readonly string[] = []): Promise<Seen> {
  return page.evaluate(
    async ({ url, init, read }) => {
      try {
        const res = await fetch(url, init);
        const text = await res.text();
        const headers: Record<string, string | null> = {};
        for (const name of read) headers[name] = res.headers.get(name);
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: the text as it is
        }
        return { ok: res.ok, status: res.status, body, headers };
      } catch (err) {
        return { error: `${(err as Error).name}: ${(err as Error).message}` };
      }
    },
    { url, init, read },
  );
}

describe('CORS in Chromium (playwright-core): a page on origin A calls an API on origin B', () => {
  let pageA: Running;
  let pageC: Running;
  let api: Running;
  /** What B's socket received: method, target and Origin of each request, in order. */
  const wire: string[] = [];
  let browser: BrowserContext | undefined;
  let profile: string;
  let fromA: Page;
  let fromC: Page;

  before(async () => {
    pageA = await start(pageApp('page-a'));
    pageC = await start(pageApp('page-c'));
    api = await start(apiApp(pageA.url));
    api.server.on('request', (req: IncomingMessage) => {
      wire.push(`${req.method} ${req.url} ${req.headers.origin ?? '-'}`);
    });
    profile = mkdtempSync(join(tmpdir(), 'poorwsgi-chromium-cors-'));
    browser = await launchChromium(profile);
    fromA = await browser.newPage();
    await fromA.goto(`${pageA.url}/`);
    fromC = await browser.newPage();
    await fromC.goto(`${pageC.url}/`);
  });

  after(async () => {
    await browser?.close();
    await api?.close();
    await pageA?.close();
    await pageC?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  /** The requests B received since `mark`. */
  const since = (mark: number) => wire.slice(mark);

  test('the origins differ: the page is on A, the API on B', () => {
    assert.notEqual(new URL(pageA.url).origin, new URL(api.url).origin);
    assert.equal(fromA.url(), `${pageA.url}/`);
  });

  test('a simple GET: read, with the exposed header and not the other', { timeout: 60_000 }, async () => {
    const mark = wire.length;
    const seen = await pageFetch(fromA, `${api.url}/simple`, {}, ['X-Total-Count', 'X-Hidden', 'Content-Type']);
    assert.deepEqual(seen, {
      ok: true,
      status: 200,
      body: { hello: 'world' },
      headers: { 'X-Total-Count': '42', 'X-Hidden': null, 'Content-Type': 'application/json; charset=utf-8' },
    });
    // a simple request: no preflight
    assert.deepEqual(since(mark), [`GET /simple ${pageA.url}`]);
  });

  test('a preflighted PUT and POST with a JSON body and a custom header', { timeout: 60_000 }, async () => {
    const mark = wire.length;
    const init = (method: string, body: unknown): RequestInit => ({
      method,
      headers: { 'Content-Type': 'application/json', 'X-Request-Id': `req-${method}` },
      body: JSON.stringify(body),
    });
    const put = await pageFetch(fromA, `${api.url}/items/7`, init('PUT', { name: 'chair', legs: 4 }));
    assert.deepEqual(put, {
      ok: true,
      status: 200,
      body: { id: 7, method: 'PUT', body: { name: 'chair', legs: 4 }, requestId: 'req-PUT' },
      headers: {},
    });
    const post = await pageFetch(fromA, `${api.url}/items/8`, init('POST', ['a', 'b']));
    assert.deepEqual(post, {
      ok: true,
      status: 201,
      body: { id: 8, method: 'POST', body: ['a', 'b'], requestId: 'req-POST' },
      headers: {},
    });
    assert.deepEqual(since(mark), [
      `OPTIONS /items/7 ${pageA.url}`,
      `PUT /items/7 ${pageA.url}`,
      `OPTIONS /items/8 ${pageA.url}`,
      `POST /items/8 ${pageA.url}`,
    ]);
  });

  test('a credentialed request: the cookie B set is sent back, and only with credentials', {
    timeout: 60_000,
  }, async () => {
    const login = await pageFetch(fromA, `${api.url}/login`, { method: 'POST', credentials: 'include' });
    assert.deepEqual(login, { ok: true, status: 200, body: { ok: true }, headers: {} });
    const withCookie = await pageFetch(fromA, `${api.url}/me`, { credentials: 'include' });
    assert.deepEqual(withCookie.body, { sid: 's3cr3t' });
    // a cross-origin fetch sends no cookie unless asked to
    const without = await pageFetch(fromA, `${api.url}/me`);
    assert.deepEqual(without.body, { sid: null });
  });

  test('error answers are readable by script: 400, 404', { timeout: 60_000 }, async () => {
    const bad = await pageFetch(fromA, `${api.url}/bad`);
    assert.deepEqual(bad, { ok: false, status: 400, body: { error: 'name is required' }, headers: {} });
    // the built-in 404 page: that script sees its status at all means the CORS check passed
    const missing = await pageFetch(fromA, `${api.url}/missing`);
    assert.equal(missing.error, undefined);
    assert.equal(missing.status, 404);
    assert.equal(missing.ok, false);
  });

  test('an API key checked by a before-hook: preflights pass, the request with the key succeeds', {
    timeout: 60_000,
  }, async () => {
    const mark = wire.length;
    const put = await pageFetch(fromA, `${api.url}/keyed/report`, {
      method: 'PUT',
      headers: { 'X-Api-Key': 'secret', 'Content-Type': 'application/json' },
      body: '{"year":2025}',
    });
    assert.deepEqual(put, {
      ok: true,
      status: 200,
      body: { name: 'report', method: 'PUT', body: { year: 2025 } },
      headers: {},
    });
    const get = await pageFetch(fromA, `${api.url}/keyed/summary`, { headers: { 'X-Api-Key': 'secret' } });
    assert.deepEqual(get.body, { name: 'summary', method: 'GET', body: null });
    // without the key: the hook's 401, which script can read
    const refused = await pageFetch(fromA, `${api.url}/keyed/summary`);
    assert.deepEqual(refused, { ok: false, status: 401, body: { error: 'X-Api-Key required' }, headers: {} });
    assert.deepEqual(since(mark), [
      `OPTIONS /keyed/report ${pageA.url}`,
      `PUT /keyed/report ${pageA.url}`,
      `OPTIONS /keyed/summary ${pageA.url}`,
      `GET /keyed/summary ${pageA.url}`,
      `GET /keyed/summary ${pageA.url}`,
    ]);
  });

  test('a page on origin C, which B does not allow: the browser refuses both kinds of request', {
    timeout: 60_000,
  }, async () => {
    const mark = wire.length;
    const blocked = fromC.waitForEvent('console', (msg) => /blocked by CORS policy/.test(msg.text()));
    const simple = await pageFetch(fromC, `${api.url}/simple`);
    assert.deepEqual(simple, { error: 'TypeError: Failed to fetch' });
    assert.match((await blocked).text(), new RegExp(`from origin '${pageC.url}' has been blocked by CORS policy`));
    const put = await pageFetch(fromC, `${api.url}/items/9`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    assert.deepEqual(put, { error: 'TypeError: Failed to fetch' });
    const credentialed = await pageFetch(fromC, `${api.url}/me`, { credentials: 'include' });
    assert.deepEqual(credentialed, { error: 'TypeError: Failed to fetch' });
    // the simple requests went out (CORS guards what script reads); the PUT never did: its preflight got 403
    assert.deepEqual(since(mark), [
      `GET /simple ${pageC.url}`,
      `OPTIONS /items/9 ${pageC.url}`,
      `GET /me ${pageC.url}`,
    ]);
  });
});
