/**
 * `RouteTable.match` answers exactly what the plain ordered scan answers
 * (test/helpers/reference-router.ts), whatever index the table keeps in
 * front of its regex routes: random route tables (static, `<group>` and raw
 * regular routes, every built-in filter, user filters, pops and
 * re-registrations) and random paths from a fixed seed, compared on kind,
 * rule, handler identity, parameters, groups and allowed methods.
 *
 * A failure names the case's seed, the script of calls that built the table
 * and the request: `new RouteTable()`, the calls, then `match(path, method)`.
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { PoorWSGIError } from '../../../src/errors/poorwsgi-error.ts';
import {
  humanMethods,
  METHOD_DELETE,
  METHOD_GET,
  METHOD_HEAD,
  METHOD_OPTIONS,
  METHOD_POST,
  METHOD_PUT,
} from '../../../src/http/methods.ts';
import { isRegexRule } from '../../../src/routing/compile.ts';
import type { RouteFilter } from '../../../src/routing/filters.ts';
import { type RouteMatch, RouteTable } from '../../../src/routing/route-table.ts';
import { prng } from '../../helpers/prng.ts';
import { ReferenceRouter } from '../../helpers/reference-router.ts';
import {
  applyOp,
  formatOp,
  REQUEST_METHODS,
  type RouteOp,
  RouteScenario,
  type ScenarioHandler,
} from '../../helpers/route-scenario.ts';

/** The seed of case `i` is `SEED + i`. */
const SEED = 20_260_601;
const CASES = 1200;
/** Paths asked at each of the three checkpoints of a case, each with every method of REQUEST_METHODS. */
const PATHS = 12;

type Outcome = { returned: unknown } | { code: string };

/** What a call did: its return value (a handler by its id) or its error code. */
function outcome(table: RouteTable<ScenarioHandler>, op: RouteOp): Outcome {
  try {
    const returned = applyOp(table, op);
    return {
      returned: typeof returned === 'object' && returned !== null ? (returned as ScenarioHandler).id : returned,
    };
  } catch (error) {
    if (!(error instanceof PoorWSGIError)) throw error;
    return { code: error.code };
  }
}

/** A match as plain data: the handler by its id (identity is checked apart), groups as a plain record. */
function view(m: RouteMatch<ScenarioHandler>): Record<string, unknown> {
  if (m.kind !== 'found') return { ...m };
  return {
    kind: m.kind,
    handler: m.handler.id,
    rule: m.rule,
    params: [...m.params],
    groups: { ...m.groups },
    allowed: m.allowed,
  };
}

/** A route's handlers as `[flag, id]` pairs, by flag. */
function byFlag(handlers: ReadonlyMap<number, ScenarioHandler>): Array<[number, string]> {
  return [...handlers].map(([flag, handler]): [number, string] => [flag, handler.id]).sort((a, b) => a[0] - b[0]);
}

/**
 * Whether a parameter of `rule` takes a `/` ('a/b'), by its filter's regex: for
 * the tally only, found from the filters alone so that it holds whatever the
 * table does with such routes.
 */
function takesSlash(rule: string, filters: ReadonlyMap<string, RouteFilter>): boolean {
  for (const [, spec] of rule.matchAll(/<\w+(:[^>]+)?>/g)) {
    const re = spec?.slice(0, 4).toLowerCase() === ':re:';
    const regex = re ? spec?.slice(4) : filters.get(spec === undefined ? 'none' : spec.toLowerCase())?.regex;
    if (regex !== undefined && new RegExp(`^(?:${regex})$`, 'u').test('a/b')) return true;
  }
  return false;
}

/** Tallies over the whole run, to show the generator reached what it is meant to reach. */
interface Tally {
  comparisons: number;
  refused: number;
  kinds: Record<RouteMatch<unknown>['kind'], number>;
  /** Found matches by the kind of route that won. */
  winners: Record<'static' | 'group' | 'slash' | 'regular', number>;
  filterChanges: number;
}

/** One random case: a table and its reference built by the same calls, compared at three checkpoints. */
function runCase(seed: number, tally: Tally, skipped: RouteScenario['skipped']): void {
  const rand = prng(seed);
  const scenario = new RouteScenario(rand);
  const table = new RouteTable<ScenarioHandler>();
  const reference = new ReferenceRouter<ScenarioHandler>();
  const script: string[] = [];
  const replay = () =>
    `seed ${seed} (SEED ${SEED} + ${seed - SEED}); table = new RouteTable(), then:\n  ${script.join('\n  ')}`;
  // whether a group route has a parameter that takes a '/', by the filters when it was registered
  const slashing = new Map<string, boolean>();

  const call = (op: RouteOp | undefined) => {
    if (op === undefined) return;
    if (op.op === 'setRoute' && !reference.isRoute(op.rule) && isRegexRule(op.rule)) {
      slashing.set(op.rule, takesSlash(op.rule, reference.filters));
    }
    script.push(formatOp(op));
    const expected = outcome(reference, op);
    const actual = outcome(table, op);
    if ('code' in expected) tally.refused += 1;
    if (!isDeepStrictEqual(actual, expected)) {
      assert.deepEqual(actual, expected, `${replay()}\n(the last call returned something else)`);
    }
  };

  const checkpoint = () => {
    // the listings: regex routes in registration order, static paths in any order, handlers by flag
    assert.deepEqual(
      table.regularRoutes.map((r) => [r.rule, r.pattern, r.names, byFlag(r.handlers)]),
      reference.regularRoutes.map((r) => [r.rule, r.pattern, r.names, byFlag(r.handlers)]),
      `${replay()}\n(regularRoutes differ)`,
    );
    assert.deepEqual(
      [...table.routes].map(([path, handlers]) => [path, byFlag(handlers)]).sort(),
      [...reference.routes].map(([path, handlers]) => [path, byFlag(handlers)]).sort(),
      `${replay()}\n(routes differ)`,
    );
    for (let i = 0; i < PATHS; i++) {
      const path = scenario.path();
      for (const method of REQUEST_METHODS) {
        const expected = reference.match(path, method);
        const actual = table.match(path, method);
        tally.comparisons += 1;
        const same =
          isDeepStrictEqual(view(actual), view(expected)) &&
          (actual.kind !== 'found' || expected.kind !== 'found' || actual.handler === expected.handler);
        if (!same) {
          const request = `match(${JSON.stringify(path)}, METHOD_${humanMethods(method)})`;
          assert.deepEqual(view(actual), view(expected), `${replay()}\nthen ${request}`);
          assert.fail(`${replay()}\nthen ${request}: the handler is an equal object, not the same one`);
        }
        tally.kinds[expected.kind] += 1;
        if (expected.kind === 'found') {
          const { rule } = expected;
          const winner =
            reference.isRegularRoute(rule) && !reference.isRoute(rule)
              ? 'regular'
              : !isRegexRule(rule)
                ? 'static'
                : slashing.get(rule)
                  ? 'slash'
                  : 'group';
          tally.winners[winner] += 1;
        }
      }
    }
  };

  for (const op of scenario.filters()) call(op);
  const routes = 3 + Math.floor(rand() * 18);
  for (let i = 0; i < routes; i++) call(scenario.registration(reference));
  checkpoint();
  for (let round = 0; round < 2; round++) {
    if (rand() < 0.3) {
      tally.filterChanges += 1;
      call(scenario.filterChange());
    }
    const changes = 2 + Math.floor(rand() * 8);
    for (let i = 0; i < changes; i++) call(scenario.change(reference));
    checkpoint();
  }
  skipped.unsafe += scenario.skipped.unsafe;
  skipped.invalid += scenario.skipped.invalid;
}

describe('RouteTable.match is the ordered scan of every route', () => {
  test('the reference overrides every member of RouteTable, so none of its answers comes from the table', () => {
    const members = Object.getOwnPropertyNames(RouteTable.prototype).filter((name) => name !== 'constructor');
    const own = new Set(Object.getOwnPropertyNames(ReferenceRouter.prototype));
    assert.ok(members.includes('match'));
    assert.deepEqual(
      members.filter((name) => !own.has(name)),
      [],
    );
  });

  test('the reference scans in registration order: kept on re-registration, last after a pop and a new registration', () => {
    const ref = new ReferenceRouter<string>();
    ref.setRoute('/x/<id:int>', 'int', METHOD_GET);
    ref.setRegularRoute('/x/(\\d+)', 'raw', METHOD_GET | METHOD_POST);
    ref.setRoute('/x/<name>', 'any', METHOD_PUT);
    ref.setRoute('/x/<id:int>', 'int again', METHOD_GET);
    const found = (path: string, method: number) => {
      const m = ref.match(path, method);
      return m.kind === 'found' ? [m.handler, m.params] : m;
    };
    assert.deepEqual(found('/x/5', METHOD_HEAD), ['int again', [5]]);
    assert.deepEqual(found('/x/5', METHOD_POST), ['raw', ['5']]);
    assert.deepEqual(ref.match('/x/abc', METHOD_GET), { kind: 'method', rule: '/x/<name>', allowed: METHOD_PUT });
    assert.deepEqual(found('/x/5', METHOD_PUT), ['any', ['5']]);
    assert.deepEqual(ref.match('/x/5', METHOD_OPTIONS), {
      kind: 'method',
      rule: '/x/<id:int>',
      allowed: METHOD_HEAD | METHOD_GET | METHOD_POST | METHOD_PUT,
    });
    ref.popRoute('/x/<id:int>', METHOD_GET);
    ref.setRoute('/x/<id:int>', 'int last', METHOD_GET);
    assert.deepEqual(found('/x/5', METHOD_GET), ['raw', ['5']]);
    ref.setRoute('/x/5', 'static', METHOD_DELETE);
    assert.deepEqual(ref.match('/x/5', METHOD_GET), { kind: 'method', rule: '/x/5', allowed: METHOD_DELETE });
    assert.deepEqual(ref.match('/y', METHOD_GET), { kind: 'none' });
  });

  test(`${CASES} random tables from seed ${SEED}: the same answers to every path and method`, () => {
    const tally: Tally = {
      comparisons: 0,
      refused: 0,
      kinds: { found: 0, method: 0, none: 0 },
      winners: { static: 0, group: 0, slash: 0, regular: 0 },
      filterChanges: 0,
    };
    const skipped = { unsafe: 0, invalid: 0 };
    for (let i = 0; i < CASES; i++) runCase(SEED + i, tally, skipped);
    // the generator reached every kind of answer and route (a generator that degenerates fails here)
    assert.equal(tally.comparisons, CASES * 3 * PATHS * REQUEST_METHODS.length);
    for (const [kind, count] of Object.entries(tally.kinds)) assert.ok(count > 10_000, `${kind}: ${count}`);
    for (const [winner, count] of Object.entries(tally.winners)) assert.ok(count > 2000, `${winner}: ${count}`);
    assert.ok(tally.refused > 500, `refused calls: ${tally.refused}`);
    assert.ok(tally.filterChanges > 200, `filter changes: ${tally.filterChanges}`);
    // unsafe definitions are made, and left out of the scripts rather than counted
    assert.ok(skipped.unsafe > 200, `unsafe: ${skipped.unsafe}`);
  });
});
