/**
 * What a request says of its body before it is read: Content-Length,
 * Content-Type and Transfer-Encoding from one scan of the raw headers, and
 * parsed Content-Types, remembered.
 * @module
 */
import { type ContentType, parseContentType } from '../http/header-params.ts';

/** The Content-Type of a request without one, or with one that does not parse. */
export const NO_CONTENT_TYPE: ContentType = Object.freeze({ type: '', params: Object.freeze(Object.create(null)) });
/**
 * Content-Type values already parsed, frozen: a service sees a handful, so
 * each is parsed once (bench/micro `request`). Bounded, as clients send them.
 */
const CONTENT_TYPES = new Map<string, ContentType>();
const CONTENT_TYPES_MAX = 256;
/**
 * The last value asked for and its answer: a header string is new on every
 * request, and comparing it with the last one is cheaper than hashing it for
 * the Map, when a service gets the same type again and again.
 */
let lastValue = '';
let lastParsed: ContentType = NO_CONTENT_TYPE;

/** The parsed, frozen Content-Type of a header value (remembered); {@link NO_CONTENT_TYPE} for none or a bad one. */
export function contentTypeOf(value: string | undefined): ContentType {
  if (!value) return NO_CONTENT_TYPE;
  if (value === lastValue) return lastParsed;
  let parsed = CONTENT_TYPES.get(value);
  if (parsed === undefined) {
    const fresh = parseContentType(value);
    parsed =
      fresh === undefined ? NO_CONTENT_TYPE : Object.freeze({ type: fresh.type, params: Object.freeze(fresh.params) });
    if (CONTENT_TYPES.size < CONTENT_TYPES_MAX) CONTENT_TYPES.set(value, parsed);
  }
  lastValue = value;
  lastParsed = parsed;
  return parsed;
}

/**
 * The body framing and type headers, found by one scan of `rawHeaders` (which
 * Node always builds), so that most requests never make Node build its lazy
 * `headers` object (bench/micro `request`). The first value of a repeated
 * Content-Length or Content-Type wins, as in Node's `headers`; Transfer-Encoding,
 * which Node joins, is only noted and read from `headers` when present.
 */
export interface BodyHeaders {
  /** Content-Length as a number (node:http has refused a malformed one); -1 without one. */
  readonly contentLength: number;
  readonly contentType: string | undefined;
  readonly transferEncoding: boolean;
}

/**
 * Whether the header `name` is `canonical` in any case. Clients send the
 * canonical spelling: one string compare, and a lower-cased copy only for
 * the rest (bench/micro `request`).
 */
function isHeader(name: string, canonical: string, lower: string): boolean {
  return name === canonical || name.toLowerCase() === lower;
}

/**
 * A Content-Length value as a number, as `Number()` reads it. Digits are
 * added up here: `Number()` of a string is a runtime call that also hashes
 * the string, and this runs on every request with a body (bench/micro `request`).
 */
function lengthOf(text: string): number {
  // past 15 digits a sum could round differently from Number()
  if (text.length === 0 || text.length > 15) return Number(text);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48;
    // not a plain number (node:http refuses those; another transport may pass one): Number() decides
    if (digit < 0 || digit > 9) return Number(text);
    n = n * 10 + digit;
  }
  return n;
}

/** Scan `rawHeaders` once for the body's framing and type headers (see {@link BodyHeaders}). */
export function scanBodyHeaders(rawHeaders: readonly string[]): BodyHeaders {
  let contentLength: string | undefined;
  let contentType: string | undefined;
  let transferEncoding = false;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    // the length first: most names are ruled out by it
    const n = name.length;
    if (n === 12) {
      if (contentType === undefined && isHeader(name, 'Content-Type', 'content-type')) contentType = rawHeaders[i + 1];
    } else if (n === 14) {
      if (contentLength === undefined && isHeader(name, 'Content-Length', 'content-length')) {
        contentLength = rawHeaders[i + 1];
      }
    } else if (n === 17 && isHeader(name, 'Transfer-Encoding', 'transfer-encoding')) {
      transferEncoding = true;
    }
  }
  return { contentLength: contentLength === undefined ? -1 : lengthOf(contentLength), contentType, transferEncoding };
}
