import type { Request } from '../request/request.ts';
import type { BaseResponse } from '../response/base-response.ts';
import type { RouteParams } from '../routing/route-params.ts';

/** Whatever a handler may return: see `makeResponse`. Promises are awaited. */
export type HandlerResult = unknown;

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
 * keyword arguments of the `HTTPException` (`error`, `allowed`, `realm`, ...).
 * The response's status is forced to the handler's code.
 */
export type StateHandler = (req: Request, extra: Readonly<Record<string, unknown>>) => HandlerResult;

/**
 * An error handler: builds the response for an exception of its class.
 * Returning `undefined` or `null` leaves the error to the 500 state handler.
 */
export type ErrorHandler<E = Error> = (req: Request, error: E) => HandlerResult;

/** A before-response hook; its return value is ignored, it may throw `HTTPException`. */
export type BeforeHook = (req: Request) => unknown;

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
