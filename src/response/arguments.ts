/**
 * Argument checks shared by the response constructors: they throw early, at
 * construction, so that `prepare()` never meets a value the headers refuse.
 * @module
 */

import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import { TOKEN } from '../http/grammar.ts';
import { encodeHeaderValue, type HeadersInit } from '../http/headers.ts';

/** RFC 9110 §5.5: a field value holds no CTL but HTAB. */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;
/**
 * Content types already checked, each to its wire form. An application
 * sends a handful of types, so each is checked and encoded once, not for
 * every response (bench/micro `response`); bounded, as a type may be built
 * from request data.
 */
const CHECKED_TYPES = new Map<string, string>();
const CHECKED_TYPES_MAX = 256;
/** The content type checked last (one of {@link CHECKED_TYPES}) and its wire form. */
let lastChecked = '';
let lastWire = '';
/** `mediaType` and `charset=` joined, for the charsets met so far (same bound). */
const WITH_CHARSET = new Map<string, Map<string, string>>();
/** The last join found in {@link WITH_CHARSET}: the same class asks for the same one again and again. */
let lastCharset = '';
let lastMediaType = '';
let lastJoined = '';
/** Longest value repeated in an error message. */
const MAX_SHOWN = 60;

function shorten(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}...` : text;
}

/**
 * A short, log-safe description of any value for error messages: strings are
 * JSON-quoted (so CR/LF show as `\r\n`), objects are named by their class.
 * @example
 * describeValue(12345); // 'number 12345'
 * describeValue(new Date()); // 'Date object'
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return `string ${shorten(JSON.stringify(value))}`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${typeof value} ${shorten(String(value))}`;
    case 'symbol':
      return shorten(value.toString());
    case 'undefined':
      return 'undefined';
    case 'function':
      return `function ${value.name || '(anonymous)'}`;
    default: {
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto === null) return 'null-prototype object';
      const ctor: unknown = (proto as { constructor?: unknown }).constructor;
      const name = typeof ctor === 'function' && ctor.name ? ctor.name : 'Object';
      return `${name} object`;
    }
  }
}

/**
 * Check a content type given to a response constructor.
 * @param owner the class or function named in the message
 * @throws PoorWSGIError `PW_ERR_ARGUMENT` when it is not a string or holds control characters
 */
export function checkContentType(owner: string, value: unknown): string {
  // the same type as last time, the usual case, is one pointer compare: no Map lookup
  if (value === lastChecked) return value;
  if (typeof value === 'string' && CHECKED_TYPES.has(value)) {
    lastChecked = value;
    lastWire = CHECKED_TYPES.get(value) as string;
    return value;
  }
  if (typeof value !== 'string' || CONTROL.test(value)) {
    throw new PoorWSGIError(
      'PW_ERR_ARGUMENT',
      `${owner} content type must be a string without control characters (got ${describeValue(value)})`,
    );
  }
  if (CHECKED_TYPES.size < CHECKED_TYPES_MAX) CHECKED_TYPES.set(value, encodeHeaderValue(value));
  return value;
}

/**
 * A content type as `writeHead` takes it (text beyond ASCII as its UTF-8
 * bytes, see `encodeHeaderValue`); remembered for the types checked by
 * {@link checkContentType}.
 */
export function wireContentType(value: string): string {
  if (value === lastChecked) return lastWire;
  return CHECKED_TYPES.get(value) ?? encodeHeaderValue(value);
}

/**
 * The media type with `; charset=<charset>`, or the bare media type when
 * `charset` is `null` or `''` (PoorWSGI's falsy charset).
 * @throws PoorWSGIError `PW_ERR_ARGUMENT` when the charset is not an RFC 9110 token
 * @example
 * withCharset('text/plain', 'utf-8'); // 'text/plain; charset=utf-8'
 */
export function withCharset(owner: string, mediaType: string, charset: unknown): string {
  if (charset === null || charset === undefined || charset === '') return mediaType;
  if (charset === lastCharset && mediaType === lastMediaType) return lastJoined;
  const known = typeof charset === 'string' ? WITH_CHARSET.get(charset)?.get(mediaType) : undefined;
  if (known !== undefined) {
    lastCharset = charset as string;
    lastMediaType = mediaType;
    lastJoined = known;
    return known;
  }
  if (typeof charset !== 'string' || !TOKEN.test(charset)) {
    throw new PoorWSGIError('PW_ERR_ARGUMENT', `${owner} charset must be a token (got ${describeValue(charset)})`);
  }
  const joined = `${mediaType}; charset=${charset}`;
  if (WITH_CHARSET.size < CHECKED_TYPES_MAX) {
    let types = WITH_CHARSET.get(charset);
    if (types === undefined) WITH_CHARSET.set(charset, (types = new Map()));
    // media types come from the response classes, not from requests: a few at most
    types.set(mediaType, joined);
  }
  return joined;
}

/**
 * The trailing options object every response class takes in place of its
 * positional arguments: `new Response('Hi', { statusCode: 201, contentType:
 * 'text/plain' })`. PoorWSGI's positional forms stay.
 */
export interface ResponseOptions {
  /** The status; each class has its own default (200, 204, 302, 206). */
  statusCode?: number;
  /** Response headers; `null`/omitted for none of its own (`X-Powered-By` is added when sent, per the `poweredBy` option). */
  headers?: HeadersInit | null;
  /** `Content-Type`; each class has its own default. */
  contentType?: string;
}

/**
 * True when a constructor argument is an options object rather than a
 * positional value: a plain object (a `Headers` is not one, nor an array).
 */
export function isOptionsObject<T>(value: T): value is Exclude<T, string | number | boolean | null | undefined> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A constructor's content type, headers and status as one {@link ResponseOptions},
 * whether it was given the options object (in the content type's place) or
 * the positional arguments.
 */
export function responseOptions(
  contentType: string | null | undefined | ResponseOptions,
  headers: HeadersInit | null | undefined,
  statusCode: number | undefined,
): ResponseOptions {
  if (isOptionsObject(contentType)) return contentType;
  return { contentType: contentType ?? undefined, headers, statusCode };
}
