/**
 * Type-level parameters of a route: `RouteParams<'/user/<id:int>/<name>'>`
 * is `[number, string]`, so handlers need no annotations.
 * @module
 */

/**
 * The value type of each named filter. Extend it by declaration merging when
 * you add a filter with `setFilter`:
 * @example
 * declare module 'poorwsgi/routing' {
 *   interface RouteFilterTypes { email: string; money: bigint }
 * }
 */
export interface RouteFilterTypes {
  /** `:int`, a safe integer. */
  int: number;
  /** `:float` */
  float: number;
  /** `:word` */
  word: string;
  /** `:hex`, kept as text. */
  hex: string;
  /** `:uuid`, lower-cased text. */
  uuid: string;
}

/** The type of one `<name:spec>` group from the part after the first `:`. */
type FilterType<Spec extends string> =
  Lowercase<Spec> extends `re:${string}`
    ? string
    : Lowercase<Spec> extends keyof RouteFilterTypes
      ? RouteFilterTypes[Lowercase<Spec>]
      : unknown;

/** The type of the text between `<` and `>`. */
type GroupType<Group extends string> = Group extends `${string}:${infer Spec}` ? FilterType<Spec> : string;

/**
 * The handler's positional parameters for a route literal: `<name>` and
 * `<name:re:...>` give `string`, `<name:F>` gives `RouteFilterTypes[F]`
 * (filter names are case-insensitive) or `unknown` for a filter the type
 * does not know. A route without groups gives `[]`; a plain `string` gives
 * `unknown[]`.
 * @example
 * type P = RouteParams<'/user/<id:int>/<name>'>; // [number, string]
 */
export type RouteParams<Uri extends string> = string extends Uri
  ? unknown[]
  : Uri extends `${string}<${infer Group}>${infer Rest}`
    ? Group extends `${string}<${infer Inner}`
      ? RouteParams<`<${Inner}>${Rest}`> // a stray '<' before the real group
      : [GroupType<Group>, ...RouteParams<Rest>]
    : [];
