/**
 * JSON encoding: `JSON.stringify` by default, Python's `json.dumps` output
 * on request (separators, `ensure_ascii`, indent), and values JSON.stringify
 * cannot take (`Map`, `Set`, `bigint`, generators and other iterables).
 * @module
 */

import { jsonTooDeep, MAX_JSON_DEPTH } from './json-depth.ts';

/** Error code of the errors thrown by {@link jsonDumps}. */
export const PW_ERR_JSON = 'PW_ERR_JSON';

/** Options of {@link jsonDumps}, named after Python's `json.dumps` arguments. */
export interface JsonDumpsOptions {
  /**
   * Escape every character outside ASCII (and DEL) as `\uXXXX`, lowercase hex,
   * astral characters as surrogate pairs (Python's `ensure_ascii=True`).
   * @default false
   */
  ensureAscii?: boolean;
  /**
   * `[itemSeparator, keySeparator]`; `[', ', ': ']` is Python's default spacing.
   * @default [',', ':'] (or [',', ': '] with an indent, as Python)
   */
  separators?: [string, string];
  /**
   * Put each item on its own line, indented by this many spaces per level
   * (Python's `indent`: 0 gives new lines without indentation).
   * @default undefined (one line)
   */
  indent?: number;
}

function jsonError(ctor: typeof TypeError | typeof RangeError, message: string): Error {
  // http/ is the bottom layer and cannot import errors/: a coded built-in error.
  return Object.assign(new ctor(message), { code: PW_ERR_JSON });
}

const NON_ASCII = /[\x7f-\uffff]/g;

function escapeNonAscii(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** A Map key as Python turns dict keys into JSON keys; other types are refused, as Python does. */
function mapKey(key: unknown): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'number' || typeof key === 'boolean' || typeof key === 'bigint') return String(key);
  if (key === null) return 'null';
  throw jsonError(TypeError, `JSON object keys must be string, number, boolean, bigint or null (got ${typeof key})`);
}

class Encoder {
  readonly #itemSep: string;
  readonly #keySep: string;
  readonly #indent: string | undefined;
  readonly #ensureAscii: boolean;
  readonly #stack = new Set<object>();

  constructor(options: JsonDumpsOptions) {
    const { ensureAscii = false, separators, indent } = options;
    if (indent !== undefined && !(Number.isSafeInteger(indent) && indent >= 0)) {
      throw jsonError(RangeError, `jsonDumps indent must be a non-negative integer (got ${String(indent)})`);
    }
    if (
      separators !== undefined &&
      !(Array.isArray(separators) && typeof separators[0] === 'string' && typeof separators[1] === 'string')
    ) {
      throw jsonError(TypeError, `jsonDumps separators must be two strings (got ${String(separators)})`);
    }
    this.#indent = indent === undefined ? undefined : ' '.repeat(indent);
    this.#itemSep = separators?.[0] ?? ',';
    this.#keySep = separators?.[1] ?? (indent === undefined ? ':' : ': ');
    this.#ensureAscii = ensureAscii;
  }

  #quote(text: string): string {
    // JSON.stringify escapes quotes, backslashes, controls and lone surrogates natively.
    const quoted = JSON.stringify(text);
    return this.#ensureAscii ? quoted.replace(NON_ASCII, escapeNonAscii) : quoted;
  }

  /** The JSON text of `value` found at `key`, or `undefined` where JSON.stringify omits it. */
  encode(key: string | number, value: unknown, level: string): string | undefined {
    if ((typeof value === 'object' && value !== null) || typeof value === 'bigint') {
      const toJSON: unknown = (value as { toJSON?: unknown }).toJSON;
      // Array indexes are numbers until a toJSON needs them as its key argument.
      if (typeof toJSON === 'function') value = toJSON.call(value, String(key));
    }
    // Boxed primitives serialize as their primitive, as in JSON.stringify.
    if (value instanceof Number || value instanceof String || value instanceof Boolean || value instanceof BigInt) {
      value = value.valueOf();
    }
    switch (typeof value) {
      case 'string':
        return this.#quote(value);
      case 'number':
        return Number.isFinite(value) ? String(value) : 'null';
      case 'boolean':
      case 'bigint':
        return String(value);
      case 'object':
        return value === null ? 'null' : this.#container(value, level);
      default:
        return undefined;
    }
  }

  #container(value: object, level: string): string {
    if (this.#stack.has(value)) throw jsonError(TypeError, 'Converting circular structure to JSON');
    // the stack holds the containers above this one: its size is the depth
    if (this.#stack.size >= MAX_JSON_DEPTH) throw jsonTooDeep();
    this.#stack.add(value);
    try {
      const inner = this.#indent === undefined ? level : level + this.#indent;
      if (Array.isArray(value)) return this.#array(value, inner, level);
      if (value instanceof Map) return this.#object(value, inner, level);
      if (value instanceof Set) return this.#array(value, inner, level);
      // Typed arrays stay objects with index keys, as JSON.stringify writes them.
      if (!ArrayBuffer.isView(value) && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function') {
        return this.#array(value as Iterable<unknown>, inner, level);
      }
      return this.#object(value, inner, level);
    } finally {
      this.#stack.delete(value);
    }
  }

  #array(items: Iterable<unknown>, inner: string, level: string): string {
    const parts: string[] = [];
    let index = 0;
    for (const item of items) parts.push(this.encode(index++, item, inner) ?? 'null');
    return this.#wrap('[', ']', parts, inner, level);
  }

  #object(value: object, inner: string, level: string): string {
    const parts: string[] = [];
    if (value instanceof Map) {
      for (const [rawKey, item] of value) this.#member(parts, mapKey(rawKey), item, inner);
    } else {
      for (const key of Object.keys(value)) this.#member(parts, key, (value as Record<string, unknown>)[key], inner);
    }
    return this.#wrap('{', '}', parts, inner, level);
  }

  #member(parts: string[], key: string, item: unknown, inner: string): void {
    const text = this.encode(key, item, inner);
    if (text !== undefined) parts.push(this.#quote(key) + this.#keySep + text);
  }

  #wrap(open: string, close: string, parts: string[], inner: string, level: string): string {
    if (parts.length === 0) return open + close;
    if (this.#indent === undefined) return open + parts.join(this.#itemSep) + close;
    return `${open}\n${inner}${parts.join(`${this.#itemSep}\n${inner}`)}\n${level}${close}`;
  }
}

/** Thrown out of the native pass to hand a value over to {@link Encoder}. */
const NEEDS_ENCODER = Symbol('needs encoder');

/** A value JSON.stringify would write differently from {@link jsonDumps}. */
function nativeReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') throw NEEDS_ENCODER;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value)) {
    if (typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function') throw NEEDS_ENCODER;
  }
  return value;
}

/**
 * Encode `value` as JSON text.
 *
 * With no options the text is exactly `JSON.stringify(value)` (compact, raw
 * UTF-8), except that `undefined` (and other values JSON.stringify drops)
 * give `'null'`, as Python's `json.dumps(None)`. Beyond JSON.stringify:
 * `Map` becomes an object, `Set` and other iterables (generators, ...) an
 * array, `bigint` its digits; `toJSON()` is honoured first; non-finite
 * numbers are `null`. Separators are written by the encoder itself, so text
 * inside strings is never touched. Python floats such as `1.0` cannot be told
 * from `1` in JavaScript and come out as `1`.
 *
 * Plain data goes through the native `JSON.stringify` (about twice as fast);
 * when it meets a Map, Set, bigint or iterable it hands over to the encoder,
 * so `toJSON()` methods met before that point run twice.
 * @throws TypeError (code `PW_ERR_JSON`) on a circular structure or an unusable Map key
 * @throws RangeError (code `PW_ERR_JSON`) on a bad `indent`, or a value nested deeper than `MAX_JSON_DEPTH` (1000)
 * @example
 * jsonDumps({ items: [0, 1, 2] }, { separators: [', ', ': '] }); // '{"items": [0, 1, 2]}'
 * jsonDumps({ name: 'Ondřej' }, { ensureAscii: true }); // '{"name":"Ond\\u0159ej"}'
 */
export function jsonDumps(value: unknown, options: JsonDumpsOptions = {}): string {
  const encoder = new Encoder(options);
  const { separators, indent, ensureAscii } = options;
  // JSON.stringify's gap is Python's indent for 1-10 spaces with the default separators.
  if (separators === undefined && (indent === undefined || (indent >= 1 && indent <= 10))) {
    let text: string | undefined;
    try {
      text = JSON.stringify(value, nativeReplacer, indent) ?? 'null';
    } catch {
      // NEEDS_ENCODER, a cycle, a boxed bigint: the encoder redoes it and throws coded errors.
    }
    // Outside strings the text is ASCII, so escaping all of it escapes only string contents.
    if (text !== undefined) return ensureAscii ? text.replace(NON_ASCII, escapeNonAscii) : text;
  }
  return encoder.encode('', value, '') ?? 'null';
}
