/**
 * The built-in pages in the client's format: `application/problem+json`
 * (RFC 9457) to JSON clients, HTML to browsers, plain text otherwise; the
 * `errorFormat` option forcing one; the catch-all state handler.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  HTTP_BAD_REQUEST,
  HTTP_NOT_FOUND,
  HTTPException,
  METHOD_GET,
  METHOD_POST,
  NotModifiedResponse,
} from '../../../src/index.ts';
import { ask, makeApp } from '../../helpers/app.ts';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

describe('the format of the built-in pages, negotiated', () => {
  const cases: ReadonlyArray<{
    name: string;
    method?: string;
    headers: Record<string, string>;
    body?: string;
    type: string;
  }> = [
    { name: 'Accept: application/json', headers: { accept: 'application/json' }, type: 'application/problem+json' },
    {
      name: 'Accept: application/problem+json',
      headers: { accept: 'application/problem+json' },
      type: 'application/problem+json',
    },
    {
      name: 'JSON preferred over HTML',
      headers: { accept: 'text/html;q=0.5, application/json' },
      type: 'application/problem+json',
    },
    {
      name: 'a JSON body with Accept */*',
      headers: { accept: '*/*', 'content-type': 'application/json' },
      body: '{}',
      type: 'application/problem+json',
    },
    {
      name: 'a +json body with no Accept',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: '{}',
      type: 'application/problem+json',
    },
    {
      name: 'a DELETE with a JSON body, no Accept',
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      type: 'application/problem+json',
    },
    { name: 'a browser', headers: { accept: BROWSER }, type: 'text/html; charset=utf-8' },
    {
      name: 'a browser sending JSON (HTML preferred)',
      headers: { accept: BROWSER, 'content-type': 'application/json' },
      body: '{}',
      type: 'text/html; charset=utf-8',
    },
    { name: 'Accept */* (curl, fetch)', headers: { accept: '*/*' }, type: 'text/plain; charset=utf-8' },
    { name: 'no Accept', headers: {}, type: 'text/plain; charset=utf-8' },
    { name: 'Accept text/*', headers: { accept: 'text/*' }, type: 'text/plain; charset=utf-8' },
    { name: 'nothing acceptable', headers: { accept: 'image/png' }, type: 'text/plain; charset=utf-8' },
    {
      name: 'a malformed Content-Type',
      headers: { accept: '*/*', 'content-type': 'application/json; charset' },
      body: '{}',
      type: 'text/plain; charset=utf-8',
    },
  ];
  for (const c of cases) {
    test(`${c.name}: ${c.type}`, async () => {
      const { app } = makeApp({ errorFormat: 'auto' });
      const method = c.method ?? (c.body ? 'POST' : 'GET');
      const res = await ask(app, '/missing', { method, headers: c.headers, body: c.body });
      assert.equal(res.status, 404);
      assert.equal(res.headers.get('content-type'), c.type);
      assert.equal(res.headers.get('vary'), 'Accept');
    });
  }
});

describe('problem details (RFC 9457)', () => {
  const json = { accept: 'application/json' };

  test('404: type, title, status, detail', async () => {
    const { app } = makeApp({ errorFormat: 'auto' });
    const res = await ask(app, '/no/such', { headers: json });
    assert.deepEqual(JSON.parse(res.text), {
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'Your request /no/such was not found.',
    });
  });

  test("405 to a client that sent JSON with curl's Accept */*: a problem", async () => {
    const { app } = makeApp({ errorFormat: 'auto' });
    app.route('/only-get', () => 'x', METHOD_GET);
    const res = await ask(app, '/only-get', {
      method: 'DELETE',
      headers: { accept: '*/*', 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
    assert.deepEqual(JSON.parse(res.text).allowed, ['HEAD', 'GET', 'OPTIONS']);
  });

  test('405: the allowed method names, and Allow', async () => {
    const { app } = makeApp({ errorFormat: 'auto' });
    app.route('/only-get', () => 'x', METHOD_GET);
    const res = await ask(app, '/only-get', { method: 'DELETE', headers: json });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'HEAD, GET, OPTIONS');
    const problem = JSON.parse(res.text);
    assert.equal(problem.title, 'Method Not Allowed');
    assert.deepEqual(problem.allowed, ['HEAD', 'GET', 'OPTIONS']);
  });

  test('400 from a bad JSON body: the parse error as detail', async () => {
    const { app } = makeApp({ errorFormat: 'auto' });
    app.route('/j', (req) => ({ got: req.json ?? null }), METHOD_POST);
    const res = await ask(app, '/j', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
    const problem = JSON.parse(res.text);
    assert.equal(problem.status, 400);
    assert.equal(problem.title, 'Bad Request');
    assert.match(problem.detail, /JSON/);
  });

  test('413 over bodyLimit: the reason as detail', async () => {
    const { app } = makeApp({ errorFormat: 'auto', bodyLimit: 4 });
    app.route('/j', (req) => ({ got: req.json ?? null }), METHOD_POST);
    const res = await ask(app, '/j', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    assert.equal(res.status, 413);
    const problem = JSON.parse(res.text);
    // the reason phrases are PoorWSGI's (RFC 9110 now says Content Too Large)
    assert.equal(problem.title, 'Request Entity Too Large');
    assert.doesNotMatch(problem.detail, /ended with status/, 'the reason, not the generic sentence');
  });

  test('500 outside debug mode says nothing of the error', async () => {
    const { app } = makeApp({ errorFormat: 'auto' });
    app.route('/crash', () => {
      throw new Error('secret database password in message');
    });
    const res = await ask(app, '/crash', { headers: json });
    assert.equal(res.status, 500);
    assert.doesNotMatch(res.text, /secret|at /);
    assert.deepEqual(JSON.parse(res.text), {
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'The server failed to answer this request.',
    });
  });

  test('500 in debug mode: the message and the stack lines', async () => {
    const { app } = makeApp({ errorFormat: 'auto', debug: true });
    app.route('/crash', () => {
      throw new Error('visible');
    });
    const res = await ask(app, '/crash', { headers: json });
    const problem = JSON.parse(res.text);
    assert.equal(problem.detail, 'visible');
    assert.ok(Array.isArray(problem.stack));
    assert.equal(problem.stack[0], 'Error: visible');
  });

  test('501 for an unknown method', async () => {
    const { app } = makeApp({ errorFormat: 'json' });
    const res = await ask(app, '/', { method: 'PROPFIND' });
    assert.equal(res.status, 501);
    assert.equal(JSON.parse(res.text).detail, 'The method PROPFIND is not implemented on this server.');
  });

  test('an HTTPException with an error string: the string as detail, any status', async () => {
    const { app } = makeApp({ errorFormat: 'json' });
    app.route('/teapot', () => {
      throw new HTTPException(418, { error: 'short and stout' });
    });
    const res = await ask(app, '/teapot');
    assert.deepEqual(JSON.parse(res.text), {
      type: 'about:blank',
      title: "I'm a teapot",
      status: 418,
      detail: 'short and stout',
    });
  });
});

describe('the errorFormat option', () => {
  test("'text' answers a JSON client in plain text", async () => {
    const { app } = makeApp({ errorFormat: 'text' });
    const res = await ask(app, '/none', { headers: { accept: 'application/json' } });
    assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(res.text, '404 - Not Found\nYour request /none was not found.\n');
    // a forced format does not vary
    assert.equal(res.headers.get('vary'), null);
  });

  test("'html' answers every client with PoorWSGI's page", async () => {
    const { app } = makeApp({ errorFormat: 'html' });
    const res = await ask(app, '/none', { headers: { accept: 'application/json' } });
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(res.text, /<h1>404 - Page Not Found<\/h1>/);
  });

  test("'json' can be set on a live application; a bad value is refused", () => {
    const { app } = makeApp();
    app.errorFormat = 'json';
    assert.equal(app.errorFormat, 'json');
    assert.throws(() => {
      (app as unknown as { errorFormat: string }).errorFormat = 'xml';
    }, /errorFormat must be 'auto', 'json', 'html' or 'text'/);
  });

  test('a path that cannot be decoded is shown as [ NOT PARSED ]', async () => {
    const { app } = makeApp({ errorFormat: 'text' });
    const res = await ask(app, '/%C3%28', { method: 'DELETE' });
    assert.equal(res.status, 400);
    assert.match(res.text, /^400 - Bad Request\n/);
  });
});

describe('the catch-all state handler', () => {
  test("httpState('*') answers every error status without a handler of its own, with the status", async () => {
    const { app } = makeApp();
    const seen: number[] = [];
    app.httpState('*', (req, extra, status) => {
      seen.push(status);
      return { status, path: req.path, ...extra };
    });
    app.httpState(HTTP_BAD_REQUEST, () => 'own 400');
    app.route('/g', () => 'g', METHOD_GET);
    app.route('/bad', () => {
      throw new HTTPException(HTTP_BAD_REQUEST);
    });
    app.route('/crash', () => {
      throw new TypeError('t');
    });
    app.route('/nm', () => new NotModifiedResponse({ etag: '"x"' }));
    const missing = await ask(app, '/missing');
    assert.equal(missing.status, HTTP_NOT_FOUND);
    assert.deepEqual(JSON.parse(missing.text), { status: 404, path: '/missing' });
    const notAllowed = await ask(app, '/g', { method: 'PUT' });
    assert.equal(notAllowed.status, 405);
    assert.equal(notAllowed.headers.get('allow'), 'HEAD, GET, OPTIONS');
    assert.deepEqual(JSON.parse(notAllowed.text).allowed, ['HEAD', 'GET', 'OPTIONS']);
    const crash = await ask(app, '/crash');
    assert.deepEqual(JSON.parse(crash.text).error, { name: 'TypeError', message: 't' });
    // a code with its own handler does not reach the catch-all
    assert.equal((await ask(app, '/bad')).text, 'own 400');
    assert.deepEqual(seen, [404, 405, 500]);
  });

  test('a 304 never reaches the catch-all', async () => {
    const { app } = makeApp();
    let called = false;
    app.httpState('*', () => {
      called = true;
      return 'body';
    });
    app.route('/e', (req) => {
      if (req.header('if-none-match') === '"v"') throw new HTTPException(304, { ETag: '"v"' });
      return 'e';
    });
    const res = await ask(app, '/e', { headers: { 'if-none-match': '"v"' } });
    assert.equal(res.status, 304);
    assert.equal(res.text, '');
    assert.equal(called, false);
  });

  test("popHttpState('*') removes it; states lists it; a bad code is refused", async () => {
    const { app } = makeApp({ errorFormat: 'text' });
    const handler = () => 'catch-all';
    app.setHttpState('*', handler, METHOD_GET);
    assert.equal(app.states.get('*')?.get(METHOD_GET), handler);
    assert.equal((await ask(app, '/x')).text, 'catch-all');
    assert.equal(app.popHttpState('*', METHOD_GET), handler);
    assert.match((await ask(app, '/x')).text, /^404 - Not Found/);
    assert.throws(() => app.setHttpState(600, handler), /100-599 or '\*'/);
  });
});
