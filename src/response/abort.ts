import { HTTPException, type HTTPExceptionExtra } from '../errors/http-exception.ts';
import type { BaseResponse } from './base-response.ts';

/**
 * Stop the handler: throw an {@link HTTPException} with a status code (the
 * application's state handler builds the page, `extra` is passed to it) or
 * with a ready response.
 * @example
 * if (!user) abort(HTTP_FORBIDDEN);
 * abort(HTTP_BAD_REQUEST, { error: 'id must be a number' });
 * abort(new JSONResponse({ reason: 'no' }, { statusCode: 400 }));
 */
export function abort(arg: number | BaseResponse, extra?: HTTPExceptionExtra): never {
  throw new HTTPException(arg, extra);
}
