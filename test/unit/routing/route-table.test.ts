import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PoorWSGIError } from '../../../src/errors/poorwsgi-error.ts';
import {
  METHOD_ALL,
  METHOD_DELETE,
  METHOD_GET,
  METHOD_GET_POST,
  METHOD_HEAD,
  METHOD_POST,
  METHOD_PUT,
} from '../../../src/http/methods.ts';
import { RouteTable } from '../../../src/routing/route-table.ts';

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof PoorWSGIError, String(error));
    return error.code;
  }
  return 'no error';
}

function found(table: RouteTable<string>, path: string, method: number): string | undefined {
  const m = table.match(path, method);
  return m.kind === 'found' ? m.handler : undefined;
}

describe('RouteTable lookup order', () => {
  test('a static path beats every regex route, registered before or after', () => {
    const table = new RouteTable<string>();
    table.setRoute('/<name>', 'before', METHOD_GET);
    table.setRoute('/about', 'static', METHOD_GET);
    table.setRegularRoute('/a.*', 'after', METHOD_GET);
    assert.equal(found(table, '/about', METHOD_GET), 'static');
    assert.equal(found(table, '/other', METHOD_GET), 'before');
  });

  test('the static route alone decides between found and 405', () => {
    const table = new RouteTable<string>();
    table.setRoute('/about', 'static', METHOD_GET);
    table.setRoute('/<name>', 'group', METHOD_POST);
    assert.deepEqual(table.match('/about', METHOD_POST), {
      kind: 'method',
      rule: '/about',
      allowed: METHOD_HEAD | METHOD_GET,
    });
  });

  test('regex routes are tried in registration order', () => {
    const table = new RouteTable<string>();
    table.setRoute('/x/<id:int>', 'int', METHOD_GET);
    table.setRegularRoute('/x/(\\d+)', 'raw', METHOD_GET);
    table.setRoute('/x/<name>', 'any', METHOD_GET);
    assert.equal(found(table, '/x/5', METHOD_GET), 'int');
    assert.equal(found(table, '/x/abc', METHOD_GET), 'any');
    table.popRoute('/x/<id:int>', METHOD_GET);
    assert.equal(found(table, '/x/5', METHOD_GET), 'raw');
    table.setRoute('/x/<id:int>', 'int again', METHOD_GET);
    assert.equal(found(table, '/x/5', METHOD_GET), 'raw');
  });

  test('the first route with the method wins; others only feed Allow', () => {
    const table = new RouteTable<string>();
    table.setRoute('/r/<a>', 'get', METHOD_GET);
    table.setRoute('/r/<b:int>', 'put', METHOD_PUT);
    table.setRegularRoute('/r/(\\d+)', 'delete', METHOD_DELETE);
    assert.equal(found(table, '/r/1', METHOD_PUT), 'put');
    assert.equal(found(table, '/r/1', METHOD_DELETE), 'delete');
    assert.deepEqual(table.match('/r/1', METHOD_POST), {
      kind: 'method',
      rule: '/r/<a>',
      allowed: METHOD_HEAD | METHOD_GET | METHOD_PUT | METHOD_DELETE,
    });
    assert.deepEqual(table.match('/r/x', METHOD_POST), {
      kind: 'method',
      rule: '/r/<a>',
      allowed: METHOD_HEAD | METHOD_GET,
    });
    assert.deepEqual(table.match('/nothing', METHOD_POST), { kind: 'none' });
  });

  test('found.allowed is the mask of the route found', () => {
    const table = new RouteTable<string>();
    table.setRoute('/m/<a>', 'get', METHOD_GET | METHOD_POST);
    table.setRoute('/m/<b>', 'put', METHOD_PUT);
    const m = table.match('/m/1', METHOD_POST);
    assert.equal(m.kind === 'found' ? m.allowed : 0, METHOD_HEAD | METHOD_GET | METHOD_POST);
  });

  test('HEAD uses an explicit HEAD handler before the GET one', () => {
    const table = new RouteTable<string>();
    table.setRoute('/h', 'get', METHOD_GET);
    table.setRoute('/h', 'head', METHOD_HEAD);
    assert.equal(found(table, '/h', METHOD_HEAD), 'head');
    table.popRoute('/h', METHOD_HEAD);
    assert.equal(found(table, '/h', METHOD_HEAD), 'get');
  });

  test('a method flag of 0 (unknown method) finds nothing but still reports allowed', () => {
    const table = new RouteTable<string>();
    table.setRoute('/u', 'all', METHOD_ALL);
    assert.deepEqual(table.match('/u', 0), { kind: 'method', rule: '/u', allowed: METHOD_ALL });
  });

  test('a static route remembers its result per method flag, and forgets it on every change', () => {
    const table = new RouteTable<string>();
    table.setRoute('/s', 'get', METHOD_GET);
    const first = table.match('/s', METHOD_GET);
    assert.equal(table.match('/s', METHOD_GET), first);
    assert.equal(table.match('/s', METHOD_POST).kind, 'method');
    // 0 and masks of several flags are answered but never stored
    assert.equal(table.match('/s', 0).kind, 'method');
    assert.equal(table.match('/s', METHOD_GET | METHOD_POST).kind, 'method');
    assert.equal(table.match('/s', METHOD_GET), first);
    table.setRoute('/s', 'post', METHOD_POST);
    assert.equal((table.match('/s', METHOD_POST) as { handler: string }).handler, 'post');
    assert.notEqual(table.match('/s', METHOD_GET), first);
    table.popRoute('/s', METHOD_POST);
    assert.equal(table.match('/s', METHOD_POST).kind, 'method');
  });
});

describe('RouteTable parameters', () => {
  test('group routes give converted params and null-prototype groups', () => {
    const table = new RouteTable<string>();
    table.setRoute('/user/<id:int>/<name>/<__proto__>', 'h', METHOD_GET);
    const m = table.match('/user/42/Ondřej/x', METHOD_GET);
    assert.equal(m.kind, 'found');
    if (m.kind !== 'found') return;
    assert.equal(m.rule, '/user/<id:int>/<name>/<__proto__>');
    assert.deepEqual(m.params, [42, 'Ondřej', 'x']);
    assert.equal(Object.getPrototypeOf(m.groups), null);
    assert.deepEqual(Object.entries(m.groups), [
      ['id', 42],
      ['name', 'Ondřej'],
      ['__proto__', 'x'],
    ]);
  });

  test('raw regular routes give every capturing group as a string', () => {
    const table = new RouteTable<string>();
    table.setRegularRoute('/d/(?<year>\\d{4})/(\\d{2})(?:/(?<slug>[a-z]+))?', 'h', METHOD_GET);
    const full = table.match('/d/2024/05/news', METHOD_GET);
    assert.deepEqual(full.kind === 'found' ? [full.params, { ...full.groups }] : null, [
      ['2024', '05', 'news'],
      { year: '2024', slug: 'news' },
    ]);
    const short = table.match('/d/2024/05', METHOD_GET);
    assert.deepEqual(short.kind === 'found' ? [short.params, { ...short.groups }, short.rule] : null, [
      ['2024', '05', ''],
      { year: '2024', slug: '' },
      '/d/(?<year>\\d{4})/(\\d{2})(?:/(?<slug>[a-z]+))?',
    ]);
    assert.equal(short.kind === 'found' ? Object.getPrototypeOf(short.groups) : 'x', null);
  });

  test('static routes give no params', () => {
    const table = new RouteTable<string>();
    table.setRoute('/s', 'h', METHOD_GET);
    const m = table.match('/s', METHOD_GET);
    assert.deepEqual(m.kind === 'found' ? [m.params, Object.keys(m.groups), m.rule] : null, [[], [], '/s']);
  });

  test('a converter that throws is not swallowed', () => {
    const table = new RouteTable<string>();
    table.setFilter('strict', '[a-z]+', () => {
      throw new RangeError('boom');
    });
    table.setRoute('/t/<v:strict>', 'h', METHOD_GET);
    assert.throws(() => table.match('/t/abc', METHOD_GET), RangeError);
  });
});

describe('RouteTable registration', () => {
  test('re-registering replaces the handler per flag', () => {
    const table = new RouteTable<string>();
    table.setRoute('/p', 'one', METHOD_GET_POST);
    table.setRoute('/p', 'two', METHOD_POST);
    assert.equal(found(table, '/p', METHOD_GET), 'one');
    assert.equal(found(table, '/p', METHOD_POST), 'two');
  });

  test('popRoute with a mask pops every flag and returns the lowest flag handler', () => {
    const table = new RouteTable<string>();
    table.setRoute('/p/<x>', 'get', METHOD_HEAD | METHOD_GET);
    table.setRoute('/p/<x>', 'post', METHOD_POST);
    assert.equal(table.popRoute('/p/<x>', METHOD_GET | METHOD_POST), 'get');
    assert.equal(found(table, '/p/1', METHOD_HEAD), 'get');
    assert.equal(table.match('/p/1', METHOD_GET).kind, 'method');
    assert.equal(table.popRoute('/p/<x>', METHOD_HEAD), 'get');
    assert.equal(table.isRoute('/p/<x>'), false);
    assert.deepEqual(table.regularRoutes, []);
  });

  test('a failed pop changes nothing', () => {
    const table = new RouteTable<string>();
    table.setRoute('/p', 'get', METHOD_GET);
    assert.equal(
      code(() => table.popRoute('/p', METHOD_GET | METHOD_POST)),
      'PW_ERR_NOT_REGISTERED',
    );
    assert.equal(found(table, '/p', METHOD_GET), 'get');
  });

  const errors: Array<[string, (t: RouteTable<string>) => unknown, string]> = [
    ['setRoute with mask 0', (t) => t.setRoute('/a', 'h', 0), 'PW_ERR_METHOD'],
    ['setRoute with an unknown bit', (t) => t.setRoute('/a', 'h', 512), 'PW_ERR_METHOD'],
    ['setRoute with a negative mask', (t) => t.setRoute('/a', 'h', -1), 'PW_ERR_METHOD'],
    ['setRoute with a fraction', (t) => t.setRoute('/a', 'h', 1.5), 'PW_ERR_METHOD'],
    ['setRegularRoute with mask 0', (t) => t.setRegularRoute('/a', 'h', 0), 'PW_ERR_METHOD'],
    ['popRoute with mask 0', (t) => t.popRoute('/a', 0), 'PW_ERR_METHOD'],
    ['popRoute of a missing path', (t) => t.popRoute('/missing', METHOD_GET), 'PW_ERR_NOT_REGISTERED'],
    ['popRoute of a missing group route', (t) => t.popRoute('/m/<x>', METHOD_GET), 'PW_ERR_NOT_REGISTERED'],
    ['popRegularRoute of a missing route', (t) => t.popRegularRoute('/m', METHOD_GET), 'PW_ERR_NOT_REGISTERED'],
    ['setRoute with spaces', (t) => t.setRoute('/< id:int>', 'h', METHOD_GET), 'PW_ERR_ROUTE'],
    ['setRoute with an unknown filter', (t) => t.setRoute('/<id:nope>', 'h', METHOD_GET), 'PW_ERR_ROUTE_FILTER'],
    ['setRoute with an unsafe :re:', (t) => t.setRoute('/<a:re:(a|aa)+>', 'h', METHOD_GET), 'PW_ERR_ROUTE_UNSAFE'],
    ['setRegularRoute unsafe', (t) => t.setRegularRoute('/(a*)*', 'h', METHOD_GET), 'PW_ERR_ROUTE_UNSAFE'],
    ['setRegularRoute with lookbehind', (t) => t.setRegularRoute('/(?<=a)b', 'h', METHOD_GET), 'PW_ERR_ROUTE_UNSAFE'],
    ['setFilter unsafe', (t) => t.setFilter('x', '(\\w+)+'), 'PW_ERR_ROUTE_UNSAFE'],
    ['setFilter with a bad name', (t) => t.setFilter('a b', '[a-z]+'), 'PW_ERR_ROUTE_FILTER'],
    ['setFilter with an empty name', (t) => t.setFilter('', '[a-z]+'), 'PW_ERR_ROUTE_FILTER'],
    ['setFilter with an empty regex', (t) => t.setFilter('e', ''), 'PW_ERR_ROUTE_FILTER'],
  ];
  for (const [name, fn, expected] of errors) {
    test(`${name} throws ${expected}`, () =>
      assert.equal(
        code(() => fn(new RouteTable<string>())),
        expected,
      ));
  }

  test('error messages name the culprit', () => {
    const table = new RouteTable<string>();
    assert.throws(() => table.setRoute('/a', 'h', 0), /Invalid method mask 0 for '\/a'/);
    assert.throws(() => table.popRoute('/gone', METHOD_GET), /Route '\/gone' is not registered/);
    table.setRoute('/a', 'h', METHOD_GET);
    assert.throws(() => table.popRoute('/a', METHOD_POST), /Route '\/a' has no handler for POST/);
    assert.throws(() => table.setRoute('/<x:nope>', 'h', METHOD_GET), /Undefined route group filter ':nope'/);
  });

  test('a failed registration leaves the table unchanged', () => {
    const table = new RouteTable<string>();
    assert.throws(() => table.setRoute('/<a:re:(a+)+>', 'h', METHOD_GET));
    assert.throws(() => table.setRoute('/<a>', 'h', 0));
    assert.equal(table.isRoute('/<a:re:(a+)+>'), false);
    assert.deepEqual(table.regularRoutes, []);
    assert.deepEqual(table.routes, new Map());
  });

  test('isRoute and isRegularRoute keep their kinds apart', () => {
    const table = new RouteTable<string>();
    table.setRoute('/s', 'h', METHOD_GET);
    table.setRoute('/g/<x>', 'h', METHOD_GET);
    table.setRegularRoute('/r/(\\d+)', 'h', METHOD_GET);
    const cases: Array<[string, boolean, boolean]> = [
      ['/s', true, false],
      ['/g/<x>', true, false],
      ['/r/(\\d+)', false, true],
      ['/other', false, false],
    ];
    for (const [rule, isRoute, isRegular] of cases) {
      assert.equal(table.isRoute(rule), isRoute, rule);
      assert.equal(table.isRegularRoute(rule), isRegular, rule);
    }
  });
});

describe('RouteTable views are copies', () => {
  test('routes', () => {
    const table = new RouteTable<string>();
    table.setRoute('/a', 'h', METHOD_GET_POST);
    const routes = table.routes;
    assert.deepEqual(
      routes,
      new Map([
        [
          '/a',
          new Map([
            [METHOD_HEAD, 'h'],
            [METHOD_GET, 'h'],
            [METHOD_POST, 'h'],
          ]),
        ],
      ]),
    );
    routes.get('/a')?.delete(METHOD_GET);
    routes.set('/b', new Map([[METHOD_GET, 'x']]));
    assert.equal(found(table, '/a', METHOD_GET), 'h');
    assert.equal(table.isRoute('/b'), false);
  });

  test('regularRoutes', () => {
    const table = new RouteTable<string>();
    table.setRoute('/g/<id:int>', 'g', METHOD_GET);
    table.setRegularRoute('/r/(?<n>\\d+)', 'r', METHOD_POST);
    const views = table.regularRoutes;
    assert.deepEqual(views, [
      { rule: '/g/<id:int>', pattern: '^\\/g\\/(-?\\d{1,15})$', handlers: new Map([[METHOD_GET, 'g']]), names: ['id'] },
      {
        rule: '/r/(?<n>\\d+)',
        pattern: '^(?:\\/r\\/(?<n>\\d+))$',
        handlers: new Map([[METHOD_POST, 'r']]),
        names: ['n'],
      },
    ]);
    views[0]?.handlers.clear();
    views[0]?.names.push('extra');
    views.pop();
    assert.equal(found(table, '/g/1', METHOD_GET), 'g');
    assert.deepEqual(table.regularRoutes[0]?.names, ['id']);
    assert.equal(table.regularRoutes.length, 2);
  });

  test('filters', () => {
    const table = new RouteTable<string>();
    const filters = table.filters;
    filters.delete(':int');
    filters.set(':mine', { regex: 'x', convert: String });
    assert.equal(table.filters.has(':int'), true);
    assert.equal(table.filters.has(':mine'), false);
    table.setFilter('Mine', 'y');
    assert.equal(table.filters.get(':mine')?.regex, 'y');
  });
});
