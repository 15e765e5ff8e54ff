/**
 * Synthetic route sets of a given number of parametric routes, shaped like a
 * versioned REST API: resources under one shared `/api/v1/` prefix, four
 * routes per resource that share the resource's prefix too, and a few static
 * routes among them.
 * @module
 */
import type { Route } from './github.ts';

/** The static routes of every synthetic set, registered before the parametric ones. */
export const SYNTHETIC_STATICS: readonly Route[] = Object.freeze([
  ['GET', '/'],
  ['GET', '/api/v1/health'],
  ['GET', '/api/v1/version'],
  ['GET', '/api/v1/resource0'],
  ['POST', '/api/v1/resource0'],
] as const);

/**
 * The `i`-th parametric route: resource `floor(i / 4)`, then one of four
 * shapes in turn, so that consecutive routes share their first segments as
 * a real API's do:
 * `/api/v1/resource<k>/:id`, `.../:id/items`, `.../:id/items/:item`,
 * `.../:id/items/:item/tags/:tag`.
 */
export function syntheticParamRoute(i: number): Route {
  const base = `/api/v1/resource${Math.floor(i / 4)}/:id`;
  switch (i % 4) {
    case 0:
      return ['GET', base];
    case 1:
      return ['GET', `${base}/items`];
    case 2:
      return ['GET', `${base}/items/:item`];
    default:
      return ['GET', `${base}/items/:item/tags/:tag`];
  }
}

/** The static routes, then `count` parametric routes (all GET), in registration order. */
export function syntheticRoutes(count: number): Route[] {
  const routes: Route[] = [...SYNTHETIC_STATICS];
  for (let i = 0; i < count; i++) routes.push(syntheticParamRoute(i));
  return routes;
}
