/**
 * The route table's semantics written as the plain ordered scan, for the
 * equivalence test of `RouteTable.match`: whatever index the table puts in
 * front of its regex routes must answer what this answers.
 *
 * Written from the documented behaviour (PoorWSGI's lookup order, as
 * `RouteTable` and docs/routing.md describe it), not from the table's
 * fields: static paths by exact match first; then every `<group>` route and
 * raw regular route in one list, in registration order, each anchored
 * pattern run on the whole path. The patterns come from the same compiler
 * (`compileRoute`, `compileRegularRoute`) and the same filter table, so a
 * difference can only come from the lookup.
 *
 * It extends `RouteTable` only so that it can be handed to the route table
 * contract (whose fixture makes a `RouteTable`): it overrides every public
 * member and keeps all its state in its own fields, so nothing of the base
 * class takes part in an answer (the equivalence test checks that every
 * member of `RouteTable.prototype` is overridden here).
 * @module
 */
import { ERROR_CODES } from '../../src/errors/codes.ts';
import { PoorWSGIError } from '../../src/errors/poorwsgi-error.ts';
import { METHOD_ALL, METHOD_GET, METHOD_HEAD } from '../../src/http/methods.ts';
import {
  type CompiledRoute,
  checkRouteDefinition,
  compileRegularRoute,
  compileRoute,
  isRegexRule,
} from '../../src/routing/compile.ts';
import { defaultFilters, filterKey, keepString, type RouteFilter } from '../../src/routing/filters.ts';
import { type RouteMatch, RouteTable } from '../../src/routing/route-table.ts';
import { analyzeRegex } from '../../src/routing/safe-regex.ts';

/** A `<group>` route or a raw regular route, with its handler per method flag. */
interface ScannedRoute<H> {
  readonly kind: 'group' | 'regular';
  readonly compiled: CompiledRoute;
  readonly handlers: Map<number, H>;
}

/** The flags of a mask, lowest first; `PW_ERR_METHOD` for a mask that is not one of METHOD_* flags. */
function flagsOf(method: number, culprit: string): number[] {
  if (!Number.isInteger(method) || method <= 0 || (method & ~METHOD_ALL) !== 0) {
    throw new PoorWSGIError(ERROR_CODES.PW_ERR_METHOD, `Invalid method mask ${method} for '${culprit}'`);
  }
  const flags: number[] = [];
  for (let flag = 1; flag <= method; flag <<= 1) if (method & flag) flags.push(flag);
  return flags;
}

function maskOf(handlers: ReadonlyMap<number, unknown>): number {
  let mask = 0;
  for (const flag of handlers.keys()) mask |= flag;
  return mask;
}

/** A route with GET answers HEAD too, and says so in `allowed`. */
function withHead(mask: number): number {
  return mask & METHOD_GET ? mask | METHOD_HEAD : mask;
}

/** The handler for `method`, HEAD falling back to GET; `has` rather than `get`, so `H` may be anything. */
function handlerFor<H>(handlers: ReadonlyMap<number, H>, method: number): { handler: H } | undefined {
  if (handlers.has(method)) return { handler: handlers.get(method) as H };
  if (method === METHOD_HEAD && handlers.has(METHOD_GET)) return { handler: handlers.get(METHOD_GET) as H };
  return undefined;
}

/** Set the handler of each flag; the mask of the flags that had one. */
function assign<H>(handlers: Map<number, H>, flags: readonly number[], handler: H): number {
  let replaced = 0;
  for (const flag of flags) {
    if (handlers.has(flag)) replaced |= flag;
    handlers.set(flag, handler);
  }
  return replaced;
}

/** Remove every flag (all or none: a missing one throws) and return the lowest flag's handler. */
function take<H>(handlers: Map<number, H>, flags: readonly number[], culprit: string): H {
  if (!flags.every((flag) => handlers.has(flag))) {
    throw new PoorWSGIError(ERROR_CODES.PW_ERR_NOT_REGISTERED, `Route '${culprit}' lacks a method of the mask`);
  }
  const handler = handlers.get(flags[0] as number) as H;
  for (const flag of flags) handlers.delete(flag);
  return handler;
}

function notRegistered(culprit: string): PoorWSGIError {
  return new PoorWSGIError(ERROR_CODES.PW_ERR_NOT_REGISTERED, `Route '${culprit}' is not registered`);
}

/**
 * The reference route table: the same API as `RouteTable`, answered by a
 * scan of every regex route in registration order.
 * @example
 * const ref = new ReferenceRouter<string>();
 * ref.setRoute('/x/<id:int>', 'int', METHOD_GET);
 * ref.match('/x/7', METHOD_HEAD); // found 'int', params [7]
 */
export class ReferenceRouter<H> extends RouteTable<H> {
  readonly #staticRoutes = new Map<string, Map<number, H>>();
  /** `<group>` and raw regular routes, in registration order: the order of the scan. */
  readonly #scanned: Array<ScannedRoute<H>> = [];
  readonly #filterTable = defaultFilters();

  #find(kind: ScannedRoute<H>['kind'], rule: string): ScannedRoute<H> | undefined {
    return this.#scanned.find((route) => route.kind === kind && route.compiled.rule === rule);
  }

  /** Register, or add methods to, a regex route: compiled once, when first registered (later filters do not change it). */
  #register(kind: ScannedRoute<H>['kind'], rule: string, flags: number[], handler: H, compile: () => CompiledRoute) {
    let route = this.#find(kind, rule);
    if (route === undefined) {
      route = { kind, compiled: compile(), handlers: new Map() };
      this.#scanned.push(route);
    }
    return assign(route.handlers, flags, handler);
  }

  /** Remove methods of a regex route; a route left with none leaves the scan (registered again, it comes last). */
  #unregister(kind: ScannedRoute<H>['kind'], rule: string, flags: number[]): H {
    const route = this.#find(kind, rule);
    if (route === undefined) throw notRegistered(rule);
    const handler = take(route.handlers, flags, rule);
    if (route.handlers.size === 0) this.#scanned.splice(this.#scanned.indexOf(route), 1);
    return handler;
  }

  /** As `RouteTable.setRoute`. */
  override setRoute(uri: string, handler: H, method: number): number {
    const flags = flagsOf(method, uri);
    checkRouteDefinition(uri);
    if (isRegexRule(uri))
      return this.#register('group', uri, flags, handler, () => compileRoute(uri, this.#filterTable));
    let handlers = this.#staticRoutes.get(uri);
    if (handlers === undefined) this.#staticRoutes.set(uri, (handlers = new Map()));
    return assign(handlers, flags, handler);
  }

  /** As `RouteTable.popRoute`. */
  override popRoute(uri: string, method: number): H {
    const flags = flagsOf(method, uri);
    if (isRegexRule(uri)) return this.#unregister('group', uri, flags);
    const handlers = this.#staticRoutes.get(uri);
    if (handlers === undefined) throw notRegistered(uri);
    const handler = take(handlers, flags, uri);
    if (handlers.size === 0) this.#staticRoutes.delete(uri);
    return handler;
  }

  /** As `RouteTable.isRoute`. */
  override isRoute(uri: string): boolean {
    return this.#staticRoutes.has(uri) || this.#find('group', uri) !== undefined;
  }

  /** As `RouteTable.setRegularRoute`. */
  override setRegularRoute(pattern: string, handler: H, method: number): number {
    const flags = flagsOf(method, pattern);
    return this.#register('regular', pattern, flags, handler, () => compileRegularRoute(pattern));
  }

  /** As `RouteTable.popRegularRoute`. */
  override popRegularRoute(pattern: string, method: number): H {
    return this.#unregister('regular', pattern, flagsOf(method, pattern));
  }

  /** As `RouteTable.isRegularRoute`. */
  override isRegularRoute(pattern: string): boolean {
    return this.#find('regular', pattern) !== undefined;
  }

  /** As `RouteTable.setFilter`. */
  override setFilter(name: string, regex: string, convert: (v: string) => unknown = keepString): void {
    const key = filterKey(name);
    if (key === undefined || regex === '' || typeof convert !== 'function') {
      throw new PoorWSGIError(ERROR_CODES.PW_ERR_ROUTE_FILTER, `Invalid filter '${name}'`);
    }
    analyzeRegex(regex, `regular expression of filter '${name}'`);
    this.#filterTable.set(key, { regex, convert });
  }

  /** As `RouteTable.filters`. */
  override get filters(): Map<string, RouteFilter> {
    return new Map(this.#filterTable);
  }

  /** As `RouteTable.routes`. */
  override get routes(): Map<string, Map<number, H>> {
    return new Map([...this.#staticRoutes].map(([path, handlers]) => [path, new Map(handlers)]));
  }

  /** As `RouteTable.regularRoutes`. */
  override get regularRoutes(): Array<{ rule: string; pattern: string; handlers: Map<number, H>; names: string[] }> {
    return this.#scanned.map(({ compiled, handlers }) => ({
      rule: compiled.rule,
      pattern: compiled.regex.source,
      handlers: new Map(handlers),
      names: [...compiled.names],
    }));
  }

  /**
   * The static path if there is one (it alone decides between found and
   * 405); else the first regex route, in registration order, whose pattern
   * matches and that has the method is found. When routes match but none has
   * the method: 405 with the first matching route's rule and the methods of
   * every matching route.
   */
  override match(path: string, method: number): RouteMatch<H> {
    const handlers = this.#staticRoutes.get(path);
    if (handlers !== undefined) {
      const allowed = withHead(maskOf(handlers));
      const pick = handlerFor(handlers, method);
      if (pick === undefined) return { kind: 'method', rule: path, allowed };
      return { kind: 'found', handler: pick.handler, rule: path, params: [], groups: Object.create(null), allowed };
    }
    let firstRule: string | undefined;
    let allowed = 0;
    for (const route of this.#scanned) {
      const m = route.compiled.regex.exec(path);
      if (m === null) continue;
      const pick = handlerFor(route.handlers, method);
      if (pick !== undefined) return found(route, pick.handler, m);
      firstRule ??= route.compiled.rule;
      allowed |= maskOf(route.handlers);
    }
    if (firstRule === undefined) return { kind: 'none' };
    return { kind: 'method', rule: firstRule, allowed: withHead(allowed) };
  }
}

/**
 * The found match: a `<group>` route's parameters converted by its filters,
 * in the order of its groups; a raw regular route's every capturing group as
 * a string (`''` for one that did not take part), its named groups in `groups`.
 */
function found<H>(route: ScannedRoute<H>, handler: H, m: RegExpExecArray): RouteMatch<H> {
  const { rule, names, converters } = route.compiled;
  const allowed = withHead(maskOf(route.handlers));
  const groups: Record<string, unknown> = Object.create(null);
  if (route.kind === 'group') {
    const params = names.map((name, i) => {
      const value = (converters[i] as (v: string) => unknown)(m[i + 1] ?? '');
      groups[name] = value;
      return value;
    });
    return { kind: 'found', handler, rule, params, groups, allowed };
  }
  const params = m.slice(1).map((value) => value ?? '');
  for (const [name, value] of Object.entries(m.groups ?? {})) groups[name] = value ?? '';
  return { kind: 'found', handler, rule, params, groups, allowed };
}
