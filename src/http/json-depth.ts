/**
 * How deep a JSON text nests, found before it is parsed.
 *
 * Why: `JSON.parse` takes any depth (V8's parser does not recurse), but what
 * is done with the value afterwards may: encoding it back, walking it,
 * validating it. A 20 KB body of `[` x 10,000 then `]` x 10,000 made the
 * echo of a parsed body overflow the stack. Servers bound it instead: the
 * limit is checked on the text, so a refused body is never built.
 * @module
 */

/**
 * The deepest nesting an application may allow: each JSON encoder in this
 * package writes values of this depth back (and refuses deeper ones with a
 * coded error, not a stack overflow).
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * The error a JSON encoder throws for a value nested deeper than
 * {@link MAX_JSON_DEPTH}: a `RangeError` with code `PW_ERR_JSON`, where the
 * recursion would otherwise overflow the stack.
 */
export function jsonTooDeep(): RangeError {
  return Object.assign(new RangeError(`JSON value nested deeper than ${MAX_JSON_DEPTH} levels`), {
    code: 'PW_ERR_JSON',
  });
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/**
 * True when the JSON text `text` opens more than `limit` arrays or objects
 * inside each other. Brackets inside strings do not count. The text need
 * not be valid JSON: the answer for invalid text is only a hint, and the
 * parser refuses that text anyway.
 * @example
 * jsonNestingExceeds('[[1]]', 1); // true
 * jsonNestingExceeds('{"a": "[[[["}', 1); // false
 */
export function jsonNestingExceeds(text: string, limit: number): boolean {
  // valid JSON nested deeper than `limit` has at least 2 * (limit + 1) characters: short bodies skip the scan
  if (text.length < 2 * (limit + 1)) return false;
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // jump to the closing quote: one not escaped by an odd run of backslashes
      for (;;) {
        const q = text.indexOf('"', i + 1);
        if (q === -1) return false;
        let escapes = 0;
        while (text.charCodeAt(q - 1 - escapes) === BACKSLASH) escapes++;
        i = q;
        if (escapes % 2 === 0) break;
      }
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}
