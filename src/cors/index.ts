/**
 * `poorwsgi/cors`: the CORS protocol of the Fetch standard for the
 * application option `cors`: its type, its check, and the compiled policy
 * the pipeline asks to answer preflights and to add the CORS headers.
 * @module
 */
export { type CheckedCorsOptions, checkCorsOptions, ORIGIN_SYNTAX } from './check-cors-options.ts';
export { type CorsOptions, type CorsOriginCheck, DEFAULT_CORS_METHODS } from './cors-options.ts';
export { type CorsLogger, CorsPolicy } from './cors-policy.ts';
export { appendVary } from './vary.ts';
