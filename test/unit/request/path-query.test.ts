import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type ApplicationOptions,
  Args,
  EmptyForm,
  METHOD_ALL,
  METHOD_DELETE,
  METHOD_GET,
  METHOD_HEAD,
  METHOD_OPTIONS,
  METHOD_PATCH,
  METHOD_POST,
  METHOD_PUT,
  type Request,
} from '../../../src/index.ts';
import { ask, makeApp } from '../../helpers/app.ts';
import { parseRaw, type Running, rawExchange, start } from '../../helpers/serve.ts';

/** An app whose default handler answers what the request says of its target. */
function targetApp(options: Partial<ApplicationOptions> = {}) {
  const made = makeApp(options);
  let handled = 0;
  made.app.default((req: Request) => {
    handled++;
    return { path: req.path, uri: req.uri, query: req.query, fullPath: req.fullPath };
  }, METHOD_ALL);
  return { ...made, handled: () => handled };
}

describe('req.path is decoded once', () => {
  const good: ReadonlyArray<[string, string]> = [
    ['/plain', '/plain'],
    ['/a%252Fb', '/a%2Fb'],
    ['/a%2Fb', '/a/b'],
    ['/%C4%8Dau/%E2%82%AC', '/čau/€'],
    ['/a+b', '/a+b'],
    ['/%20x', '/ x'],
    ['/%25', '/%'],
    ['/%EF%BF%BD', '/\uFFFD'],
    ['/%F0%9F%98%80', '/😀'],
  ];
  for (const [url, path] of good) {
    test(`${url} -> ${JSON.stringify(path)}`, async () => {
      const { app } = targetApp();
      const res = await app.request(url);
      assert.equal(res.status, 200);
      const body = (await res.json()) as { path: string; uri: string };
      assert.equal(body.path, path);
      assert.equal(body.uri, path);
    });
  }

  const bad: ReadonlyArray<[string, string]> = [
    ['/%E0%A4%A', 'Invalid path encoding'],
    ['/%C3%28', 'Invalid path encoding'],
    ['/%', 'Invalid path encoding'],
    ['/%ZZ', 'Invalid path encoding'],
    ['/%C0%AF', 'Invalid path encoding'],
    ['/%ED%A0%80', 'Invalid path encoding'],
    ['/%FF', 'Invalid path encoding'],
    ['/a%00b', 'Invalid path: NUL character'],
    ['/%00', 'Invalid path: NUL character'],
  ];
  for (const [url, reason] of bad) {
    test(`${url} -> 400 "${reason}"`, async () => {
      const { app, log, handled } = targetApp();
      let hooks = 0;
      app.addBeforeResponse(() => {
        hooks++;
      });
      const res = await ask(app, url);
      assert.equal(res.status, 400);
      assert.match(res.text, /400 - Bad Request/);
      assert.ok(res.text.includes(`<pre>${reason}</pre>`), res.text);
      assert.ok(res.text.includes('[ NOT PARSED ]'), 'the bad path is not shown');
      assert.equal(handled(), 0);
      assert.equal(hooks, 0, 'no route, no before-hooks');
      assert.deepEqual(log.lines, []);
    });
  }

  describe('on a real socket (no URL normalisation in between)', () => {
    let srv: Running;
    before(async () => {
      srv = await start(targetApp().app);
    });
    after(() => srv.close());

    const raw: ReadonlyArray<[string, number, string | null]> = [
      ['/a/../b', 200, '/a/../b'],
      ['/%2e%2e/x', 200, '/../x'],
      ['/a%252Fb?x=%2F', 200, '/a%2Fb'],
      ['/%E0%A4%A', 400, null],
      ['/%C3%28', 400, null],
      ['http://example.org/abs?q=1', 200, '/abs'],
    ];
    for (const [target, status, path] of raw) {
      test(`GET ${target}`, async () => {
        const res = parseRaw(
          await rawExchange(srv.port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
        );
        assert.equal(res.status, status);
        if (path !== null) assert.equal((JSON.parse(res.body) as { path: string }).path, path);
      });
    }
  });
});

describe('query and fullPath', () => {
  const cases: ReadonlyArray<[string, string, string]> = [
    ['/q', '', '/q'],
    ['/q?a=1&b=2', 'a=1&b=2', '/q?a=1&b=2'],
    ['/q?', '', '/q'],
    ['/%C4%8D?x=%C4%8D', 'x=%C4%8D', '/č?x=%C4%8D'],
    ['/q?a=1#frag', 'a=1', '/q?a=1'],
  ];
  for (const [url, query, fullPath] of cases) {
    test(url, async () => {
      const { app } = targetApp();
      const body = (await (await app.request(url)).json()) as { query: string; fullPath: string };
      assert.equal(body.query, query);
      assert.equal(body.fullPath, fullPath);
    });
  }
});

describe('method and methodNumber', () => {
  const cases: ReadonlyArray<[string, number]> = [
    ['GET', METHOD_GET],
    ['HEAD', METHOD_HEAD],
    ['POST', METHOD_POST],
    ['PUT', METHOD_PUT],
    ['DELETE', METHOD_DELETE],
    ['OPTIONS', METHOD_OPTIONS],
    ['PATCH', METHOD_PATCH],
  ];
  for (const [method, flag] of cases) {
    test(method, async () => {
      const { app } = makeApp();
      let seen: [string, number] | undefined;
      app.route(
        '/m',
        (req) => {
          seen = [req.method, req.methodNumber];
          return 'ok';
        },
        METHOD_ALL,
      );
      const res = await ask(app, '/m', { method });
      assert.equal(res.status, 200);
      assert.deepEqual(seen, [method, flag]);
    });
  }

  test('an unknown method has methodNumber 0 (seen by an after-hook)', async () => {
    const { app } = makeApp();
    let seen: [string, number] | undefined;
    app.addAfterResponse((req) => {
      seen = [req.method, req.methodNumber];
    });
    assert.equal((await ask(app, '/', { method: 'PROPFIND' })).status, 501);
    assert.deepEqual(seen, ['PROPFIND', 0]);
  });
});

describe('req.args', () => {
  const cases: ReadonlyArray<{
    name: string;
    options?: Partial<ApplicationOptions>;
    query: string;
    status: number;
    args?: unknown;
    error?: RegExp;
  }> = [
    { name: 'repeated and blank values', query: 'a=1&a=2&b=&c=3', status: 200, args: { a: ['1', '2'], c: '3' } },
    { name: 'no query: an empty Args', query: '', status: 200, args: {} },
    { name: 'plus and percent', query: 'q=a+b%26c&%C4%8D=%C5%99', status: 200, args: { q: 'a b&c', č: 'ř' } },
    {
      name: 'keepBlankValues',
      options: { keepBlankValues: true },
      query: 'a=1&b=&c',
      status: 200,
      args: { a: '1', b: '', c: '' },
    },
    {
      name: 'without strictParsing a bad field is skipped',
      query: 'a=1&&bare&c=3',
      status: 200,
      args: { a: '1', c: '3' },
    },
    { name: 'strictParsing: a bare field is 400', options: { strictParsing: true }, query: 'a=1&bare', status: 400 },
    { name: 'strictParsing: an empty field is 400', options: { strictParsing: true }, query: 'a=1&&b=2', status: 400 },
    { name: 'maxFields exceeded is 413', options: { maxFields: 2 }, query: 'a=1&b=2&c=3', status: 413 },
    {
      name: 'maxFields reached is fine',
      options: { maxFields: 3 },
      query: 'a=1&b=2&c=3',
      status: 200,
      args: { a: '1', b: '2', c: '3' },
    },
    { name: 'autoArgs off: an EmptyForm', options: { autoArgs: false }, query: 'a=1', status: 200, args: 'EmptyForm' },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const { app, log } = makeApp(c.options);
      app.route('/', (req) => {
        const args = req.args;
        if (args instanceof EmptyForm) return { args: 'EmptyForm', first: args.getfirst('a', 'dflt') };
        assert.ok(args instanceof Args);
        return { args: args.toJSON(), first: args.getfirst('c', -1, Number) };
      });
      const res = await ask(app, c.query ? `/?${c.query}` : '/');
      assert.equal(res.status, c.status);
      if (c.args !== undefined) assert.deepEqual((JSON.parse(res.text) as { args: unknown }).args, c.args);
      if (c.status === 400) assert.match(res.text, /400 - Bad Request/);
      if (c.status === 413) assert.match(res.text, /413 - Request Entity Too Large/);
      assert.deepEqual(log.lines, [], 'client errors are not logged as errors');
    });
  }

  test('getfirst with a converter, getlist, getvalue', async () => {
    const { app } = makeApp();
    app.route('/', (req) => ({
      first: req.args.getfirst('n', 0, Number),
      list: req.args.getlist('n', undefined, Number),
      missing: req.args.getfirst('x', 'dflt'),
      value: req.args.getvalue('one'),
    }));
    const res = await app.request('/?n=1&n=2&one=only');
    assert.deepEqual(await res.json(), { first: 1, list: [1, 2], missing: 'dflt', value: 'only' });
  });

  test('req.args can be replaced only while it is an EmptyForm', async () => {
    const results: unknown[] = [];
    for (const autoArgs of [true, false]) {
      const { app } = makeApp({ autoArgs });
      app.route('/', (req) => {
        req.args = new Args('mine=1');
        return { mine: req.args.getfirst('mine') ?? null, a: req.args.getfirst('a') ?? null };
      });
      results.push(await (await app.request('/?a=1')).json());
    }
    assert.deepEqual(results, [
      { mine: null, a: '1' },
      { mine: '1', a: null },
    ]);
  });
});
