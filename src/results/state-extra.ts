import { METHOD_OPTIONS, methodNames } from '../http/methods.ts';
import type { JsonSerializable } from '../response/response-value.ts';

/**
 * What a state handler is given besides the request: the `extra` of the
 * `HTTPException` (`error`, `allowed`, `realm`, ...), made plain: every
 * value can go through `JSON.stringify` as it is (an `HTTPException`'s own
 * extra should hold JSON values only: they are passed on as given).
 */
export type StateExtra = Readonly<Record<string, JsonSerializable>>;

/**
 * An error as a state handler sees it: what `JSON.stringify` can write.
 * `stack` is there in debug mode only, `code` when the error has a string
 * code (`PW_ERR_JSON`, `ENOENT`, ...).
 */
// a type, not an interface: an interface has no index signature, and would not count as JSON
export type ErrorSummary = {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly stack?: string;
};

/** An `Error` as an {@link ErrorSummary}; the stack only when `debug`. */
export function summarizeError(error: Error, debug: boolean): ErrorSummary {
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(debug && error.stack !== undefined ? { stack: error.stack } : {}),
  };
}

/** The names of the methods of a mask, OPTIONS included (always allowed): what `Allow` lists. */
export function allowedNames(mask: number): string[] {
  return methodNames(mask | METHOD_OPTIONS);
}

/**
 * The extra of a state handler, made plain: an `error` that is an `Error`
 * becomes an {@link ErrorSummary}, an `allowed` method mask becomes the
 * method names (`['GET', 'HEAD', 'OPTIONS']`). Anything else is passed as
 * given; an extra that is plain already is returned as it is.
 */
export function plainExtra(extra: Readonly<Record<string, unknown>>, debug: boolean): StateExtra {
  const { error, allowed } = extra;
  // the remaining values are the application's own: passed on as they are
  if (!(error instanceof Error) && typeof allowed !== 'number') return extra as StateExtra;
  return {
    ...(extra as StateExtra),
    ...(error instanceof Error ? { error: summarizeError(error, debug) } : {}),
    ...(typeof allowed === 'number' ? { allowed: allowedNames(allowed) } : {}),
  };
}
