import { HTTPException } from '../errors/http-exception.ts';
import { timeToHttp } from '../http/dates.ts';
import { htmlEscape } from '../http/html.ts';
import { methodNames } from '../http/methods.ts';
import {
  HTTP_BAD_REQUEST,
  HTTP_FORBIDDEN,
  HTTP_INTERNAL_SERVER_ERROR,
  HTTP_METHOD_NOT_ALLOWED,
  HTTP_NOT_FOUND,
  HTTP_NOT_IMPLEMENTED,
  HTTP_NOT_MODIFIED,
  HTTP_UNAUTHORIZED,
  reasonPhrase,
} from '../http/status.ts';
import type { Request } from '../request/request.ts';
import type { BaseResponse } from '../response/base-response.ts';
import { NotModifiedResponse } from '../response/not-modified-response.ts';
import { Response } from '../response/response.ts';
import { errorText, page, pageStyle, safePath } from './page.ts';

/** Extra arguments a state handler receives (`error`, `realm`, `allowed`, ...). */
export type StateExtra = Readonly<Record<string, unknown>>;

/** A built-in state handler. */
export type BuiltinStateHandler = (req: Request, extra: StateExtra) => BaseResponse;

function html(body: string, status: number): Response {
  return new Response(body, { statusCode: status });
}

/**
 * 304: a `NotModifiedResponse` with a Date, and the `ETag`, `Content-Location`,
 * `Vary`, `Cache-Control` and `Expires` extras when given (all sent: bug 2 fixed).
 */
export function notModified(_req: Request, extra: StateExtra): BaseResponse {
  const text = (name: string): string | null => {
    const value = extra[name];
    return typeof value === 'string' ? value : null;
  };
  return new NotModifiedResponse({
    etag: text('ETag'),
    contentLocation: text('Content-Location'),
    vary: text('Vary'),
    cacheControl: text('Cache-Control'),
    expires: text('Expires'),
    date: timeToHttp(),
  });
}

/** 400 Bad Request, showing the `error` extra (escaped). */
export function badRequest(req: Request, extra: StateExtra): BaseResponse {
  const body = `  <p>Method ${htmlEscape(req.method)} for ${safePath(req)} uri.</p>
  <pre>${htmlEscape(errorText(extra.error))}</pre>`;
  return html(page(req, HTTP_BAD_REQUEST, 'Bad Request', body), HTTP_BAD_REQUEST);
}

/** 401 Unauthorized (Digest's WWW-Authenticate comes with the auth issue). */
export function unauthorized(req: Request, _extra: StateExtra): BaseResponse {
  const body = `  <p>Method ${htmlEscape(req.method)} for ${safePath(req)} uri.</p>`;
  return html(page(req, HTTP_UNAUTHORIZED, 'Unauthorized', body), HTTP_UNAUTHORIZED);
}

/** 403 Forbidden. */
export function forbidden(req: Request, _extra: StateExtra): BaseResponse {
  const body = `  <p>You don't have permission to access <code>${safePath(req)}</code>
   on this server.</p>`;
  return html(page(req, HTTP_FORBIDDEN, 'Forbidden Access', body), HTTP_FORBIDDEN);
}

/** 404 Page Not Found. */
export function notFound(req: Request, _extra: StateExtra): BaseResponse {
  const body = `  <p>Your request <code>${safePath(req)}</code> was not found.</p>`;
  return html(page(req, HTTP_NOT_FOUND, 'Page Not Found', body), HTTP_NOT_FOUND);
}

/** The `Allow` header value for a method mask (OPTIONS is always allowed). */
export function allowHeader(allowed: number): string {
  return methodNames(allowed | 64).join(', ');
}

/** 405 Method Not Allowed, with `Allow` when the `allowed` extra (a method mask) is given. */
export function methodNotAllowed(req: Request, extra: StateExtra): BaseResponse {
  const body = `  <p>This method ${htmlEscape(req.method)} is not allowed to access <code>${safePath(req)}</code>
   on this server.</p>`;
  const res = html(page(req, HTTP_METHOD_NOT_ALLOWED, 'Method Not Allowed', body), HTTP_METHOD_NOT_ALLOWED);
  if (typeof extra.allowed === 'number') res.headers.set('Allow', allowHeader(extra.allowed));
  return res;
}

/** 501 Not Implemented: for an unknown method, or a status code with no page. */
export function notImplemented(req: Request, extra: StateExtra): BaseResponse {
  const code = extra.code;
  const body =
    typeof code === 'number'
      ? `  <p>Your request <code>${safePath(req)}</code> returned not implemented
   status code <code>${code}</code>.</p>`
      : `  <p>Method <code>${htmlEscape(req.method)}</code> for your request <code>${safePath(req)}</code>
   is not implemented on this server.</p>`;
  return html(page(req, HTTP_NOT_IMPLEMENTED, 'Not Implemented', body), HTTP_NOT_IMPLEMENTED);
}

/** 500 Internal Server Error; in debug mode with the request detail and the stack. */
export function internalServerError(req: Request, extra: StateExtra): BaseResponse {
  let body = '';
  if (req.debug) {
    const error = extra.error;
    const stack = error instanceof Error ? (error.stack ?? String(error)) : errorText(error);
    const handler = req.uriHandler;
    const handlerName = typeof handler === 'function' ? handler.name || '(anonymous)' : String(handler ?? '');
    const lines = stack
      .split('\n')
      .map((line, i) => `<span class="line${i % 2}">${htmlEscape(line)}</span>`)
      .join('\n');
    body = `  <h2>Response detail</h2>
  remote addr: <b><code>${htmlEscape(req.remoteAddr ?? '')}</code></b><br/>
  method: <b><code>${htmlEscape(req.method)}</code></b><br/>
  uri: <b><code>${safePath(req)}</code></b><br/>
  uri_rule: <b><code>${htmlEscape(req.uriRule ?? '')}</code></b><br/>
  uri_handler: <b><code>${htmlEscape(handlerName)}</code></b><br/>
  <h2>Exception Traceback</h2>
  <pre>${lines}</pre>`;
  }
  const style = pageStyle('pre .line1 {background: #e0e0e0}');
  return html(page(req, HTTP_INTERNAL_SERVER_ERROR, 'Internal Server Error', body, style), HTTP_INTERNAL_SERVER_ERROR);
}

/** Any other status: a plain page `"{code} - {reason}"` with that status. */
export function genericState(req: Request, code: number): BaseResponse {
  const reason = reasonPhrase(code);
  if (reason === undefined || code < 200) throw new HTTPException(HTTP_INTERNAL_SERVER_ERROR);
  if (code < 400) return new Response('', { statusCode: code });
  const body = `  <p>Your request <code>${safePath(req)}</code> ended with status ${code}.</p>`;
  return html(page(req, code, reason, body), code);
}

/** The built-in state handlers by status code. */
export const DEFAULT_STATES: ReadonlyMap<number, BuiltinStateHandler> = new Map<number, BuiltinStateHandler>([
  [HTTP_NOT_MODIFIED, notModified],
  [HTTP_BAD_REQUEST, badRequest],
  [HTTP_UNAUTHORIZED, unauthorized],
  [HTTP_FORBIDDEN, forbidden],
  [HTTP_NOT_FOUND, notFound],
  [HTTP_METHOD_NOT_ALLOWED, methodNotAllowed],
  [HTTP_INTERNAL_SERVER_ERROR, internalServerError],
  [HTTP_NOT_IMPLEMENTED, notImplemented],
]);

/**
 * The built-in response for a status: its page from {@link DEFAULT_STATES}
 * or the generic page. Never throws: a failure gives a bare 500.
 */
export function builtinState(req: Request, code: number, extra: StateExtra = {}): BaseResponse {
  try {
    const handler = DEFAULT_STATES.get(code);
    return handler ? handler(req, extra) : genericState(req, code);
  } catch {
    return new Response('500 - Internal Server Error', {
      contentType: 'text/plain; charset=utf-8',
      statusCode: HTTP_INTERNAL_SERVER_ERROR,
    });
  }
}
