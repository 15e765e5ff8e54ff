import { HTTP_REQUEST_ENTITY_TOO_LARGE } from '../http/status.ts';
import { HTTPException } from './http-exception.ts';

/**
 * The 413 of a request body over a limit, worded the same wherever it is
 * found: from `Content-Length` before reading (`length` known), or while
 * reading a body of unknown length (`length` -1).
 * @example throw bodyTooLarge(2097152, 1048576); // "Request body of 2097152 bytes is larger than the limit of 1048576 bytes"
 */
export function bodyTooLarge(length: number, limit: number): HTTPException {
  return new HTTPException(HTTP_REQUEST_ENTITY_TOO_LARGE, {
    error:
      length >= 0
        ? `Request body of ${length} bytes is larger than the limit of ${limit} bytes`
        : `Request body is larger than the limit of ${limit} bytes`,
  });
}
