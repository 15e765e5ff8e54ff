/**
 * The validator wired into an application as PoorWSGI's `openapi3.py`
 * example wires openapi-core: a before-hook that validates each request
 * (400, or 401 for security, with a JSON body naming each failure; a path
 * or method the document does not describe is left to the router) and an
 * after-hook that validates each response (logged; a 500 when asked).
 * @module
 */
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import { HTTP_BAD_REQUEST, HTTP_INTERNAL_SERVER_ERROR, HTTP_UNAUTHORIZED } from '../http/status.ts';
import type { Request } from '../request/request.ts';
import type { BaseResponse } from '../response/base-response.ts';
import { JSONResponse } from '../response/json-response.ts';
import { OpenAPIRequest, OpenAPIResponse } from './adapters.ts';
import type {
  FoundOperation,
  OpenAPIValidator,
  RequestValidation,
  ResponseValidation,
  ValidatedParameters,
  ValidationIssue,
} from './validator.ts';

/** What the hooks keep of a request: its adapter, the operation found and the request's validation. */
interface Kept {
  readonly api: OpenAPIRequest;
  found?: FoundOperation | 'path' | 'operation';
  result?: RequestValidation;
}

/**
 * Where a request keeps its entry: a symbol-keyed property of the request
 * itself, dropped with it. A WeakMap did the same at ten times the cost
 * (bench/micro `openapi`): V8's collector walks every weak entry again.
 */
const KEPT = Symbol('poorwsgi.openapi');

type WithKept = Request & { [KEPT]?: Kept };

function keptOf(req: Request): Kept {
  let entry = (req as WithKept)[KEPT];
  if (entry === undefined) {
    entry = { api: new OpenAPIRequest(req) };
    (req as WithKept)[KEPT] = entry;
  }
  return entry;
}

/** The request's `OpenAPIRequest` (PoorWSGI's `req.api`), made once. */
export function apiRequest(req: Request): OpenAPIRequest {
  return keptOf(req).api;
}

/** What a handler gets of a validated request: its coerced parameters and decoded body. */
export interface Validated<Body = unknown> {
  readonly params: ValidatedParameters;
  readonly body: Body;
  /** The operation's `operationId`, when the document gives one. */
  readonly operationId: string | undefined;
}

/**
 * The validated, coerced parameters and body of a request that
 * {@link requestValidation}'s hook let through, so that a handler does not
 * parse them again. The `Body` type is the caller's claim of what the
 * operation's schema describes (the schema has checked it).
 * @throws PoorWSGIError `PW_ERR_OPENAPI` when the request was not validated (no hook, or no operation)
 */
export function validated<Body = unknown>(req: Request): Validated<Body> {
  const result = (req as WithKept)[KEPT]?.result;
  if (result === undefined || result.operation === undefined) {
    throw new PoorWSGIError(
      'PW_ERR_OPENAPI',
      `The request ${req.method} ${req.path} was not validated against an operation`,
    );
  }
  return { params: result.params, body: result.body as Body, operationId: result.operation.operationId };
}

/** One line per issue: `path parameter 'arg': must be number`. */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues
    .map((i) => {
      if (i.in === 'body') return `body${i.name === '' ? '' : ` ${i.name}`}: ${i.reason}`;
      if (i.in === 'security' || i.in === 'status') return i.reason;
      return `${i.in === 'header' ? 'header' : `${i.in} parameter`} '${i.name}': ${i.reason}`;
    })
    .join('; ');
}

/** The client's answer to a failed request: `{"error": "...", "errors": [{in, name, reason}]}`, no charset. */
export function requestErrorResponse(result: RequestValidation): JSONResponse {
  const status = result.status === 'unauthorized' ? HTTP_UNAUTHORIZED : HTTP_BAD_REQUEST;
  const body = { error: describeIssues(result.issues), errors: result.issues.map((i) => ({ ...i })) };
  return new JSONResponse(body, { statusCode: status, charset: null });
}

/** Options of {@link requestValidation}. */
export interface RequestValidationOptions {
  /** Make the client's error answer (default {@link requestErrorResponse}). */
  readonly onError?: (result: RequestValidation, req: Request) => BaseResponse;
}

/**
 * A before-hook validating each request against `validator`. It reads the
 * body first (`req.parseBody()`) when the operation has one. A valid
 * request goes on, with its values for {@link validated}.
 * @example app.beforeResponse(requestValidation(validator));
 */
export function requestValidation(
  validator: OpenAPIValidator,
  options: RequestValidationOptions = {},
): (req: Request) => Promise<BaseResponse | undefined> | BaseResponse | undefined {
  const onError = options.onError ?? requestErrorResponse;
  const finish = (
    req: Request,
    entry: Kept,
    found: FoundOperation | 'path' | 'operation',
  ): BaseResponse | undefined => {
    const result = validator.validateRequest(entry.api, found);
    entry.result = result;
    return result.status === 'valid' || result.status === 'notFound' ? undefined : onError(result, req);
  };
  return (req) => {
    const entry = keptOf(req);
    const found = validator.findOperation(entry.api);
    entry.found = found;
    if (typeof found !== 'string' && found.operation.body !== undefined && req.wantsBody) {
      return req.parseBody().then(() => finish(req, entry, found));
    }
    return finish(req, entry, found);
  };
}

/** Options of {@link responseValidation}. */
export interface ResponseValidationOptions {
  /** Answer 500 instead of a response the document does not describe. @default false (only logged) */
  readonly failWith500?: boolean;
  /** Called with each invalid response (default: `req.app`'s logger, as an error). */
  readonly onInvalid?: (result: ResponseValidation, req: Request, res: BaseResponse) => void;
}

/**
 * An after-hook validating each response against `validator`: an invalid
 * one is logged (`API output error: ...`) and, with `failWith500`, replaced
 * by a 500 JSON answer.
 * @example app.afterResponse(responseValidation(validator, { failWith500: true }));
 */
export function responseValidation(
  validator: OpenAPIValidator,
  options: ResponseValidationOptions = {},
): (req: Request, res: BaseResponse) => BaseResponse {
  const onInvalid =
    options.onInvalid ??
    ((result, req) => req.app.settings.logger.error(`API output error: ${describeIssues(result.issues)}`));
  return (req, res) => {
    const entry = keptOf(req);
    // the operation the request hook found, when it ran (not after a before-hook that answered first)
    const found = entry.found ?? validator.findOperation(entry.api);
    const result = validator.validateResponse(entry.api, new OpenAPIResponse(res), found);
    if (result.status !== 'invalid') return res;
    onInvalid(result, req, res);
    if (!options.failWith500) return res;
    return new JSONResponse(
      { error: `API output error: ${describeIssues(result.issues)}` },
      { statusCode: HTTP_INTERNAL_SERVER_ERROR, charset: null },
    );
  };
}
