/**
 * The `/debug-info` page of debug mode, looked at in a real browser
 * (Debian's Chromium through playwright-core): an application with hostile
 * names everywhere (a handler, a filter, an error class, a request header,
 * an `app_*` variable) serves the page; the browser renders it, a
 * screenshot is taken (into a temporary directory, checked as a PNG and
 * removed), the key sections are found by their ids and headings, the
 * handlers are listed with the file and line they are defined at, and no
 * script of the hostile values ran. Then: the tables are the same after the
 * page as before (PoorWSGI's page changed its state table), debug off is a
 * 404, and the page of `examples/simple.ts` renders too.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { createApp } from '../../examples/simple.ts';
import { Application, HTTP_NOT_FOUND, HTTPException, METHOD_GET, METHOD_POST, tuple } from '../../src/index.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { quietLogger, type Running, start } from '../helpers/serve.ts';

const HERE = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/**
 * The text as the browser renders it (table cells apart by tabs, rows by
 * lines): what a reader of the page sees, which is what is asserted.
 */
function rendered(element: object): string {
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, not the DOM's, is the point
  return (element as { innerText: string }).innerText;
}

/** Markup that runs script if it is ever written unescaped. */
const XSS = '<img src=x onerror="window.__pwned=1">';

class HostileError extends Error {}
// a class whose name is markup
Object.defineProperty(HostileError, 'name', { value: `Err${XSS}` });

/** The application: a route of each kind, hooks, states, errors, a filter, all named to hurt. */
function hostileApp(logger = quietLogger()): Application {
  const app = new Application('debug<b>app</b>', { debug: true, logger });
  function userPage(_req: unknown, id: number) {
    return { id };
  }
  app.route('/user/<id:int>', userPage);
  app.route('/static/page', function staticPage() {
    return tuple('static', 'text/plain');
  });
  // a handler whose name is markup (a computed property name names the function)
  const named = { [XSS]: () => 'x' };
  app.route('/hostile', named[XSS] as () => string, METHOD_GET | METHOD_POST);
  app.setFilter('email', '[a-z<>]+@[a-z.]+', function toEmail(v: string) {
    return v;
  });
  app.route('/mail/<to:email>', function mailPage(_req, to) {
    return { to: String(to) };
  });
  app.regularRoute('/raw/(\\d+)', function rawRoute(_req, n) {
    return { n: String(n) };
  });
  app.route(
    '/missing',
    () => {
      throw new HTTPException(HTTP_NOT_FOUND);
    },
    METHOD_GET | METHOD_POST,
  );
  app.setDefault(function fallbackPage() {
    return 'default';
  });
  // a 404 for GET only: PoorWSGI's page made it answer POST too (bug 16)
  app.setHttpState(
    HTTP_NOT_FOUND,
    function notFoundForGet() {
      return 'my 404';
    },
    METHOD_GET,
  );
  app.setErrorHandler(HostileError, function onHostile() {
    return 'handled';
  });
  app.route('/boom', function explode() {
    throw new Error(`failed on ${XSS}`);
  });
  app.addBeforeResponse(function checkLogin() {});
  app.addAfterResponse(function addHeaders() {});
  return app;
}

describe('/debug-info in Chromium', () => {
  let srv: Running;
  let app: Application;
  let simple: Running;
  let browser: BrowserContext;
  let page: Page;
  const profile = mkdtempSync(join(tmpdir(), 'poorwsgi-debug-profile-'));
  const shots = mkdtempSync(join(tmpdir(), 'poorwsgi-debug-shot-'));
  const savedEnv = process.env.app_debug_test;

  before(async () => {
    process.env.app_debug_test = `value${XSS}`;
    app = hostileApp();
    srv = await start(app);
    process.chdir(ROOT);
    const simpleApp = createApp();
    simpleApp.logger = quietLogger();
    simple = await start(simpleApp);
    browser = await launchChromium(profile);
    page = await browser.newPage();
    await page.setExtraHTTPHeaders({ 'X-Hostile': `header${XSS}` });
  });

  after(async () => {
    if (savedEnv === undefined) delete process.env.app_debug_test;
    else process.env.app_debug_test = savedEnv;
    await browser?.close();
    await srv?.close();
    await simple?.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(shots, { recursive: true, force: true });
  });

  test('the page renders, every section is there, nothing hostile ran', async () => {
    const before = { states: app.states, routes: app.routes, regular: app.regularRoutes.length };
    const response = await page.goto(`${srv.url}/debug-info`);
    assert.equal(response?.status(), 200);
    assert.equal(response?.headers()['content-type'], 'text/html; charset=utf-8');
    assert.equal(await page.title(), 'Poor WSGI Debug info');
    assert.equal(await page.locator('h1').evaluate(rendered), 'Poor WSGI Debug Info');

    // the screenshot: a real PNG of a page that has content
    const shot = join(shots, 'debug-info.png');
    await page.screenshot({ path: shot, fullPage: true });
    assert.deepEqual([...readFileSync(shot).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(statSync(shot).size > 20_000, `a full page, not a blank one (${statSync(shot).size} bytes)`);
    const height = await page.evaluate<number>('document.documentElement.scrollHeight');
    assert.ok(height > 2000, `the page is long: every table is there (${height} px)`);

    const sections: ReadonlyArray<[string, string]> = [
      ['uri_routes', 'Route table'],
      ['state_handlers', 'HTTP state handlers'],
      ['error_handlers', 'Error handlers'],
      ['before_after_handlers', 'Before and after response hooks'],
      ['filters', 'Route filters'],
      ['poor_variables', 'Configuration'],
      ['app_variables', 'Application variables (app_*)'],
      ['headers', 'Request headers'],
      ['environ', 'Request environment'],
    ];
    for (const [id, title] of sections) {
      assert.equal(await page.locator(`h2#${id}`).evaluate(rendered), title);
      // the navigation links to it
      assert.equal(await page.locator(`nav a[href="#${id}"]`).count(), 1, id);
    }

    // nothing of the hostile values ran or became an element
    assert.equal(await page.evaluate<unknown>('window.__pwned'), undefined);
    assert.equal(await page.locator('img').count(), 0);
    const text = await page.locator('body').evaluate(rendered);
    for (const shown of [`header${XSS}`, `value${XSS}`, `Err${XSS}`, XSS, '[a-z<>]+@[a-z.]+', 'debug<b>app</b>']) {
      assert.ok(text.includes(shown), `shown as text: ${shown}`);
    }

    // routes: path, methods, handler, and where it is defined (this file, its line)
    const userRow = page.locator('tr', { hasText: '/user/<id:int>' });
    assert.match(await userRow.evaluate(rendered), /id:int[\s\S]*HEAD \| GET[\s\S]*userPage/);
    const lineOf = (name: string) =>
      readFileSync(HERE, 'utf8')
        .split('\n')
        .findIndex((line) => line.includes(`function ${name}(`)) + 1;
    assert.match(await userRow.evaluate(rendered), new RegExp(`browser-debug-info\\.test\\.ts:${lineOf('userPage')}:`));
    assert.match(await page.locator('tr', { hasText: 'staticPage' }).evaluate(rendered), /\/static\/page/);
    assert.match(await page.locator('tr', { hasText: 'mailPage' }).evaluate(rendered), /to:email/);
    // a raw regular route has no named parameters: its pattern is shown
    assert.match(await page.locator('tr', { hasText: 'rawRoute' }).evaluate(rendered), /\/raw\/\(\\d\+\)/);
    assert.match(await page.locator('tr', { hasText: 'fallbackPage' }).evaluate(rendered), /\/\*\s+HEAD \| GET/);
    assert.match(await page.locator('tr', { hasText: 'debugInfo' }).evaluate(rendered), /\/debug-info\s+ALL/);
    // states: the application's 404 for GET, the built-in one for the rest
    const states = await page.locator('#state_handlers + p + table').evaluate(rendered);
    assert.match(states, /404\s+GET\s+notFoundForGet[\s\S]*application/);
    assert.match(states, /404\s+the others \(not GET\)\s+notFound[\s\S]*built-in/);
    assert.match(states, /500\s+ALL\s+internalServerError/);
    assert.match(await page.locator('#error_handlers + table').evaluate(rendered), /onHostile/);
    const hooks = await page.locator('#before_after_handlers ~ table').allInnerTexts();
    assert.match(hooks[0] ?? '', /1\s+checkLogin/);
    assert.match(hooks[1] ?? '', /1\s+addHeaders/);
    assert.match(await page.locator('#filters + table').evaluate(rendered), /email[\s\S]*toEmail/);
    // configuration and limits
    const config = await page.locator('#poor_variables ~ table').allInnerTexts();
    assert.match(config.join('\n'), /Debug\s+true/);
    assert.match(config.join('\n'), /bodyLimit\s+1048576/);
    assert.match(config.join('\n'), /secretKey\s+not set/);
    assert.match(await page.locator('#app_variables + table').evaluate(rendered), /debug_test/);
    assert.match(await page.locator('#headers + table').evaluate(rendered), /x-hostile/i);
    assert.match(await page.locator('#environ ~ table').last().evaluate(rendered), /REQUEST_METHOD\s+GET/);

    // looking changed nothing (PoorWSGI's page merged its built-in states into the table)
    assert.deepEqual(app.states, before.states);
    assert.deepEqual(app.routes, before.routes);
    assert.equal(app.regularRoutes.length, before.regular);
    const post404 = await fetch(`${srv.url}/missing`, { method: 'POST', headers: { Accept: 'text/plain' } });
    assert.equal(post404.status, 404);
    assert.match(await post404.text(), /^404 - Not Found/);
    const get404 = await fetch(`${srv.url}/missing`);
    assert.equal(get404.status, 404);
    assert.equal(await get404.text(), 'my 404');
  });

  test('the 500 page of debug mode: the stack, escaped, in the browser', async () => {
    const response = await page.goto(`${srv.url}/boom`);
    assert.equal(response?.status(), 500);
    assert.equal(await page.locator('h2', { hasText: 'Exception Traceback' }).count(), 1);
    const trace = await page.locator('pre').evaluate(rendered);
    assert.ok(trace.startsWith(`Error: failed on ${XSS}`), trace);
    assert.match(trace, /at explode \(.*browser-debug-info\.test\.ts/);
    assert.match(await page.locator('body').evaluate(rendered), /uri_handler: explode/);
    assert.equal(await page.evaluate<unknown>('window.__pwned'), undefined);
    assert.equal(await page.locator('img').count(), 0);
  });

  test('a secret key is never shown; the poor_* variables are listed', async () => {
    app.secretKey = 'TOP-SECRET-KEY';
    const saved = { key: process.env.poor_SecretKey, index: process.env.poor_DocumentIndex };
    process.env.poor_SecretKey = 'ENV-SECRET-KEY';
    process.env.poor_DocumentIndex = 'Off';
    try {
      const html = await (await fetch(`${srv.url}/debug-info`)).text();
      assert.ok(!html.includes('TOP-SECRET-KEY'));
      assert.ok(!html.includes('ENV-SECRET-KEY'));
      assert.match(html, /secretKey<\/code><\/td><td><code>set \(not shown\)/);
      assert.match(html, /poor_SecretKey<\/code><\/td><td><code>set \(not shown\)/);
      assert.match(html, /poor_DocumentIndex<\/code><\/td><td><code>Off/);
    } finally {
      app.secretKey = null;
      for (const [name, value] of [
        ['poor_SecretKey', saved.key],
        ['poor_DocumentIndex', saved.index],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  test('any method, after the before-hooks; off in normal mode; a route of the application wins', async () => {
    const seen: string[] = [];
    const hooked = new Application('hooked', { debug: true, logger: quietLogger() });
    hooked.addBeforeResponse((req) => {
      seen.push(`${req.method} ${req.uriRule}`);
    });
    const post = await hooked.request('/debug-info', { method: 'POST', body: 'x=1' });
    assert.equal(post.status, 200);
    assert.deepEqual(seen, ['POST /debug-info']);
    const head = await hooked.request('/debug-info', { method: 'HEAD' });
    assert.equal(head.status, 200);

    hooked.debug = false;
    assert.equal((await hooked.request('/debug-info')).status, 404);

    const own = new Application('own', { debug: true, logger: quietLogger() });
    own.route('/debug-info', () => 'mine');
    assert.equal(await (await own.request('/debug-info')).text(), 'mine');
  });

  test('examples/simple.ts serves its page (PoorWSGI test_debug_info)', async () => {
    const response = await page.goto(`${simple.url}/debug-info`);
    assert.equal(response?.status(), 200);
    const text = await page.locator('#uri_routes ~ table').first().evaluate(rendered);
    assert.match(text, /\/test\/static/);
    assert.match(text, /examples\/simple\.ts:\d+:\d+/);
  });
});
