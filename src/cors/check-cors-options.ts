/**
 * The check of the `cors` option: every field's type and syntax, and the
 * combinations browsers would refuse or that would be unsafe, refused when
 * the option is set rather than discovered in a browser's console.
 * @module
 */
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import { isToken } from '../http/grammar.ts';
import { describeValue } from '../response/arguments.ts';
import { type CorsOptions, type CorsOriginCheck, DEFAULT_CORS_METHODS } from './cors-options.ts';

/** {@link CorsOptions} with every field given, lists frozen. */
export interface CheckedCorsOptions {
  readonly origin: readonly string[] | '*' | CorsOriginCheck;
  readonly methods: readonly string[];
  readonly allowedHeaders: readonly string[] | null;
  readonly exposedHeaders: readonly string[];
  readonly credentials: boolean;
  readonly maxAge: number | null;
}

/**
 * A serialized origin as browsers send it in `Origin` (the Fetch standard):
 * a lower-case scheme, `://`, and a host with an optional port, printable
 * ASCII (hosts are sent in punycode) without `/`.
 */
export const ORIGIN_SYNTAX = /^[a-z][a-z0-9+.-]*:\/\/[\x21-\x2e\x30-\x7e]+$/;

const FIELDS: readonly string[] = ['origin', 'methods', 'allowedHeaders', 'exposedHeaders', 'credentials', 'maxAge'];

function fail(field: string, expected: string, value: unknown): never {
  throw new PoorWSGIError('PW_ERR_OPTION', `Option cors.${field} must be ${expected} (got ${describeValue(value)})`);
}

/** One origin of a list: as browsers serialize it, so that comparing strings is comparing origins. */
function checkOrigin(value: unknown): string {
  if (value === 'null') return value;
  if (typeof value === 'string' && (value.startsWith('http://') || value.startsWith('https://'))) {
    // URL serializes the origin as browsers do: lower-case host, no default port, no path, no trailing slash
    const canonical = URL.canParse(value) ? new URL(value).origin : '';
    if (canonical !== value) {
      fail('origin', `a list of origins as browsers send them${canonical ? ` (write '${canonical}')` : ''}`, value);
    }
    return value;
  }
  if (typeof value !== 'string' || !ORIGIN_SYNTAX.test(value)) {
    fail('origin', "a list of origins such as 'https://app.example.com' (scheme://host[:port])", value);
  }
  return value;
}

function checkOrigins(value: unknown): readonly string[] | '*' | CorsOriginCheck {
  if (value === '*') return value;
  if (typeof value === 'function') return value as CorsOriginCheck;
  if (!Array.isArray(value)) {
    fail('origin', "a list of origins, a function (origin, req) => boolean or '*'", value);
  }
  return Object.freeze(value.map(checkOrigin));
}

function checkTokens(field: string, value: unknown, what: string): readonly string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && isToken(v))) {
    fail(field, `a list of ${what} (RFC 9110 tokens)`, value);
  }
  return Object.freeze([...(value as string[])]);
}

function checkMaxAge(value: unknown): number | null {
  if (value === null) return null;
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
    ? value
    : fail('maxAge', 'a whole number of seconds >= 0 or null', value);
}

/**
 * With credentials, a `*` is no wildcard for browsers (it would be taken as
 * a name): refused rather than silently meaning something else.
 */
function refuseWildcard(field: string, list: readonly string[] | null): void {
  if (list?.includes('*')) {
    throw new PoorWSGIError(
      'PW_ERR_OPTION',
      `Option cors.${field} cannot hold '*' with credentials: true: browsers take '*' as a wildcard only for requests without credentials; list the names`,
    );
  }
}

/**
 * Check a `cors` option value and give every field its default.
 * @throws PoorWSGIError `PW_ERR_OPTION` naming the field and the bad value,
 *   or saying why `origin: '*'` and `credentials: true` cannot go together
 */
export function checkCorsOptions(value: unknown): CheckedCorsOptions {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PoorWSGIError(
      'PW_ERR_OPTION',
      `Option cors must be an object such as { origin: ['https://app.example.com'] } or null (got ${describeValue(value)})`,
    );
  }
  const given = value as Record<string, unknown>;
  // a misspelt field (`credential: true`) would otherwise be a silent default
  const unknown = Object.keys(given).filter((key) => !FIELDS.includes(key));
  if (unknown.length > 0) {
    throw new PoorWSGIError(
      'PW_ERR_OPTION',
      `Option cors has no field ${unknown.join(', ')} (it has ${FIELDS.join(', ')})`,
    );
  }
  const origin = checkOrigins(given.origin);
  const methods = given.methods === undefined ? DEFAULT_CORS_METHODS : checkTokens('methods', given.methods, 'methods');
  const allowedHeaders =
    given.allowedHeaders === undefined || given.allowedHeaders === null
      ? null
      : checkTokens('allowedHeaders', given.allowedHeaders, 'header names');
  const exposedHeaders =
    given.exposedHeaders === undefined
      ? Object.freeze([])
      : checkTokens('exposedHeaders', given.exposedHeaders, 'header names');
  const credentials = given.credentials ?? false;
  if (typeof credentials !== 'boolean') fail('credentials', 'a boolean', credentials);
  const maxAge = given.maxAge === undefined ? null : checkMaxAge(given.maxAge);
  if (credentials) {
    if (origin === '*') {
      throw new PoorWSGIError(
        'PW_ERR_OPTION',
        "Option cors.origin cannot be '*' with credentials: true: browsers refuse a credentialed answer with " +
          'Access-Control-Allow-Origin: *, and allowing every origin with credentials would let any site act ' +
          "with the user's cookies; list the origins",
      );
    }
    refuseWildcard('methods', methods);
    refuseWildcard('allowedHeaders', allowedHeaders);
    refuseWildcard('exposedHeaders', exposedHeaders);
  }
  return { origin, methods, allowedHeaders, exposedHeaders, credentials, maxAge };
}
