// file-length: over 400 lines on purpose: the Request class is PoorWSGI's request API, many small lazy
// getters (query, cookies, form, JSON, proxy-aware host and address, logging); the parsing behind each
// lives in its own module.
import { HTTPException } from '../errors/http-exception.ts';
import { Args } from '../forms/args.ts';
import { EmptyForm } from '../forms/empty-form.ts';
import type { FieldStorage, FieldValue } from '../forms/field-storage.ts';
import type { TempFiles } from '../forms/temp-files.ts';
import { parseCookieHeader } from '../http/cookie.ts';
import { HTTP_BAD_REQUEST, HTTP_UNSUPPORTED_MEDIA_TYPE } from '../http/status.ts';
import type { BodyLimits } from './body-limits.ts';
import type { CachedInput } from './cached-input.ts';
import type { JsonValue } from './json-body.ts';
import { lastValue, type ProxyTrust, proxyTrust } from './proxy-trust.ts';
import type { RawRequest } from './raw-request.ts';
import type { RequestApp } from './request-app.ts';
import { type BodyIn, RequestBody } from './request-body.ts';
import { logRequest } from './request-log.ts';
import { RequestMessage } from './request-message.ts';

const NO_PARAMS: readonly unknown[] = Object.freeze([]);

// read once: `performance.timeOrigin` is a getter, and it never changes
const TIME_ORIGIN = performance.timeOrigin;

/** The current time as epoch seconds with sub-millisecond precision. */
function nowSeconds(): number {
  return (TIME_ORIGIN + performance.now()) / 1000;
}

/**
 * One HTTP request, as PoorWSGI's `Request`. Everything is parsed lazily,
 * on first use: path, query, headers, cookies, form and JSON. What the
 * client sent (path, headers, negotiation, hosts) is read by
 * {@link RequestMessage}; the body by a `RequestBody` made on first use.
 *
 * @example
 * app.route('/hello', (req) => `Hello ${req.args.getfirst('name', 'world')} from ${req.remoteAddr}`);
 */
export class Request extends RequestMessage {
  /** The application serving this request. */
  readonly app: RequestApp;
  /** When the request arrived, in epoch seconds. */
  readonly startTime: number = nowSeconds();
  /**
   * When the request object was done, in epoch seconds: as in PoorWSGI, the
   * end of the constructor (everything later is parsed lazily).
   */
  endTime: number;

  /** Free slot for the logged-in user (Digest auth sets it). */
  user: unknown = null;
  /** Free slot for API validation objects (OpenAPI sets it). */
  api: unknown = null;
  /** Free slot for a per-request database connection. */
  db: unknown = null;
  #bag: Record<string, unknown> | undefined;

  #args: Args | EmptyForm | undefined;
  #cookies: Record<string, string> | undefined;
  #body: RequestBody | undefined;
  #uriRule: string | undefined;
  #uriHandler: unknown;
  #errorHandler: unknown;
  /** Where the path parameters come from: the route match, or what `pathArgs` was set to. */
  #groupsOf: { readonly groups: Readonly<Record<string, unknown>>; readonly params?: readonly unknown[] } | undefined;

  constructor(raw: RawRequest, app: RequestApp) {
    super(raw);
    this.app = app;
    this.endTime = this.startTime;
  }

  /** A bag for your own per-request variables (made on first use). */
  get app_(): Record<string, unknown> {
    this.#bag ??= Object.create(null);
    return this.#bag as Record<string, unknown>;
  }

  // ---- query arguments and cookies ----

  /**
   * Query arguments: `Args` when `autoArgs` is on, else an `EmptyForm`.
   * @throws HTTPException 400 (strict parsing) or 413 (too many fields)
   */
  get args(): Args | EmptyForm {
    if (this.#args === undefined) {
      const query = this.query;
      this.#args = this.app.settings.autoArgs
        ? new Args(query, {
            keepBlankValues: this.app.settings.keepBlankValues,
            strictParsing: this.app.settings.strictParsing,
            maxFields: this.app.settings.maxFields,
          })
        : new EmptyForm();
    }
    return this.#args;
  }

  /** Set your own args; only while they are an `EmptyForm` (PoorWSGI's rule). */
  set args(value: Args | EmptyForm) {
    // not parsed yet: they would be an EmptyForm only with autoArgs off
    if (this.#args === undefined ? !this.app.settings.autoArgs : this.#args instanceof EmptyForm) this.#args = value;
  }

  /** Cookies from the Cookie header (null-prototype record; empty without one or with `autoCookies` off). */
  get cookies(): Readonly<Record<string, string>> {
    if (this.#cookies === undefined) {
      const value = this.app.settings.autoCookies ? this.lowerHeader('cookie') : undefined;
      this.#cookies = value ? parseCookieHeader(value) : Object.create(null);
    }
    return this.#cookies as Record<string, string>;
  }

  /** Debug mode of the application. */
  get debug(): boolean {
    return this.app.settings.debug;
  }

  /** The application's secret key. */
  get secretKey(): string | Uint8Array | null {
    return this.app.settings.secretKey;
  }

  // ---- behind a proxy: the forwarded headers, when the `trustProxy` option says so ----

  /** The compiled `trustProxy` when the peer is a trusted proxy; else `null` (the option off: one load). */
  #trustedProxy(): ProxyTrust | null {
    const setting = this.app.settings.trustProxy;
    if (setting === false) return null;
    const trust = proxyTrust(setting);
    return trust?.trusts(super.remoteAddr) ? trust : null;
  }

  /**
   * The client's address: the peer's, or behind trusted proxies (the
   * `trustProxy` option) the one they name in X-Forwarded-For.
   */
  override get remoteAddr(): string | null {
    const peer = super.remoteAddr;
    const setting = this.app.settings.trustProxy;
    if (setting === false) return peer;
    return proxyTrust(setting)?.clientAddress(peer, this.lowerHeader('x-forwarded-for')) ?? peer;
  }

  /** `https` on TLS connections, else `http`; behind a trusted proxy, its X-Forwarded-Proto (`http` or `https`). */
  override get scheme(): string {
    if (this.#trustedProxy() !== null) {
      const proto = lastValue(this.lowerHeader('x-forwarded-proto'))?.toLowerCase();
      if (proto === 'https' || proto === 'http') return proto;
    }
    return super.scheme;
  }

  /** The Host header, or behind a trusted proxy its X-Forwarded-Host: `host`, `hostname`, `hostPort` and `constructUrl()` read it. */
  protected override hostField(): string | undefined {
    if (this.#trustedProxy() !== null) {
      const host = lastValue(this.lowerHeader('x-forwarded-host'));
      if (host !== undefined) return host;
    }
    return super.hostField();
  }

  // ---- routing results, set once by the application ----

  /** The route rule that matched (`/user/<id:int>`, a static path, `/*`). Set once. */
  get uriRule(): string | undefined {
    return this.#uriRule;
  }

  set uriRule(value: string | undefined) {
    if (this.#uriRule === undefined) this.#uriRule = value;
  }

  /** The handler chosen for the request. Set once. */
  get uriHandler(): unknown {
    return this.#uriHandler;
  }

  set uriHandler(value: unknown) {
    if (this.#uriHandler === undefined) this.#uriHandler = value;
  }

  /** The state or error handler that was called. Set once. */
  get errorHandler(): unknown {
    return this.#errorHandler;
  }

  set errorHandler(value: unknown) {
    if (this.#errorHandler === undefined) this.#errorHandler = value;
  }

  /** Converted path parameters by name (a copy); `{}` when no regex route matched. */
  get pathArgs(): Record<string, unknown> {
    return Object.assign(Object.create(null), this.#groupsOf?.groups);
  }

  set pathArgs(value: Readonly<Record<string, unknown>>) {
    this.#groupsOf ??= { groups: value };
  }

  /**
   * The route match whose groups are the path parameters (set once, by the
   * application; its `groups` are read only when asked for).
   * @internal
   */
  set routeMatch(match: { readonly groups: Readonly<Record<string, unknown>>; readonly params: readonly unknown[] }) {
    this.#groupsOf ??= match;
  }

  /**
   * The route's converted parameters in order, which the handler is called
   * with; none without a route match (a default handler).
   * @internal
   */
  get routeParams(): readonly unknown[] {
    return this.#groupsOf?.params ?? NO_PARAMS;
  }

  /** The path parameters by name, as PoorWSGI's `req.groups`. */
  get groups(): Readonly<Record<string, unknown>> {
    return this.#groupsOf?.groups ?? Object.create(null);
  }

  // ---- body: read by a RequestBody made on first use ----

  /** The body, made on first use: a request whose body is never touched makes none. */
  get #theBody(): RequestBody {
    this.#body ??= new RequestBody(this, this.app);
    return this.#body;
  }

  /** True when the body should be read before the handler runs (it is parsed or buffered automatically). */
  get wantsBody(): boolean {
    return this.isBodyRequest && this.#theBody.wanted;
  }

  /**
   * Read what the application parses before the handler: a multipart form
   * streamed into `req.form` (files to temporary files or `fileCallback`
   * sinks; small bodies also into `req.data` with `autoData`), else the whole
   * body into memory ({@link Request.loadBody}).
   * @throws HTTPException 400, 408 or 413 with the reason
   */
  parseBody(): Promise<void> {
    return this.#theBody.parse();
  }

  /**
   * Read the whole body into memory, at most `limit` bytes (default
   * `app.bodyLimit`). Called by the application before the handler when the
   * body is parsed automatically.
   * @throws HTTPException 413 when the body is larger than the limit
   */
  loadBody(limit?: number): Promise<Uint8Array> {
    return this.#theBody.load(limit);
  }

  /**
   * Use a route's own body limits instead of the application's (set when
   * the route is chosen, before the body is read).
   * @internal the pipeline, for routes made with `withBody()`
   */
  useBodyLimits(limits: BodyLimits): void {
    this.#theBody.useLimits(limits);
  }

  /** True when the request carries a body the application parses as JSON (what `req.json` reads). */
  get isJsonBody(): boolean {
    return this.isBodyRequest && this.#theBody.isJson;
  }

  /**
   * The JSON body as `T`, checked by `check` (a type guard: your own, or
   * one made from a schema library). 415 when the request carries no JSON
   * body, 400 when `check` refuses it; `what` names the expected shape in
   * the 400's reason.
   * @throws HTTPException 415 or 400
   * @example
   * interface Order { id: number }
   * const isOrder = (v: JsonValue): v is Order & JsonValue =>
   *   typeof v === 'object' && v !== null && !Array.isArray(v) && typeof v.id === 'number';
   * app.route('/orders', (req) => `order ${req.jsonAs(isOrder, 'an order').id}`, METHOD_POST);
   */
  jsonAs<T extends JsonValue>(check: (value: JsonValue) => value is T, what = 'the expected shape'): T {
    const json = this.json;
    if (json === undefined) {
      throw new HTTPException(HTTP_UNSUPPORTED_MEDIA_TYPE, { error: 'The request carries no JSON body' });
    }
    if (!check(json)) throw new HTTPException(HTTP_BAD_REQUEST, { error: `The JSON body is not ${what}` });
    return json;
  }

  /**
   * True when the body the application reads before the handler is a small
   * one of known length on node:http, which {@link Request.collectBody}
   * reads without promises. Anything else (multipart, chunked, over the
   * limit, another transport) goes through {@link Request.parseBody}.
   * @internal the node:http adapter's fast path
   */
  get collectsBody(): boolean {
    return this.#theBody.collectable;
  }

  /**
   * Read the body as {@link Request.loadBody} would, then call
   * `callback(this, context, err)`: `err` is `undefined` with `req.data` set,
   * or the HTTPException (400, 408) of a failed read. Only when
   * {@link Request.collectsBody} is true.
   * @internal the node:http adapter's fast path
   */
  collectBody<C>(callback: (request: Request, context: C, err: unknown) => void, context: C): void {
    // the body calls back with its owner, which is this request
    this.#theBody.collect(callback as BodyIn<C>, context);
  }

  /**
   * The body as a buffered stream (PoorWSGI's `req.input`): `read`,
   * `readline`, `readChunk`, and async iteration, which is what
   * `FieldStorageParser` reads. Over `req.data` when the body was loaded.
   * @example
   * const form = await new FieldStorageParser(req.input, req.headers, { fileCallback }).parse();
   */
  get input(): CachedInput {
    return this.#theBody.input;
  }

  /**
   * Read `size` bytes of the body (fewer only at its end); with no size (or a
   * negative one) the rest of the body, at most `app.bodyLimit` bytes.
   * Without a body, empty bytes.
   * @throws HTTPException 408 for a stalled client, 413 past `bodyLimit`
   * @example
   * for (let block = await req.read(app.cachedSize); block.length; block = await req.read(app.cachedSize)) hash.update(block);
   */
  read(size = -1): Promise<Buffer> {
    return this.#theBody.read(size);
  }

  /**
   * The next chunk of a (chunked) body as Node delivers it: one HTTP chunk,
   * or a piece of one when it arrives in pieces; empty at the end. Node
   * decodes the chunked framing; nothing here parses it again.
   * @throws HTTPException 408 for a stalled client
   */
  readChunk(): Promise<Buffer> {
    return this.#theBody.readChunk();
  }

  /** The request's temporary files: removed when the request ends, unless kept. */
  get tempFiles(): TempFiles {
    return this.#theBody.tempFiles;
  }

  /** True when the body was not read to its end and the rest is still on the wire (the connection cannot be reused). */
  get bodyIncomplete(): boolean {
    if (!this.isBodyRequest) return false;
    // nothing read the body: Node's own flag says it all, no object made on the hot path
    return this.#body === undefined ? (this.raw as { complete?: unknown }).complete !== true : this.#body.incomplete;
  }

  /**
   * The client sent `Expect: 100-continue`: `send` (which writes `100
   * Continue`) is called when the body is first read, after routing and the
   * before-hooks, and only if the request is not answered before.
   * @internal the node:http adapter's `checkContinue` listener
   */
  expectContinue(send: () => void): void {
    this.#theBody.expectContinue(send);
  }

  /** True when the client asked for `100 Continue` and was never sent it: its body may never come. */
  get awaitingContinue(): boolean {
    return this.#body?.awaitingContinue ?? false;
  }

  /**
   * Log an error about this request through the application's logger, with
   * its method and path (PoorWSGI's `req.log_error`); an `Error` is logged with its stack.
   * @example req.logError('Payment refused:', reason);
   */
  logError(message: unknown, ...values: unknown[]): void {
    logRequest(this.app.settings.logger, 'error', this, message, values);
  }

  /** Log information about this request through the application's logger, with its method and path. */
  logInfo(message: unknown, ...values: unknown[]): void {
    logRequest(this.app.settings.logger, 'info', this, message, values);
  }

  /** True once body reading began: the server must call {@link Request.cleanup} when the request ends. */
  get needsCleanup(): boolean {
    return this.#body?.needsCleanup ?? false;
  }

  /**
   * The request is over (called by the server when the response is finished
   * or the client is gone): stop reading the body and remove every temporary
   * file not kept. Safe to call again.
   */
  async cleanup(): Promise<void> {
    await this.#body?.cleanup();
  }

  /** The body bytes when they were read (`autoData`, or a parsed body); `null` otherwise. */
  get data(): Uint8Array | null {
    return this.#body?.data ?? null;
  }

  /**
   * The parsed JSON body when the method is POST, PUT or PATCH, `autoJson` is
   * on, the MIME type is one of `jsonMimeTypes` or ends in `+json` (RFC 6839)
   * and the body is not empty; `undefined` otherwise, so
   * `if (req.json === undefined)` tells a request without JSON. The body is
   * read before the handler is called; in a before-hook, `await
   * req.parseBody()` first.
   * @throws HTTPException 400 with the parser's reason when the body is not JSON
   * @throws PoorWSGIError `PW_ERR_BODY_NOT_READ` when the body is not read yet
   * @example
   * app.route('/items', (req) => {
   *   if (req.json === undefined) throw new HTTPException(415);
   *   return new JSONResponse({ got: req.json });
   * }, METHOD_POST);
   */
  get json(): JsonValue | undefined {
    return this.#theBody.json;
  }

  /**
   * The form: a `FieldStorage` of an urlencoded or (parsed before the handler)
   * multipart body when the method is POST, PUT or PATCH and `autoForm` is
   * on; an `EmptyForm` otherwise (PoorWSGI's API: `getfirst` and the other
   * getters answer their defaults). The body is read before the handler is
   * called; in a before-hook, `await req.parseBody()` first.
   * @throws HTTPException 400 (strict parsing) or 413 (too many fields)
   * @throws PoorWSGIError `PW_ERR_BODY_NOT_READ` when the body is not read yet
   */
  get form(): FieldStorage<FieldValue> | EmptyForm {
    return this.#theBody.form;
  }

  /** Set your own form; only while it is an `EmptyForm` (PoorWSGI's rule). */
  set form(value: FieldStorage<FieldValue> | EmptyForm) {
    this.#theBody.form = value;
  }
}
