import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, test } from 'node:test';
import { abort, DECLINED, HTTPException, METHOD_ALL, METHOD_POST } from '../../../src/index.ts';
import { ask, logText, makeApp } from '../../helpers/app.ts';
import { parseRaw, rawExchange, start } from '../../helpers/serve.ts';

describe('built-in pages', () => {
  const { app, log } = makeApp();
  // the default handler aborts with the status in ?c=
  app.default((req) => abort(req.args.getfirst('c', 0, Number) as number, { error: '<b>bad</b> thing' }), METHOD_ALL);
  app.route('/m/<x>', () => 'never', METHOD_POST);

  const pages: ReadonlyArray<{
    name: string;
    url: string;
    method?: string;
    status: number;
    title?: string;
    text?: RegExp;
  }> = [
    {
      name: '400',
      url: '/<script>?c=400',
      status: 400,
      title: '400 - Bad Request',
      text: /&lt;b&gt;bad&lt;\/b&gt; thing/,
    },
    { name: '401', url: '/<script>?c=401', status: 401, title: '401 - Unauthorized' },
    { name: '403', url: '/<script>?c=403', status: 403, title: '403 - Forbidden Access', text: /permission to access/ },
    {
      name: '501 (unknown method)',
      url: '/x/<script>',
      method: 'PROPPATCH',
      status: 501,
      title: '501 - Not Implemented',
    },
    { name: '404 (no default for the path)', url: '/<script>?c=404', status: 404, title: '404 - Page Not Found' },
    { name: '405', url: '/m/<script>', method: 'PUT', status: 405, title: '405 - Method Not Allowed' },
    { name: '500', url: '/<script>?c=500', status: 500, title: '500 - Internal Server Error' },
    {
      name: '501',
      url: '/<script>?c=501',
      status: 501,
      title: '501 - Not Implemented',
      text: /Method <code>GET<\/code>/,
    },
    { name: '418', url: '/<script>?c=418', status: 418, title: '418 - I&apos;m a teapot' },
    { name: '410', url: '/<script>?c=410', status: 410, title: '410 - Gone' },
  ];
  for (const p of pages) {
    test(`${p.name}: status, HTML, title, path escaped`, async () => {
      const res = await ask(app, p.url, { method: p.method ?? 'GET' });
      assert.equal(res.status, p.status);
      assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.equal(res.headers.get('x-powered-by'), 'Poor WSGI for TypeScript');
      assert.ok(res.text.includes(`<title>${p.title}</title>`), res.text);
      assert.ok(res.text.includes(`<h1>${p.title}</h1>`), res.text);
      if (p.text) assert.match(res.text, p.text);
      assert.ok(!res.text.includes('<script>'), 'the path is escaped');
      if (p.status !== 500) assert.ok(res.text.includes('&lt;script&gt;'), 'the path is shown');
      assert.match(res.text, /webmaster: webmaster@localhost/);
    });
  }

  test('304: no body, no content type, a Date', async () => {
    const res = await ask(app, '/<script>?c=304');
    assert.equal(res.status, 304);
    assert.equal(res.text, '');
    assert.equal(res.headers.get('content-type'), null);
    assert.equal(res.headers.get('content-length'), null);
    assert.match(res.headers.get('date') ?? '', /GMT$/);
  });

  test('the pages logged nothing (aborts are not errors)', () => {
    assert.deepEqual(log.lines, []);
  });

  const debug: ReadonlyArray<{ debug: boolean; stack: boolean }> = [
    { debug: false, stack: false },
    { debug: true, stack: true },
  ];
  for (const d of debug) {
    test(`the 500 page with debug ${d.debug ? 'on' : 'off'} ${d.stack ? 'shows' : 'hides'} the stack`, async () => {
      const { app: dbg, log: dlog } = makeApp({ debug: d.debug });
      dbg.route('/crash/<x>', function crashingHandler() {
        throw new Error('secret <detail>');
      });
      const res = await ask(dbg, '/crash/%3Cscript%3E');
      assert.equal(res.status, 500);
      assert.equal(res.text.includes('Exception Traceback'), d.stack);
      assert.equal(res.text.includes('secret &lt;detail&gt;'), d.stack);
      assert.equal(res.text.includes('crashingHandler'), d.stack);
      assert.equal(res.text.includes('/crash/&lt;script&gt;'), d.stack);
      assert.ok(!res.text.includes('<detail>') && !res.text.includes('<script>'));
      assert.match(logText(dlog).join('\n'), /Error: secret <detail>/);
    });
  }
});

describe('HTTPException status codes from a handler', () => {
  const cases: ReadonlyArray<{ code: number; status: number; body: RegExp; headers: boolean }> = [
    { code: 204, status: 204, body: /^$/, headers: true },
    { code: 418, status: 418, body: /418 - I&apos;m a teapot/, headers: true },
    { code: 429, status: 429, body: /429 - Too Many Requests/, headers: true },
    { code: 503, status: 503, body: /503 - Service Unavailable/, headers: true },
    { code: DECLINED, status: 204, body: /^$/, headers: false },
  ];
  for (const c of cases) {
    test(`HTTPException(${c.code}) -> ${c.status}`, async () => {
      const { app, log } = makeApp();
      app.route('/', () => {
        throw new HTTPException(c.code);
      });
      const res = await ask(app, '/');
      assert.equal(res.status, c.status);
      assert.match(res.text, c.body);
      assert.equal(res.headers.has('x-powered-by'), c.headers);
      assert.deepEqual(log.lines, []);
    });
  }

  test('abort(DECLINED) on a real socket sends nothing: the handler owns the connection', async () => {
    const { app, log } = makeApp();
    let afterRan = 0;
    app.addAfterResponse(() => {
      afterRan++;
    });
    app.route('/raw', (req) => {
      const socket = (req.raw as IncomingMessage).socket;
      socket.end('HTTP/1.1 299 Own Answer\r\nContent-Length: 3\r\nConnection: close\r\n\r\nraw');
      abort(DECLINED);
    });
    const srv = await start(app);
    try {
      const text = await rawExchange(srv.port, 'GET /raw HTTP/1.1\r\nHost: x\r\n\r\n');
      const res = parseRaw(text);
      assert.equal(res.status, 299);
      assert.equal(res.body, 'raw', 'exactly what the handler wrote, nothing after');
      assert.equal(afterRan, 1);
      assert.deepEqual(
        logText(log).filter((l) => !l.startsWith('Client connection error') && !l.startsWith('Request stream error')),
        [],
      );
    } finally {
      await srv.close();
    }
  });

  test('returning DECLINED (0) from a handler declines too', async () => {
    const { app } = makeApp();
    app.route('/', () => DECLINED);
    const res = await ask(app, '/');
    assert.equal(res.status, 204);
    assert.equal(res.headers.has('x-powered-by'), false);
  });
});
