// file-length: over 400 lines on purpose: the pipeline is one story read top to bottom (route, hooks, body,
// handler, errors, after-hooks), whose steps stay synchronous until something returns a promise;
// split, the sync/async hand-offs between steps would cross files.
/**
 * The request pipeline, from a `Request` to the response to send: `serve()`
 * routes the request and runs its before-hooks (`route`: `dispatch`,
 * `routeRequest`, `serveUnrouted`, `runBeforeHooks`), then reads the body
 * and calls the handler (`serveRouted`: `callHandler`), turns failures into
 * responses (`settleResponse`, `toErrorResponse`, `toStateResponse`) and
 * runs the after-hooks (`finish`, `runAfterHooks`). Each step stays
 * synchronous until something on the way returns a promise: the hot path of
 * a plain route allocates none. The Fetch and in-process transports call
 * `serve()`; node:http calls its two halves, `route()` and `serveRouted()`,
 * so that it can collect a small body from Node's events in between.
 * @module
 */
import { compressResponse } from '../compress/compress-response.ts';
import { CorsPolicy } from '../cors/cors-policy.ts';
import { HTTPException } from '../errors/http-exception.ts';
import { METHOD_ALL, METHOD_GET, METHOD_HEAD, METHOD_OPTIONS, methodFlags } from '../http/methods.ts';
import {
  DECLINED,
  HTTP_INTERNAL_SERVER_ERROR,
  HTTP_METHOD_NOT_ALLOWED,
  HTTP_NO_CONTENT,
  HTTP_NOT_FOUND,
  HTTP_NOT_IMPLEMENTED,
  HTTP_UNSUPPORTED_MEDIA_TYPE,
} from '../http/status.ts';
import { isThenable } from '../http/thenable.ts';
import type { Request } from '../request/request.ts';
import { BaseResponse, POWERED_BY } from '../response/base-response.ts';
import { Declined } from '../response/declined.ts';
import { toResponse } from '../response/make-response.ts';
import { NoContentResponse } from '../response/no-content-response.ts';
import { directoryIndex } from '../results/directory-index.ts';
import { plainExtra } from '../results/state-extra.ts';
import { allowedOf, allowHeader, builtinState } from '../results/state-handlers.ts';
import type { RouteTable } from '../routing/route-table.ts';
import { runBeforeHooks, whenBeforeHooksDone } from './before-hooks.ts';
import { bodyRulesOf } from './body-rules.ts';
import { DEBUG_INFO_PATH, debugInfoPage } from './debug-page.ts';
import { documentResponse, findDocument } from './document-root.ts';
import { applyFileConditions } from './file-conditions.ts';
import {
  type AfterHook,
  ANY_STATE,
  type BeforeHook,
  type DefaultHandler,
  type ErrorHandler,
  type Handler,
  type StateHandler,
} from './handler-types.ts';
import type { HookList } from './hook-list.ts';
import type { MethodTable } from './method-table.ts';
import type { ApplicationOptions } from './options.ts';

/** What the pipeline reads of its application: the context and the options. */
export interface PipelineContext {
  readonly routeTable: RouteTable<Handler>;
  readonly beforeHooks: HookList<BeforeHook>;
  readonly afterHooks: HookList<AfterHook>;
  readonly stateTable: MethodTable<number | typeof ANY_STATE, StateHandler>;
  readonly errorTable: MethodTable<Function, ErrorHandler<unknown>>;
  /** Default handlers, all under the key 0, by method flag. */
  readonly defaultTable: MethodTable<0, DefaultHandler>;
  /** The live options (`documentRoot`, `documentIndex`, `logger`, ...). */
  readonly settings: Readonly<ApplicationOptions>;
}

/** A handler's final value as a response; `DECLINED` (0) declines the request. */
function toFinalResponse(result: unknown): BaseResponse {
  return result === DECLINED ? new Declined() : toResponse(result);
}

/**
 * A handler's value as a response. Synchronous for a synchronous value: the
 * hot path allocates no promise unless a handler or hook returns one.
 */
function respond(value: unknown): BaseResponse | Promise<BaseResponse> {
  return isThenable(value) ? Promise.resolve(value).then(toFinalResponse) : toFinalResponse(value);
}

/** A route made with `withBody()` reads its bodies with its own limits (a hook that reads the body too). */
function applyBodyLimits(req: Request): void {
  const rules = bodyRulesOf(req.uriHandler);
  if (rules !== undefined) req.useBodyLimits(rules);
}

/** The before-hooks passed: {@link ROUTED}, unless the route requires JSON and the request carries none (415). */
function admit(req: Request): typeof ROUTED {
  if (bodyRulesOf(req.uriHandler)?.requireJson === true && !req.isJsonBody) {
    throw new HTTPException(HTTP_UNSUPPORTED_MEDIA_TYPE, { error: 'This resource takes a JSON body' });
  }
  return ROUTED;
}

/**
 * Routing's verdict that the request goes to the handler in `req.uriHandler`
 * (with `req.routeParams`), its before-hooks passed: only now is a body that
 * the application parses read (and, for a client that asked
 * `Expect: 100-continue`, asked for). A request that is not routed, gets 405
 * or is refused by a hook never has its body stored.
 */
export const ROUTED: unique symbol = Symbol('poorwsgi.routed');

/** What routing ends with: {@link ROUTED}, or the response already (404, 405, OPTIONS, a document, 501). */
type Routed = BaseResponse | typeof ROUTED;

/**
 * Route the request and run its before-hooks, in PoorWSGI's order (static
 * routes, regular routes, the document root, default handlers), with 405 +
 * Allow for every route kind, HEAD on GET handlers, OPTIONS and 501.
 */
function dispatch(context: PipelineContext, req: Request): Routed | Promise<Routed> {
  if (req.methodNumber === 0) throw new HTTPException(HTTP_NOT_IMPLEMENTED);
  return routeRequest(context, req);
}

/** Call the handler routing chose, with the route's parameters. */
function callHandler(req: Request): BaseResponse | Promise<BaseResponse> {
  return callRouteHandler(req, req.uriHandler as Handler, req.routeParams);
}

function callRouteHandler(
  req: Request,
  handler: Handler,
  params: readonly unknown[],
): BaseResponse | Promise<BaseResponse> {
  const call = handler as (req: Request, ...p: unknown[]) => unknown;
  // a spread call is several times slower than a plain one: the usual counts get their own
  switch (params.length) {
    case 0:
      return respond(call(req));
    case 1:
      return respond(call(req, params[0]));
    case 2:
      return respond(call(req, params[0], params[1]));
    default:
      return respond(call(req, ...params));
  }
}

function routeRequest(context: PipelineContext, req: Request): Routed | Promise<Routed> {
  const flag = req.methodNumber;
  const match = context.routeTable.match(req.path, flag);
  if (match.kind === 'found') {
    req.uriRule = match.rule;
    req.uriHandler = match.handler;
    // the match, not its groups: they are made only when the handler asks for them
    req.routeMatch = match;
    applyBodyLimits(req);
    const before = runBeforeHooks(context.beforeHooks, req);
    // no closure on the hot path: only a hook's answer or waiting for a hook needs one
    return before === undefined ? admit(req) : whenBeforeHooksDone(before, () => admit(req));
  }
  if (match.kind === 'method') {
    req.uriRule = match.rule;
    return whenBeforeHooksDone(runBeforeHooks(context.beforeHooks, req), () => {
      if (flag === METHOD_OPTIONS) return allowResponse(match.allowed);
      throw new HTTPException(HTTP_METHOD_NOT_ALLOWED, { allowed: match.allowed });
    });
  }
  return serveUnrouted(context, req, flag, req.path);
}

/** No route: the document root, the default handler, `OPTIONS *`, or 404. */
async function serveUnrouted(context: PipelineContext, req: Request, flag: number, path: string): Promise<Routed> {
  // debug mode's page, for any method, where no route answered (see debug-page.ts)
  if (context.settings.debug && path === DEBUG_INFO_PATH) {
    req.uriRule = DEBUG_INFO_PATH;
    req.uriHandler = debugInfoPage;
    return (await runBeforeHooks(context.beforeHooks, req)) ?? ROUTED;
  }
  req.uriRule = '/*';
  if (context.settings.documentRoot !== '' && flag & (METHOD_GET | METHOD_HEAD)) {
    // the document root comes before the default handler (PoorWSGI's order)
    const target = await findDocument(context.settings.documentRoot, req);
    if (target.kind !== 'missing') {
      if (target.kind === 'directory' && context.settings.documentIndex) req.uriHandler = directoryIndex;
      return (
        (await runBeforeHooks(context.beforeHooks, req)) ??
        documentResponse(req, target, context.settings.documentIndex)
      );
    }
  }
  // HEAD is served by the GET handler, for the default handler as for routes
  const fallback =
    context.defaultTable.get(0, flag) ?? (flag === METHOD_HEAD ? context.defaultTable.get(0, METHOD_GET) : undefined);
  if (fallback !== undefined) {
    req.uriHandler = fallback;
    applyBodyLimits(req);
    return (await runBeforeHooks(context.beforeHooks, req)) ?? admit(req);
  }
  const answer = await runBeforeHooks(context.beforeHooks, req);
  if (answer !== undefined) return answer;
  // `OPTIONS *` asks about the server as a whole (RFC 9110 §9.3.7)
  if (flag === METHOD_OPTIONS && path === '*') return allowResponse(METHOD_ALL);
  throw new HTTPException(HTTP_NOT_FOUND);
}

function allowResponse(allowed: number): BaseResponse {
  const res = new NoContentResponse();
  res.headers.set('Allow', allowHeader(allowed));
  return res;
}

/**
 * The response of a status code: the user's state handler for the code and
 * method (its status forced to the code), else the built-in page. An
 * `HTTPException` raised inside is honoured; anything else gives the built-in 500.
 */
async function toStateResponse(
  context: PipelineContext,
  req: Request,
  code: number,
  extra: Readonly<Record<string, unknown>> = {},
): Promise<BaseResponse> {
  let response: BaseResponse;
  const plain = plainExtra(extra, req.debug);
  const flag = req.methodNumber;
  // the catch-all covers the error statuses only: a 304 must stay without a body
  const handler =
    forMethod(context.stateTable, code, flag) ??
    (code >= 400 ? forMethod(context.stateTable, ANY_STATE, flag) : undefined);
  if (handler === undefined) {
    response = builtinState(req, code, plain);
  } else {
    req.errorHandler = handler;
    try {
      response = await respond(handler(req, plain, code));
      if (!response.declined) response.statusCode = code;
    } catch (err) {
      if (err instanceof HTTPException) {
        // not through the user's state handlers again: one of them just threw
        response = fixedResponse(err) ?? builtinState(req, err.statusCode, err.extra);
      } else {
        context.settings.logger.error({ err }, `State handler for ${code} failed:`);
        response = builtinState(req, HTTP_INTERNAL_SERVER_ERROR, { error: err });
      }
    }
  }
  const allowed = code === HTTP_METHOD_NOT_ALLOWED ? allowedOf(plain) : undefined;
  if (allowed !== undefined && !response.headers.has('Allow')) response.headers.set('Allow', allowHeader(allowed));
  return response;
}

/** The response an `HTTPException` fixes by itself (a response, `DECLINED`, 204), else `undefined`. */
function fixedResponse(err: HTTPException): BaseResponse | undefined {
  const given = err.response;
  if (given instanceof BaseResponse) return given;
  if (err.statusCode === DECLINED) return new Declined();
  if (err.statusCode === HTTP_NO_CONTENT) return new NoContentResponse();
  return undefined;
}

/** The response of an `HTTPException`: its response, or the state response of its code. */
function toExceptionResponse(
  context: PipelineContext,
  req: Request,
  err: HTTPException,
): Promise<BaseResponse> | BaseResponse {
  return fixedResponse(err) ?? toStateResponse(context, req, err.statusCode, err.extra);
}

/**
 * The handler of `key` for one method flag. A method the server does not
 * implement has no flag: only a handler registered for every method covers it.
 */
function forMethod<K, H>(table: MethodTable<K, H>, key: K, flag: number): H | undefined {
  if (flag !== 0) return table.get(key, flag);
  const handler = table.get(key, METHOD_HEAD);
  if (handler === undefined) return undefined;
  for (const each of methodFlags(METHOD_ALL)) if (table.get(key, each) !== handler) return undefined;
  return handler;
}

/** The error handler for `err`: the most specific registered class wins, whatever the order. */
function findErrorHandler(context: PipelineContext, err: unknown, flag: number): ErrorHandler<unknown> | undefined {
  if (context.errorTable.size === 0 || (typeof err !== 'object' && typeof err !== 'function') || err === null) {
    return undefined;
  }
  for (let proto = Object.getPrototypeOf(err); proto !== null; proto = Object.getPrototypeOf(proto)) {
    const ctor: unknown = Object.hasOwn(proto, 'constructor') ? proto.constructor : undefined;
    if (typeof ctor === 'function') {
      const handler = forMethod(context.errorTable, ctor, flag);
      if (handler !== undefined) return handler;
    }
  }
  return undefined;
}

/** Turn anything thrown while serving into a response. Never throws. */
async function toErrorResponse(context: PipelineContext, req: Request, err: unknown): Promise<BaseResponse> {
  try {
    if (err instanceof HTTPException) return await toExceptionResponse(context, req, err);
    const handler = findErrorHandler(context, err, req.methodNumber);
    if (handler !== undefined) {
      req.errorHandler = handler;
      try {
        const value = handler(req, err);
        const result = isThenable(value) ? await value : value;
        // returning nothing means "not handled": the 500 page, as PoorWSGI does for a falsy value
        if (result !== undefined && result !== null) return await respond(result);
      } catch (inner) {
        if (inner instanceof HTTPException) return await toExceptionResponse(context, req, inner);
        context.settings.logger.error({ err: inner }, 'Error handler failed:');
        return builtinState(req, HTTP_INTERNAL_SERVER_ERROR, { error: inner });
      }
    }
    // pino's shape, (fields, message): pino drops the values after a message that has no placeholders for them
    const path = safeFullPath(req);
    context.settings.logger.error({ err, method: req.method, path }, `${req.method} ${path}:`);
    return await toStateResponse(context, req, HTTP_INTERNAL_SERVER_ERROR, { error: err });
  } catch (last) {
    context.settings.logger.error({ err: last }, 'Building the error response failed:');
    return builtinState(req, HTTP_INTERNAL_SERVER_ERROR, { error: last });
  }
}

function safeFullPath(req: Request): string {
  try {
    return req.fullPath;
  } catch {
    return '(bad path)';
  }
}

/**
 * Serve one request: route, before-hooks, body, handler, errors,
 * after-hooks. Never throws (a promise never rejects); the response is ready
 * to send. Synchronous when every handler and hook on the way was: the hot
 * path of a plain route allocates no promise.
 */
export function serve(context: PipelineContext, req: Request): BaseResponse | Promise<BaseResponse> {
  const result = route(context, req);
  if (result === ROUTED) return serveRouted(context, req);
  if (isThenable(result)) return result.then((settled) => (settled === ROUTED ? serveRouted(context, req) : settled));
  return result;
}

/**
 * The first half of {@link serve}: route and run the before-hooks. Either
 * {@link ROUTED} (call {@link serveRouted} next), or the final response (a
 * failure handled, the after-hooks run). Never throws, never rejects.
 */
export function route(context: PipelineContext, req: Request): Routed | Promise<Routed> {
  const cors = context.settings.cors;
  // a CORS preflight never carries credentials: answered before the hooks, which may require them
  if (cors !== null && req.methodNumber === METHOD_OPTIONS) {
    const preflight = CorsPolicy.from(cors).preflight(req, context.settings.logger);
    if (preflight !== undefined) return withPoweredBy(context, preflight);
  }
  let result: Routed | Promise<Routed>;
  try {
    result = dispatch(context, req);
  } catch (err) {
    return settleResponse(context, req, Promise.reject(err));
  }
  if (result === ROUTED) return ROUTED;
  if (isThenable(result)) return settleRouting(context, req, result);
  return finish(context, req, result);
}

async function settleRouting(context: PipelineContext, req: Request, pending: Promise<Routed>): Promise<Routed> {
  let result: Routed;
  try {
    result = await pending;
  } catch (err) {
    return settleResponse(context, req, Promise.reject(err));
  }
  return result === ROUTED ? ROUTED : finish(context, req, result);
}

/**
 * The second half of {@link serve}, after {@link ROUTED}: read the body the
 * application parses (unless it is in), call the handler, finish. With
 * `bodyError`, the body could not be read: that error is the response
 * (400, 408, 413). Never throws, never rejects.
 */
export function serveRouted(
  context: PipelineContext,
  req: Request,
  bodyError?: unknown,
): BaseResponse | Promise<BaseResponse> {
  if (bodyError !== undefined) return settleResponse(context, req, Promise.reject(bodyError));
  let result: BaseResponse | Promise<BaseResponse>;
  try {
    result = req.wantsBody ? req.parseBody().then(() => callHandler(req)) : callHandler(req);
  } catch (err) {
    return settleResponse(context, req, Promise.reject(err));
  }
  return finish(context, req, result);
}

/** File conditions and after-hooks on a response; errors on the way become responses. */
function finish(
  context: PipelineContext,
  req: Request,
  result: BaseResponse | Promise<BaseResponse>,
): BaseResponse | Promise<BaseResponse> {
  if (isThenable(result)) return settleResponse(context, req, result);
  let response: BaseResponse;
  try {
    response = applyFileConditions(req, result);
    // a streamed body's first item is read before the status line: its failure is still a 500
    const primed = response.prime();
    if (primed !== undefined)
      return settleResponse(
        context,
        req,
        primed.then(() => response),
      );
  } catch (err) {
    return settleResponse(context, req, Promise.reject(err));
  }
  if (context.afterHooks.items.length > 0) return runAfterHooks(context, req, response);
  return finalize(context, req, response);
}

/**
 * The last step of every response, after the after-hooks: what the
 * application adds to every answer whatever made it (CORS headers, compression).
 */
function finalize(context: PipelineContext, req: Request, response: BaseResponse): BaseResponse {
  const cors = context.settings.cors;
  // CORS before compression: the Vary that compression extends must already name Origin
  if (cors !== null) CorsPolicy.from(cors).decorate(req, response, context.settings.logger);
  const compression = context.settings.compression;
  // compression last: it extends Vary and may replace the response by its compressed form
  const sent = compression === false ? response : compressResponse(req, response, compression, context.settings.logger);
  // on the response sent, which may be the compressed form: a new response, with the default
  return withPoweredBy(context, sent);
}

/**
 * Give a response the application's `X-Powered-By` value (the `poweredBy`
 * option). The default is on the prototype: a fresh response of an
 * application with the default needs no write. A response sent before (one
 * instance a handler returns every time) is given the current value again,
 * whatever it was given then. A declined response sends nothing: left alone.
 */
function withPoweredBy(context: PipelineContext, response: BaseResponse): BaseResponse {
  const poweredBy = context.settings.poweredBy;
  if (response[POWERED_BY] !== poweredBy && !response.declined) response[POWERED_BY] = poweredBy;
  return response;
}

async function settleResponse(
  context: PipelineContext,
  req: Request,
  pending: Promise<BaseResponse>,
): Promise<BaseResponse> {
  let response: BaseResponse;
  try {
    response = applyFileConditions(req, await pending);
    const primed = response.prime();
    if (primed !== undefined) await primed;
  } catch (err) {
    response = await toErrorResponse(context, req, err);
  }
  return runAfterHooks(context, req, response);
}

async function runAfterHooks(context: PipelineContext, req: Request, response: BaseResponse): Promise<BaseResponse> {
  const hooks = context.afterHooks.items;
  for (let i = 0; i < hooks.length; i++) {
    try {
      const value = (hooks[i] as AfterHook)(req, response);
      const result = isThenable(value) ? await value : value;
      if (result !== undefined) response = toFinalResponse(result);
    } catch (err) {
      // the remaining hooks are skipped: they would see a response they did not expect
      response = await toErrorResponse(context, req, err);
      break;
    }
  }
  return finalize(context, req, response);
}
