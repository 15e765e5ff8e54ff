/**
 * A case-insensitive, ordered, multi-valued header list (PoorWSGI's `Headers`).
 *
 * Names keep the case they were given; lookup ignores case. Several values
 * of one name are allowed (`Set-Cookie`), `add()` refuses a second value for
 * any other name, and `set()` replaces every value of a name.
 * @module
 */
import { TOKEN } from './grammar.ts';

/** One header: `[name, value]`. */
export type HeaderPair = [name: string, value: string];

/** What a header value may be given as; numbers are rendered with `String()`. */
export type HeaderValue = string | number;

/** Anything a {@link Headers} can be built from. */
export type HeadersInit =
  | Headers
  | Iterable<readonly [string, HeaderValue]>
  | Readonly<Record<string, HeaderValue | readonly HeaderValue[]>>;

/** A `(value, quality)` list as produced by `parseNegotiation`. */
export type NegotiationList = ReadonlyArray<readonly [string, number?]>;

/** RFC 9110 §5.5: field-value has no CTLs but HTAB; CR, LF and NUL are never allowed. */
const BAD_VALUE = /[\x00-\x08\x0a-\x1f\x7f]/;
/** Characters that need encoding before they can go on the wire as latin-1 bytes. */
const NON_ASCII = /[^\x00-\x7f]/;

/** Error code of every header validation error. */
export const PW_ERR_HEADER = 'PW_ERR_HEADER';

function headerError(message: string): TypeError {
  // http/ is the bottom layer and cannot import errors/: it throws a TypeError
  // with a stable code, the way node:http does (ERR_INVALID_CHAR).
  return Object.assign(new TypeError(message), { code: PW_ERR_HEADER });
}

/**
 * Check a header name (RFC 9110 token); throws a `TypeError` with code
 * `PW_ERR_HEADER` otherwise.
 */
export function validateHeaderName(name: string): string {
  if (typeof name !== 'string' || !TOKEN.test(name)) {
    throw headerError(`Header name must be an RFC 9110 token (got ${JSON.stringify(name)})`);
  }
  return name;
}

/**
 * Check a header value: CR, LF, NUL and other control characters but TAB are
 * refused with a `TypeError` (code `PW_ERR_HEADER`), so that no header can be split.
 */
export function validateHeaderValue(name: string, value: HeaderValue): string {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') {
    throw headerError(`Header value of ${name} must be a string or number (got ${typeof value})`);
  }
  if (BAD_VALUE.test(value)) {
    throw headerError(
      `Header value of ${name} must not contain CR, LF or control characters (got ${JSON.stringify(value)})`,
    );
  }
  return value;
}

/**
 * Encode a header value for the wire. Node writes header strings as latin-1,
 * so text beyond ASCII is sent as its UTF-8 bytes (the WSGI convention PoorWSGI uses).
 */
export function encodeHeaderValue(value: string): string {
  return NON_ASCII.test(value) ? Buffer.from(value, 'utf8').toString('latin1') : value;
}

/** Quote a parameter value the way Python's wsgiref `_formatparam` does. */
function formatParam(name: string, value: string | null): string {
  if (value === null || value === '') return name;
  return `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Render a negotiation list: `gzip;q=1.0, *;q=0`. */
export function renderNegotiation(list: NegotiationList): string {
  return list
    .map(([value, q]) =>
      q === undefined ? value : `${value};q=${Number.isInteger(q) && q !== 0 ? q.toFixed(1) : String(q)}`,
    )
    .join(', ');
}

/**
 * Case-insensitive, ordered multi-map of headers.
 * @example
 * const h = new Headers({ 'Content-Type': 'text/plain' });
 * h.add('Set-Cookie', 'a=1');
 * h.add('Set-Cookie', 'b=2');
 * h.get('content-type'); // 'text/plain'
 * h.getAll('set-cookie'); // ['a=1', 'b=2']
 */
export class Headers implements Iterable<HeaderPair> {
  #pairs: HeaderPair[] = [];
  readonly #strict: boolean;

  /**
   * @param init pairs, a record (array values add several headers) or another Headers
   * @param strict validate names and values (response headers); request headers use `false`
   */
  constructor(init?: HeadersInit | null, strict = true) {
    this.#strict = strict;
    if (init === undefined || init === null) return;
    if (init instanceof Headers) {
      for (const [n, v] of init.#pairs) this.#push(n, v);
    } else if (typeof (init as Iterable<unknown>)[Symbol.iterator] === 'function') {
      for (const pair of init as Iterable<readonly [string, HeaderValue]>) {
        if (!Array.isArray(pair) || pair.length !== 2) {
          throw headerError(`Headers must be [name, value] pairs (got ${JSON.stringify(pair)})`);
        }
        this.#push(pair[0], pair[1]);
      }
    } else if (typeof init === 'object') {
      for (const [n, v] of Object.entries(init as Record<string, HeaderValue | readonly HeaderValue[]>)) {
        if (Array.isArray(v)) for (const one of v as readonly HeaderValue[]) this.#push(n, one);
        else this.#push(n, v as HeaderValue);
      }
    } else {
      throw headerError(`Headers must be pairs, a record or Headers (got ${typeof init})`);
    }
  }

  #push(name: string, value: HeaderValue): void {
    if (this.#strict) {
      validateHeaderName(name);
      this.#pairs.push([name, validateHeaderValue(name, value)]);
    } else {
      this.#pairs.push([name, String(value)]);
    }
  }

  /** The first value of `name`, or `undefined`. */
  get(name: string): string | undefined {
    const lower = name.toLowerCase();
    for (const pair of this.#pairs) if (pair[0].toLowerCase() === lower) return pair[1];
    return undefined;
  }

  /** Every value of `name`, in order; `[]` when there is none. */
  getAll(name: string): string[] {
    const lower = name.toLowerCase();
    const out: string[] = [];
    for (const pair of this.#pairs) if (pair[0].toLowerCase() === lower) out.push(pair[1]);
    return out;
  }

  /** Whether `name` is present. */
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Replace every value of `name` by one value. */
  set(name: string, value: HeaderValue): void {
    this.delete(name);
    this.#push(name, value);
  }

  /** Append a value, whatever is there already. */
  append(name: string, value: HeaderValue): void {
    this.#push(name, value);
  }

  /**
   * Add a header that must not exist yet; only `Set-Cookie` may repeat.
   * @throws TypeError (code `PW_ERR_HEADER`) when the name exists already
   */
  add(name: string, value: HeaderValue): void {
    if (name.toLowerCase() !== 'set-cookie' && this.has(name)) {
      throw headerError(`Header ${name} exists already; use set() to replace it`);
    }
    this.#push(name, value);
  }

  /**
   * Add a header with parameters, as Python's `add_header`: parameter names
   * have `_` turned into `-`, values are quoted, `null` gives a bare flag, and
   * a negotiation list value is rendered as `a;q=1.0, b;q=0.5`.
   * @example
   * h.addHeader('Content-Disposition', 'attachment', { filename: 'image.png' });
   * // Content-Disposition: attachment; filename="image.png"
   */
  addHeader(
    name: string,
    value?: HeaderValue | NegotiationList | null,
    params?: Readonly<Record<string, string | null>>,
  ): void {
    const parts: string[] = [];
    if (Array.isArray(value)) parts.push(renderNegotiation(value as NegotiationList));
    else if (value !== undefined && value !== null) parts.push(String(value));
    if (params) {
      for (const [key, v] of Object.entries(params)) parts.push(formatParam(key.replace(/_/g, '-'), v));
    }
    if (parts.length === 0) throw headerError(`Header value must be set (${name})`);
    this.#push(name, parts.join('; '));
  }

  /** Remove every value of `name`; no error when absent. */
  delete(name: string): void {
    const lower = name.toLowerCase();
    this.#pairs = this.#pairs.filter((pair) => pair[0].toLowerCase() !== lower);
  }

  /** Add `name: value` when `name` is missing; return the value in force. */
  setdefault(name: string, value: HeaderValue): string {
    const existing = this.get(name);
    if (existing !== undefined) return existing;
    this.#push(name, value);
    return String(value);
  }

  /** Header names in order (with repeats). */
  keys(): string[] {
    return this.#pairs.map((pair) => pair[0]);
  }

  /** Alias of {@link Headers.keys}, as PoorWSGI's `names()`. */
  names(): string[] {
    return this.keys();
  }

  /** Header values in order. */
  values(): string[] {
    return this.#pairs.map((pair) => pair[1]);
  }

  /** Copies of the `[name, value]` pairs in order. */
  items(): HeaderPair[] {
    return this.#pairs.map((pair) => [pair[0], pair[1]]);
  }

  /** Number of pairs. */
  get size(): number {
    return this.#pairs.length;
  }

  /** Iterates over `[name, value]` pairs (copies). */
  *[Symbol.iterator](): Iterator<HeaderPair> {
    for (const pair of this.#pairs) yield [pair[0], pair[1]];
  }

  /**
   * Headers from pairs the framework itself wrote and checked once (such as
   * the default `X-Powered-By`): no per-response validation on the hot path.
   * @internal
   */
  static trusted(pairs: readonly HeaderPair[]): Headers {
    const headers = new Headers();
    headers.#pairs = pairs.slice();
    return headers;
  }

  /** A copy, with the same strictness. */
  clone(): Headers {
    // the pairs were checked when added and are never changed in place: share them
    const copy = new Headers(null, this.#strict);
    copy.#pairs = this.#pairs.slice();
    return copy;
  }

  /**
   * The flat `[name, value, name, value, ...]` array `writeHead` takes, with
   * values encoded for the wire.
   */
  toWire(): string[] {
    const flat: string[] = new Array(this.#pairs.length * 2);
    let i = 0;
    for (const pair of this.#pairs) {
      flat[i++] = pair[0];
      flat[i++] = encodeHeaderValue(pair[1]);
    }
    return flat;
  }

  /** A plain object of name to value (repeated names give arrays), for logs and JSON. */
  toJSON(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = Object.create(null);
    for (const [name, value] of this.#pairs) {
      const prev = out[name];
      if (prev === undefined) out[name] = value;
      else if (Array.isArray(prev)) prev.push(value);
      else out[name] = [prev, value];
    }
    return out;
  }

  /** `Headers([["a","b"], ...])`, for debugging. */
  toString(): string {
    return `Headers(${JSON.stringify(this.#pairs)})`;
  }
}
