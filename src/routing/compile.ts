/**
 * The route compiler: `/user/<id:int>/<name>` to an anchored `RegExp`.
 * @module
 */

import { ERROR_CODES } from '../errors/codes.ts';
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import { keepString, NONE_FILTER, RE_FILTER, type RouteFilter } from './filters.ts';
import { analyzeRegex, type RegexAnalysis } from './safe-regex.ts';
import { mayMatchSlash } from './slash-free.ts';

export { checkSafeRegex } from './safe-regex.ts';

/** A route compiled to a regular expression. */
export interface CompiledRoute {
  /** The route as written: `/user/<id:int>`, or the raw pattern of a regular route. */
  readonly rule: string;
  /** Anchored (`^...$`), compiled with the `u` flag. */
  readonly regex: RegExp;
  /** Group names in order. For a raw regular route, its named groups. */
  readonly names: readonly string[];
  /** One converter per name (none for a raw regular route). */
  readonly converters: ReadonlyArray<(v: string) => unknown>;
  /**
   * The literal text every matching path starts with (`/user/` of
   * `/user/<id:int>`; `''` for a raw regular route): a `startsWith` skips a
   * route before its regular expression runs.
   */
  readonly prefix: string;
  /**
   * The route's path segments (split at `/`): a literal segment as its text,
   * one holding a parameter as `null`. `undefined` when a parameter might
   * match a `/` (a `:re:` or user filter such as `.*`), and for a raw
   * regular route: such a route has no fixed segments.
   */
  readonly segments?: ReadonlyArray<string | null>;
  /**
   * When the route has {@link segments} and each parameter is a whole
   * segment (`/user/<id:int>/posts/<slug>`, not `/file-<name>.txt`): which
   * segment each parameter is, in order, with the test of its pattern. A
   * path whose segments were found by the segment trie is then matched
   * segment by segment, without the route's regular expression.
   */
  readonly wholeSegments?: readonly SegmentParam[];
}

/** A parameter that is a whole path segment. */
export interface SegmentParam {
  /** The segment's index in the path (0 is the empty one before the first `/`). */
  readonly segment: number;
  /** The parameter's pattern, anchored; `null` for the default one, which any segment that is not empty matches. */
  readonly test: RegExp | null;
}

const WORD = '[\\p{L}\\p{N}_]';
// PoorWSGI's `<(\w+)(:[^>]+)?>`, with Python's Unicode `\w`.
const GROUP_SOURCE = `<(${WORD}+)(:[^>]+)?>`;
const GROUP = new RegExp(GROUP_SOURCE, 'u');
// PoorWSGI's re_invalid_filter; the last branch is rewritten from `[^>]+\s+>` so it stays linear.
const INVALID = new RegExp(`<\\s+${WORD}+|<${WORD}+\\s+[:|>]|<${WORD}+:\\s+${WORD}+|<${WORD}+:[^>]*\\s>`, 'u');
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SINGLE_CLASS_PLUS = /^\[(\^?)((?:\\.|[^\\\]])*)\]\+$/u;
const LITERAL_SPECIAL = /[\\^$.*+?()[\]{}|]/g;

/**
 * True when the uri contains a `<group>`, so it is a regular expression route.
 * @example
 * isRegexRule('/user/<id:int>'); // true
 * isRegexRule('/user/list'); // false
 */
export function isRegexRule(uri: string): boolean {
  return GROUP.test(uri);
}

/** A segment written as `:name` (express, hono, fastify): a parameter elsewhere, literal text here. */
const COLON_PARAM = /(?:^|\/)(:([A-Za-z_$][\w$]*))(?=\/|$)/;

/** A segment written as `*` or `*name`: a wildcard elsewhere, literal text here. */
const STAR_SEGMENT = /(?:^|\/)(\*([A-Za-z_$][\w$]*)?)(?=\/|$)/;

function routeError(uri: string, reason: string): PoorWSGIError {
  return new PoorWSGIError(ERROR_CODES.PW_ERR_ROUTE, `Invalid route definition '${uri}': ${reason}`);
}

/**
 * Throw `PoorWSGIError` `PW_ERR_ROUTE` when a group definition contains
 * spaces (`< id:int>`, `<id: int>`, ...), as PoorWSGI does. Such a group is
 * not a group at all for {@link isRegexRule}, so this runs on every route.
 */
export function checkRouteDefinition(uri: string): void {
  if (!uri.startsWith('/')) throw routeError(uri, `a route is a path and starts with '/': '/${uri}'`);
  // other routers' spellings, which here would be literal text that no request path carries
  const colon = COLON_PARAM.exec(uri);
  if (colon !== null) {
    throw routeError(uri, `'${colon[1]}' is not a parameter here: write '<${colon[2]}>' (or '<${colon[2]}:int>', ...)`);
  }
  const star = STAR_SEGMENT.exec(uri);
  if (star !== null) {
    const name = star[2] || 'path';
    throw routeError(uri, `'${star[1]}' is not a wildcard here: write '<${name}:re:.*>' for the rest of the path`);
  }
  if (INVALID.test(uri)) {
    throw routeError(
      uri,
      "Route filter definitions must not contain spaces. Use '<name:filter>' format without any spaces. " +
        "Examples: '<id:int>', '<name:word>', '<value:float>'",
    );
  }
}

interface Param {
  readonly name: string;
  readonly source: string;
  readonly bounded: boolean;
  readonly convert: (value: string) => unknown;
}

type Part = string | Param;

function escapeLiteral(text: string): string {
  return text.replace(LITERAL_SPECIAL, '\\$&');
}

function escapeInClass(ch: string): string {
  return '^$\\.*+?()[]{}|/-'.includes(ch) ? `\\${ch}` : ch;
}

/**
 * A parameter made of one quantified class (`[^/]+`, `[\p{L}\p{N}_]+`) stops
 * before the first character of the literal after it. Without this,
 * `/<a>-<b>-<c>/x` backtracks quadratically on `/-----…!`
 * (path-to-regexp CVE-2024-45296); with it there is only one way to split.
 */
function stopBefore(source: string, ch: string): string {
  const m = SINGLE_CLASS_PLUS.exec(source);
  if (m === null || ch === '/') return source;
  const cls = `[${m[1]}${m[2]}]`;
  if (!new RegExp(`^${cls}$`, 'u').test(ch)) return source;
  if (m[1] === '^') return `[^${m[2]}${escapeInClass(ch)}]+`;
  return `(?:(?!${escapeLiteral(ch)})${cls})+`;
}

/**
 * What {@link analyzeRegex} said of each filter regex seen (the same few
 * filters serve most routes: an application of 10,000 routes would otherwise
 * analyse and compile `[^/]+` 10,000 times). Only safe ones are kept, and at
 * most {@link MAX_REMEMBERED}: inline `:re:` regexes are the application's.
 */
const ANALYSES = new Map<string, RegexAnalysis>();
/** Whole-segment tests by their source: a RegExp without the `g` or `y` flag keeps no state between tests. */
const SEGMENT_TESTS = new Map<string, RegExp>();
const MAX_REMEMBERED = 1_000;

/** Remember `value` under `key`, forgetting everything when the map is full. */
function remember<V>(map: Map<string, V>, key: string, value: V): V {
  if (map.size >= MAX_REMEMBERED) map.clear();
  map.set(key, value);
  return value;
}

function analyzed(regex: string, what: string): RegexAnalysis {
  return ANALYSES.get(regex) ?? remember(ANALYSES, regex, analyzeRegex(regex, what));
}

function resolveParam(
  uri: string,
  name: string,
  spec: string | undefined,
  filters: ReadonlyMap<string, RouteFilter>,
): Param {
  let regex: string;
  let convert: (value: string) => unknown;
  if (spec === undefined) {
    const filter = filters.get(NONE_FILTER);
    if (filter === undefined) {
      throw new PoorWSGIError(ERROR_CODES.PW_ERR_ROUTE_FILTER, `Undefined route group filter 'none' in '${uri}'`);
    }
    ({ regex, convert } = filter);
  } else if (spec.slice(0, 4).toLowerCase() === RE_FILTER) {
    // Only the `:re:` prefix is case-insensitive; the regex keeps its case (PoorWSGI bug 4).
    regex = spec.slice(4);
    if (regex === '') throw routeError(uri, `the group '<${name}${spec}>' has an empty regular expression`);
    convert = filters.get(RE_FILTER)?.convert ?? keepString;
  } else {
    const filter = filters.get(spec.toLowerCase());
    if (filter === undefined) {
      throw new PoorWSGIError(
        ERROR_CODES.PW_ERR_ROUTE_FILTER,
        `Undefined route group filter '${spec}' in '${uri}': define it with setFilter('${spec.slice(1)}', regex)`,
      );
    }
    ({ regex, convert } = filter);
  }
  const analysis = analyzed(regex, `regular expression of group '<${name}${spec ?? ''}>' in route '${uri}'`);
  return { name, source: analysis.nonCapturing, bounded: analysis.bounded, convert };
}

function parseParts(uri: string, filters: ReadonlyMap<string, RouteFilter>): Part[] {
  const parts: Part[] = [];
  const seen = new Set<string>();
  let pos = 0;
  for (const m of uri.matchAll(new RegExp(GROUP_SOURCE, 'gu'))) {
    const name = m[1]!;
    if (!NAME.test(name)) throw routeError(uri, `group name '${name}' must match [A-Za-z_][A-Za-z0-9_]*`);
    if (seen.has(name)) throw routeError(uri, `group name '${name}' is used twice`);
    seen.add(name);
    if (m.index > pos) parts.push(uri.slice(pos, m.index));
    parts.push(resolveParam(uri, name, m[2], filters));
    pos = m.index + m[0].length;
  }
  if (pos < uri.length) parts.push(uri.slice(pos));
  return parts;
}

/**
 * Compile a route with `<name>`, `<name:filter>` and `<name:re:REGEX>`
 * groups to a regular expression anchored at both ends, using the filter
 * table (see {@link defaultFilters}). Filter names match case-insensitively;
 * an inline `:re:` regex keeps its case. Capturing groups inside a filter are
 * made non-capturing, so each parameter is exactly one group.
 *
 * Throws `PoorWSGIError`: `PW_ERR_ROUTE` (spaces in a group, bad or duplicate
 * name), `PW_ERR_ROUTE_FILTER` (unknown filter), `PW_ERR_ROUTE_UNSAFE` (an
 * unsafe regex, or two adjacent parameters with no text between them that
 * can both grow without bound).
 * @example
 * const route = compileRoute('/user/<id:int>', defaultFilters());
 * route.regex.exec('/user/42')?.[1]; // '42'
 * route.converters[0]?.('42'); // 42
 */
export function compileRoute(uri: string, filters: ReadonlyMap<string, RouteFilter>): CompiledRoute {
  checkRouteDefinition(uri);
  const parts = parseParts(uri, filters);
  let pattern = '^';
  for (let k = 0; k < parts.length; k += 1) {
    const part = parts[k]!;
    if (typeof part === 'string') {
      pattern += escapeLiteral(part);
      continue;
    }
    const next = parts[k + 1];
    let source = part.source;
    if (typeof next === 'string') {
      source = stopBefore(source, String.fromCodePoint(next.codePointAt(0)!));
    } else if (next !== undefined && !part.bounded && !next.bounded) {
      throw new PoorWSGIError(
        ERROR_CODES.PW_ERR_ROUTE_UNSAFE,
        `Unsafe route '${uri}': the groups '${part.name}' and '${next.name}' touch and both are unbounded; ` +
          'put a literal separator between them or give one a bounded filter such as :int',
      );
    }
    pattern += `(${source})`;
  }
  const params = parts.filter((part): part is Param => typeof part !== 'string');
  const placed = routeSegments(parts);
  return {
    rule: uri,
    regex: new RegExp(`${pattern}$`, 'u'),
    names: params.map((p) => p.name),
    converters: params.map((p) => p.convert),
    prefix: typeof parts[0] === 'string' ? parts[0] : '',
    ...(placed === undefined ? {} : { segments: placed.segments }),
    ...(placed?.whole === undefined ? {} : { wholeSegments: placed.whole }),
  };
}

/**
 * The segments of a route (see {@link CompiledRoute.segments}), and where
 * its parameters are when each one is a whole segment (see
 * {@link CompiledRoute.wholeSegments}); `undefined` when one of its
 * parameters might match a `/`.
 */
function routeSegments(
  parts: readonly Part[],
): { segments: Array<string | null>; whole: SegmentParam[] | undefined } | undefined {
  const segments: Array<string | null> = [];
  let whole: SegmentParam[] | undefined = [];
  let text = '';
  let params: Param[] = [];
  const close = () => {
    if (params.length === 1 && text === '' && whole !== undefined) {
      whole.push({ segment: segments.length, test: wholeSegmentTest((params[0] as Param).source) });
    } else if (params.length > 0) {
      // text and a parameter, or two parameters, in one segment: the route's pattern splits it
      whole = undefined;
    }
    segments.push(params.length > 0 ? null : text);
    text = '';
    params = [];
  };
  for (const part of parts) {
    if (typeof part !== 'string') {
      if (mayMatchSlash(part.source)) return undefined;
      params.push(part);
      continue;
    }
    const pieces = part.split('/');
    for (let k = 0; k < pieces.length; k++) {
      if (k > 0) close();
      text += pieces[k];
    }
  }
  close();
  return { segments, whole };
}

/** The default parameter's pattern: every segment that is not empty. */
const ANY_SEGMENT = '[^/]+';

/** The test of a parameter that is a whole segment: `null` for the default one (a segment is never empty there). */
function wholeSegmentTest(source: string): RegExp | null {
  if (source === ANY_SEGMENT) return null;
  return SEGMENT_TESTS.get(source) ?? remember(SEGMENT_TESTS, source, new RegExp(`^(?:${source})$`, 'u'));
}

/**
 * Compile a raw regular expression route. Unlike PoorWSGI (which matched
 * from the start only, so `/user/\w+` also matched `/user/abc/def`), the
 * pattern is anchored at both ends. It must pass {@link checkSafeRegex}.
 * @example
 * compileRegularRoute('/user/(?<id>\\d+)').names; // ['id']
 */
export function compileRegularRoute(pattern: string): CompiledRoute {
  analyzeRegex(pattern, `regular route '${pattern}'`);
  // An empty alternative makes the pattern match '' and so lists every named group.
  const names = Object.keys(new RegExp(`${pattern}|`, 'u').exec('')?.groups ?? {});
  return { rule: pattern, regex: new RegExp(`^(?:${pattern})$`, 'u'), names, converters: [], prefix: '' };
}
