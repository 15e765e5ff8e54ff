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

/** The parsed, frozen Content-Type of a header value (remembered); {@link NO_CONTENT_TYPE} for none or a bad one. */
export function contentTypeOf(value: string | undefined): ContentType {
  if (!value) return NO_CONTENT_TYPE;
  let parsed = CONTENT_TYPES.get(value);
  if (parsed === undefined) {
    const fresh = parseContentType(value);
    parsed =
      fresh === undefined ? NO_CONTENT_TYPE : Object.freeze({ type: fresh.type, params: Object.freeze(fresh.params) });
    if (CONTENT_TYPES.size < CONTENT_TYPES_MAX) CONTENT_TYPES.set(value, parsed);
  }
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

export function scanBodyHeaders(rawHeaders: readonly string[]): BodyHeaders {
  let contentLength: string | undefined;
  let contentType: string | undefined;
  let transferEncoding = false;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    // the length first: only three names are worth lower-casing
    const n = name.length;
    if (n !== 12 && n !== 14 && n !== 17) continue;
    const lower = name.toLowerCase();
    if (lower === 'content-type') contentType ??= rawHeaders[i + 1];
    else if (lower === 'content-length') contentLength ??= rawHeaders[i + 1];
    else if (lower === 'transfer-encoding') transferEncoding = true;
  }
  return { contentLength: contentLength === undefined ? -1 : Number(contentLength), contentType, transferEncoding };
}
