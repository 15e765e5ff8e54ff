/**
 * A `cors` option compiled once, when it is set: the set of origins, and the
 * header values of every answer as ready strings, so that a request costs a
 * header read, a set lookup and a few `set()` calls.
 * @module
 */
import { isToken, trimOws } from '../http/grammar.ts';
import { HTTP_FORBIDDEN } from '../http/status.ts';
import type { Request } from '../request/request.ts';
import { describeValue } from '../response/arguments.ts';
import type { BaseResponse } from '../response/base-response.ts';
import { NoContentResponse } from '../response/no-content-response.ts';
import { TextResponse } from '../response/text-response.ts';
import { type CheckedCorsOptions, checkCorsOptions, ORIGIN_SYNTAX } from './check-cors-options.ts';
import type { CorsOptions, CorsOriginCheck } from './cors-options.ts';
import { appendVary } from './vary.ts';

/** Where a policy reports an origin function that failed: the application's logger fits. */
export interface CorsLogger {
  error(...args: unknown[]): void;
}

/** What a preflight's answer depends on besides the URL: caches must keep them apart. */
const PREFLIGHT_VARY = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers';

/**
 * The preflight's `Access-Control-Request-Headers` as a list to allow: names
 * in lower case, joined by `,`; `''` when there is none or one is not a
 * token (no `Access-Control-Allow-Headers` then, and the browser refuses).
 */
function reflectHeaders(requested: string | undefined): string {
  if (requested === undefined) return '';
  const names: string[] = [];
  for (const item of requested.split(',')) {
    const name = trimOws(item);
    // empty list elements are allowed by the list syntax (RFC 9110 §5.6.1)
    if (name === '') continue;
    if (!isToken(name)) return '';
    names.push(name.toLowerCase());
  }
  return names.join(',');
}

/**
 * A compiled `cors` option: what `app.cors` holds (the fields of
 * {@link CorsOptions}, checked, every default filled in, frozen). The
 * pipeline asks it to answer preflights ({@link CorsPolicy.preflight}) and
 * to add the CORS headers to every other answer ({@link CorsPolicy.decorate}).
 * @example
 * const policy = new CorsPolicy({ origin: ['https://app.example.com'], credentials: true });
 * policy.methods // ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE']
 */
export class CorsPolicy implements CheckedCorsOptions {
  /** The allowed origins: a frozen list, a function or `'*'` (see {@link CorsOptions.origin}). */
  readonly origin: readonly string[] | '*' | CorsOriginCheck;
  /** The methods a preflight allows, frozen (see {@link CorsOptions.methods}). */
  readonly methods: readonly string[];
  /** The request headers a preflight allows, frozen; `null` reflects what it asks for. */
  readonly allowedHeaders: readonly string[] | null;
  /** The response headers script may read, frozen (see {@link CorsOptions.exposedHeaders}). */
  readonly exposedHeaders: readonly string[];
  /** Whether credentialed requests are allowed (see {@link CorsOptions.credentials}). */
  readonly credentials: boolean;
  /** Seconds a browser may keep a preflight's answer; `null` sends none. */
  readonly maxAge: number | null;
  /** The allowed origins of a list, for one lookup per request. */
  readonly #origins: ReadonlySet<string> | undefined;
  readonly #check: CorsOriginCheck | undefined;
  /** `origin: '*'`: every answer is the same, `Access-Control-Allow-Origin: *`. */
  readonly #everyOrigin: boolean;
  readonly #allowMethods: string;
  /** `null`: reflect the preflight's `Access-Control-Request-Headers`. */
  readonly #allowHeaders: string | null;
  readonly #expose: string;
  readonly #maxAge: string;

  /**
   * @throws PoorWSGIError `PW_ERR_OPTION` for a bad field, or `origin: '*'` with `credentials: true`
   */
  constructor(options: CorsOptions) {
    const checked = checkCorsOptions(options);
    this.origin = checked.origin;
    this.methods = checked.methods;
    this.allowedHeaders = checked.allowedHeaders;
    this.exposedHeaders = checked.exposedHeaders;
    this.credentials = checked.credentials;
    this.maxAge = checked.maxAge;
    const origin = checked.origin;
    this.#everyOrigin = origin === '*';
    this.#origins = Array.isArray(origin) ? new Set(origin) : undefined;
    this.#check = typeof origin === 'function' ? origin : undefined;
    this.#allowMethods = checked.methods.join(', ');
    this.#allowHeaders = checked.allowedHeaders === null ? null : checked.allowedHeaders.join(', ');
    this.#expose = checked.exposedHeaders.join(', ');
    this.#maxAge = checked.maxAge === null ? '' : String(checked.maxAge);
    // the checks ran once: a later change of a field would skip them
    Object.freeze(this);
  }

  /**
   * `value` as a policy: itself when it is one (no second compilation),
   * else compiled (and checked).
   * @throws PoorWSGIError `PW_ERR_OPTION` for a bad value
   */
  static from(value: unknown): CorsPolicy {
    return value instanceof CorsPolicy ? value : new CorsPolicy(value as CorsOptions);
  }

  /**
   * Whether `origin` (an `Origin` header's value) may read answers: in the
   * list, or approved by the function (asked only about a well-formed
   * `scheme://host[:port]`, so never about `null`; one that throws or answers
   * anything but a boolean refuses, and is logged), or any with `'*'`.
   */
  allows(origin: string, req: Request, logger: CorsLogger): boolean {
    if (this.#origins !== undefined) return this.#origins.has(origin);
    const check = this.#check;
    if (check === undefined) return true;
    if (!ORIGIN_SYNTAX.test(origin)) return false;
    let verdict: unknown;
    try {
      verdict = check(origin, req);
    } catch (err) {
      logger.error(`CORS origin check failed, origin ${origin} refused:`, err);
      return false;
    }
    if (typeof verdict === 'boolean') return verdict;
    logger.error(
      `CORS origin check must return a boolean synchronously (got ${describeValue(verdict)}), origin ${origin} refused`,
    );
    return false;
  }

  /**
   * The answer to a CORS preflight (an `OPTIONS` request with `Origin` and
   * `Access-Control-Request-Method`), or `undefined` when `req` is none.
   * An allowed origin gets 204 with the `Access-Control-Allow-*` headers;
   * any other gets 403 without them, so the browser refuses the request it
   * asked about. Never throws.
   */
  preflight(req: Request, logger: CorsLogger): BaseResponse | undefined {
    const origin = req.header('origin');
    if (origin === undefined || req.header('access-control-request-method') === undefined) return undefined;
    if (!this.#everyOrigin && !this.allows(origin, req, logger)) {
      const refused = new TextResponse('CORS preflight refused: origin not allowed\n', { statusCode: HTTP_FORBIDDEN });
      refused.headers.append('Vary', PREFLIGHT_VARY);
      return refused;
    }
    const answer = new NoContentResponse();
    const headers = answer.headers;
    headers.append('Access-Control-Allow-Origin', this.#everyOrigin ? '*' : origin);
    if (this.credentials) headers.append('Access-Control-Allow-Credentials', 'true');
    if (this.#allowMethods !== '') headers.append('Access-Control-Allow-Methods', this.#allowMethods);
    const allowHeaders = this.#allowHeaders ?? reflectHeaders(req.header('access-control-request-headers'));
    if (allowHeaders !== '') headers.append('Access-Control-Allow-Headers', allowHeaders);
    if (this.#maxAge !== '') headers.append('Access-Control-Max-Age', this.#maxAge);
    headers.append('Vary', PREFLIGHT_VARY);
    return answer;
  }

  /**
   * Add the CORS headers of an answer that is not a preflight's (errors and
   * 404s included): `Access-Control-Allow-Origin` with the request's origin
   * when it is allowed (or `*`), `-Allow-Credentials`, `-Expose-Headers`,
   * and `Origin` in `Vary` unless the answer is the same for every origin.
   * A handler's own `Access-Control-*` values are replaced for an allowed
   * origin and left alone otherwise.
   */
  decorate(req: Request, response: BaseResponse, logger: CorsLogger): void {
    const headers = response.headers;
    if (this.#everyOrigin) {
      headers.set('Access-Control-Allow-Origin', '*');
      if (this.#expose !== '') headers.set('Access-Control-Expose-Headers', this.#expose);
      return;
    }
    // even without Origin: a cache must not give this answer to a cross-origin request
    appendVary(headers, 'Origin');
    const origin = req.header('origin');
    if (origin === undefined || !this.allows(origin, req, logger)) return;
    headers.set('Access-Control-Allow-Origin', origin);
    if (this.credentials) headers.set('Access-Control-Allow-Credentials', 'true');
    if (this.#expose !== '') headers.set('Access-Control-Expose-Headers', this.#expose);
  }
}
