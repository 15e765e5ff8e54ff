import type { Request } from '../request/request.ts';
import type { BaseResponse } from '../response/base-response.ts';
import type { HandlerResult } from '../response/response-value.ts';
import type { StateExtra } from '../results/state-extra.ts';
import type { RouteParams } from '../routing/route-params.ts';

export type { HandlerResult } from '../response/response-value.ts';

/** A route handler; path parameters follow the request, converted by their filters. */
export type Handler = (req: Request, ...params: never[]) => HandlerResult;

/** A route handler typed from its route string: `/user/<id:int>` gives `(req, id: number)`. */
export type RouteHandler<Uri extends string> = (req: Request, ...params: RouteParams<Uri>) => HandlerResult;

/** A handler of a raw regular-expression route: every capturing group as a string. */
export type RegularRouteHandler = (req: Request, ...groups: string[]) => HandlerResult;

/** A default handler, called when no route matches. */
export type DefaultHandler = (req: Request) => HandlerResult;

/**
 * A state handler: builds the response for a status code. `extra` holds the
 * keyword arguments of the `HTTPException`, made plain (serialisable as it
 * is): `error` as an `ErrorSummary` (`name`, `message`, `code`; `stack` in
 * debug mode only), `allowed` as method names; `status` is the code, for a
 * catch-all handler (`app.httpState('*', ...)`). The response's status is
 * forced to the code.
 */
export type StateHandler = (req: Request, extra: StateExtra, status: number) => HandlerResult;

/** The key of the catch-all state handler: `app.httpState('*', handler)` answers every error status without a handler of its own. */
export const ANY_STATE = '*';

/**
 * An error handler: builds the response for an exception of its class.
 * Returning `undefined` or `null` leaves the error to the 500 state handler.
 */
export type ErrorHandler<E = Error> = (req: Request, error: E) => HandlerResult;

/**
 * A before-response hook, run after routing and before the body is read and
 * the handler called. It returns nothing to let the request go on, or a
 * response (a `BaseResponse`) to answer at once: the handler is not called,
 * the after-hooks run. Throwing an `HTTPException` answers with its status.
 * Returning anything else fails to compile (and is a 500 at run time).
 */
export type BeforeHook = (
  req: Request,
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook that returns nothing lets the request go on
) => void | BaseResponse | PromiseLike<void | BaseResponse>;

/**
 * An after-response hook: returns the response to send, or `undefined` to
 * keep the one it was given.
 */
export type AfterHook = (req: Request, res: BaseResponse) => HandlerResult;

/** A class of errors, for error handlers. */
export type ErrorClass<E = Error> = abstract new (...args: never[]) => E;

/**
 * What a decorator factory returns: usable as a plain wrapper
 * (`app.route('/x')(handler)`) and as a TC39 method decorator on a class's
 * static methods (`@app.route('/x') static handler(req) {...}`).
 */
export type Decorator<F> = <T extends F>(fn: T, context?: unknown) => T;
