// file-length: Request mirrors PoorWSGI's Request, about sixty documented lazy properties of a few lines each;
// the body machinery lives in request-body.ts, body-reader.ts, collect-body.ts, body-headers.ts, json-body.ts
// and cached-input.ts. What stays is the class itself, whose private fields cannot be shared with other files.

import { hostname as osHostname } from 'node:os';
import { bodyTooLarge } from '../errors/body-too-large.ts';
import { HTTPException } from '../errors/http-exception.ts';
import { Args } from '../forms/args.ts';
import { EmptyForm } from '../forms/empty-form.ts';
import type { FieldStorage, FieldValue } from '../forms/field-storage.ts';
import type { TempFiles } from '../forms/temp-files.ts';
import { parseUrlencodedForm, URLENCODED_MIME_TYPE } from '../forms/urlencoded.ts';
import { parseAuthorization } from '../http/authorization.ts';
import { parseCookieHeader } from '../http/cookie.ts';
import type { ContentType } from '../http/header-params.ts';
import { Headers } from '../http/headers.ts';
import { METHOD_PATCH, METHOD_POST, METHOD_PUT, methodFlag } from '../http/methods.ts';
import { parseNegotiation } from '../http/negotiation.ts';
import { HTTP_BAD_REQUEST } from '../http/status.ts';
import { type BodyHeaders, contentTypeOf, scanBodyHeaders } from './body-headers.ts';
import { type EventedBody, isEventedBody } from './body-reader.ts';
import type { CachedInput } from './cached-input.ts';
import { collectBody, collectBodyAsync } from './collect-body.ts';
import { type JsonValue, parseJsonBody } from './json-body.ts';
import type { RawRequest } from './raw-request.ts';
import type { RequestApp } from './request-app.ts';
import { RequestBody } from './request-body.ts';

/** Methods whose bodies are parsed automatically (the docs: POST, PUT or PATCH). */
const BODY_METHODS = METHOD_POST | METHOD_PUT | METHOD_PATCH;
// What the application does with a body (Request.#bodyKind): not decided yet, nothing
// (read only when asked, or buffered by autoData), JSON, urlencoded form, multipart form
const KIND_UNKNOWN = 0;
const KIND_RAW = 1;
const KIND_JSON = 2;
const KIND_FORM = 3;
const KIND_MULTIPART = 4;
const SERVER_HOSTNAME = osHostname();
const EMPTY = new Uint8Array(0);

// read once: `performance.timeOrigin` is a getter, and it never changes
const TIME_ORIGIN = performance.timeOrigin;

/** The current time as epoch seconds with sub-millisecond precision. */
function nowSeconds(): number {
  return (TIME_ORIGIN + performance.now()) / 1000;
}

/** A header value as one string: a repeated header's values joined with `, ` (RFC 9110 §5.3). */
function joined(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** `req.json` before it was parsed. */
const NOT_PARSED: unique symbol = Symbol('poorwsgi.notParsed');

/** A negotiation list as PoorWSGI returns it: `[value, quality]` pairs. */
export type Negotiation = ReadonlyArray<readonly [string, number]>;

export { type JsonValue, parseJsonBody } from './json-body.ts';

/**
 * One HTTP request, as PoorWSGI's `Request`. Everything is parsed lazily,
 * on first use: path, query, headers, cookies, form and JSON.
 *
 * @example
 * app.route('/hello', (req) => `Hello ${req.args.getfirst('name', 'world')} from ${req.remoteAddr}`);
 */
export class Request {
  /** The application serving this request. */
  readonly app: RequestApp;
  /** The transport request (Node's `IncomingMessage` on node:http). */
  readonly raw: RawRequest;
  /** When the request arrived, in epoch seconds. */
  readonly startTime: number = nowSeconds();
  /**
   * When the request object was done, in epoch seconds: as in PoorWSGI, the
   * end of the constructor (everything later is parsed lazily).
   */
  endTime: number;
  /** The method token as sent. */
  readonly method: string;
  /** The method's `METHOD_*` flag; 0 for a method the server does not implement. */
  readonly methodNumber: number;

  /** Free slot for the logged-in user (Digest auth sets it). */
  user: unknown = null;
  /** Free slot for API validation objects (OpenAPI sets it). */
  api: unknown = null;
  /** Free slot for a per-request database connection. */
  db: unknown = null;
  #bag: Record<string, unknown> | undefined;

  #target: string;
  #queryIndex: number;
  #path: string | undefined;
  #headers: Headers | undefined;
  #contentType: ContentType | undefined;
  #args: Args | EmptyForm | undefined;
  #form: FieldStorage<FieldValue> | EmptyForm | undefined;
  /** The parsed JSON body; {@link NOT_PARSED} until asked for (`undefined` is no JSON value, but a sentinel needs no wrapper). */
  #json: JsonValue = NOT_PARSED;
  #cookies: Record<string, string> | undefined;
  #accept: Map<string, Negotiation> | undefined;
  #body: Uint8Array | undefined;
  #io: RequestBody | undefined;
  #uriRule: string | undefined;
  #uriHandler: unknown;
  #errorHandler: unknown;
  /** Where the path parameters come from: the route match, or what `pathArgs` was set to. */
  #groupsOf: { readonly groups: Readonly<Record<string, unknown>> } | undefined;
  /** Content-Length, Content-Type and Transfer-Encoding: `undefined` until looked for. */
  #bodyHeaders: BodyHeaders | undefined;
  /** What {@link Request.#bodyKind} decided; {@link KIND_UNKNOWN} until asked. */
  #kind = KIND_UNKNOWN;
  /** Who is told when a body collected by {@link Request.collectBody} is in. */
  #collected: ((request: Request, context: unknown, err: unknown) => void) | undefined;
  /** What {@link Request.#collected} is called with. */
  #collectedFor: unknown;

  constructor(raw: RawRequest, app: RequestApp) {
    this.raw = raw;
    this.app = app;
    this.method = raw.method ?? 'GET';
    this.methodNumber = methodFlag(this.method);
    let target = raw.url ?? '/';
    // absolute-form (RFC 9112 §3.2.2), as proxies send it: keep only path and query
    if (target.charCodeAt(0) !== 47 /* / */ && /^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
      const slash = target.indexOf('/', target.indexOf('//') + 2);
      target = slash === -1 ? '/' : target.slice(slash);
    }
    this.#target = target;
    this.#queryIndex = target.indexOf('?');
    this.endTime = this.startTime;
  }

  /** A bag for your own per-request variables (made on first use). */
  get app_(): Record<string, unknown> {
    this.#bag ??= Object.create(null);
    return this.#bag as Record<string, unknown>;
  }

  // ---- path and query ----

  /**
   * The path, percent-decoded exactly once as UTF-8.
   * @throws HTTPException 400 for bad percent-encoding, bad UTF-8 or NUL
   */
  get path(): string {
    if (this.#path === undefined) {
      const rawPath = this.#queryIndex === -1 ? this.#target : this.#target.slice(0, this.#queryIndex);
      let path = rawPath;
      if (rawPath.includes('%')) {
        try {
          path = decodeURIComponent(rawPath);
        } catch {
          throw new HTTPException(HTTP_BAD_REQUEST, { error: 'Invalid path encoding' });
        }
      }
      if (path.includes('\0')) throw new HTTPException(HTTP_BAD_REQUEST, { error: 'Invalid path: NUL character' });
      this.#path = path;
    }
    return this.#path;
  }

  /** Deprecated alias of {@link Request.path}. */
  get uri(): string {
    return this.path;
  }

  /** The raw query string, without `?`; `''` when there is none. */
  get query(): string {
    return this.#queryIndex === -1 ? '' : this.#target.slice(this.#queryIndex + 1).trim();
  }

  /** Path and query, as requested. */
  get fullPath(): string {
    const query = this.query;
    return query ? `${this.path}?${query}` : this.path;
  }

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

  // ---- headers ----

  /** The request headers, case-insensitive, in the order received. */
  get headers(): Headers {
    if (this.#headers === undefined) {
      const raw = this.raw.rawHeaders;
      const pairs: [string, string][] = [];
      for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] as string, raw[i + 1] as string]);
      this.#headers = new Headers(pairs, false);
    }
    return this.#headers;
  }

  /** Deprecated PoorWSGI name of {@link Request.headers}. */
  get headersIn(): Headers {
    return this.headers;
  }

  /**
   * One request header by name (any case), as Node received it: a header
   * sent more than once is one value, its values joined with `, ` (RFC 9110
   * §5.3); `undefined` when absent.
   * @example req.header('If-None-Match') // '"abc", "def"'
   */
  header(name: string): string | undefined {
    return joined(this.raw.headers[name.toLowerCase()]);
  }

  /** {@link Request.header} of a name already in lower case (Node's keys): no case folding on the hot path. */
  #header(name: string): string | undefined {
    return joined(this.raw.headers[name]);
  }

  /** The request target as the client sent it (path and query, not decoded): Node's `req.url`. */
  get target(): string {
    return this.raw.url ?? '/';
  }

  /** The parsed Content-Type, strictly (RFC 9110), frozen; an unparsable one has type `''`. */
  get contentType(): ContentType {
    this.#contentType ??= contentTypeOf(this.#scanned().contentType);
    return this.#contentType;
  }

  /** Content-Type without parameters, lower case; `''` when missing or invalid. */
  get mimeType(): string {
    return this.contentType.type;
  }

  /** The `charset` parameter of Content-Type; `'utf-8'` by default. */
  get charset(): string {
    return this.contentType.params.charset ?? 'utf-8';
  }

  /** Content-Length, or -1 when it is not set. */
  get contentLength(): number {
    return this.#scanned().contentLength;
  }

  /** True when the request has a body: a positive Content-Length or chunked framing. */
  get isBodyRequest(): boolean {
    return this.contentLength > 0 || this.isChunked;
  }

  /** True when the body is sent with chunked transfer coding. */
  get isChunked(): boolean {
    if (!this.#scanned().transferEncoding) return false;
    const te = this.#header('transfer-encoding');
    return te !== undefined && /(?:^|,)\s*chunked\s*$/i.test(te);
  }

  #scanned(): BodyHeaders {
    this.#bodyHeaders ??= scanBodyHeaders(this.raw.rawHeaders);
    return this.#bodyHeaders;
  }

  #negotiation(name: string): Negotiation {
    this.#accept ??= new Map();
    let list = this.#accept.get(name);
    if (list === undefined) {
      list = parseNegotiation(this.#header(name) ?? '');
      this.#accept.set(name, list);
    }
    return list;
  }

  /** The Accept header as `[mime, quality]` pairs. */
  get accept(): Negotiation {
    return this.#negotiation('accept');
  }

  /** The Accept-Charset header as `[charset, quality]` pairs. */
  get acceptCharset(): Negotiation {
    return this.#negotiation('accept-charset');
  }

  /** The Accept-Encoding header as `[coding, quality]` pairs. */
  get acceptEncoding(): Negotiation {
    return this.#negotiation('accept-encoding');
  }

  /** The Accept-Language header as `[language, quality]` pairs. */
  get acceptLanguage(): Negotiation {
    return this.#negotiation('accept-language');
  }

  #accepts(mime: string): boolean {
    for (const [value, q] of this.accept) if (value === mime && q > 0) return true;
    return false;
  }

  /** True when `text/html` is in Accept. */
  get acceptHtml(): boolean {
    return this.#accepts('text/html');
  }

  /** True when `text/xhtml` is in Accept. */
  get acceptXhtml(): boolean {
    return this.#accepts('text/xhtml');
  }

  /** True when `application/json` is in Accept. */
  get acceptJson(): boolean {
    return this.#accepts('application/json');
  }

  /** True when X-Requested-With is `XMLHttpRequest`. */
  get isXhr(): boolean {
    return this.#header('x-requested-with') === 'XMLHttpRequest';
  }

  /** The Authorization header parsed into a record (a copy); `{}` without one. */
  get authorization(): Record<string, string> {
    const value = this.#header('authorization');
    return value ? parseAuthorization(value) : Object.create(null);
  }

  /** The Referer header, or `null`. */
  get referer(): string | null {
    return this.#header('referer') ?? null;
  }

  /** The User-Agent header, or `null`. */
  get userAgent(): string | null {
    return this.#header('user-agent') ?? null;
  }

  /** X-Forwarded-For, or `null`. */
  get forwardedFor(): string | null {
    return this.#header('x-forwarded-for') ?? null;
  }

  /** X-Forwarded-Host without its port, or `null`. */
  get forwardedHost(): string | null {
    const value = this.#header('x-forwarded-host');
    return value === undefined ? null : splitHostPort(value)[0];
  }

  /** The port from X-Forwarded-Host, else 443/80 from X-Forwarded-Proto, else `null`. */
  get forwardedPort(): number | null {
    const host = this.#header('x-forwarded-host');
    const port = host === undefined ? undefined : splitHostPort(host)[1];
    if (port !== undefined) return port;
    const proto = this.forwardedProto;
    return proto === 'https' ? 443 : proto === 'http' ? 80 : null;
  }

  /** X-Forwarded-Proto, or `null`. */
  get forwardedProto(): string | null {
    return this.#header('x-forwarded-proto') ?? null;
  }

  /** The Host header as sent (with port), or the server's address. */
  get host(): string {
    return this.#header('host') ?? `${this.serverHostname}:${this.serverPort}`;
  }

  /** The host name from Host, without port. */
  get hostname(): string {
    const host = this.#header('host');
    return host === undefined ? this.serverHostname : splitHostPort(host)[0];
  }

  /** The port from Host, else 443 for https, else 80. */
  get hostPort(): number {
    const host = this.#header('host');
    const port = host === undefined ? undefined : splitHostPort(host)[1];
    return port ?? (this.scheme === 'https' ? 443 : 80);
  }

  /** `https` on TLS connections, else `http`. */
  get scheme(): string {
    return this.raw.socket?.encrypted ? 'https' : 'http';
  }

  /** The peer's address, or `null` without a socket. */
  get remoteAddr(): string | null {
    return this.raw.socket?.remoteAddress ?? null;
  }

  /** The peer's host name; always `''` (no reverse lookups). */
  get remoteHost(): string {
    return '';
  }

  /** The local port the request came in on (0 without a socket). */
  get serverPort(): number {
    return this.raw.socket?.localPort ?? 0;
  }

  /** This machine's host name (WSGI `SERVER_NAME`). */
  get serverHostname(): string {
    return SERVER_HOSTNAME;
  }

  /** `webmaster@<hostname>`, shown on error pages. */
  get serverAdmin(): string {
    return `webmaster@${this.hostname}`;
  }

  /** The server software, `Node.js <version>`. */
  get serverSoftware(): string {
    return `Node.js ${process.version}`;
  }

  /** `HTTP/1.1`, `HTTP/1.0` or `HTTP/2.0`. */
  get protocol(): string {
    return `HTTP/${this.raw.httpVersion}`;
  }

  /** Debug mode of the application. */
  get debug(): boolean {
    return this.app.settings.debug;
  }

  /** The application's secret key. */
  get secretKey(): string | Uint8Array | null {
    return this.app.settings.secretKey;
  }

  /**
   * An absolute URL for `uri` on this server, honouring X-Forwarded-Proto and
   * X-Forwarded-Host; an absolute `http(s)://` URI is returned unchanged.
   * @example req.constructUrl('/login') // 'http://example.org:8080/login'
   */
  constructUrl(uri: string): string {
    if (/^https?:\/\//.test(uri)) return uri;
    const scheme = this.forwardedProto ?? this.scheme;
    const host = this.forwardedHost ?? this.hostname;
    const port = this.forwardedPort ?? this.hostPort;
    const showPort = !((scheme === 'http' && port === 80) || (scheme === 'https' && port === 443));
    return `${scheme}://${host}${showPort ? `:${port}` : ''}${uri}`;
  }

  /** Cookies from the Cookie header (null-prototype record; empty without one or with `autoCookies` off). */
  get cookies(): Readonly<Record<string, string>> {
    if (this.#cookies === undefined) {
      const value = this.app.settings.autoCookies ? this.#header('cookie') : undefined;
      this.#cookies = value ? parseCookieHeader(value) : Object.create(null);
    }
    return this.#cookies as Record<string, string>;
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
  set routeMatch(match: { readonly groups: Readonly<Record<string, unknown>> }) {
    this.#groupsOf ??= match;
  }

  /** The path parameters by name, as PoorWSGI's `req.groups`. */
  get groups(): Readonly<Record<string, unknown>> {
    return this.#groupsOf?.groups ?? Object.create(null);
  }

  // ---- body ----

  /** True when the body should be read before the handler runs (it is parsed or buffered automatically). */
  get wantsBody(): boolean {
    if (this.#body !== undefined || !this.isBodyRequest) return false;
    return this.#bodyKind() !== KIND_RAW || this.#keepsRaw(this.contentLength);
  }

  /** Whether a body of `length` bytes that is not parsed is still read into `req.data` (`autoData`, `dataSize`). */
  #keepsRaw(length: number): boolean {
    const settings = this.app.settings;
    return settings.autoData && length >= 0 && length <= settings.dataSize;
  }

  /**
   * How the application parses the body, decided once per request from the
   * method, the MIME type and the options: the hot path asks several times.
   * JSON is checked first, as PoorWSGI does, so one body is never parsed both ways.
   */
  #bodyKind(): number {
    if (this.#kind === KIND_UNKNOWN) {
      const settings = this.app.settings;
      let kind = KIND_RAW;
      if ((this.methodNumber & BODY_METHODS) !== 0) {
        const mime = this.mimeType;
        if (settings.autoJson && settings.jsonMimeTypes.includes(mime)) kind = KIND_JSON;
        else if (settings.autoForm && settings.formMimeTypes.includes(mime)) {
          if (mime === URLENCODED_MIME_TYPE) kind = KIND_FORM;
          else if (mime.startsWith('multipart/')) kind = KIND_MULTIPART;
        }
      }
      this.#kind = kind;
    }
    return this.#kind;
  }

  /** Whether the body is parsed as JSON: POST, PUT or PATCH, `autoJson`, a `jsonMimeTypes` type. */
  #isJsonBody(): boolean {
    return this.#bodyKind() === KIND_JSON;
  }

  /** Whether the body is parsed as an urlencoded form: POST, PUT or PATCH, `autoForm`, a `formMimeTypes` type. */
  #isFormBody(): boolean {
    return this.#bodyKind() === KIND_FORM;
  }

  /** Whether the body is a multipart form parsed before the handler. */
  #isMultipartBody(): boolean {
    return this.#bodyKind() === KIND_MULTIPART;
  }

  get #bodyIO(): RequestBody {
    this.#io ??= new RequestBody(this.raw, this.app);
    return this.#io;
  }

  /**
   * Read what the application parses before the handler: a multipart form
   * streamed into `req.form` (files to temporary files or `fileCallback`
   * sinks; small bodies also into `req.data` with `autoData`), else the whole
   * body into memory ({@link Request.loadBody}).
   * @throws HTTPException 400, 408 or 413 with the reason
   */
  async parseBody(): Promise<void> {
    if (!this.#isMultipartBody()) {
      await this.loadBody();
      return;
    }
    const length = this.contentLength;
    if (this.#keepsRaw(length)) await this.loadBody();
    this.#form = await this.#bodyIO.parseForm(this.headers, length, this.#body);
  }

  /**
   * The body as a buffered stream (PoorWSGI's `req.input`): `read`,
   * `readline`, `readChunk`, and async iteration, which is what
   * `FieldStorageParser` reads. Over `req.data` when the body was loaded.
   * @example
   * const form = await new FieldStorageParser(req.input, req.headers, { fileCallback }).parse();
   */
  get input(): CachedInput {
    return this.#bodyIO.input(this.contentLength, this.#body);
  }

  /**
   * Read `size` bytes of the body (fewer only at its end); with no size (or a
   * negative one) the rest of the body, at most `app.bodyLimit` bytes.
   * Without a body, empty bytes.
   * @throws HTTPException 408 for a stalled client, 413 past `bodyLimit`
   * @example
   * for (let block = await req.read(app.cachedSize); block.length; block = await req.read(app.cachedSize)) hash.update(block);
   */
  async read(size = -1): Promise<Buffer> {
    if (!this.isBodyRequest && this.#body === undefined) return Buffer.alloc(0);
    const input = this.input;
    if (size >= 0) return input.read(size);
    const limit = this.app.settings.bodyLimit;
    const parts: Buffer[] = [];
    let total = 0;
    for (let block = await input.read(); block.length > 0; block = await input.read()) {
      total += block.length;
      if (total > limit) {
        throw bodyTooLarge(-1, limit);
      }
      parts.push(block);
    }
    return Buffer.concat(parts, total);
  }

  /**
   * The next chunk of a (chunked) body as Node delivers it: one HTTP chunk,
   * or a piece of one when it arrives in pieces; empty at the end. Node
   * decodes the chunked framing; nothing here parses it again.
   * @throws HTTPException 408 for a stalled client
   */
  readChunk(): Promise<Buffer> {
    if (!this.isBodyRequest && this.#body === undefined) return Promise.resolve(Buffer.alloc(0));
    return this.input.readChunk();
  }

  /** The request's temporary files: removed when the request ends, unless kept. */
  get tempFiles(): TempFiles {
    return this.#bodyIO.tempFiles;
  }

  /** True when the body was not read to its end and the rest is still on the wire (the connection cannot be reused). */
  get bodyIncomplete(): boolean {
    if (!this.isBodyRequest) return false;
    // without a body reader, Node's own flag says it all: no object made on the hot path
    return this.#io === undefined ? (this.raw as { complete?: unknown }).complete !== true : this.#io.incomplete;
  }

  /** True once body reading began: the server must call {@link Request.cleanup} when the request ends. */
  get needsCleanup(): boolean {
    return this.#io !== undefined;
  }

  /**
   * The request is over (called by the server when the response is finished
   * or the client is gone): stop reading the body and remove every temporary
   * file not kept. Safe to call again.
   */
  async cleanup(): Promise<void> {
    await this.#io?.cleanup();
  }

  /**
   * Read the whole body into memory, at most `limit` bytes (default
   * `app.bodyLimit`). Called by the application before the handler when the
   * body is parsed automatically.
   * @throws HTTPException 413 when the body is larger than the limit
   */
  async loadBody(limit: number = this.app.settings.bodyLimit): Promise<Uint8Array> {
    if (this.#body !== undefined) return this.#body;
    const length = this.contentLength;
    if (length > limit) {
      throw bodyTooLarge(length, limit);
    }
    if (!this.isBodyRequest) {
      this.#body = EMPTY;
      return EMPTY;
    }
    // the hot path: a small body of known length, straight from Node's events
    this.#body =
      length >= 0 && this.#io === undefined && isEventedBody(this.raw)
        ? await collectBodyAsync(this.raw, this.app.settings.readTimeout)
        : await this.#bodyIO.readAll(limit, length);
    return this.#body;
  }

  /**
   * True when the body the application reads before the handler is a small
   * one of known length on node:http, which {@link Request.collectBody}
   * reads without promises. Anything else (multipart, chunked, over the
   * limit, another transport) goes through {@link Request.parseBody}.
   * @internal the node:http adapter's fast path
   */
  get collectsBody(): boolean {
    const length = this.contentLength;
    // the cheap tests first: a request without a length (none, or chunked) never takes this path
    if (length <= 0 || this.#io !== undefined || this.#body !== undefined) return false;
    // a multipart form is streamed to its parts, never collected whole
    const kind = this.#bodyKind();
    return (
      length <= this.app.settings.bodyLimit &&
      kind !== KIND_MULTIPART &&
      (kind !== KIND_RAW || this.#keepsRaw(length)) &&
      isEventedBody(this.raw)
    );
  }

  /**
   * Read the body as {@link Request.loadBody} would, then call
   * `callback(this, context, err)`: `err` is `undefined` with `req.data` set,
   * or the HTTPException (400, 408) of a failed read. Only when
   * {@link Request.collectsBody} is true.
   * @internal the node:http adapter's fast path
   */
  collectBody<C>(callback: (request: Request, context: C, err: unknown) => void, context: C): void {
    this.#collected = callback as (request: Request, context: unknown, err: unknown) => void;
    this.#collectedFor = context;
    // the request is the collector's context: no object made to carry the callback's
    collectBody(this.raw as unknown as EventedBody, this.app.settings.readTimeout, Request.#bodyIn, this);
  }

  static #bodyIn(this: void, request: Request, err: unknown, body: Uint8Array | undefined): void {
    if (body !== undefined) request.#body = body;
    const context = request.#collectedFor;
    request.#collectedFor = undefined;
    (request.#collected as (request: Request, context: unknown, err: unknown) => void)(request, context, err);
  }

  /** The body bytes when they were read (`autoData`, or a parsed body); `null` otherwise. */
  get data(): Uint8Array | null {
    return this.#body ?? null;
  }

  /**
   * The parsed JSON body when the method is POST, PUT or PATCH, `autoJson` is
   * on, the MIME type is one of `jsonMimeTypes` and the body is not empty; an
   * `EmptyForm` otherwise.
   * @throws HTTPException 400 with the parser's reason when the body is not JSON
   */
  get json(): JsonValue {
    if (this.#json === NOT_PARSED) {
      // an empty body is no JSON document, as PoorWSGI reads only a body with a length
      this.#json =
        this.#body !== undefined && this.#body.byteLength > 0 && this.#isJsonBody()
          ? parseJsonBody(this.#body, this.charset, this.app.settings.maxJsonDepth)
          : new EmptyForm();
    }
    return this.#json;
  }

  /**
   * The form: a `FieldStorage` of an urlencoded or (parsed before the handler)
   * multipart body when the method is POST, PUT or PATCH and `autoForm` is
   * on; an `EmptyForm` otherwise.
   * @throws HTTPException 400 (strict parsing) or 413 (too many fields)
   */
  get form(): FieldStorage<FieldValue> | EmptyForm {
    if (this.#form === undefined) {
      const settings = this.app.settings;
      if (this.#body !== undefined && this.#isFormBody()) {
        this.#form = parseUrlencodedForm(this.#body, {
          keepBlankValues: settings.keepBlankValues,
          strictParsing: settings.strictParsing,
          maxFields: settings.maxFields,
        });
      } else {
        this.#form = new EmptyForm();
      }
    }
    return this.#form;
  }

  /** Set your own form; only while it is an `EmptyForm` (PoorWSGI's rule). */
  set form(value: FieldStorage<FieldValue> | EmptyForm) {
    // not parsed yet: it would be an EmptyForm unless there is a form body
    const empty =
      this.#form === undefined ? !(this.#body !== undefined && this.#isFormBody()) : this.#form instanceof EmptyForm;
    if (empty) this.#form = value;
  }
}

/**
 * Split `host[:port]` (and `[v6]:port`); the port is `undefined` when absent or not a number.
 */
export function splitHostPort(value: string): [string, number | undefined] {
  const colon = value.lastIndexOf(':');
  if (colon === -1 || value.indexOf(']', colon) !== -1) return [value, undefined];
  const port = Number(value.slice(colon + 1));
  return [value.slice(0, colon), Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined];
}
