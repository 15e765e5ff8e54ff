/**
 * Routing: filters, the route compiler, the route table and route parameter
 * types. Generic over the handler type; knows nothing of requests.
 * @module
 */
export { type CompiledRoute, checkRouteDefinition, compileRegularRoute, compileRoute, isRegexRule } from './compile.ts';
export { defaultFilters, filterKey, keepString, NONE_FILTER, RE_FILTER, type RouteFilter } from './filters.ts';
export type { RouteFilterTypes, RouteParams } from './route-params.ts';
export { type RouteMatch, RouteTable } from './route-table.ts';
export { analyzeRegex, checkSafeRegex, type RegexAnalysis } from './safe-regex.ts';
