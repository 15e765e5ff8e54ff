/**
 * What a route lookup answers (`RouteMatch`), the lazy match of a `<group>`
 * route, and matching a route whose parameters are whole path segments
 * against the segments the trie found.
 * @module
 */
import type { CompiledRoute, SegmentParam } from './compile.ts';
import { keepString } from './filters.ts';
import type { Collected } from './segment-trie.ts';

/**
 * The result of `RouteTable.match`.
 * - `found`: call `handler(req, ...params)`. `groups` maps names to the same
 *   converted values (null prototype). `allowed` is the route's own mask.
 * - `method`: the path is known but no route has the method; the app answers
 *   405 with `Allow` built from `allowed` (the union of the matching routes).
 * - `none`: no route matches the path.
 */
export type RouteMatch<H> =
  | {
      readonly kind: 'found';
      readonly handler: H;
      readonly rule: string;
      readonly params: readonly unknown[];
      readonly groups: Readonly<Record<string, unknown>>;
      readonly allowed: number;
    }
  | { readonly kind: 'method'; readonly rule: string; readonly allowed: number }
  | { readonly kind: 'none' };

/**
 * The match of a `<group>` route. Its `groups` record is made only when
 * asked for: a handler takes the values as arguments, and a null-prototype
 * record per request costs more than the match itself (bench/micro `router`).
 */
export class GroupMatch<H> {
  readonly handler: H;
  readonly params: readonly unknown[];
  readonly allowed: number;
  readonly #route: CompiledRoute;
  #groups: Readonly<Record<string, unknown>> | undefined;

  constructor(handler: H, params: readonly unknown[], route: CompiledRoute, allowed: number) {
    this.handler = handler;
    this.params = params;
    this.#route = route;
    this.allowed = allowed;
  }

  /** Always `'found'` (on the prototype: one store fewer per match). */
  get kind(): 'found' {
    return 'found';
  }

  /** The route's uri, as registered. */
  get rule(): string {
    return this.#route.rule;
  }

  get groups(): Readonly<Record<string, unknown>> {
    if (this.#groups === undefined) {
      const names = this.#route.names;
      const groups: Record<string, unknown> = Object.create(null);
      for (let i = 0; i < names.length; i += 1) groups[names[i]!] = this.params[i];
      this.#groups = groups;
    }
    return this.#groups;
  }
}

/** Where the path's segment `k` ends (the segment trie found where each starts). */
function segmentEnd(path: string, found: Collected<unknown>, k: number): number {
  return k + 1 < found.count ? (found.starts[k + 1] as number) - 1 : path.length;
}

/** The text of the path's segment `k`. */
function segmentText(path: string, found: Collected<unknown>, k: number): string {
  return path.slice(found.starts[k] as number, segmentEnd(path, found, k));
}

/**
 * Whether each whole-segment parameter of a route found by the trie
 * matches its segment: what the route's anchored pattern would say, since
 * its literal segments are the path's already and no parameter spans a `/`.
 */
export function segmentsMatch(whole: readonly SegmentParam[], path: string, found: Collected<unknown>): boolean {
  for (let i = 0; i < whole.length; i++) {
    const param = whole[i] as SegmentParam;
    const k = param.segment;
    if (param.test === null) {
      // the default parameter: every segment but an empty one
      if (segmentEnd(path, found, k) === found.starts[k]) return false;
    } else if (!param.test.test(segmentText(path, found, k))) return false;
  }
  return true;
}

/**
 * The parameters of a route whose parameters are whole segments (its
 * `wholeSegments`, matched already): their texts, converted. Every text is
 * read before any converter runs: a converter is the application's code,
 * which may look up a route itself and so walk the trie again (the texts
 * kept as they are need no second pass).
 */
export function segmentParams(compiled: CompiledRoute, path: string, found: Collected<unknown>): unknown[] {
  const { names, converters } = compiled;
  const whole = compiled.wholeSegments as readonly SegmentParam[];
  const params = new Array<unknown>(names.length);
  let convert = false;
  for (let i = 0; i < names.length; i += 1) {
    params[i] = segmentText(path, found, (whole[i] as SegmentParam).segment);
    if (converters[i] !== keepString) convert = true;
  }
  if (convert) for (let i = 0; i < names.length; i += 1) params[i] = converters[i]!(params[i] as string);
  return params;
}
