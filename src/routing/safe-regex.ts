/**
 * A conservative ReDoS check for user regular expressions (`:re:` groups,
 * `setFilter`, `setRegularRoute`), and the rewrite that embeds them in a route.
 *
 * path-to-regexp (CVE-2024-45296 and its re-fixes) and find-my-way
 * (CVE-2024-45813) shipped route patterns that backtrack exponentially or
 * quadratically on long paths; see `security-lessons.md`.
 * @module
 */
import { ERROR_CODES } from '../errors/codes.ts';
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';

/** What {@link analyzeRegex} learns of a safe regular expression. */
export interface RegexAnalysis {
  /** No unbounded quantifier (`*`, `+`, `{n,}`): matches have a bounded length. */
  readonly bounded: boolean;
  /** The same pattern with every capturing group made non-capturing. */
  readonly nonCapturing: string;
}

interface GroupInfo {
  readonly hasQuantifier: boolean;
  readonly overlapping: boolean;
}

interface Atom {
  readonly group: GroupInfo | undefined;
  /** The atom opens its alternative, so an optional quantifier hides its first character. */
  readonly first: boolean;
}

/** One open group (the whole pattern is the outermost). */
interface Frame {
  /** A quantifier that can match a varying count somewhere inside. */
  hasQuantifier: boolean;
  /** An alternation inside whose branches may start with the same character. */
  overlapping: boolean;
  /** Key of each closed alternative's first atom; `null` when unknown. */
  readonly firstKeys: Array<string | null>;
  /** `undefined` while the current alternative is empty. */
  branchFirst: string | null | undefined;
}

const SYNTAX_CHARS = '^$\\.*+?()[]{}|/-';
const QUANTIFIER_BRACES = /^\{(\d+)(,(\d*))?\}/;

function newFrame(): Frame {
  return { hasQuantifier: false, overlapping: false, firstKeys: [], branchFirst: undefined };
}

function unsafe(what: string, source: string, reason: string): PoorWSGIError {
  return new PoorWSGIError(ERROR_CODES.PW_ERR_ROUTE_UNSAFE, `Unsafe ${what} '${source}': ${reason}`);
}

/** Index just past the escape sequence that starts at `i`. */
function escapeEnd(source: string, i: number, what: string): number {
  const next = source[i + 1] ?? '';
  if (next >= '1' && next <= '9') throw unsafe(what, source, 'backreferences are not allowed');
  if (next === 'k') throw unsafe(what, source, 'named backreferences are not allowed');
  if ((next === 'p' || next === 'P' || next === 'u') && source[i + 2] === '{') return source.indexOf('}', i) + 1;
  if (next === 'u') return i + 6;
  if (next === 'x') return i + 4;
  if (next === 'c') return i + 3;
  return i + 2;
}

/** Index just past the character class that starts at `i` (u-flag syntax: no nesting). */
function classEnd(source: string, i: number): number {
  let j = i + 1;
  while (j < source.length) {
    if (source[j] === '\\') j += 2;
    else if (source[j] === ']') return j + 1;
    else j += 1;
  }
  return j;
}

function closeBranch(frame: Frame): void {
  frame.firstKeys.push(frame.branchFirst ?? null);
  frame.branchFirst = undefined;
}

function addAtom(frame: Frame, key: string | null, group?: GroupInfo): Atom {
  const first = frame.branchFirst === undefined;
  if (first) frame.branchFirst = key;
  return { group, first };
}

/**
 * Check a user regular expression and prepare it for embedding in a route.
 *
 * Rejected, with `PoorWSGIError` `PW_ERR_ROUTE_UNSAFE`:
 * - a pattern that does not compile with the `u` flag;
 * - a group repeated more than once (`+`, `*`, `{n,m}`) that contains a
 *   quantifier of varying count (star height > 1: `(a+)+`, `(a*)*`, `(?:ab?)+`),
 *   or an alternation whose branches may start with the same character
 *   (`(?:a|aa)+`; a branch that starts with a class, an escape like `\d` or
 *   an optional atom counts as overlapping);
 * - backreferences (`\1`, `\k<name>`) and lookbehind (`(?<=`, `(?<!`).
 *
 * The check is deliberately conservative; it does not look for quadratic
 * backtracking between two adjacent quantifiers (`\w+\w+`).
 * @param what names the culprit in the error message.
 * @example
 * analyzeRegex('[a-z]+').bounded; // false
 * analyzeRegex('(a+)+'); // throws PW_ERR_ROUTE_UNSAFE
 */
export function analyzeRegex(source: string, what = 'regular expression'): RegexAnalysis {
  try {
    new RegExp(source, 'u');
  } catch (error) {
    throw unsafe(what, source, `it does not compile with the u flag (${(error as Error).message})`);
  }
  let out = '';
  let bounded = true;
  const stack: Frame[] = [newFrame()];
  let last: Atom | undefined;
  let i = 0;
  while (i < source.length) {
    const frame = stack[stack.length - 1]!;
    const c = source[i]!;
    if (c === '\\') {
      const end = escapeEnd(source, i, what);
      const text = source.slice(i, end);
      const literal = text.length === 2 && SYNTAX_CHARS.includes(text[1]!);
      out += text;
      last = addAtom(frame, literal ? `c:${text[1]}` : null);
      i = end;
    } else if (c === '[') {
      const end = classEnd(source, i);
      out += source.slice(i, end);
      last = addAtom(frame, null);
      i = end;
    } else if (c === '(') {
      if (source.startsWith('(?<=', i) || source.startsWith('(?<!', i)) {
        throw unsafe(what, source, 'lookbehind is not allowed');
      }
      if (source.startsWith('(?=', i) || source.startsWith('(?!', i) || source.startsWith('(?:', i)) {
        out += source.slice(i, i + 3);
        i += 3;
      } else {
        // Capturing groups become non-capturing so that a parameter's own groups
        // cannot shift the parameters after it (PoorWSGI bug 5).
        out += '(?:';
        i = source.startsWith('(?<', i) ? source.indexOf('>', i) + 1 : i + 1;
      }
      stack.push(newFrame());
      last = undefined;
    } else if (c === ')') {
      const child = stack.pop()!;
      const parent = stack[stack.length - 1]!;
      closeBranch(child);
      const keys = child.firstKeys;
      const ownOverlap = keys.length > 1 && (keys.includes(null) || new Set(keys).size !== keys.length);
      const info: GroupInfo = { hasQuantifier: child.hasQuantifier, overlapping: child.overlapping || ownOverlap };
      parent.hasQuantifier ||= info.hasQuantifier;
      parent.overlapping ||= info.overlapping;
      out += ')';
      last = addAtom(parent, null, info);
      i += 1;
    } else if (c === '|') {
      closeBranch(frame);
      out += '|';
      last = undefined;
      i += 1;
    } else if (c === '*' || c === '+' || c === '?' || c === '{') {
      const start = i;
      let min = c === '+' ? 1 : 0;
      let max = c === '?' ? 1 : Number.POSITIVE_INFINITY;
      if (c === '{') {
        const m = QUANTIFIER_BRACES.exec(source.slice(i))!;
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
        i += m[0].length;
      } else {
        i += 1;
      }
      if (source[i] === '?') i += 1;
      out += source.slice(start, i);
      if (max === Number.POSITIVE_INFINITY) bounded = false;
      if (last?.group !== undefined && max > 1) {
        if (last.group.hasQuantifier) {
          throw unsafe(
            what,
            source,
            'a repeated group contains a quantifier (nested quantifiers backtrack exponentially)',
          );
        }
        if (last.group.overlapping) {
          throw unsafe(what, source, 'a repeated group contains alternatives that may start alike (like (?:a|aa)+)');
        }
      }
      // An exact count `{n}` is a fixed repetition and adds no ambiguity.
      if (min !== max) frame.hasQuantifier = true;
      if (min === 0 && last?.first === true) frame.branchFirst = null;
      last = undefined;
    } else {
      const ch = String.fromCodePoint(source.codePointAt(i)!);
      out += ch;
      last = addAtom(frame, c === '.' || c === '^' || c === '$' ? null : `c:${ch}`);
      i += ch.length;
    }
  }
  return { bounded, nonCapturing: out };
}

/**
 * Throw `PoorWSGIError` `PW_ERR_ROUTE_UNSAFE` when a user regular expression
 * could backtrack catastrophically or does not compile with the `u` flag.
 * See {@link analyzeRegex} for the rules.
 * @example
 * checkSafeRegex('[a-z]+(?:-[a-z]+)?'); // fine
 * checkSafeRegex('(a|aa)+'); // throws PW_ERR_ROUTE_UNSAFE
 */
export function checkSafeRegex(source: string): void {
  analyzeRegex(source);
}
