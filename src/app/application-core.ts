// file-length: over 400 lines on purpose: PoorWSGI's Application API is one class of about thirty registering
// methods (route, setRoute, popRoute, isRoute, ... for each table), each a few documented lines;
// the tables, options and pipeline they feed live in their own files.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import type { MultipartLimits } from '../forms/multipart-limits.ts';
import { humanMethods, METHOD_ALL, METHOD_GET, METHOD_HEAD } from '../http/methods.ts';
import type { RawRequest } from '../request/raw-request.ts';
import { Request } from '../request/request.ts';
import type { RequestApp } from '../request/request-app.ts';
import { type WebSocketOptions, type WebSocketRouteHandler, webSocketRouteOf } from '../request/websocket-contract.ts';
import type { BaseResponse } from '../response/base-response.ts';
import type { RouteFilter } from '../routing/filters.ts';
import { RouteTable } from '../routing/route-table.ts';
import { Callable } from './callable.ts';
import {
  type AfterHook,
  ANY_STATE,
  type BeforeHook,
  type Decorator,
  type DefaultHandler,
  type ErrorClass,
  type ErrorHandler,
  type Handler,
  type RegularRouteHandler,
  type RouteHandler,
  type StateHandler,
} from './handler-types.ts';
import { HookList } from './hook-list.ts';
import { MethodTable } from './method-table.ts';
import { checkOption, resolveOptions } from './option-checks.ts';
import { type ApplicationOptions, DEFAULT_OPTIONS, fromEnv, getOptions } from './options.ts';
import { type PipelineContext, serve } from './pipeline.ts';
import { type WebSocketHandler, webSocketGetHandler } from './websocket-route.ts';

const GET_HEAD = METHOD_HEAD | METHOD_GET;

/** Debug mode shows stack traces and the application's tables to every client: said once, when it is turned on. */
function warnDebug(options: ApplicationOptions, name: string): void {
  options.logger.warn(
    `Application ${name}: debug mode is on: the 500 page shows stack traces and /debug-info the routes, ` +
      'configuration and request headers to every client. Never in production.',
  );
}

/** The request a Node server hands its listener: `node:http`/`node:https`, or the `node:http2` compatibility API. */
export type NodeRequest = IncomingMessage | Http2ServerRequest;
/** The response a Node server hands its listener, with {@link NodeRequest}. */
export type NodeResponse = ServerResponse | Http2ServerResponse;

type NodeListener = (req: NodeRequest, res: NodeResponse) => void;

/** A registering method's handler, or the method mask of its decorator form. */
type HandlerOrMethod<F> = F | number | undefined;

/**
 * The register-or-decorate shape of `route`, `default`, `httpState`, ...:
 * with a handler, register it and return it; with none, return a decorator
 * that registers the function it is given (with the method mask given instead).
 */
function registerOrDecorate<F extends (...args: never[]) => unknown>(
  register: (handler: F, method: number | undefined) => void,
  handlerOrMethod: HandlerOrMethod<F>,
  method: number | undefined,
): unknown {
  if (typeof handlerOrMethod === 'function') {
    register(handlerOrMethod, method);
    return handlerOrMethod;
  }
  return (fn: F) => {
    register(fn, handlerOrMethod);
    return fn;
  };
}

/**
 * The application is a request listener of `node:http`, `node:https` and
 * `node:http2` (its compatibility API: `http2.createServer(app)`,
 * `http2.createSecureServer(options, app)`), and has an accessor per option
 * (`app.debug = true`, `app.autoForm`), each checked when set.
 */
export interface ApplicationCore extends ApplicationOptions {
  (req: NodeRequest, res: NodeResponse): void;
}

/**
 * The application: route tables, hooks, state and error handlers, options and
 * the request pipeline. The `Application` exported by `poorwsgi` adds the
 * transports (`node:http` listener, `listen`, `fetch`, `request`).
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the instance is callable (see Callable)
export abstract class ApplicationCore extends Callable<NodeListener> implements RequestApp {
  #options: ApplicationOptions;
  /**
   * The tables and options the pipeline reads (`serve(this.pipeline, req)`).
   * The tables are the application's own: users see copies through `routes`,
   * `states`, `errors`, `defaults`, `before` and `after`.
   */
  protected readonly pipeline: PipelineContext;

  /**
   * @param name the application's name (PoorWSGI's `Application(name)`)
   * @param options any options; the `poor_*` environment variables (`fromEnv()`) apply under them
   * @throws PoorWSGIError `PW_ERR_OPTION` for a bad option, or a bad `poor_*` variable (named)
   */
  constructor(name = '__main__', options: Partial<ApplicationOptions> = {}) {
    // The listener is made with the application's name as its own `name`
    // (a function's `name` would hide it): redefining `name` afterwards would
    // turn the application into a dictionary object, and the pipeline reads
    // its tables on every request (bench/micro `pipeline`).
    const listener = { [String(name)]: (req: NodeRequest, res: NodeResponse) => this.handleNode(req, res) };
    super(listener[String(name)] as NodeListener);
    this.#options = resolveOptions({ ...fromEnv(), ...options });
    if (this.#options.debug) warnDebug(this.#options, String(name));
    this.pipeline = {
      routeTable: new RouteTable<Handler>(),
      beforeHooks: new HookList<BeforeHook>(),
      afterHooks: new HookList<AfterHook>(),
      stateTable: new MethodTable<number | typeof ANY_STATE, StateHandler>(),
      errorTable: new MethodTable<Function, ErrorHandler<unknown>>(),
      defaultTable: new MethodTable<0, DefaultHandler>(),
      // the live options object: setters change it in place
      settings: this.#options,
    };
  }

  /** Serve a request of a Node server (HTTP/1 or HTTP/2): the transport layer (`Application`) does. */
  protected abstract handleNode(req: NodeRequest, res: NodeResponse): void;

  /** `"{name} - callable Application class instance"`. */
  override toString(): string {
    return `${this.name} - callable Application class instance`;
  }

  // ---- the pipeline ----

  /**
   * Run the pipeline for one transport request; never throws.
   * @returns the request object and the response to send
   */
  async handle(raw: RawRequest): Promise<{ req: Request; response: BaseResponse }> {
    const req = new Request(raw, this);
    const response = await serve(this.pipeline, req);
    return { req, response };
  }

  // ---- options ----

  /** The multipart limits of the current options. */
  get multipartLimits(): MultipartLimits {
    const o = this.#options;
    return {
      uploadLimit: o.uploadLimit,
      maxParts: o.maxParts,
      maxFields: o.maxFields,
      maxNameLength: o.maxNameLength,
      maxPartHeaderSize: o.maxPartHeaderSize,
      maxFileSize: o.maxFileSize,
      maxFieldSize: o.maxFieldSize,
      fieldSpillSize: o.fieldSpillSize,
    };
  }

  /**
   * The live options, for the request layer's hot path (see `RequestApp.settings`).
   * Read-only: set an option through its accessor, which checks it.
   */
  get settings(): Readonly<ApplicationOptions> {
    return this.#options;
  }

  /** Every option's current value (a copy). */
  get options(): Readonly<ApplicationOptions> {
    return { ...this.#options };
  }

  #set<K extends keyof ApplicationOptions>(name: K, value: unknown): void {
    const was = this.#options.debug;
    // the options in force, for the checks that depend on another option (authType needs secretKey)
    this.#options[name] = checkOption(name, value, this.#options);
    if (name === 'debug' && !was && this.#options.debug) warnDebug(this.#options, this.name);
  }

  static {
    // one accessor per option, `app.autoArgs` style, typed and documented by
    // the interface `ApplicationOptions` that `ApplicationCore` extends
    for (const name of Object.keys(DEFAULT_OPTIONS) as Array<keyof ApplicationOptions>) {
      Object.defineProperty(ApplicationCore.prototype, name, {
        get(this: ApplicationCore) {
          return this.#options[name];
        },
        set(this: ApplicationCore, value: unknown) {
          this.#set(name, value);
        },
        configurable: true,
      });
    }
  }

  /**
   * The `app_*` environment variables, prefix stripped (PoorWSGI's `get_options()`).
   * @example // app_db_file=my.db node app.ts
   * app.getOptions() // { db_file: 'my.db' }
   */
  getOptions(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
    return getOptions(env);
  }

  // ---- routes ----

  /**
   * Register a route handler; with no handler, return a decorator.
   * `uri` is a static path or has groups `<name>`, `<name:filter>`,
   * `<name:re:REGEX>`, whose converted values the handler receives, typed.
   * @param method a `METHOD_*` mask, `HEAD | GET` by default
   * @example
   * app.route('/user/<id:int>', (req, id) => ({ id })); // id: number
   */
  route<U extends string, H extends RouteHandler<U>>(uri: U, handler: H, method?: number): H;
  route<U extends string>(uri: U, method?: number): Decorator<RouteHandler<U>>;
  route<U extends string>(uri: U, handlerOrMethod?: RouteHandler<U> | number, method?: number): unknown {
    return registerOrDecorate<RouteHandler<U>>((fn, m) => this.setRoute(uri, fn, m), handlerOrMethod, method);
  }

  /**
   * Register a route handler (PoorWSGI's `set_route`). Registering a route
   * and method again replaces the handler, as in PoorWSGI, and warns.
   * @throws PoorWSGIError `PW_ERR_ROUTE` for a path without a leading `/`,
   * or other routers' `:name` and `*` segments (the error shows `<name>`, `<path:re:.*>`)
   */
  setRoute<U extends string>(uri: U, handler: RouteHandler<U>, method: number = GET_HEAD): void {
    this.#warnReplaced(uri, this.pipeline.routeTable.setRoute(uri, handler as Handler, method));
  }

  /** Say that a registration replaced handlers: two modules registering one route is usually a mistake. */
  #warnReplaced(rule: string, replaced: number): void {
    if (replaced !== 0) {
      this.#options.logger.warn(`Route '${rule}' for ${humanMethods(replaced)} was registered already: replaced`);
    }
  }

  /**
   * Remove the handler of `uri` for one method flag and return it.
   * @throws PoorWSGIError `PW_ERR_NOT_REGISTERED`
   */
  popRoute(uri: string, method: number): Handler {
    return this.pipeline.routeTable.popRoute(uri, method);
  }

  /** Whether a route (static or with groups) is registered for `uri`. */
  isRoute(uri: string): boolean {
    return this.pipeline.routeTable.isRoute(uri);
  }

  /**
   * Register a handler for a raw regular expression (anchored at both ends);
   * it receives every capturing group as a string. With no handler, a decorator.
   */
  regularRoute<H extends RegularRouteHandler>(pattern: string, handler: H, method?: number): H;
  regularRoute(pattern: string, method?: number): Decorator<RegularRouteHandler>;
  regularRoute(pattern: string, handlerOrMethod?: RegularRouteHandler | number, method?: number): unknown {
    return registerOrDecorate<RegularRouteHandler>(
      (fn, m) => this.setRegularRoute(pattern, fn, m),
      handlerOrMethod,
      method,
    );
  }

  /** Register a raw regular-expression route (PoorWSGI's `set_regular_route`). */
  setRegularRoute(pattern: string, handler: RegularRouteHandler, method: number = GET_HEAD): void {
    this.#warnReplaced(pattern, this.pipeline.routeTable.setRegularRoute(pattern, handler as Handler, method));
  }

  /** Remove a raw regular-expression route's handler for one method flag. */
  popRegularRoute(pattern: string, method: number): Handler {
    return this.pipeline.routeTable.popRegularRoute(pattern, method);
  }

  /** Whether a raw regular-expression route is registered. */
  isRegularRoute(pattern: string): boolean {
    return this.pipeline.routeTable.isRegularRoute(pattern);
  }

  /**
   * Define a route filter: `app.setFilter('email', '[\\w.-]+@[\\w.-]+')` then
   * `/user/<login:email>`. Declare its type for handlers by augmenting
   * `RouteFilterTypes` (see docs/routing.md).
   */
  setFilter(name: string, regex: string, convert?: (value: string) => unknown): void {
    this.pipeline.routeTable.setFilter(name, regex, convert);
  }

  /** The filter table (a copy). */
  get filters(): Map<string, RouteFilter> {
    return this.pipeline.routeTable.filters;
  }

  /** Static routes: path -> method flag -> handler (a copy). */
  get routes(): Map<string, Map<number, Handler>> {
    return this.pipeline.routeTable.routes;
  }

  /** Routes with groups and raw regular routes, in registration order (a copy). */
  get regularRoutes(): RouteTable<Handler>['regularRoutes'] {
    return this.pipeline.routeTable.regularRoutes;
  }

  // ---- WebSocket routes ----

  /**
   * Register a WebSocket route: the same router, filters and typed parameters
   * as `route()`, and the before-hooks run on the upgrade request (a hook's
   * response refuses it with that status). The handler gets the socket
   * (`WebSocketPeer`), the request and the parameters. A plain GET of the path
   * is answered 426; the upgrade itself needs `ws` installed and the server
   * attached (`app.listen()`, or `app.attach(server)` for your own server).
   * With no handler, a decorator.
   * @example
   * app.websocket('/chat/<room>', (socket, req, room) => {
   *   socket.on('message', (msg) => socket.send(`${room}: ${msg}`));
   * });
   */
  websocket<U extends string, H extends WebSocketHandler<U>>(uri: U, handler: H, options?: WebSocketOptions): H;
  websocket<U extends string>(uri: U, options?: WebSocketOptions): Decorator<WebSocketHandler<U>>;
  websocket<U extends string>(
    uri: U,
    handlerOrOptions?: WebSocketHandler<U> | WebSocketOptions,
    options?: WebSocketOptions,
  ): unknown {
    if (typeof handlerOrOptions === 'function') {
      this.setWebSocket(uri, handlerOrOptions, options);
      return handlerOrOptions;
    }
    return (fn: WebSocketHandler<U>) => {
      this.setWebSocket(uri, fn, handlerOrOptions);
      return fn;
    };
  }

  /** Register a WebSocket route (see {@link websocket}); it takes the path's GET and HEAD. */
  setWebSocket<U extends string>(uri: U, handler: WebSocketHandler<U>, options: WebSocketOptions = {}): void {
    const get = webSocketGetHandler(handler as WebSocketRouteHandler, options);
    this.#warnReplaced(uri, this.pipeline.routeTable.setRoute(uri, get, GET_HEAD));
  }

  /**
   * Remove a WebSocket route and return its handler.
   * @throws PoorWSGIError `PW_ERR_NOT_REGISTERED` when `uri` is no WebSocket route
   */
  popWebSocket(uri: string): WebSocketRouteHandler {
    const table = this.pipeline.routeTable;
    const route = this.isWebSocket(uri) ? webSocketRouteOf(table.popRoute(uri, METHOD_GET)) : undefined;
    if (route === undefined) {
      throw new PoorWSGIError('PW_ERR_NOT_REGISTERED', `No WebSocket route '${uri}'`);
    }
    table.popRoute(uri, METHOD_HEAD);
    return route.handler;
  }

  /** Whether `uri` is a registered WebSocket route. */
  isWebSocket(uri: string): boolean {
    const handlers = this.routes.get(uri) ?? this.regularRoutes.find((r) => r.rule === uri)?.handlers;
    return webSocketRouteOf(handlers?.get(METHOD_GET)) !== undefined;
  }

  // ---- default handler ----

  /** Register the handler called when no route matches; with no handler, a decorator. */
  default<H extends DefaultHandler>(handler: H, method?: number): H;
  default(method?: number): Decorator<DefaultHandler>;
  default(handlerOrMethod?: DefaultHandler | number, method?: number): unknown {
    return registerOrDecorate<DefaultHandler>((fn, m) => this.setDefault(fn, m), handlerOrMethod, method);
  }

  /** Register the default handler for a method mask (`HEAD | GET` by default). */
  setDefault(handler: DefaultHandler, method: number = GET_HEAD): void {
    this.pipeline.defaultTable.set(0, handler, method);
  }

  /**
   * Remove the default handler of one method flag.
   * @throws PoorWSGIError `PW_ERR_NOT_REGISTERED`
   */
  popDefault(method: number): DefaultHandler {
    return this.pipeline.defaultTable.pop(0, method, 'default handler');
  }

  /** Default handlers by method flag (a copy). */
  get defaults(): Map<number, DefaultHandler> {
    return this.pipeline.defaultTable.copy().get(0) ?? new Map();
  }

  // ---- state and error handlers ----

  /**
   * Register the handler of a status code, for every method by default; with
   * no handler, a decorator. Its response's status is forced to `code`.
   * `'*'` registers the catch-all: it answers every error status (400-599)
   * that has no handler of its own, and gets the status as its third argument.
   * @example app.httpState(HTTP_NOT_FOUND, (req) => tuple(`${req.path} not found`, 'text/plain'));
   * @example app.httpState('*', (req, extra, status) => ({ status, path: req.path, ...extra }));
   */
  httpState<H extends StateHandler>(code: number | typeof ANY_STATE, handler: H, method?: number): H;
  httpState(code: number | typeof ANY_STATE, method?: number): Decorator<StateHandler>;
  httpState(code: number | typeof ANY_STATE, handlerOrMethod?: StateHandler | number, method?: number): unknown {
    return registerOrDecorate<StateHandler>((fn, m) => this.setHttpState(code, fn, m), handlerOrMethod, method);
  }

  /**
   * Register a state handler (PoorWSGI's `set_http_state`), every method by
   * default; `'*'` for the catch-all of the error statuses.
   * @throws PoorWSGIError `PW_ERR_STATUS` for a code outside 100-599
   */
  setHttpState(code: number | typeof ANY_STATE, handler: StateHandler, method: number = METHOD_ALL): void {
    if (code !== ANY_STATE && (!Number.isInteger(code) || code < 100 || code > 599)) {
      throw new PoorWSGIError('PW_ERR_STATUS', `State handler code must be 100-599 or '*' (got ${String(code)})`);
    }
    this.pipeline.stateTable.set(code, handler, method);
  }

  /** Remove a state handler for one method flag (`'*'`: the catch-all's). */
  popHttpState(code: number | typeof ANY_STATE, method: number): StateHandler {
    return this.pipeline.stateTable.pop(code, method, `state handler for ${String(code)}`);
  }

  /** State handlers: code (or `'*'`) -> method flag -> handler (a copy). */
  get states(): Map<number | typeof ANY_STATE, Map<number, StateHandler>> {
    return this.pipeline.stateTable.copy();
  }

  /**
   * Register the handler of an error class, for every method by default; the
   * most specific registered class of a thrown error wins, whatever the order.
   * A handler that returns `undefined` or `null` leaves the error to the 500
   * page. With no handler, a decorator.
   */
  errorHandler<E, H extends ErrorHandler<E>>(errorClass: ErrorClass<E>, handler: H, method?: number): H;
  errorHandler<E>(errorClass: ErrorClass<E>, method?: number): Decorator<ErrorHandler<E>>;
  errorHandler<E>(errorClass: ErrorClass<E>, handlerOrMethod?: ErrorHandler<E> | number, method?: number): unknown {
    return registerOrDecorate<ErrorHandler<E>>(
      (fn, m) => this.setErrorHandler(errorClass, fn, m),
      handlerOrMethod,
      method,
    );
  }

  /** Register an error handler (PoorWSGI's `set_error_handler`), every method by default. */
  setErrorHandler<E>(errorClass: ErrorClass<E>, handler: ErrorHandler<E>, method: number = METHOD_ALL): void {
    if (typeof errorClass !== 'function') {
      throw new PoorWSGIError('PW_ERR_ARGUMENT', 'An error handler needs an error class');
    }
    this.pipeline.errorTable.set(errorClass, handler as ErrorHandler<unknown>, method);
  }

  /** Remove an error handler for one method flag. */
  popErrorHandler(errorClass: ErrorClass<unknown>, method: number): ErrorHandler<unknown> {
    return this.pipeline.errorTable.pop(errorClass, method, `error handler for ${errorClass.name}`);
  }

  /** Error handlers: class -> method flag -> handler (a copy). */
  get errors(): Map<Function, Map<number, ErrorHandler<unknown>>> {
    return this.pipeline.errorTable.copy();
  }

  // ---- hooks ----

  /** Add a before-response hook; with no argument, a decorator. */
  beforeResponse<H extends BeforeHook>(fn: H): H;
  beforeResponse(): Decorator<BeforeHook>;
  beforeResponse(fn?: BeforeHook): unknown {
    return registerOrDecorate<BeforeHook>((hook) => this.addBeforeResponse(hook), fn, undefined);
  }

  /**
   * Add a before-response hook: called with the request once the route is
   * resolved, before the handler; its value is ignored; it may throw `HTTPException`.
   * @throws PoorWSGIError `PW_ERR_DUPLICATE` when added twice
   */
  addBeforeResponse(fn: BeforeHook): void {
    this.pipeline.beforeHooks.add(fn, 'before-response');
  }

  /** Remove a before-response hook. @throws PoorWSGIError `PW_ERR_NOT_REGISTERED` */
  popBeforeResponse(fn: BeforeHook): BeforeHook {
    return this.pipeline.beforeHooks.pop(fn, 'before-response');
  }

  /** Add an after-response hook; with no argument, a decorator. */
  afterResponse<H extends AfterHook>(fn: H): H;
  afterResponse(): Decorator<AfterHook>;
  afterResponse(fn?: AfterHook): unknown {
    return registerOrDecorate<AfterHook>((hook) => this.addAfterResponse(hook), fn, undefined);
  }

  /**
   * Add an after-response hook: called with the request and the response
   * (error pages too); returns the response to send, or `undefined` to keep it.
   * @throws PoorWSGIError `PW_ERR_DUPLICATE` when added twice
   */
  addAfterResponse(fn: AfterHook): void {
    this.pipeline.afterHooks.add(fn, 'after-response');
  }

  /** Remove an after-response hook (fixes PoorWSGI's check of the wrong list). */
  popAfterResponse(fn: AfterHook): AfterHook {
    return this.pipeline.afterHooks.pop(fn, 'after-response');
  }

  /** The before-response hooks, in order (a copy). */
  get before(): BeforeHook[] {
    return [...this.pipeline.beforeHooks.items];
  }

  /** The after-response hooks, in order (a copy). */
  get after(): AfterHook[] {
    return [...this.pipeline.afterHooks.items];
  }
}
