/**
 * Whether a parameter's regular expression can match a `/`: a route whose
 * parameters cannot is matched segment by segment (its place in the segment
 * trie is fixed by its literal segments); one that can is tried in
 * registration order, as every route once was.
 * @module
 */

/** Unicode general categories and binary properties that hold no `/` (which is Po, punctuation). */
const SLASH_FREE_PROPERTIES = /^(?:L[ultmo]?|N[dlo]?|M[nce]?|Letter|Number|Mark|Alphabetic|Uppercase|Lowercase)$/;

/** Where a `\p{...}` escape at `at` (the `p`) ends, and whether its property holds no `/`. */
function property(source: string, at: number): { end: number; slashFree: boolean } {
  if (source[at + 1] !== '{') return { end: at, slashFree: false };
  const close = source.indexOf('}', at + 2);
  if (close === -1) return { end: at, slashFree: false };
  return { end: close, slashFree: SLASH_FREE_PROPERTIES.test(source.slice(at + 2, close)) };
}

/** One item of a character class: the code point range it stands for, or what kind of escape it is. */
type ClassItem = { readonly end: number } & (
  | { readonly kind: 'char'; readonly code: number }
  | { readonly kind: 'set'; readonly slash: boolean }
);

/** The class item at `i` (inside `[...]`). */
function classItem(source: string, i: number): ClassItem {
  const ch = source[i] as string;
  if (ch !== '\\') return { kind: 'char', code: source.codePointAt(i) as number, end: i + (ch.length > 1 ? 1 : 0) };
  const next = source[i + 1];
  if (next === undefined) return { kind: 'set', slash: true, end: i };
  // \d \w \s hold no '/'; their complements and anything written by code do, or might
  if (next === 'd' || next === 'w' || next === 's') return { kind: 'set', slash: false, end: i + 1 };
  if (next === 'p') {
    const { end, slashFree } = property(source, i + 1);
    return { kind: 'set', slash: !slashFree, end };
  }
  if ('DWSPxuc0'.includes(next)) return { kind: 'set', slash: true, end: i + 1 };
  // an escaped character stands for itself: '\/' is a slash, '\-' a dash
  return { kind: 'char', code: next.codePointAt(0) as number, end: i + 1 };
}

const SLASH = 0x2f;

/**
 * A character class starting at `open` (its `[`): where it ends, and whether
 * it can match `/` (a negated class that does not name `/` can).
 */
function characterClass(source: string, open: number): { end: number; slash: boolean } {
  let i = open + 1;
  const negated = source[i] === '^';
  if (negated) i++;
  let names = false;
  let unsure = false;
  for (; i < source.length && source[i] !== ']'; i++) {
    const item = classItem(source, i);
    i = item.end;
    if (item.kind === 'set') {
      if (item.slash) unsure = true;
      continue;
    }
    let high = item.code;
    // a range a-b (a '-' before ']' is a literal dash)
    if (source[i + 1] === '-' && source[i + 2] !== undefined && source[i + 2] !== ']') {
      const to = classItem(source, i + 2);
      i = to.end;
      if (to.kind === 'set') unsure = true;
      else high = to.code;
    }
    if (item.code <= SLASH && SLASH <= high) names = true;
  }
  // a negated class matches '/' unless it names it; a plain one when it names it (or might)
  const slash = negated ? !names : names || unsure;
  return { end: i, slash };
}

/**
 * Whether the regular expression `source` (a parameter's, without anchors,
 * compiled with the `u` flag) might match a string holding `/`. Errs on the
 * side of "might": `.`, `/` itself, `\D`, `\W`, `\S`, a negated class that
 * does not name `/`, a class or range that holds it, code escapes (`\x2f`,
 * `\u002f`) and Unicode properties other than letters, numbers and marks.
 * @example
 * mayMatchSlash('[^/]+'); // false: the default parameter
 * mayMatchSlash('-?\\d{1,15}'); // false: :int
 * mayMatchSlash('.*'); // true
 * mayMatchSlash('[a-z/]+'); // true
 */
export function mayMatchSlash(source: string): boolean {
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '.' || ch === '/') return true;
    if (ch === '[') {
      const cls = characterClass(source, i);
      if (cls.slash) return true;
      i = cls.end;
    } else if (ch === '\\') {
      const next = source[i + 1];
      if (next === 'p') {
        const { end, slashFree } = property(source, i + 1);
        if (!slashFree) return true;
        i = end;
        continue;
      }
      if (next === undefined || 'DWSPxuc0/'.includes(next)) return true;
      i++;
    }
  }
  return false;
}
