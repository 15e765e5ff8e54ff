/**
 * Errors: `HTTPException` for request flow, `PoorWSGIError` for API misuse.
 * @module
 */

export { bodyTooLarge } from './body-too-large.ts';
export { ERROR_CODES, type ErrorCode } from './codes.ts';
export { HTTPException, type HTTPExceptionExtra, type ResponseLike } from './http-exception.ts';
export { PoorWSGIError } from './poorwsgi-error.ts';
