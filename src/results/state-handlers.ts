import { checkRealm, digestChallenge } from '../crypto/digest-challenge.ts';
import { HTTPException } from '../errors/http-exception.ts';
import { timeToHttp } from '../http/dates.ts';
import { htmlEscape } from '../http/html.ts';
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
import { pageFormat } from './error-format.ts';
import { errorText, page, pageStyle, safePath } from './page.ts';
import { allowedNames, plainExtra, type StateExtra } from './state-extra.ts';

/** A built-in state handler. */
export type BuiltinStateHandler = (req: Request, extra: StateExtra) => BaseResponse;

/** What a built-in page says, in each format: the HTML body is escaped already. */
interface PageText {
  /** The HTML page's title (PoorWSGI's: "Page Not Found", "Forbidden Access", ...). */
  readonly title: string;
  /** One sentence for plain text and the problem's `detail`. */
  readonly detail: string;
  /** The HTML page's body, escaped. */
  readonly html: string;
  /** Members of the problem object besides `type`, `title`, `status` and `detail` (`allowed`). */
  readonly members?: Readonly<Record<string, unknown>>;
  /** The error's stack (debug mode): the problem's `stack` lines, the end of the plain text. */
  readonly trace?: string;
  /** The HTML page's `<style>` element, when it has rules of its own. */
  readonly style?: string;
}

/**
 * A built-in page in the request's format (see {@link pageFormat}):
 * `application/problem+json` (RFC 9457; `title` is the status's reason
 * phrase, as the RFC asks for `about:blank`), plain text, or HTML. A
 * negotiated format adds `Vary: Accept`, so that caches keep them apart.
 */
function answer(req: Request, code: number, text: PageText): Response {
  const format = pageFormat(req);
  let res: Response;
  if (format === 'json') {
    const problem = { type: 'about:blank', title: reasonPhrase(code) ?? text.title, status: code, detail: text.detail };
    const stack = text.trace === undefined ? {} : { stack: text.trace.split('\n') };
    res = new Response(JSON.stringify({ ...problem, ...text.members, ...stack }), {
      contentType: 'application/problem+json',
      statusCode: code,
    });
  } else if (format === 'text') {
    const trace = text.trace === undefined ? '' : `\n${text.trace}\n`;
    res = new Response(`${code} - ${reasonPhrase(code) ?? text.title}\n${text.detail}\n${trace}`, {
      contentType: 'text/plain; charset=utf-8',
      statusCode: code,
    });
  } else {
    res = new Response(page(req, code, text.title, text.html, text.style), { statusCode: code });
  }
  if (req.app.settings.errorFormat === 'auto') res.headers.set('Vary', 'Accept');
  return res;
}

/** The request path for plain text and JSON; `[ NOT PARSED ]` when the path itself is bad. */
function rawPath(req: Request): string {
  try {
    return req.path;
  } catch {
    return '[ NOT PARSED ]';
  }
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
  const error = errorText(extra.error);
  return answer(req, HTTP_BAD_REQUEST, {
    title: 'Bad Request',
    detail: error || `The request ${req.method} ${rawPath(req)} is not valid.`,
    html: `  <p>Method ${htmlEscape(req.method)} for ${safePath(req)} uri.</p>
  <pre>${htmlEscape(error)}</pre>`,
  });
}

/**
 * 401 Unauthorized. With `authType: 'Digest'`, it carries the Digest
 * challenge (`WWW-Authenticate`) of the `realm` extra, with `stale=true` when
 * the `stale` extra is `true` (as `checkDigest` of `poorwsgi/auth` throws
 * them). A Digest 401 without a usable realm is a 500, and the reason is logged.
 */
export function unauthorized(req: Request, extra: StateExtra): BaseResponse {
  const settings = req.app.settings;
  let challenge: string | undefined;
  if (settings.authType === 'Digest') {
    try {
      challenge = digestChallenge(settings, req.userAgent ?? '', checkRealm(extra.realm), extra.stale === true);
    } catch (err) {
      settings.logger.error(
        { err },
        'Digest: a 401 answer needs the realm of its challenge, as in new HTTPException(401, { realm }):',
      );
      return internalServerError(req, {});
    }
  }
  const res = answer(req, HTTP_UNAUTHORIZED, {
    title: 'Unauthorized',
    detail: `The request ${req.method} ${rawPath(req)} needs authorization.`,
    html: `  <p>Method ${htmlEscape(req.method)} for ${safePath(req)} uri.</p>`,
  });
  if (challenge !== undefined) res.headers.set('WWW-Authenticate', challenge);
  return res;
}

/** 403 Forbidden. */
export function forbidden(req: Request, _extra: StateExtra): BaseResponse {
  return answer(req, HTTP_FORBIDDEN, {
    title: 'Forbidden Access',
    detail: `You don't have permission to access ${rawPath(req)} on this server.`,
    html: `  <p>You don't have permission to access <code>${safePath(req)}</code>
   on this server.</p>`,
  });
}

/** 404 Page Not Found. */
export function notFound(req: Request, _extra: StateExtra): BaseResponse {
  return answer(req, HTTP_NOT_FOUND, {
    title: 'Page Not Found',
    detail: `Your request ${rawPath(req)} was not found.`,
    html: `  <p>Your request <code>${safePath(req)}</code> was not found.</p>`,
  });
}

/** The `Allow` header value for a method mask or a list of method names (OPTIONS is always allowed). */
export function allowHeader(allowed: number | readonly string[]): string {
  if (typeof allowed === 'number') return allowedNames(allowed).join(', ');
  return allowed.includes('OPTIONS') ? allowed.join(', ') : [...allowed, 'OPTIONS'].join(', ');
}

/** The `allowed` extra as method names, or `undefined` when it is neither a mask nor a list of names. */
export function allowedOf(extra: StateExtra): readonly string[] | undefined {
  const allowed = extra.allowed;
  if (typeof allowed === 'number') return allowedNames(allowed);
  if (Array.isArray(allowed) && allowed.every((name) => typeof name === 'string')) return allowed;
  return undefined;
}

/**
 * 405 Method Not Allowed, with `Allow` (and the problem's `allowed` member)
 * when the `allowed` extra (method names, or a method mask) is given.
 */
export function methodNotAllowed(req: Request, extra: StateExtra): BaseResponse {
  const allowed = allowedOf(extra);
  const res = answer(req, HTTP_METHOD_NOT_ALLOWED, {
    title: 'Method Not Allowed',
    detail: `The method ${req.method} is not allowed for ${rawPath(req)}.`,
    html: `  <p>This method ${htmlEscape(req.method)} is not allowed to access <code>${safePath(req)}</code>
   on this server.</p>`,
    ...(allowed === undefined ? {} : { members: { allowed: allowHeader(allowed).split(', ') } }),
  });
  if (allowed !== undefined) res.headers.set('Allow', allowHeader(allowed));
  return res;
}

/** 501 Not Implemented: for an unknown method, or a status code with no page. */
export function notImplemented(req: Request, extra: StateExtra): BaseResponse {
  const code = extra.code;
  return typeof code === 'number'
    ? answer(req, HTTP_NOT_IMPLEMENTED, {
        title: 'Not Implemented',
        detail: `Your request ${rawPath(req)} returned not implemented status code ${code}.`,
        html: `  <p>Your request <code>${safePath(req)}</code> returned not implemented
   status code <code>${code}</code>.</p>`,
      })
    : answer(req, HTTP_NOT_IMPLEMENTED, {
        title: 'Not Implemented',
        detail: `The method ${req.method} is not implemented on this server.`,
        html: `  <p>Method <code>${htmlEscape(req.method)}</code> for your request <code>${safePath(req)}</code>
   is not implemented on this server.</p>`,
      });
}

/** The stack of the `error` extra: an `Error`'s, an error summary's (debug mode), else its text. */
function stackOf(error: unknown): string {
  if (error instanceof Error) return error.stack ?? String(error);
  const stack = typeof error === 'object' && error !== null ? (error as { stack?: unknown }).stack : undefined;
  return typeof stack === 'string' ? stack : errorText(error);
}

/**
 * 500 Internal Server Error. In debug mode the page shows the request
 * detail and the stack (the problem object: the error's message as `detail`
 * and its `stack` lines); otherwise nothing of the error.
 */
export function internalServerError(req: Request, extra: StateExtra): BaseResponse {
  const detail = 'The server failed to answer this request.';
  if (!req.debug) return answer(req, HTTP_INTERNAL_SERVER_ERROR, { title: 'Internal Server Error', detail, html: '' });
  const error = extra.error;
  const stack = stackOf(error);
  const handler = req.uriHandler;
  const handlerName = typeof handler === 'function' ? handler.name || '(anonymous)' : String(handler ?? '');
  const lines = stack
    .split('\n')
    .map((line, i) => `<span class="line${i % 2}">${htmlEscape(line)}</span>`)
    .join('\n');
  return answer(req, HTTP_INTERNAL_SERVER_ERROR, {
    title: 'Internal Server Error',
    detail: errorText(error) || detail,
    html: `  <h2>Response detail</h2>
  remote addr: <b><code>${htmlEscape(req.remoteAddr ?? '')}</code></b><br/>
  method: <b><code>${htmlEscape(req.method)}</code></b><br/>
  uri: <b><code>${safePath(req)}</code></b><br/>
  uri_rule: <b><code>${htmlEscape(req.uriRule ?? '')}</code></b><br/>
  uri_handler: <b><code>${htmlEscape(handlerName)}</code></b><br/>
  <h2>Exception Traceback</h2>
  <pre>${lines}</pre>`,
    trace: stack,
    style: pageStyle('pre .line1 {background: #e0e0e0}'),
  });
}

/**
 * Any other status: a page `"{code} - {reason}"` with that status, showing
 * the `error` extra when there is one (413, 415, 408 say what was wrong).
 * Below 400 the body is empty.
 */
export function genericState(req: Request, code: number, extra: StateExtra = {}): BaseResponse {
  const reason = reasonPhrase(code);
  if (reason === undefined || code < 200) throw new HTTPException(HTTP_INTERNAL_SERVER_ERROR);
  if (code < 400) return new Response('', { statusCode: code });
  const error = errorText(extra.error);
  return answer(req, code, {
    title: reason,
    detail: error || `Your request ${rawPath(req)} ended with status ${code}.`,
    html: `  <p>Your request <code>${safePath(req)}</code> ended with status ${code}.</p>${
      error ? `\n  <pre>${htmlEscape(error)}</pre>` : ''
    }`,
  });
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
export function builtinState(req: Request, code: number, extra: Readonly<Record<string, unknown>> = {}): BaseResponse {
  try {
    const plain = plainExtra(extra, req.debug);
    const handler = DEFAULT_STATES.get(code);
    return handler ? handler(req, plain) : genericState(req, code, plain);
  } catch {
    return new Response('500 - Internal Server Error', {
      contentType: 'text/plain; charset=utf-8',
      statusCode: HTTP_INTERNAL_SERVER_ERROR,
    });
  }
}
