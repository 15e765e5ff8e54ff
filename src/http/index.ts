/**
 * `poorwsgi/http`: the pure HTTP codecs. Strings in, plain values out; no
 * request or response objects, no dependencies beyond `node:` built-ins.
 * @module
 */

export * from './authorization.ts';
export * from './bytes.ts';
export * from './conditional.ts';
export * from './cookie.ts';
export * from './dates.ts';
export * from './etag.ts';
export * from './grammar.ts';
export * from './header-params.ts';
export * from './header-utf8.ts';
export * from './headers.ts';
export * from './html.ts';
export * from './json.ts';
export * from './json-depth.ts';
export * from './methods.ts';
export * from './mime-types.ts';
export { acceptsMime, mediaQuality, parseNegotiation } from './negotiation.ts';
export * from './percent.ts';
export * from './range.ts';
export * from './status.ts';
export * from './thenable.ts';
