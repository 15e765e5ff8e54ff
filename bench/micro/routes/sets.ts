/**
 * The route sets of the `router-set` micro cases and the lookups timed in
 * each, with the answer every router must give (worked out here from the
 * route list alone, by a plain scan of every route).
 * @module
 */
import { fillPath, GITHUB_API, type HttpMethod, isParametric, paramNames, type Route } from './github.ts';
import { syntheticRoutes } from './synthetic.ts';

/** What a router must answer to a lookup. */
export type Expected =
  | {
      readonly kind: 'found';
      /** The index of the route in {@link RouteSet.routes}. */
      readonly route: number;
      /** The parameter values, in path order. */
      readonly params: readonly string[];
    }
  | { readonly kind: 'none' }
  | {
      readonly kind: 'method';
      /** The methods of the routes that match the path (HEAD left out), sorted. */
      readonly allowed: readonly HttpMethod[];
    };

/** One timed lookup. */
export interface Lookup {
  /** `first param`, `middle param`, `last param`, `static`, `miss`, `miss, shared prefix`, `405`. */
  readonly name: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly expect: Expected;
}

/** A route set and its lookups. */
export interface RouteSet {
  /** `github`, or the number of parametric routes of a synthetic set. */
  readonly key: string;
  /** A label for the tables: the name and the route count. */
  readonly label: string;
  readonly routes: readonly Route[];
  /** Every method of the set, in a fixed order: what a router must try to tell a 405 from a 404. */
  readonly methods: readonly HttpMethod[];
  readonly lookups: readonly Lookup[];
}

/** The keys `--sets=` takes, in table order. */
export const SET_KEYS = ['github', '10', '100', '1000', '10000'] as const;

/** One of {@link SET_KEYS}. */
export type SetKey = (typeof SET_KEYS)[number];

/** The value looked up for a parameter: its name and its position (`owner1`, `repo2`). */
function sample(name: string, index: number): string {
  return `${name}${index + 1}`;
}

const PATTERNS = new Map<string, RegExp>();

/** The path as a regular expression: each `:name` one segment (`[^/]+`), as every router here reads it. */
function patternOf(path: string): RegExp {
  const known = PATTERNS.get(path);
  if (known !== undefined) return known;
  const source = path
    .split(/(:[A-Za-z_][A-Za-z0-9_]*)/)
    .map((part) => (part.startsWith(':') ? '([^/]+)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const pattern = new RegExp(`^${source}$`);
  PATTERNS.set(path, pattern);
  return pattern;
}

/**
 * The answer to `method path`, from every route in turn: a static route
 * (no parameter) takes the path before any parametric one, as in every
 * router here; two routes of the same method matching one path would make
 * the answer depend on the router, so the sets must have none.
 * @throws Error when two routes of the method match the path
 */
export function expected(routes: readonly Route[], method: HttpMethod, path: string): Expected {
  const matching: Array<{ index: number; params: string[] }> = [];
  routes.forEach(([, pattern], index) => {
    const m = patternOf(pattern).exec(path);
    if (m !== null) matching.push({ index, params: m.slice(1) });
  });
  const statics = matching.filter((m) => !isParametric((routes[m.index] as Route)[1]));
  const candidates = statics.length > 0 ? statics : matching;
  const withMethod = candidates.filter((m) => (routes[m.index] as Route)[0] === method);
  if (withMethod.length > 1) throw new Error(`${method} ${path}: ${withMethod.length} routes match`);
  const hit = withMethod[0];
  if (hit !== undefined) return { kind: 'found', route: hit.index, params: hit.params };
  if (candidates.length === 0) return { kind: 'none' };
  const allowed = new Set(candidates.map((m) => (routes[m.index] as Route)[0]));
  return { kind: 'method', allowed: [...allowed].sort() };
}

/** The lookup of route `index` itself, its parameters given sample values. */
export function routeLookup(routes: readonly Route[], index: number, name: string): Lookup {
  const [method, pattern] = routes[index] as Route;
  const path = fillPath(pattern, sample);
  const expect = expected(routes, method, path);
  if (expect.kind !== 'found' || expect.route !== index) {
    throw new Error(`${method} ${path} does not find route ${index} (${pattern}) alone`);
  }
  if (paramNames(pattern).length !== expect.params.length) throw new Error(`${pattern}: parameters miscounted`);
  return { name, method, path, expect };
}

function lookup(routes: readonly Route[], name: string, method: HttpMethod, path: string): Lookup {
  return { name, method, path, expect: expected(routes, method, path) };
}

/** A method none of the path's routes has: the 405 lookup. */
function otherMethod(routes: readonly Route[], path: string): HttpMethod {
  const free = (['POST', 'PUT', 'DELETE', 'GET'] as const).find((m) => expected(routes, m, path).kind !== 'found');
  if (free === undefined) throw new Error(`${path} has every method`);
  return free;
}

/**
 * The lookups of a set: the first, middle and last parametric route (in
 * registration order), a static route, a miss, a miss under a prefix that
 * routes share, and a path that exists with another method (405).
 */
function lookups(routes: readonly Route[], staticRoute: Route, prefixMiss: string): Lookup[] {
  const parametric = routes.flatMap(([, path], index) => (isParametric(path) ? [index] : []));
  const first = parametric[0] as number;
  const middle = parametric[parametric.length >> 1] as number;
  const last = parametric[parametric.length - 1] as number;
  const lastPath = fillPath((routes[last] as Route)[1], sample);
  const list = [
    routeLookup(routes, first, 'first param'),
    routeLookup(routes, middle, 'middle param'),
    routeLookup(routes, last, 'last param'),
    lookup(routes, 'static', staticRoute[0], staticRoute[1]),
    lookup(routes, 'miss', 'GET', '/nothing/here'),
    lookup(routes, 'miss, shared prefix', 'GET', prefixMiss),
    lookup(routes, '405', otherMethod(routes, lastPath), lastPath),
  ];
  const kinds = list.map((l) => l.expect.kind).join(',');
  if (kinds !== 'found,found,found,found,none,none,method') throw new Error(`unexpected answers: ${kinds}`);
  return list;
}

function methodsOf(routes: readonly Route[]): HttpMethod[] {
  return (['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const).filter((m) => routes.some(([method]) => method === m));
}

/**
 * The set of `key`: the GitHub API (203 routes; static `/user/repos`, the
 * Go benchmarks' static case) or a synthetic set of that many parametric
 * routes plus five static ones.
 */
export function routeSet(key: SetKey): RouteSet {
  if (key === 'github') {
    // the counts of go-http-routing-benchmark: 203 routes on 142 paths, 113 of them parametric
    const paths = new Set(GITHUB_API.map(([, path]) => path));
    const parametric = [...paths].filter(isParametric).length;
    if (GITHUB_API.length !== 203 || paths.size !== 142 || parametric !== 113) {
      throw new Error(
        `the GitHub set has ${GITHUB_API.length} routes on ${paths.size} paths (${parametric} parametric)`,
      );
    }
    return {
      key,
      label: `GitHub API (${GITHUB_API.length} routes)`,
      routes: GITHUB_API,
      methods: methodsOf(GITHUB_API),
      lookups: lookups(GITHUB_API, ['GET', '/user/repos'], '/repos/x/y/nope'),
    };
  }
  const count = Number(key);
  const routes = syntheticRoutes(count);
  const lastResource = Math.floor((count - 1) / 4);
  return {
    key,
    label: `${count.toLocaleString('en-US')} parametric routes (+ ${routes.length - count} static)`,
    routes,
    methods: methodsOf(routes),
    lookups: lookups(routes, ['GET', '/api/v1/health'], `/api/v1/resource${lastResource}/id1/nope`),
  };
}
