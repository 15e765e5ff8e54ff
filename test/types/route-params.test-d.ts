/**
 * Type-level tests of RouteParams, checked by `npx tsc --noEmit -p .`.
 * test/unit/routing/route-params.test.ts removes each `@ts-expect-error`
 * in turn and checks that tsc then fails.
 */
import type { RouteParams } from '../../src/routing/route-params.ts';

declare function route<U extends string>(uri: U, handler: (req: object, ...args: RouteParams<U>) => unknown): void;

// Parameters are typed from the route literal, with no annotation.
route('/user/<id:int>/<name>', (_req, id, name) => {
  const n: number = id;
  const s: string = name;
  return [n, s];
});

// @ts-expect-error <id:int> is a number, not a string
route('/user/<id:int>', (_req, id: string) => id);

// @ts-expect-error <a:word> is a string, not a number
route('/w/<a:word>', (_req, a: number) => a);

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

export type Cases = [
  Expect<Equal<RouteParams<'/user/<id:int>/<name>'>, [number, string]>>,
  Expect<Equal<RouteParams<'/static/path'>, []>>,
  Expect<Equal<RouteParams<'/<a:float>/<b:hex>/<c:uuid>/<d:word>'>, [number, string, string, string]>>,
  Expect<Equal<RouteParams<'/<n:re:[a-f\\d]+>/<m:RE:\\d+>'>, [string, string]>>,
  Expect<Equal<RouteParams<'/<id:INT>/<w:Word>'>, [number, string]>>,
  Expect<Equal<RouteParams<'/<login:email>'>, [unknown]>>,
  Expect<Equal<RouteParams<'/a<b/<id:int>'>, [number]>>,
  Expect<Equal<RouteParams<'/<a>-<b>.<c:float>'>, [string, string, number]>>,
  Expect<Equal<RouteParams<string>, unknown[]>>,
];
