/**
 * Route filters: the regular expression and converter behind `<name:filter>`.
 * @module
 */

/**
 * One route filter. `regex` is matched against one path parameter (it is
 * embedded in the route's pattern, compiled with the `u` flag); `convert`
 * turns the matched text into the value passed to the handler.
 */
export interface RouteFilter {
  /** Source of the regular expression for one parameter, without anchors. */
  readonly regex: string;
  /** Turns the matched text into the handler's argument. */
  readonly convert: (value: string) => unknown;
}

/** The identity converter: the parameter stays a string. */
export function keepString(value: string): string {
  return value;
}

// Number('-0') is -0; Python's int('-0') is 0, and -0 surprises in comparisons and keys.
function toInteger(value: string): number {
  const n = Number(value);
  return n === 0 ? 0 : n;
}

function toLowerCase(value: string): string {
  return value.toLowerCase();
}

/**
 * A new copy of the built-in filter table (PoorWSGI's `Application.filters`).
 * Keys carry the leading `:`, except `none`, the filter of a group without one.
 *
 * | key | regex | value |
 * | --- | --- | --- |
 * | `:int` | `-?\d{1,15}` | `number`; at most 15 digits, so always a safe integer (Python's `int` is unbounded, JS numbers are not) |
 * | `:float` | `-?\d+(?:\.\d+)?` | `number` |
 * | `:word` | `[\p{L}\p{N}_]+` | `string`; Unicode like Python's `re.U` `\w` |
 * | `:hex` | `[0-9a-fA-F]+` | `string` |
 * | `:uuid` | 8-4-4-4-12 hex digits | `string`, lower-cased (upper-case UUIDs match) |
 * | `:re:` | none, the regex is inline: `<name:re:REGEX>` | `string` |
 * | `none` | `[^/]+` | `string` |
 *
 * Every built-in regex is linear: one quantified character class, no nesting.
 * @example
 * defaultFilters().get(':int')?.convert('-42'); // -42
 */
export function defaultFilters(): Map<string, RouteFilter> {
  const hex4 = '[0-9a-fA-F]{4}';
  return new Map<string, RouteFilter>([
    [':int', { regex: '-?\\d{1,15}', convert: toInteger }],
    [':float', { regex: '-?\\d+(?:\\.\\d+)?', convert: Number }],
    [':word', { regex: '[\\p{L}\\p{N}_]+', convert: keepString }],
    [':hex', { regex: '[0-9a-fA-F]+', convert: keepString }],
    [':uuid', { regex: `[0-9a-fA-F]{8}-${hex4}-${hex4}-${hex4}-[0-9a-fA-F]{12}`, convert: toLowerCase }],
    // The regex of `:re:` is written inline in the group; this entry only names the converter.
    [':re:', { regex: '', convert: keepString }],
    ['none', { regex: '[^/]+', convert: keepString }],
  ]);
}

/** Key of the inline-regex filter. */
export const RE_FILTER = ':re:';
/** Key of the filter used by a group without one. */
export const NONE_FILTER = 'none';

const FILTER_NAME = /^:?[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The table key of a filter name: a leading `:` added when missing, and
 * lower-cased, because route groups look filters up case-insensitively.
 * Returns `undefined` for a name that a route group could not spell.
 * @example
 * filterKey('Email'); // ':email'
 */
export function filterKey(name: string): string | undefined {
  if (!FILTER_NAME.test(name)) return undefined;
  return (name.startsWith(':') ? name : `:${name}`).toLowerCase();
}
