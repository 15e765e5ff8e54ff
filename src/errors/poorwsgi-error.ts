import type { ErrorCode } from './codes.ts';

/**
 * The error for API misuse: a bad route, option or return value. It carries a
 * stable `code` (see `docs/errors.md`); the message names the culprit.
 * @example
 * try { app.route('/a/< id:int>', h); } catch (e) { (e as PoorWSGIError).code; } // 'PW_ERR_ROUTE'
 */
export class PoorWSGIError extends Error {
  /** Stable machine-readable code. */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PoorWSGIError';
    this.code = code;
  }
}
