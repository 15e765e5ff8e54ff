import { HTTPException } from '../errors/http-exception.ts';
import type { HeadersInit } from '../http/headers.ts';
import { HTTP_MOVED_TEMPORARILY } from '../http/status.ts';
import { RedirectResponse, type RedirectStatus } from './redirect-response.ts';

/**
 * Stop the handler with a redirect: throws an {@link HTTPException} holding a
 * {@link RedirectResponse} (same arguments, same target checks).
 * @throws HTTPException always; PoorWSGIError `PW_ERR_ARGUMENT` for a bad target or status
 * @example
 * if (!req.user) redirect('/login');
 * redirect('/new/url', HTTP_MOVED_PERMANENTLY);
 */
export function redirect(
  location: string,
  statusCode: RedirectStatus = HTTP_MOVED_TEMPORARILY,
  message: string | Uint8Array = '',
  headers?: HeadersInit | null,
): never {
  throw new HTTPException(new RedirectResponse(location, statusCode, message, headers));
}
