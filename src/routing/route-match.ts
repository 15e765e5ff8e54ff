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

/**
 * The texts of the whole-segment parameters of a route found by the trie,
 * or `undefined` when one does not match its segment: what the route's
 * anchored pattern would say, since its literal segments are the path's
 * already and no parameter spans a `/`. One pass: each segment's bounds,
 * its test, its text.
 */
export function segmentTexts(
  whole: readonly SegmentParam[],
  path: string,
  found: Collected<unknown>,
): string[] | undefined {
  const { starts, count } = found;
  const texts = new Array<string>(whole.length);
  for (let i = 0; i < whole.length; i++) {
    const { segment, test } = whole[i] as SegmentParam;
    const start = starts[segment] as number;
    const end = segment + 1 < count ? (starts[segment + 1] as number) - 1 : path.length;
    // the default parameter (no test) takes every segment but an empty one
    if (test === null ? end === start : !test.test(path.slice(start, end))) return undefined;
    texts[i] = path.slice(start, end);
  }
  return texts;
}

/**
 * The parameters of a route from its {@link segmentTexts}: converted in
 * place. Every text was read before: a converter is the application's
 * code, which may look up a route itself and so walk the trie again.
 */
export function convertTexts(compiled: CompiledRoute, texts: unknown[]): unknown[] {
  const converters = compiled.converters;
  for (let i = 0; i < texts.length; i += 1) {
    const convert = converters[i] as (value: string) => unknown;
    if (convert !== keepString) texts[i] = convert(texts[i] as string);
  }
  return texts;
}
