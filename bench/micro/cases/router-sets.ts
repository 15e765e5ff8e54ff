/**
 * The `router-set` cases (`--sets=github,10,100,1000,10000`): each route set
 * registered in poorwsgi's `RouteTable`, find-my-way, hono's `RegExpRouter`
 * and `TrieRouter`; every router checked against the answers worked out from
 * the route list (every route of the set, then the timed lookups) before
 * anything is timed; the time and retained heap of registering each set;
 * and, after the run, one table per set with each lookup's ns and its ratio
 * to find-my-way.
 * @module
 */
import type { BenchCase, BenchResult } from '../harness.ts';
import {
  type Expected,
  type Lookup,
  type RouteSet,
  routeLookup,
  routeSet,
  SET_KEYS,
  type SetKey,
} from '../routes/sets.ts';
import { type BuiltRouter, handlersFor, ROUTERS, type RouteHandler, type RouterKind } from './router-adapters.ts';

/** The group of the timed cases. */
export const GROUP = 'router-set';

/** The base of every ratio. */
const BASE = 'find-my-way';

/** The suffix of the cases that also tell a 405 from a 404 (`bindWithAllow`). */
const WITH_ALLOW = ', with Allow';

/**
 * The set keys of a `--sets=` value: a comma-separated list of
 * {@link SET_KEYS}, or `all`.
 * @throws RangeError on an unknown key
 */
export function parseSets(value: string): SetKey[] {
  if (value === 'all') return [...SET_KEYS];
  const keys = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const key of keys) {
    if (!(SET_KEYS as readonly string[]).includes(key)) {
      throw new RangeError(`--sets: unknown set '${key}' (known: ${SET_KEYS.join(', ')}, or all)`);
    }
  }
  return keys as SetKey[];
}

function gcNow(): void {
  const gc = globalThis.gc;
  if (gc === undefined)
    throw new Error('the router-set cases measure the heap: run node with --expose-gc (run.sh does)');
  // twice: a first full collection can leave what only a second one frees (weak references, finalizers)
  gc();
  gc();
}

/** Registration of one set in one router. */
interface Registration {
  readonly router: string;
  /** Median milliseconds of a build (every route added, then one lookup). */
  readonly ms: number;
  /** Builds timed. */
  readonly builds: number;
  /**
   * Heap still used after the builds and two full collections, over the heap
   * used before them, divided by the number of copies built.
   */
  readonly heapBytes: number;
}

/**
 * Build copies of the router to keep and make each of the set's lookups 20
 * times on each (the heap they retain is measured around this; enough copies
 * for about 2,000 routes in all, so that a small set's figure stands above
 * the heap's noise), then time further builds: at least 3, up to 15 or about
 * 300 ms in all. The first copy is the one timed.
 */
function register(
  kind: RouterKind,
  set: RouteSet,
  handlers: readonly RouteHandler[],
): { built: BuiltRouter; registration: Registration } {
  const copies = Math.max(1, Math.ceil(2000 / set.routes.length));
  const kept: BuiltRouter[] = [];
  gcNow();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < copies; i++) kept.push(kind.build(set.routes, handlers, set.methods));
  // used before it is weighed: what a router compiles on use (hono's RegExpRouter, V8's code of its
  // expressions, made on their first runs and dropped by a full collection while unused) belongs to it
  for (const copy of kept) {
    for (const lookup of set.lookups) {
      const find = copy.bind(lookup.method, lookup.path);
      for (let i = 0; i < 20; i++) find();
    }
  }
  gcNow();
  const heapBytes = (process.memoryUsage().heapUsed - before) / copies;
  const built = kept[0] as BuiltRouter;
  kept.length = 1;
  const times: number[] = [];
  let spent = 0;
  while (times.length < 3 || (times.length < 15 && spent < 300)) {
    gcNow();
    const start = process.hrtime.bigint();
    kind.build(set.routes, handlers, set.methods);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    times.push(ms);
    spent += ms;
  }
  times.sort((a, b) => a - b);
  const ms = times[times.length >> 1] as number;
  return { built, registration: { router: kind.name, ms, builds: times.length, heapBytes } };
}

function same(a: Expected, b: Expected): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Check a router against the expected answers: the routes of `routeChecks`,
 * each looked up by its own method, then each timed lookup.
 * @throws Error naming the router, the lookup and both answers
 */
function check(kind: RouterKind, built: BuiltRouter, set: RouteSet, routeChecks: readonly Lookup[]): void {
  for (const lookup of [...routeChecks, ...set.lookups]) {
    const got = built.answer(lookup.method, lookup.path);
    if (!same(got, lookup.expect)) {
      throw new Error(
        `${kind.name}, set ${set.key}, ${lookup.name} ${lookup.method} ${lookup.path}: ` +
          `answered ${JSON.stringify(got)}, expected ${JSON.stringify(lookup.expect)}`,
      );
    }
  }
}

/** A prepared set: its routers built and checked, its registrations measured. */
interface PreparedSet {
  readonly set: RouteSet;
  readonly registrations: readonly Registration[];
  readonly routers: ReadonlyArray<readonly [string, BuiltRouter]>;
}

function prepare(key: SetKey, log: (line: string) => void): PreparedSet {
  const set = routeSet(key);
  const handlers = handlersFor(set.routes);
  // every route of the sets up to 1,000 routes; about 250 spread over a larger one (hono's RegExpRouter
  // takes milliseconds a lookup at 10,000 routes, and the scan that works out the answers is quadratic)
  const stride = set.routes.length > 1200 ? Math.ceil(set.routes.length / 250) : 1;
  const routeChecks: Lookup[] = [];
  for (let i = 0; i < set.routes.length; i += stride) routeChecks.push(routeLookup(set.routes, i, `route ${i}`));
  const registrations: Registration[] = [];
  const routers: Array<[string, BuiltRouter]> = [];
  for (const kind of ROUTERS) {
    const { built, registration } = register(kind, set, handlers);
    check(kind, built, set, routeChecks);
    registrations.push(registration);
    routers.push([kind.name, built]);
  }
  log(
    `${GROUP} ${set.label}: ${ROUTERS.length} routers agree on ${routeChecks.length} routes and ` +
      `${set.lookups.length} lookups`,
  );
  return { set, registrations, routers };
}

function caseName(set: RouteSet, lookup: string, router: string): string {
  return `${set.key} ${lookup}: ${router}`;
}

/** The prepared sets, their timed cases, and the report of a run's results. */
export interface RouterSets {
  readonly cases: BenchCase[];
  /** The Markdown of the registrations and of the lookups of `results` (the set cases among them). */
  report(results: readonly BenchResult[]): string;
}

/**
 * Prepare the sets of `keys`: build and check every router (a wrong answer
 * throws before anything is timed), measure registration, make the cases.
 * Needs `--expose-gc`.
 */
export function routerSets(keys: readonly SetKey[], log: (line: string) => void = console.log): RouterSets {
  const prepared = keys.map((key) => prepare(key, log));
  const cases: BenchCase[] = [];
  for (const { set, routers } of prepared) {
    for (const lookup of set.lookups) {
      for (const [name, built] of routers) {
        cases.push({
          group: GROUP,
          name: caseName(set, lookup.name, name),
          fn: built.bind(lookup.method, lookup.path),
        });
      }
      if (lookup.expect.kind !== 'method') continue;
      for (const [name, built] of routers) {
        if (built.bindWithAllow === undefined) continue;
        cases.push({
          group: GROUP,
          name: caseName(set, lookup.name + WITH_ALLOW, name),
          fn: built.bindWithAllow(lookup.method, lookup.path),
        });
      }
    }
  }
  return { cases, report: (results) => report(prepared, results) };
}

const ns = (n: number) => (n < 100 ? n.toFixed(1) : Math.round(n).toLocaleString('en-US'));

function lookupLine(lookup: Lookup): string {
  const answer =
    lookup.expect.kind === 'found' ? 'found' : lookup.expect.kind === 'none' ? '404' : `405 (${lookup.expect.allowed})`;
  return `\`${lookup.method} ${lookup.path}\` → ${answer}`;
}

function report(prepared: readonly PreparedSet[], results: readonly BenchResult[]): string {
  const byName = new Map(results.filter((r) => r.group === GROUP).map((r) => [r.name, r.nsPerOp]));
  const names = ROUTERS.map((r) => r.name);
  const lines: string[] = [
    '## Route sets: registration',
    '',
    'Median ms of a build (every route added, then one lookup: hono’s RegExpRouter compiles on the first match), ' +
      'and the heap a built router retains once used (`heapUsed` after its builds, 20 runs of each lookup below on ' +
      'each copy and two `gc()` calls, minus `heapUsed` before, over the copies built: enough for about 2,000 routes ' +
      'in all; the handlers exist before, shared by all routers). ' +
      'Ratio: ms over find-my-way’s (above 1: slower).',
    '',
    `| set | ${names.map((n) => `${n} ms | ratio`).join(' | ')} | ${names.map((n) => `${n} heap KiB`).join(' | ')} |`,
    `| --- | ${names.map(() => '---: | ---:').join(' | ')} | ${names.map(() => '---:').join(' | ')} |`,
  ];
  for (const { set, registrations } of prepared) {
    const base = registrations.find((r) => r.router === BASE) as Registration;
    const times = registrations.map((r) => `${r.ms.toFixed(r.ms < 10 ? 2 : 1)} | ${(r.ms / base.ms).toFixed(2)}`);
    const heap = registrations.map((r) => Math.round(r.heapBytes / 1024).toLocaleString('en-US'));
    lines.push(`| ${set.label} | ${times.join(' | ')} | ${heap.join(' | ')} |`);
  }
  lines.push('');
  lines.push(
    `Builds timed per set: ${prepared.map((p) => `${p.set.key} ${p.registrations.map((r) => r.builds).join('/')}`).join(', ')}.`,
  );
  for (const { set } of prepared) {
    const rows: string[] = [];
    for (const lookup of set.lookups) {
      const variants = lookup.expect.kind === 'method' ? ['', WITH_ALLOW] : [''];
      for (const variant of variants) {
        // poorwsgi answers 405 with its allowed methods in one lookup: the same number in both rows
        const cell = (router: string) =>
          byName.get(caseName(set, lookup.name + variant, router)) ?? byName.get(caseName(set, lookup.name, router));
        const base = cell(BASE);
        if (names.every((n) => cell(n) === undefined)) continue;
        const cells = names.map((n) => {
          const value = cell(n);
          if (value === undefined) return '- | -';
          return `${ns(value)} | ${base === undefined ? '-' : (value / base).toFixed(2)}`;
        });
        rows.push(`| ${lookup.name}${variant} | ${cells.join(' | ')} |`);
      }
    }
    if (rows.length === 0) continue;
    lines.push('', `## ${set.label}: ns per lookup, ratio to find-my-way (above 1: slower)`, '');
    lines.push(`| lookup | ${names.map((n) => `${n} ns | ratio`).join(' | ')} |`);
    lines.push(`| --- | ${names.map(() => '---: | ---:').join(' | ')} |`);
    lines.push(...rows);
    lines.push('', ...set.lookups.map((l) => `- ${l.name}: ${lookupLine(l)}`));
  }
  return lines.join('\n');
}
