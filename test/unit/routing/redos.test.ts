import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { METHOD_GET } from '../../../src/http/methods.ts';
import { RouteTable } from '../../../src/routing/route-table.ts';

const N = 10_000;
const routes = [
  '/<a>-<b>-<c>/x',
  '/<a:word>/<b:int>',
  '/<a:word>_<b:word>/x',
  '/<a>.<b>.<c>',
  '/<a:hex>a<b:hex>/x',
  '/<a:float>/<b:float>/x',
  '/<a:re:[a-z-]+>/x',
  '/<a:int><b>/x',
];
const regularRoutes = ['/([a-z]+)-([a-z]+)/x', '/(?<slug>[\\w-]+)\\.html', '/(?:[a-z]+/)?item/(\\d+)'];

const attacks: Array<[string, string]> = [
  ['dashes', `/${'-'.repeat(N)}!`],
  ['letters', `/${'a'.repeat(N)}!`],
  ['underscores', `/${'_'.repeat(N)}!`],
  ['dots', `/${'.'.repeat(N)}`],
  ['alternating', `/${'a-'.repeat(N)}!`],
  ['digits', `/${'1'.repeat(N)}/${'1'.repeat(N)}!`],
  ['letters then slash', `/${'a'.repeat(N)}/!`],
];

// One table with everything, then one table per route.
const tables = [
  { name: 'all routes', routes, regularRoutes },
  ...routes.map((uri) => ({ name: uri, routes: [uri], regularRoutes: [] })),
  ...regularRoutes.map((pattern) => ({ name: pattern, routes: [], regularRoutes: [pattern] })),
];

describe('adversarial paths', () => {
  let kinds: string[][] = [];

  // The matching runs in a child process: a backtracking regex blocks its
  // thread, so only a kill from outside can stop it. The timeout is a safety
  // net; the assertions are on the results.
  before(() => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const probe = fileURLToPath(new URL('./redos-probe.ts', import.meta.url));
    const child = spawnSync(process.execPath, ['--import', 'tsx', probe], {
      cwd: root,
      input: JSON.stringify({ tables, paths: attacks.map(([, path]) => path) }),
      encoding: 'utf8',
      timeout: 10_000,
    });
    assert.equal(child.signal, null, 'the probe was killed: a route backtracks catastrophically');
    assert.equal(child.status, 0, child.stderr);
    kinds = JSON.parse(child.stdout) as string[][];
  });

  tables.forEach(({ name }, t) => {
    test(`${name} matches none of the attacks`, { timeout: 10_000 }, () => {
      assert.deepEqual(
        Object.fromEntries(attacks.map(([attack], p) => [attack, kinds[t]?.[p]])),
        Object.fromEntries(attacks.map(([attack]) => [attack, 'none'])),
      );
    });
  });

  test('the same routes still match honest paths', () => {
    const table = new RouteTable<string>();
    for (const uri of routes) table.setRoute(uri, uri, METHOD_GET);
    for (const pattern of regularRoutes) table.setRegularRoute(pattern, pattern, METHOD_GET);
    const honest: Array<[string, string]> = [
      ['/a-b-c/x', '/<a>-<b>-<c>/x'],
      ['/žluťoučký/12', '/<a:word>/<b:int>'],
      ['/john_smith/x', '/<a:word>_<b:word>/x'],
      ['/1.2.3', '/<a>.<b>.<c>'],
      ['/ffa0/x', '/<a:hex>a<b:hex>/x'],
      ['/1.5/2/x', '/<a:float>/<b:float>/x'],
      ['/a-b/x', '/<a:re:[a-z-]+>/x'],
      ['/12xy/x', '/<a:int><b>/x'],
      ['/news/item/7', '/(?:[a-z]+/)?item/(\\d+)'],
      ['/my-page.html', '/(?<slug>[\\w-]+)\\.html'],
    ];
    for (const [path, rule] of honest) {
      const m = table.match(path, METHOD_GET);
      assert.equal(m.kind === 'found' ? m.handler : m.kind, rule, path);
    }
  });
});
