import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JSONResponse, METHOD_GET, METHOD_HEAD, METHOD_POST, PoorWSGIError, type Request } from '../../../src/index.ts';
import { ask, makeApp } from '../../helpers/app.ts';

/** What a probe answers. */
interface Seen {
  name: string;
  params: unknown[];
  types: string[];
  groups: Record<string, unknown>;
  pathArgs: Record<string, unknown>;
  uriRule: string | null;
  sameHandler: boolean;
}

/** What a handler saw of its routing: the request's routing slots and its arguments. */
function probe(name: string) {
  // params are of any type: a JSONResponse writes them (a handler's plain return value must be JSON-typed)
  const fn = (req: Request, ...params: unknown[]) =>
    new JSONResponse({
      name,
      params,
      types: params.map((p) => typeof p),
      groups: { ...req.groups },
      pathArgs: { ...req.pathArgs },
      uriRule: req.uriRule ?? null,
      sameHandler: req.uriHandler === fn,
    });
  return fn;
}

describe('routing through the application', () => {
  const { app } = makeApp();
  // a regex route registered before the static one: the static path still wins
  app.route('/item/<name>', probe('item-regex'));
  app.route('/item/special', probe('item-static'));
  app.route('/static', probe('static'));
  app.route('/user/<id:int>', probe('user'));
  app.route('/price/<p:float>/<cur:word>', probe('price'));
  app.regularRoute('/r/(\\d+)', probe('r-digits'));
  app.regularRoute('/r/(\\w+)', probe('r-word'));
  app.regularRoute('/named/(?<word>[a-z]+)-(\\d+)', probe('named'));
  app.setFilter('hexcolor', '[0-9a-f]{6}', (v) => Number.parseInt(v, 16));
  app.route('/color/<c:hexcolor>', probe('color'));

  const cases: ReadonlyArray<{
    url: string;
    name: string;
    params: unknown[];
    types: string[];
    groups: Record<string, unknown>;
    uriRule: string;
  }> = [
    { url: '/static', name: 'static', params: [], types: [], groups: {}, uriRule: '/static' },
    { url: '/user/42', name: 'user', params: [42], types: ['number'], groups: { id: 42 }, uriRule: '/user/<id:int>' },
    { url: '/user/-3', name: 'user', params: [-3], types: ['number'], groups: { id: -3 }, uriRule: '/user/<id:int>' },
    {
      url: '/price/1.5/czk',
      name: 'price',
      params: [1.5, 'czk'],
      types: ['number', 'string'],
      groups: { p: 1.5, cur: 'czk' },
      uriRule: '/price/<p:float>/<cur:word>',
    },
    { url: '/item/special', name: 'item-static', params: [], types: [], groups: {}, uriRule: '/item/special' },
    {
      url: '/item/other',
      name: 'item-regex',
      params: ['other'],
      types: ['string'],
      groups: { name: 'other' },
      uriRule: '/item/<name>',
    },
    // registration order: both match digits, the first one wins
    { url: '/r/12', name: 'r-digits', params: ['12'], types: ['string'], groups: {}, uriRule: '/r/(\\d+)' },
    { url: '/r/ab', name: 'r-word', params: ['ab'], types: ['string'], groups: {}, uriRule: '/r/(\\w+)' },
    {
      url: '/named/abc-7',
      name: 'named',
      params: ['abc', '7'],
      types: ['string', 'string'],
      groups: { word: 'abc' },
      uriRule: '/named/(?<word>[a-z]+)-(\\d+)',
    },
    {
      url: '/color/ff0010',
      name: 'color',
      params: [0xff0010],
      types: ['number'],
      groups: { c: 0xff0010 },
      uriRule: '/color/<c:hexcolor>',
    },
  ];
  for (const c of cases) {
    test(`GET ${c.url} -> ${c.name}`, async () => {
      const res = await app.request(c.url);
      assert.equal(res.status, 200);
      const body = (await res.json()) as Seen;
      assert.equal(body.name, c.name);
      assert.deepEqual(body.params, c.params);
      assert.deepEqual(body.types, c.types);
      assert.deepEqual(body.groups, c.groups);
      assert.deepEqual(body.pathArgs, c.groups);
      assert.equal(body.uriRule, c.uriRule);
      assert.equal(body.sameHandler, true);
    });
  }

  const misses = ['/user/abc', '/user/42/more', '/r/', '/color/ff001', '/color/FF0010', '/Static', '/static/'];
  for (const url of misses) {
    test(`GET ${url} is 404`, async () => {
      const res = await ask(app, url);
      assert.equal(res.status, 404);
      assert.match(res.text, /404 - Page Not Found/);
    });
  }
});

describe('default handler', () => {
  const cases: ReadonlyArray<{
    name: string;
    setup: (app: ReturnType<typeof makeApp>['app']) => void;
    method: string;
    status: number;
    body?: string;
  }> = [
    { name: 'none: 404', setup: () => {}, method: 'GET', status: 404 },
    {
      name: 'default() as a wrapper',
      setup: (app) => app.default()((req) => `default ${req.uriRule} ${req.path}`),
      method: 'GET',
      status: 200,
      body: 'default /* /nowhere',
    },
    {
      name: 'default(handler)',
      setup: (app) => app.default((req) => `d ${req.method}`),
      method: 'GET',
      status: 200,
      body: 'd GET',
    },
    {
      name: 'setDefault for GET only: HEAD falls back to it',
      setup: (app) => app.setDefault(() => 'get', METHOD_GET),
      method: 'HEAD',
      status: 200,
      body: '',
    },
    {
      name: 'setDefault HEAD|GET does not cover POST',
      setup: (app) => app.setDefault(() => 'x'),
      method: 'POST',
      status: 404,
    },
    {
      name: 'setDefault for POST',
      setup: (app) => app.setDefault(() => 'post', METHOD_POST),
      method: 'POST',
      status: 200,
      body: 'post',
    },
    {
      name: 'popDefault(GET) leaves HEAD',
      setup: (app) => {
        app.setDefault(() => 'both');
        app.popDefault(METHOD_GET);
      },
      method: 'GET',
      status: 404,
    },
    {
      name: 'popDefault(GET) leaves HEAD (HEAD answers)',
      setup: (app) => {
        app.setDefault(() => 'both');
        app.popDefault(METHOD_GET);
      },
      method: 'HEAD',
      status: 200,
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const { app } = makeApp();
      c.setup(app);
      const res = await ask(app, '/nowhere', { method: c.method });
      assert.equal(res.status, c.status);
      if (c.body !== undefined) assert.equal(res.text, c.body);
    });
  }

  test('a route beats the default handler, uriHandler is the default', async () => {
    const { app } = makeApp();
    const fallback = (req: Request) => (req.uriHandler === fallback ? 'default-handler' : 'wrong');
    app.setDefault(fallback);
    app.route('/x', () => 'route');
    assert.equal((await ask(app, '/x')).text, 'route');
    assert.equal((await ask(app, '/y')).text, 'default-handler');
  });

  const popErrors: ReadonlyArray<[string, (app: ReturnType<typeof makeApp>['app']) => unknown]> = [
    ['popDefault with nothing registered', (app) => app.popDefault(METHOD_GET)],
    [
      'popDefault twice',
      (app) => {
        app.setDefault(() => 'x', METHOD_GET);
        app.popDefault(METHOD_GET);
        return app.popDefault(METHOD_GET);
      },
    ],
  ];
  for (const [name, run] of popErrors) {
    test(`${name} throws PW_ERR_NOT_REGISTERED`, () => {
      const { app } = makeApp();
      assert.throws(
        () => run(app),
        (err: unknown) => err instanceof PoorWSGIError && err.code === 'PW_ERR_NOT_REGISTERED',
      );
    });
  }

  test('the defaults view is a copy', () => {
    const { app } = makeApp();
    const fn = () => 'x';
    app.setDefault(fn);
    const view = app.defaults;
    assert.deepEqual([...view.keys()].sort(), [METHOD_HEAD, METHOD_GET]);
    view.clear();
    assert.equal(app.defaults.size, 2);
  });
});

describe('popRoute and isRoute', () => {
  const cases: ReadonlyArray<{ uri: string; other: string }> = [
    { uri: '/static/path', other: '/static/other' },
    { uri: '/grp/<id:int>', other: '/grp/<id:word>' },
  ];
  for (const c of cases) {
    test(`${c.uri}: register, answer, pop per method, then 404`, async () => {
      const { app } = makeApp();
      const fn = () => 'hit';
      const url = c.uri.replace('<id:int>', '5');
      assert.equal(app.isRoute(c.uri), false);
      app.route(c.uri, fn);
      assert.equal(app.isRoute(c.uri), true);
      assert.equal(app.isRoute(c.other), false);
      assert.equal((await ask(app, url)).text, 'hit');
      assert.equal(app.popRoute(c.uri, METHOD_GET), fn);
      // HEAD is still registered: GET is now a 405
      assert.equal(app.isRoute(c.uri), true);
      assert.equal((await ask(app, url)).status, 405);
      assert.equal(app.popRoute(c.uri, METHOD_HEAD), fn);
      assert.equal(app.isRoute(c.uri), false);
      assert.equal((await ask(app, url)).status, 404);
      assert.throws(
        () => app.popRoute(c.uri, METHOD_GET),
        (err: unknown) => err instanceof PoorWSGIError && err.code === 'PW_ERR_NOT_REGISTERED',
      );
    });
  }

  test('popRegularRoute and isRegularRoute', async () => {
    const { app } = makeApp();
    const fn = () => 'raw';
    app.regularRoute('/raw/(\\d+)', fn);
    assert.equal(app.isRegularRoute('/raw/(\\d+)'), true);
    assert.equal(app.isRoute('/raw/(\\d+)'), false);
    assert.equal((await ask(app, '/raw/1')).text, 'raw');
    app.popRegularRoute('/raw/(\\d+)', METHOD_GET | METHOD_HEAD);
    assert.equal(app.isRegularRoute('/raw/(\\d+)'), false);
    assert.equal((await ask(app, '/raw/1')).status, 404);
  });
});

describe('table views are copies', () => {
  const { app } = makeApp();
  const handler = () => 'x';
  app.route('/a', handler);
  app.route('/b/<x:int>', handler);
  app.setFilter('two', '\\d\\d');

  const cases: ReadonlyArray<{ name: string; mutate: () => void; check: () => void }> = [
    {
      name: 'routes',
      mutate: () => {
        const view = app.routes;
        view.delete('/a');
        view.set('/evil', new Map());
      },
      check: () => {
        assert.deepEqual([...app.routes.keys()], ['/a']);
        assert.equal(app.routes.get('/a')?.get(METHOD_GET), handler);
      },
    },
    {
      name: 'routes (inner map)',
      mutate: () => app.routes.get('/a')?.clear(),
      check: () => assert.equal(app.routes.get('/a')?.size, 2),
    },
    {
      name: 'regularRoutes',
      mutate: () => {
        const view = app.regularRoutes;
        view.pop();
        app.regularRoutes[0]?.handlers.clear();
      },
      check: () => {
        assert.equal(app.regularRoutes.length, 1);
        assert.equal(app.regularRoutes[0]?.rule, '/b/<x:int>');
        assert.equal(app.regularRoutes[0]?.handlers.size, 2);
      },
    },
    {
      name: 'filters',
      mutate: () => {
        const view = app.filters;
        view.delete(':int');
        view.delete(':two');
        view.clear();
      },
      check: () => {
        const keys = [...app.filters.keys()];
        assert.ok(keys.includes(':int'), `:int in ${keys.join(',')}`);
        assert.ok(keys.includes(':two'), `:two in ${keys.join(',')}`);
      },
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      c.mutate();
      c.check();
      assert.equal((await ask(app, '/b/7')).text, 'x');
    });
  }

  test('a route using a filter from setFilter', async () => {
    app.route('/two/<n:two>', (_req, n) => `n=${n}`);
    assert.equal((await ask(app, '/two/12')).text, 'n=12');
    assert.equal((await ask(app, '/two/123')).status, 404);
  });
});
