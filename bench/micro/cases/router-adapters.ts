/**
 * The four routers of the `router-set` cases behind one shape: poorwsgi's
 * `RouteTable` (from this repository's `src/`), `find-my-way` (fastify's
 * router), hono's `RegExpRouter` (one regular expression per method) and
 * `TrieRouter`. Each is given the same routes and one handler per route;
 * the lookup timed is the router's own call, its result as the router gives
 * it, and a second, untimed reading of that result checks the answer.
 * @module
 */
import FindMyWay from 'find-my-way';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { TrieRouter } from 'hono/router/trie-router';
import {
  METHOD_DELETE,
  METHOD_GET,
  METHOD_HEAD,
  METHOD_PATCH,
  METHOD_POST,
  METHOD_PUT,
} from '../../../src/http/methods.ts';
import { RouteTable } from '../../../src/routing/route-table.ts';
import { type HttpMethod, paramNames, type Route, toPoorwsgiRule } from '../routes/github.ts';
import type { Expected } from '../routes/sets.ts';

/** A route's handler: it returns the route's index, so an answer names its route. */
export type RouteHandler = () => number;

/** One handler per route, made once per set and shared by every router. */
export function handlersFor(routes: readonly Route[]): RouteHandler[] {
  return routes.map((_, index) => () => index);
}

/** A router with a set's routes registered. */
export interface BuiltRouter {
  /** The timed lookup: the router's own call for `method path`. */
  bind(method: HttpMethod, path: string): () => unknown;
  /**
   * The lookup a server answering 405 with `Allow` makes: for the routers
   * whose lookup is per method, a miss is followed by a lookup of each other
   * method of the set. Absent when {@link BuiltRouter.bind} answers 405 itself.
   */
  bindWithAllow?(method: HttpMethod, path: string): () => unknown;
  /** The answer to `method path`, read from the router's result (untimed). */
  answer(method: HttpMethod, path: string): Expected;
}

/** A router under test. */
export interface RouterKind {
  readonly name: string;
  /**
   * Register every route, then make one lookup: hono's `RegExpRouter`
   * compiles its expressions on the first match, which belongs to its
   * registration cost (the others do their work when a route is added).
   */
  build(routes: readonly Route[], handlers: readonly RouteHandler[], methods: readonly HttpMethod[]): BuiltRouter;
}

const FLAGS: Record<HttpMethod, number> = {
  GET: METHOD_GET,
  POST: METHOD_POST,
  PUT: METHOD_PUT,
  DELETE: METHOD_DELETE,
  PATCH: METHOD_PATCH,
};

function fromFlags(mask: number): HttpMethod[] {
  return (Object.keys(FLAGS) as HttpMethod[]).filter((m) => (mask & FLAGS[m]) !== 0).sort();
}

/**
 * The answer of a router that looks up one method at a time: its hit, or
 * the other methods that hit (405), or none.
 */
function perMethodAnswer(
  method: HttpMethod,
  methods: readonly HttpMethod[],
  hit: (m: HttpMethod) => { route: number; params: string[] } | undefined,
): Expected {
  const found = hit(method);
  if (found !== undefined) return { kind: 'found', ...found };
  const allowed = methods.filter((m) => m !== method && hit(m) !== undefined).sort();
  return allowed.length === 0 ? { kind: 'none' } : { kind: 'method', allowed };
}

/** `bindWithAllow` of a per-method router: the lookup, then the set's other methods on a miss. */
function withAllow<R>(
  find: (method: HttpMethod, path: string) => R | null,
  isMiss: (result: R | null) => boolean,
  methods: readonly HttpMethod[],
): (method: HttpMethod, path: string) => () => unknown {
  return (method, path) => {
    const others = methods.filter((m) => m !== method);
    return () => {
      const result = find(method, path);
      if (!isMiss(result)) return result;
      // what a server builds `Allow` from: one bit per other method that has the path
      let allowed = 0;
      for (let i = 0; i < others.length; i++) if (!isMiss(find(others[i] as HttpMethod, path))) allowed |= 1 << i;
      return allowed;
    };
  };
}

/** poorwsgi's `RouteTable`: one `match(path, flag)` answers found, 405 (with the allowed mask) or none. */
export const poorwsgiRouter: RouterKind = {
  name: 'poorwsgi',
  build(routes, handlers) {
    const table = new RouteTable<RouteHandler>();
    for (let i = 0; i < routes.length; i++) {
      const [method, path] = routes[i] as Route;
      table.setRoute(toPoorwsgiRule(path), handlers[i] as RouteHandler, FLAGS[method]);
    }
    table.match('/', METHOD_GET);
    return {
      bind(method, path) {
        const flag = FLAGS[method];
        return () => table.match(path, flag);
      },
      answer(method, path) {
        const m = table.match(path, FLAGS[method]);
        if (m.kind === 'found') return { kind: 'found', route: m.handler(), params: m.params.map(String) };
        if (m.kind === 'none') return m;
        return { kind: 'method', allowed: fromFlags(m.allowed & ~METHOD_HEAD) };
      },
    };
  },
};

/** find-my-way: `find(method, path)` gives the handler and a params object, or null. */
export const findMyWayRouter: RouterKind = {
  name: 'find-my-way',
  build(routes, handlers, methods) {
    const router = FindMyWay();
    for (let i = 0; i < routes.length; i++) {
      const [method, path] = routes[i] as Route;
      router.on(method, path, handlers[i] as RouteHandler);
    }
    router.find('GET', '/');
    const hit = (method: HttpMethod, path: string) => {
      const r = router.find(method, path);
      if (r === null) return undefined;
      return { route: (r.handler as unknown as RouteHandler)(), params: Object.values(r.params).map(String) };
    };
    return {
      bind: (method, path) => () => router.find(method, path),
      bindWithAllow: withAllow(
        (method, path) => router.find(method, path),
        (r) => r === null,
        methods,
      ),
      answer: (method, path) => perMethodAnswer(method, methods, (m) => hit(m, path)),
    };
  },
};

/** What hono's routers give: the matching handlers, with their params or indexes into a stash. */
type HonoResult = ReturnType<RegExpRouter<RouteHandler>['match']>;

function honoHit(result: HonoResult, routes: readonly Route[]): { route: number; params: string[] } | undefined {
  const [matches, stash] = result;
  if (matches.length === 0) return undefined;
  if (matches.length > 1) throw new Error(`hono matched ${matches.length} routes`);
  const [handler, params] = matches[0] as [RouteHandler, Record<string, number | string>];
  const route = handler();
  const names = paramNames((routes[route] as Route)[1]);
  // RegExpRouter gives indexes into the stash, TrieRouter the values
  const values = names.map((name) => {
    const value = params[name];
    return String(stash === undefined ? value : stash[value as number]);
  });
  return { route, params: values };
}

function honoKind(name: string, make: () => RegExpRouter<RouteHandler> | TrieRouter<RouteHandler>): RouterKind {
  return {
    name,
    build(routes, handlers, methods) {
      const router = make();
      for (let i = 0; i < routes.length; i++) {
        const [method, path] = routes[i] as Route;
        router.add(method, path, handlers[i] as RouteHandler);
      }
      router.match('GET', '/');
      const isMiss = (r: HonoResult | null) => r === null || r[0].length === 0;
      return {
        bind: (method, path) => () => router.match(method, path),
        bindWithAllow: withAllow((method, path) => router.match(method, path), isMiss, methods),
        answer: (method, path) => perMethodAnswer(method, methods, (m) => honoHit(router.match(m, path), routes)),
      };
    },
  };
}

/** hono's `RegExpRouter` (the first router of its default `SmartRouter`). */
export const honoRegExpRouter: RouterKind = honoKind('hono RegExpRouter', () => new RegExpRouter<RouteHandler>());

/** hono's `TrieRouter` (what `SmartRouter` falls back to when `RegExpRouter` refuses the routes). */
export const honoTrieRouter: RouterKind = honoKind('hono TrieRouter', () => new TrieRouter<RouteHandler>());

/** The routers of every set, find-my-way (the ratios' base) second. */
export const ROUTERS: readonly RouterKind[] = [poorwsgiRouter, findMyWayRouter, honoRegExpRouter, honoTrieRouter];
