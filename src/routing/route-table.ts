// file-length: over 400 lines on purpose: the table's public API (set, pop, is, filters, listings) and
// its one lookup share the private slots and the trie; the match results and segment matching are
// in route-match.ts, the trie in segment-trie.ts.
/**
 * The route table: static paths, `<group>` routes and raw regular routes,
 * generic over the handler type. It knows nothing of requests.
 * @module
 */
import { ERROR_CODES } from '../errors/codes.ts';
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import { humanMethods, METHOD_ALL, METHOD_GET, METHOD_HEAD, methodFlags } from '../http/methods.ts';
import { type CompiledRoute, checkRouteDefinition, compileRegularRoute, compileRoute, isRegexRule } from './compile.ts';
import { defaultFilters, filterKey, keepString, type RouteFilter } from './filters.ts';
import { convertTexts, GroupMatch, type RouteMatch, segmentTexts } from './route-match.ts';
import { analyzeRegex } from './safe-regex.ts';
import { type Collected, SegmentTrie } from './segment-trie.ts';

export type { RouteMatch } from './route-match.ts';

interface Slot<H> {
  readonly handlers: Map<number, H>;
  /** The flags in `handlers`, kept in step with it. */
  mask: number;
  /**
   * The same handlers by the bit index of their flag ({@link MISSING} for
   * none): what a lookup reads, an array index where `handlers` would hash.
   */
  readonly byBit: Array<H | typeof MISSING>;
}

/** A static path's handlers, and the match results already handed out for it. */
interface StaticSlot<H> extends Slot<H> {
  /**
   * One frozen result per method flag asked for, at the flag's bit index: a
   * static route answers without allocating, and without a Map lookup
   * (bench/micro `router: static`). Emptied on every change.
   */
  readonly results: Array<RouteMatch<H> | undefined>;
}

interface RegexEntry<H> extends Slot<H> {
  readonly kind: 'group' | 'regular';
  readonly compiled: CompiledRoute;
  /** Registration order: PoorWSGI tries regex routes in it, and so does {@link RouteTable.match}. */
  readonly order: number;
  /** The 405 answer when this route alone matches the path (made once; emptied when its methods change). */
  refused: RouteMatch<H> | undefined;
}

const NO_ENTRIES: readonly never[] = Object.freeze([]);

// Module copies of the two flags every lookup compares with: a loader that turns ES modules into
// CommonJS (tsx, bundlers' interop) reads an imported constant through a getter each time.
const GET = METHOD_GET;
const HEAD = METHOD_HEAD;

/** How many method flags there are (`METHOD_HEAD` = 1 ... `METHOD_PATCH` = 256). */
const METHOD_BITS = 32 - Math.clz32(METHOD_ALL);

/** A packed array of {@link METHOD_BITS} empty result slots. */
function emptyResults<H>(): Array<RouteMatch<H> | undefined> {
  return new Array<RouteMatch<H> | undefined>(METHOD_BITS).fill(undefined);
}

const MISSING: unique symbol = Symbol('missing');
const NO_PARAMS: readonly unknown[] = Object.freeze([]);
const NO_GROUPS: Readonly<Record<string, unknown>> = Object.freeze(Object.create(null));
const NONE: RouteMatch<never> = Object.freeze({ kind: 'none' });

function byOrder(a: { readonly order: number }, b: { readonly order: number }): number {
  return a.order - b.order;
}

function flagsOf(method: number, culprit: string): number[] {
  if (!Number.isInteger(method) || method <= 0 || (method & ~METHOD_ALL) !== 0) {
    throw new PoorWSGIError(
      ERROR_CODES.PW_ERR_METHOD,
      `Invalid method mask ${method} for '${culprit}': combine METHOD_* flags (1 to METHOD_ALL = ${METHOD_ALL})`,
    );
  }
  return methodFlags(method);
}

/** A route with GET also answers HEAD. */
function withHead(mask: number): number {
  return mask & GET ? mask | HEAD : mask;
}

/** The bit index of a method flag. */
function bitOf(flag: number): number {
  return 31 - Math.clz32(flag);
}

const GET_BIT = bitOf(GET);

/** A slot's handler for one method flag (HEAD falls back to GET); {@link MISSING} for none or for a mask. */
function pick<H>(slot: Slot<H>, method: number): H | typeof MISSING {
  const index = bitOf(method);
  if (method !== 1 << index || index >= METHOD_BITS) return MISSING;
  const handler = slot.byBit[index] as H | typeof MISSING;
  return handler === MISSING && method === HEAD ? (slot.byBit[GET_BIT] as H | typeof MISSING) : handler;
}

/** A {@link Slot.byBit} with no handler. */
function noHandlers<H>(): Array<H | typeof MISSING> {
  return new Array<H | typeof MISSING>(METHOD_BITS).fill(MISSING);
}

/**
 * The 405 answer: the first refusing route's rule, every refusing route's
 * methods. When that route alone refused, its answer is made once and kept.
 */
function refusal<H>(first: RegexEntry<H>, allowed: number): RouteMatch<H> {
  if (allowed !== first.mask) return { kind: 'method', rule: first.compiled.rule, allowed: withHead(allowed) };
  first.refused ??= Object.freeze({ kind: 'method', rule: first.compiled.rule, allowed: withHead(allowed) });
  return first.refused;
}

function staticResult<H>(slot: Slot<H>, path: string, method: number): RouteMatch<H> {
  const handler = pick(slot, method);
  const allowed = withHead(slot.mask);
  if (handler === MISSING) return Object.freeze({ kind: 'method', rule: path, allowed });
  return Object.freeze({ kind: 'found', handler, rule: path, params: NO_PARAMS, groups: NO_GROUPS, allowed });
}

/** Set the handler of each flag; the mask of the flags that had one already. */
function store<H>(slot: Slot<H>, flags: readonly number[], handler: H): number {
  let replaced = 0;
  for (const flag of flags) {
    if (slot.handlers.has(flag)) replaced |= flag;
    slot.handlers.set(flag, handler);
    slot.byBit[bitOf(flag)] = handler;
    slot.mask |= flag;
  }
  return replaced;
}

function remove<H>(slot: Slot<H>, flags: readonly number[], culprit: string): H {
  const missing = flags.filter((flag) => !slot.handlers.has(flag));
  if (missing.length > 0) {
    throw new PoorWSGIError(
      ERROR_CODES.PW_ERR_NOT_REGISTERED,
      `Route '${culprit}' has no handler for ${humanMethods(missing.reduce((a, b) => a | b, 0))}`,
    );
  }
  const handler = slot.handlers.get(flags[0]!) as H;
  for (const flag of flags) {
    slot.handlers.delete(flag);
    slot.byBit[bitOf(flag)] = MISSING;
    slot.mask &= ~flag;
  }
  return handler;
}

function notRegistered(culprit: string): PoorWSGIError {
  return new PoorWSGIError(ERROR_CODES.PW_ERR_NOT_REGISTERED, `Route '${culprit}' is not registered`);
}

/**
 * Static and regular expression routes for handlers of type `H`.
 *
 * Lookup order: a static path wins over every regex route (and alone decides
 * between found and 405). Regex routes (`<group>` routes and raw regular
 * routes, in one list) are tried in registration order; the first that
 * matches and has the method wins. All patterns are anchored at both ends.
 * @example
 * const table = new RouteTable<(...args: unknown[]) => string>();
 * table.setRoute('/user/<id:int>', (id) => `user ${id}`, METHOD_GET);
 * const m = table.match('/user/7', METHOD_HEAD); // found, params [7] (HEAD falls back to GET)
 */
export class RouteTable<H> {
  readonly #static = new Map<string, StaticSlot<H>>();
  /** Every regex route in registration order (the listing; lookups use the two below). */
  readonly #regex: Array<RegexEntry<H>> = [];
  /** The regex routes with fixed segments, by segment. */
  readonly #trie = new SegmentTrie<RegexEntry<H>>();
  /** The regex routes without (raw regular routes, parameters that may match `/`), in registration order. */
  readonly #unplaced: Array<RegexEntry<H>> = [];
  #nextOrder = 0;
  readonly #index = new Map<string, RegexEntry<H>>();
  readonly #filters = defaultFilters();

  /**
   * Register a handler for each flag of `method`. A uri with `<group>`s is
   * compiled with the current filters (later `setFilter` calls do not
   * change it). Re-registering a path and method replaces the handler.
   * Throws `PW_ERR_METHOD` for an empty or unknown mask, and the
   * {@link compileRoute} errors for a bad group route.
   * @returns the mask of the methods whose handler was replaced (0: none)
   */
  setRoute(uri: string, handler: H, method: number): number {
    const flags = flagsOf(method, uri);
    checkRouteDefinition(uri);
    if (!isRegexRule(uri)) {
      let slot = this.#static.get(uri);
      if (slot === undefined)
        this.#static.set(uri, (slot = { handlers: new Map(), mask: 0, byBit: noHandlers(), results: emptyResults() }));
      const replaced = store(slot, flags, handler);
      slot.results.fill(undefined);
      return replaced;
    }
    return this.#add('group', uri, flags, handler, () => compileRoute(uri, this.#filters));
  }

  /**
   * Remove and return the handler of `uri` for `method` (a mask: every flag
   * in it must be registered; the handler of the lowest flag is returned).
   * Throws `PW_ERR_NOT_REGISTERED` when absent, leaving the table unchanged.
   */
  popRoute(uri: string, method: number): H {
    const flags = flagsOf(method, uri);
    if (!isRegexRule(uri)) {
      const slot = this.#static.get(uri);
      if (slot === undefined) throw notRegistered(uri);
      const handler = remove(slot, flags, uri);
      slot.results.fill(undefined);
      if (slot.mask === 0) this.#static.delete(uri);
      return handler;
    }
    return this.#pop('group', uri, flags);
  }

  /** True when a static or `<group>` route `uri` is registered. */
  isRoute(uri: string): boolean {
    return this.#static.has(uri) || this.#index.has(`group\0${uri}`);
  }

  /**
   * Register a raw regular expression route. It is anchored at both ends
   * (PoorWSGI anchored only the start) and must pass `checkSafeRegex`.
   * `params` of a match are all its capturing groups, as strings.
   * @returns the mask of the methods whose handler was replaced (0: none)
   */
  setRegularRoute(pattern: string, handler: H, method: number): number {
    const flags = flagsOf(method, pattern);
    return this.#add('regular', pattern, flags, handler, () => compileRegularRoute(pattern));
  }

  /** Remove and return a raw regular route's handler, as {@link popRoute}. */
  popRegularRoute(pattern: string, method: number): H {
    return this.#pop('regular', pattern, flagsOf(method, pattern));
  }

  /** True when the raw regular route `pattern` is registered. */
  isRegularRoute(pattern: string): boolean {
    return this.#index.has(`regular\0${pattern}`);
  }

  /**
   * Define or replace a filter for `<name:filter>` groups. The name may have
   * a leading `:` and matches case-insensitively. Throws
   * `PW_ERR_ROUTE_FILTER` for a bad name or an empty regex, and
   * `PW_ERR_ROUTE_UNSAFE` for an unsafe one.
   * @example
   * table.setFilter('email', '[\\w.\\-]+@[\\w.\\-]+');
   * table.setRoute('/user/<login:email>', handler, METHOD_GET);
   */
  setFilter(name: string, regex: string, convert: (v: string) => unknown = keepString): void {
    const key = filterKey(name);
    if (key === undefined) {
      throw new PoorWSGIError(
        ERROR_CODES.PW_ERR_ROUTE_FILTER,
        `Invalid filter name '${name}': use letters, digits and '_', like 'email' or ':email'`,
      );
    }
    if (regex === '') {
      throw new PoorWSGIError(ERROR_CODES.PW_ERR_ROUTE_FILTER, `Filter '${name}' has an empty regular expression`);
    }
    if (typeof convert !== 'function') {
      throw new PoorWSGIError(
        ERROR_CODES.PW_ERR_ROUTE_FILTER,
        `Filter '${name}' has a converter that is not a function`,
      );
    }
    analyzeRegex(regex, `regular expression of filter '${name}'`);
    this.#filters.set(key, { regex, convert });
  }

  /** A copy of the filter table. */
  get filters(): Map<string, RouteFilter> {
    return new Map(this.#filters);
  }

  /** A copy of the static routes: path -> method flag -> handler. */
  get routes(): Map<string, Map<number, H>> {
    const copy = new Map<string, Map<number, H>>();
    for (const [path, slot] of this.#static) copy.set(path, new Map(slot.handlers));
    return copy;
  }

  /** A copy of the regex routes in registration order (`rule` is the uri or the raw pattern). */
  get regularRoutes(): Array<{ rule: string; pattern: string; handlers: Map<number, H>; names: string[] }> {
    return this.#regex.map((entry) => ({
      rule: entry.compiled.rule,
      pattern: entry.compiled.regex.source,
      handlers: new Map(entry.handlers),
      names: [...entry.compiled.names],
    }));
  }

  /**
   * Find the handler for a decoded path and one method flag. HEAD falls back
   * to the GET handler; `allowed` always has HEAD when it has GET.
   * A converter that throws is not caught here.
   */
  match(path: string, method: number): RouteMatch<H> {
    const slot = this.#static.get(path);
    if (slot !== undefined) {
      // a method flag is one bit; anything else is answered, not remembered
      const index = bitOf(method);
      if (method !== 1 << index || index >= METHOD_BITS) return staticResult(slot, path, method);
      let result = slot.results[index];
      if (result === undefined) {
        result = staticResult(slot, path, method);
        slot.results[index] = result;
      }
      return result;
    }
    // the first route that matched without the method, and the methods of all such routes
    let refusedBy: RegexEntry<H> | undefined;
    let allowed = 0;
    // the routes that can match, in registration order: what the scan of every route would try
    const found = this.#trie.collect(path);
    const regex = this.#candidates(found);
    for (let i = 0; i < regex.length; i++) {
      const entry = regex[i] as RegexEntry<H>;
      const whole = entry.compiled.wholeSegments;
      if (whole !== undefined) {
        // found by the trie: its literal segments are the path's; its parameters are tested segment by segment
        const texts = segmentTexts(whole, path, found);
        if (texts === undefined) continue;
        const handler = pick(entry, method);
        if (handler === MISSING) {
          refusedBy ??= entry;
          allowed |= entry.mask;
          continue;
        }
        return new GroupMatch(handler, convertTexts(entry.compiled, texts), entry.compiled, withHead(entry.mask));
      }
      // the literal start first: most routes are ruled out without running their pattern
      if (!path.startsWith(entry.compiled.prefix)) continue;
      const m = entry.compiled.regex.exec(path);
      if (m === null) continue;
      const handler = pick(entry, method);
      if (handler === MISSING) {
        refusedBy ??= entry;
        allowed |= entry.mask;
        continue;
      }
      return this.#found(entry, handler, m);
    }
    return refusedBy === undefined ? NONE : refusal(refusedBy, allowed);
  }

  /**
   * The regex routes that can match the path, in registration order: those
   * of the trie that end where the path ends (`found`), and every route without fixed
   * segments. A route left out cannot match, so trying these in order gives
   * what trying every route in order gives.
   */
  #candidates({ first, more }: Collected<RegexEntry<H>>): readonly RegexEntry<H>[] {
    const unplaced = this.#unplaced;
    if (first === undefined) return unplaced.length === 0 ? NO_ENTRIES : unplaced;
    if (more === undefined && unplaced.length === 0) return first;
    // several branches of the trie (or routes outside it) can match: merged by registration order
    return unplaced.concat(first, ...(more ?? [])).sort(byOrder);
  }

  #found(entry: RegexEntry<H>, handler: H, m: RegExpExecArray): RouteMatch<H> {
    const allowed = withHead(entry.mask);
    if (entry.kind === 'group') {
      const { names, converters } = entry.compiled;
      const params = new Array<unknown>(names.length);
      for (let i = 0; i < names.length; i += 1) params[i] = converters[i]!(m[i + 1] ?? '');
      return new GroupMatch(handler, params, entry.compiled, allowed);
    }
    const groups: Record<string, unknown> = Object.create(null);
    const params = m.slice(1).map((value) => value ?? '');
    if (m.groups !== undefined) for (const [name, value] of Object.entries(m.groups)) groups[name] = value ?? '';
    return { kind: 'found', handler, rule: entry.compiled.rule, params, groups, allowed };
  }

  #add(kind: RegexEntry<H>['kind'], rule: string, flags: number[], handler: H, compile: () => CompiledRoute): number {
    const key = `${kind}\0${rule}`;
    let entry = this.#index.get(key);
    if (entry === undefined) {
      entry = {
        kind,
        compiled: compile(),
        handlers: new Map(),
        mask: 0,
        byBit: noHandlers(),
        order: this.#nextOrder++,
        refused: undefined,
      };
      this.#index.set(key, entry);
      this.#regex.push(entry);
      const segments = entry.compiled.segments;
      if (segments === undefined) this.#unplaced.push(entry);
      else this.#trie.add(segments, entry);
    }
    entry.refused = undefined;
    return store(entry, flags, handler);
  }

  #pop(kind: RegexEntry<H>['kind'], rule: string, flags: number[]): H {
    const key = `${kind}\0${rule}`;
    const entry = this.#index.get(key);
    if (entry === undefined) throw notRegistered(rule);
    const handler = remove(entry, flags, rule);
    entry.refused = undefined;
    if (entry.mask === 0) {
      this.#index.delete(key);
      this.#regex.splice(this.#regex.indexOf(entry), 1);
      const segments = entry.compiled.segments;
      if (segments === undefined) this.#unplaced.splice(this.#unplaced.indexOf(entry), 1);
      else this.#trie.remove(segments, entry);
    }
    return handler;
  }
}
