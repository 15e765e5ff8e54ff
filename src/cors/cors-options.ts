/**
 * What the application option `cors` takes: which origins may read the
 * answers of the application from a browser (the Fetch standard's CORS
 * protocol), with which methods and headers, and whether with credentials.
 * @module
 */
import type { Request } from '../request/request.ts';

/**
 * Decides whether a serialized origin (`https://app.example.com`) may read
 * the answer to `req`. Called only for well-formed `scheme://host[:port]`
 * origins, never for `null`; it must return `true` synchronously to allow
 * (anything else, a promise too, refuses). A function that throws refuses
 * too, and the error is logged.
 */
export type CorsOriginCheck = (origin: string, req: Request) => boolean;

/**
 * The application option `cors` (`null`, the default, turns CORS off).
 * Checked and compiled once when set: a bad value throws `PW_ERR_OPTION`.
 * @example
 * app.cors = { origin: ['https://app.example.com'], credentials: true, maxAge: 600 };
 */
export interface CorsOptions {
  /**
   * The origins allowed to read answers: a list of exact serialized origins
   * (`https://app.example.com`, no path and no trailing slash, default port
   * left out; `'null'` only when listed on purpose), a
   * {@link CorsOriginCheck}, or `'*'` for any origin without credentials.
   */
  readonly origin: readonly string[] | '*' | CorsOriginCheck;
  /**
   * Methods a preflight allows (`Access-Control-Allow-Methods`); compared
   * case-sensitively by browsers, so write them in upper case.
   * @default ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE']
   */
  readonly methods?: readonly string[] | undefined;
  /**
   * Request headers a preflight allows (`Access-Control-Allow-Headers`);
   * `null` reflects the preflight's `Access-Control-Request-Headers`.
   * @default null
   */
  readonly allowedHeaders?: readonly string[] | null | undefined;
  /**
   * Response headers that script may read besides the CORS-safelisted ones
   * (`Access-Control-Expose-Headers`).
   * @default []
   */
  readonly exposedHeaders?: readonly string[] | undefined;
  /**
   * Let the browser send cookies and HTTP authentication and let script
   * read the answer (`Access-Control-Allow-Credentials: true`). Refused
   * with `origin: '*'`.
   * @default false
   */
  readonly credentials?: boolean | undefined;
  /**
   * Seconds a browser may cache a preflight's answer
   * (`Access-Control-Max-Age`); `null` sends none (browsers then cache it
   * for 5 seconds). Browsers cap it (Chromium at 7200).
   * @default null
   */
  readonly maxAge?: number | null | undefined;
}

/** The methods a preflight allows when `methods` is not given. */
export const DEFAULT_CORS_METHODS: readonly string[] = Object.freeze(['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE']);
