// file-length: most of it is the generator's data (route templates, regular routes, parameter values), one entry a line
/**
 * Random route tables and request paths for the route table equivalence
 * test: scripts of `setRoute`, `setRegularRoute`, `popRoute`,
 * `popRegularRoute` and `setFilter` calls, and paths drawn from the routes
 * (filled in with values of their filters), near misses of those, and random
 * ones. Every choice comes from a seeded PRNG, so a script can be made again
 * from its seed, and is printed in a form that can be pasted back.
 * @module
 */
import { PoorWSGIError } from '../../src/errors/poorwsgi-error.ts';
import {
  humanMethods,
  METHOD_DELETE,
  METHOD_GET,
  METHOD_HEAD,
  METHOD_OPTIONS,
  METHOD_PATCH,
  METHOD_POST,
  METHOD_PUT,
} from '../../src/http/methods.ts';
import { checkRouteDefinition, compileRegularRoute, compileRoute, isRegexRule } from '../../src/routing/compile.ts';
import type { RouteTable } from '../../src/routing/route-table.ts';

/** A handler that is only compared by identity; `id` names it in a printed script. */
export interface ScenarioHandler {
  readonly id: string;
}

/** The converters a scripted `setFilter` may use, by the name a printed script shows. */
export const CONVERTERS = {
  keep: (value: string): unknown => value,
  upper: (value: string): unknown => value.toUpperCase(),
  length: (value: string): unknown => value.length,
} as const;

/** One call on a route table. */
export type RouteOp =
  | {
      readonly op: 'setRoute' | 'setRegularRoute';
      readonly rule: string;
      readonly handler: ScenarioHandler;
      readonly method: number;
    }
  | { readonly op: 'popRoute' | 'popRegularRoute'; readonly rule: string; readonly method: number }
  | {
      readonly op: 'setFilter';
      readonly name: string;
      readonly regex: string;
      readonly convert: keyof typeof CONVERTERS;
    };

/** The methods requests are made with. */
export const REQUEST_METHODS: readonly number[] = [
  METHOD_HEAD,
  METHOD_GET,
  METHOD_POST,
  METHOD_PUT,
  METHOD_DELETE,
  METHOD_OPTIONS,
];

const ROUTE_METHODS: readonly number[] = [...REQUEST_METHODS, METHOD_PATCH];

/** Apply `op` to `table`; what the call returned (the replaced mask, the popped handler). */
export function applyOp(table: RouteTable<ScenarioHandler>, op: RouteOp): unknown {
  switch (op.op) {
    case 'setRoute':
      return table.setRoute(op.rule, op.handler, op.method);
    case 'setRegularRoute':
      return table.setRegularRoute(op.rule, op.handler, op.method);
    case 'popRoute':
      return table.popRoute(op.rule, op.method);
    case 'popRegularRoute':
      return table.popRegularRoute(op.rule, op.method);
    case 'setFilter':
      return table.setFilter(op.name, op.regex, CONVERTERS[op.convert]);
  }
}

/** `op` as the TypeScript call that makes it (METHOD_* names joined by `|`). */
export function formatOp(op: RouteOp): string {
  const flags = (mask: number) =>
    humanMethods(mask)
      .split(' | ')
      .map((name) => `METHOD_${name}`)
      .join(' | ');
  if (op.op === 'setFilter') return `setFilter(${JSON.stringify(op.name)}, ${JSON.stringify(op.regex)}, ${op.convert})`;
  const handler = 'handler' in op ? ` ${op.handler.id},` : '';
  return `${op.op}(${JSON.stringify(op.rule)},${handler} ${flags(op.method)})`;
}

/** The user filters of a script: one that cannot match `/`, one that can, one that can match ''. */
const USER_FILTERS: readonly RouteOp[] = [
  { op: 'setFilter', name: 'slug', regex: '[a-z0-9-]+', convert: 'upper' },
  { op: 'setFilter', name: ':tail', regex: '[a-z0-9/]+', convert: 'keep' },
  { op: 'setFilter', name: 'Opt', regex: '[a-z]*', convert: 'length' },
];

/** Redefinitions: routes compiled before keep the old filter, later ones get the new. */
const FILTER_CHANGES: readonly RouteOp[] = [
  { op: 'setFilter', name: 'slug', regex: '[a-z/]+', convert: 'keep' },
  { op: 'setFilter', name: 'tail', regex: '[a-z]+', convert: 'upper' },
  { op: 'setFilter', name: ':OPT', regex: '[0-9]*', convert: 'keep' },
];

/** Routes written out, overlapping on purpose; `P` is replaced by p0, p1, ... */
const GROUP_ROUTES: readonly string[] = [
  '/repos/<owner>/<repo>',
  '/repos/<owner>/hooks',
  '/repos/<owner>/<repo>/issues/<number:int>',
  '/repos/<owner>/<repo>/',
  '/repos/<owner>',
  '/file-<name>.txt',
  '/<a>-<b>',
  '/static/<path:re:.*>',
  '/p/<p:re:[a-z/]+>',
  '/p/<p:re:[a-z]+>',
  '/<name>',
  '/<path:re:.*>',
  '/users/<id:int>',
  '/users/<name:word>',
  '/users/<id:uuid>',
  '/x/<v:float>',
  '/x/<h:hex>/',
  '/<a:int><b>',
  '/<a><b>',
  '/t/<rest:tail>',
  '/t/<rest:tail>.json',
  '/s/<s:slug>',
  '/s/<a:slug>-<b:slug>',
  '/o/<o:opt>',
  '/o/<o:opt>/x',
  '/o/<a:opt>-<b:opt>',
  '/u/<a:opt><b:opt>',
  '/c/<a:INT>',
  '/c/<a:RE:[A-Z]+>',
  '/c/<a:re:\\d{2}><b:re:\\d{2}>',
  '/a//b/<c>',
];

/** Raw regular routes, each with paths worth trying on it. */
const REGULAR_ROUTES: ReadonlyArray<readonly [pattern: string, samples: readonly string[]]> = [
  ['/raw/(\\d+)', ['/raw/12', '/raw/', '/raw/1/2', '/raw/x']],
  ['/any/.*', ['/any/', '/any/a/b', '/any']],
  ['/repos/([^/]+)/hooks', ['/repos/me/hooks', '/repos//hooks']],
  ['/(?<first>[a-z]+)/(\\d+)', ['/abc/12', '/repos/7', '/users/42']],
  ['/users/(?<id>\\d+)?', ['/users/', '/users/5']],
  ['/file-(.*)\\.txt', ['/file-a.txt', '/file-a/b.txt', '/file-.txt']],
  ['/(a)|/(b)/c', ['/a', '/b/c', '/b']],
  ['/x/[a-z]+', ['/x/abc', '/x/1']],
  ['/repos/(?<owner>[^/]+)/(?<repo>[^/]+)', ['/repos/me/proj', '/repos/me/hooks']],
  ['/v(\\d+)/(?<rest>.*)', ['/v1/a/b', '/v1/', '/v1']],
  ['.*', ['/anything/at/all', '']],
];

// six words with one first character, some differing only in their last: a trie node holding
// more than four children that share a first character looks them up by hash instead
const LITERALS = [
  ...['repos', 'users', 'hooks', 'a', 'b', 'x', 'file', 'v1', '42', 'abc', 'static', 'p', 't', 's', 'o'],
  ...['i', 'i1', 'i2', 'item', 'item1', 'items'],
];

const PARAM_SEGMENTS = [
  '<P>',
  '<P:int>',
  '<P:float>',
  '<P:word>',
  '<P:hex>',
  '<P:uuid>',
  '<P:re:[a-z]+>',
  '<P:re:\\d{2}>',
  '<P:re:.*>',
  '<P:re:[a-z/]+>',
  '<P:re:.+>',
  '<P:slug>',
  '<P:tail>',
  '<P:opt>',
  '<P:INT>',
  '<P:RE:[A-Z]+>',
];

const MIXED_SEGMENTS = [
  'file-<P>.txt',
  '<P>-<P>',
  '<P:int>.<P:word>',
  'v<P:int>',
  '<P:int><P>',
  '<P><P>',
  '<P:re:.*><P>',
  'x<P:re:.*>',
  '<P:tail>.json',
  '<P:opt>-<P:opt>',
];

const UUID = '123e4567-e89b-12d3-a456-426614174000';

/** Values for a parameter, by filter (lower-cased) or `:re:` regex: mostly matching, some not. */
const VALUES: Readonly<Record<string, readonly string[]>> = {
  '': ['abc', 'hooks', '42', 'a-b', 'x.y', 'žluť', 'deadbeef', 'me'],
  ':int': ['0', '7', '-3', '-0', '123456789012345', '1234567890123456', '4.5'],
  ':float': ['3.14', '-2', '10', '1.', '-0.5'],
  ':word': ['abc', 'a_b', 'ünï', '9', 'a-b'],
  ':hex': ['deadBEEF', '0', 'g1', 'ff'],
  ':uuid': [UUID, UUID.toUpperCase(), UUID.replaceAll('-', '')],
  ':slug': ['a-b', 'abc', 'a/b', 'A'],
  ':tail': ['a/b', 'x', 'a//b', 'a/b/'],
  ':opt': ['', 'abc', '12'],
  ':re:[a-z]+': ['abc', 'a/b', ''],
  ':re:\\d{2}': ['12', '123', '1'],
  ':re:.*': ['', 'a/b/c', 'x'],
  ':re:[a-z/]+': ['a/b', 'abc/', '/'],
  ':re:.+': ['a/b', 'x', ''],
  ':re:[A-Z]+': ['ABC', 'abc'],
};

const GROUP = /<(\w+)(:[^>]+)?>/g;

/** Why a definition was left out of a script. */
export type Skipped = 'unsafe' | 'invalid';

/** Makes the calls and paths of one random scenario. */
export class RouteScenario {
  readonly #rand: () => number;
  #handlers = 0;
  /** Every rule registered so far (popped ones too: their paths must now miss). */
  readonly #groupRules = new Set<string>();
  readonly #staticPaths = new Set<string>();
  readonly #regularRules = new Set<string>();
  /** Definitions the compiler refused, by kind: left out of the script. */
  readonly skipped: Record<Skipped, number> = { unsafe: 0, invalid: 0 };

  constructor(rand: () => number) {
    this.#rand = rand;
  }

  #int(n: number): number {
    return Math.floor(this.#rand() * n);
  }

  #pick<T>(items: readonly T[]): T {
    return items[this.#int(items.length)] as T;
  }

  #chance(p: number): boolean {
    return this.#rand() < p;
  }

  #handler(): ScenarioHandler {
    this.#handlers += 1;
    return { id: `h${this.#handlers}` };
  }

  /** A non-empty mask, usually of one or two methods. */
  #mask(): number {
    let mask = this.#pick(ROUTE_METHODS);
    while (this.#chance(0.35)) mask |= this.#pick(ROUTE_METHODS);
    return mask;
  }

  /** The user filters of a script, defined first: a script leaves some out (routes using them are then invalid). */
  filters(): RouteOp[] {
    return USER_FILTERS.filter(() => this.#chance(0.85));
  }

  /** A redefined user filter. */
  filterChange(): RouteOp {
    return this.#pick(FILTER_CHANGES);
  }

  #groupRule(): string {
    if (this.#chance(0.4)) return this.#pick(GROUP_ROUTES);
    const segments: string[] = [];
    const count = 1 + this.#int(4);
    for (let i = 0; i < count; i++) {
      const r = this.#rand();
      segments.push(
        r < 0.45 ? this.#pick(LITERALS) : r < 0.85 ? this.#pick(PARAM_SEGMENTS) : this.#pick(MIXED_SEGMENTS),
      );
    }
    let n = 0;
    const rule = `/${segments.join('/')}${this.#chance(0.15) ? '/' : ''}`;
    return rule.replaceAll(/<P(?=[:>])/g, () => `<p${n++}`);
  }

  #staticPath(): string {
    if (this.#chance(0.5) && this.#groupRules.size > 0) return this.#fill(this.#pick([...this.#groupRules]));
    const count = 1 + this.#int(3);
    const segments = Array.from({ length: count }, () => this.#pick(LITERALS));
    return `/${segments.join('/')}${this.#chance(0.2) ? '/' : ''}`;
  }

  /**
   * A new registration, or `undefined` when the definition is one the table
   * refuses (counted in {@link skipped}): checked with the table's own
   * filters, and only for a rule not registered yet, as the table compiles a
   * rule once.
   */
  registration(table: RouteTable<ScenarioHandler>): RouteOp | undefined {
    const r = this.#rand();
    const handler = this.#handler();
    const method = this.#mask();
    try {
      if (r < 0.2) {
        const rule = this.#staticPath();
        checkRouteDefinition(rule);
        if (isRegexRule(rule)) return undefined;
        this.#staticPaths.add(rule);
        return { op: 'setRoute', rule, handler, method };
      }
      if (r < 0.35) {
        const rule = this.#pick(REGULAR_ROUTES)[0];
        if (!table.isRegularRoute(rule)) compileRegularRoute(rule);
        this.#regularRules.add(rule);
        return { op: 'setRegularRoute', rule, handler, method };
      }
      const rule = this.#groupRule();
      if (!table.isRoute(rule)) compileRoute(rule, table.filters);
      this.#groupRules.add(rule);
      return { op: 'setRoute', rule, handler, method };
    } catch (error) {
      if (!(error instanceof PoorWSGIError)) throw error;
      this.skipped[error.code === 'PW_ERR_ROUTE_UNSAFE' ? 'unsafe' : 'invalid'] += 1;
      return undefined;
    }
  }

  /**
   * A change to a table: a pop of some or all methods of a registered route
   * (now and then of a method it lacks, or of a route never registered: the
   * table must refuse both alike), a registered route given another handler
   * or more methods, or a popped route registered again.
   */
  change(table: RouteTable<ScenarioHandler>): RouteOp | undefined {
    const registered: Array<{ rule: string; regular: boolean; mask: number }> = [];
    for (const [rule, handlers] of table.routes) registered.push({ rule, regular: false, mask: maskOf(handlers) });
    for (const { rule, handlers } of table.regularRoutes) {
      registered.push({ rule, regular: table.isRegularRoute(rule) && !table.isRoute(rule), mask: maskOf(handlers) });
    }
    const r = this.#rand();
    if (registered.length === 0 || r < 0.1) return this.registration(table);
    if (r < 0.2) return this.#again(table) ?? this.registration(table);
    const target = this.#pick(registered);
    const set = target.regular ? 'setRegularRoute' : 'setRoute';
    const pop = target.regular ? 'popRegularRoute' : 'popRoute';
    if (r < 0.3) return { op: set, rule: target.rule, handler: this.#handler(), method: this.#mask() };
    if (r < 0.4) return { op: pop, rule: target.rule, method: this.#mask() };
    if (r < 0.45) return { op: pop, rule: `${target.rule}x`, method: target.mask };
    // a part of its methods, or all of them
    let method = target.mask;
    if (this.#chance(0.4)) method = target.mask & (this.#pick(ROUTE_METHODS) | this.#pick(ROUTE_METHODS));
    return { op: pop, rule: target.rule, method: method === 0 ? target.mask : method };
  }

  /** A route of the script that is not registered now (popped) registered again: it goes last in the order. */
  #again(table: RouteTable<ScenarioHandler>): RouteOp | undefined {
    const gone: Array<['setRoute' | 'setRegularRoute', string]> = [];
    for (const rule of this.#regularRules) if (!table.isRegularRoute(rule)) gone.push(['setRegularRoute', rule]);
    for (const rule of [...this.#groupRules, ...this.#staticPaths]) {
      if (!table.isRoute(rule)) gone.push(['setRoute', rule]);
    }
    if (gone.length === 0) return undefined;
    const [op, rule] = this.#pick(gone);
    return { op, rule, handler: this.#handler(), method: this.#mask() };
  }

  /** A path filled in from `rule`: each parameter given a value, usually one its filter accepts. */
  #fill(rule: string): string {
    return rule.replaceAll(GROUP, (_all, _name: string, spec: string | undefined) => {
      const key = valueKey(spec);
      const values = VALUES[key] !== undefined && this.#chance(0.8) ? (VALUES[key] as readonly string[]) : VALUES[''];
      return this.#pick(values as readonly string[]);
    });
  }

  /** A path one edit away: a segment changed, one more or one fewer, an empty segment, a trailing `/` added or taken. */
  #nearMiss(path: string): string {
    const segments = path.split('/');
    const at = 1 + this.#int(Math.max(1, segments.length - 1));
    switch (this.#int(6)) {
      case 0:
        segments[at] = this.#token();
        break;
      case 1:
        segments.push(this.#token());
        break;
      case 2:
        if (segments.length > 2) segments.pop();
        break;
      case 3:
        segments.splice(at, 0, '');
        break;
      case 4:
        return path.endsWith('/') ? path.slice(0, -1) : `${path}/`;
      default:
        return path.toUpperCase();
    }
    return segments.join('/');
  }

  #token(): string {
    return this.#chance(0.5) ? this.#pick(LITERALS) : this.#pick(this.#pick(Object.values(VALUES)));
  }

  #known(): string {
    const r = this.#rand();
    if (r < 0.15 && this.#staticPaths.size > 0) return this.#pick([...this.#staticPaths]);
    if (r < 0.35 && this.#regularRules.size > 0) {
      const rule = this.#pick([...this.#regularRules]);
      return this.#pick(REGULAR_ROUTES.find(([pattern]) => pattern === rule)?.[1] ?? ['/']);
    }
    if (this.#groupRules.size > 0) return this.#fill(this.#pick([...this.#groupRules]));
    return this.#fill(this.#pick(GROUP_ROUTES));
  }

  /** A request path: from a route of the script, a near miss of one, or random. */
  path(): string {
    const r = this.#rand();
    if (r < 0.5) return this.#known();
    if (r < 0.85) return this.#nearMiss(this.#known());
    const count = this.#int(5);
    return `/${Array.from({ length: count }, () => this.#token()).join('/')}${this.#chance(0.2) ? '/' : ''}`;
  }
}

/** The key of {@link VALUES} for a group's filter: its name lower-cased, or `:re:` and the regex as written. */
function valueKey(spec: string | undefined): string {
  if (spec === undefined) return '';
  return spec.slice(0, 4).toLowerCase() === ':re:' ? `:re:${spec.slice(4)}` : spec.toLowerCase();
}

function maskOf(handlers: ReadonlyMap<number, unknown>): number {
  let mask = 0;
  for (const flag of handlers.keys()) mask |= flag;
  return mask;
}
