import { hostname as osHostname } from 'node:os';
import { HTTPException } from '../errors/http-exception.ts';
import { parseAuthorization } from '../http/authorization.ts';
import type { ContentType } from '../http/header-params.ts';
import { Headers } from '../http/headers.ts';
import { methodFlag } from '../http/methods.ts';
import { acceptsMime, parseNegotiation } from '../http/negotiation.ts';
import { HTTP_BAD_REQUEST } from '../http/status.ts';
import { type BodyHeaders, contentTypeOf, scanBodyHeaders } from './body-headers.ts';
import type { RawRequest } from './raw-request.ts';

const SERVER_HOSTNAME = osHostname();

/** A header value as one string: a repeated header's values joined with `, ` (RFC 9110 §5.3). */
function joined(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** A negotiation list as PoorWSGI returns it: `[value, quality]` pairs. */
export type Negotiation = ReadonlyArray<readonly [string, number]>;

/**
 * What the client sent, read lazily from the transport request and nothing
 * else: method, target, path and query, headers, content negotiation, the
 * Host and X-Forwarded-* headers, the connection's addresses. No option of
 * the application changes any of it; {@link Request} adds what does.
 */
export class RequestMessage {
  /** The transport request (Node's `IncomingMessage` on node:http). */
  readonly raw: RawRequest;
  /** The method token as sent. */
  readonly method: string;
  /** The method's `METHOD_*` flag; 0 for a method the server does not implement. */
  readonly methodNumber: number;

  #target: string;
  #queryIndex: number;
  #path: string | undefined;
  #headers: Headers | undefined;
  #contentType: ContentType | undefined;
  #accept: Map<string, Negotiation> | undefined;
  /** Content-Length, Content-Type and Transfer-Encoding: `undefined` until looked for. */
  #bodyHeaders: BodyHeaders | undefined;

  constructor(raw: RawRequest) {
    this.raw = raw;
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
  }

  // ---- path and query ----
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

  /** Deprecated alias of {@link RequestMessage.path}. */
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

  // ---- headers ----

  /**
   * The request headers, case-insensitive, in the order received. On HTTP/2
   * the pseudo-header fields (`:method`, `:path`, `:scheme`, `:authority`)
   * are no headers and are left out; `:authority` stands for `Host` when the
   * client sent none (RFC 9113 §8.3.1), as HTTP/2 clients do.
   */
  get headers(): Headers {
    if (this.#headers === undefined) {
      const raw = this.raw.rawHeaders;
      const pairs: [string, string][] = [];
      let authority: string | undefined;
      for (let i = 0; i + 1 < raw.length; i += 2) {
        const name = raw[i] as string;
        if (name.charCodeAt(0) === 58 /* : */) {
          if (name === ':authority') authority = raw[i + 1];
        } else pairs.push([name, raw[i + 1] as string]);
      }
      if (authority !== undefined && this.lowerHeader('host') === undefined) pairs.unshift(['Host', authority]);
      this.#headers = new Headers(pairs, false);
    }
    return this.#headers;
  }

  /** Deprecated PoorWSGI name of {@link RequestMessage.headers}. */
  get headersIn(): Headers {
    return this.headers;
  }

  /**
   * One request header by name (any case), as Node received it: a header
   * sent more than once is one value, its values joined with `, ` (RFC 9110
   * §5.3); `undefined` when absent. On HTTP/2, `Host` is `:authority` when
   * the client sent no Host, and pseudo-header fields are no headers.
   * @example req.header('If-None-Match') // '"abc", "def"'
   */
  header(name: string): string | undefined {
    const lower = name.toLowerCase();
    const value = this.raw.headers[lower];
    if (value === undefined) return lower === 'host' ? this.lowerHeader(':authority') : undefined;
    // an HTTP/2 pseudo-header field (`:path`, ...)
    return lower.charCodeAt(0) === 58 ? undefined : joined(value);
  }

  /**
   * The Host header; on HTTP/2 `:authority` when there is none (RFC 9113 §8.3.1).
   * `Request` answers X-Forwarded-Host instead behind a trusted proxy.
   */
  protected hostField(): string | undefined {
    return this.lowerHeader('host') ?? this.lowerHeader(':authority');
  }

  /** {@link RequestMessage.header} of a name already in lower case (Node's keys): no case folding on the hot path. */
  protected lowerHeader(name: string): string | undefined {
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

  /**
   * True when the body is sent with chunked transfer coding; on HTTP/2, when
   * it comes without Content-Length (DATA frames up to the end of the stream,
   * RFC 9113 §8.1: of unknown length, as a chunked body is).
   */
  get isChunked(): boolean {
    if (!this.#scanned().transferEncoding) return this.raw.httpVersionMajor === 2 && this.#unsizedHttp2Body();
    const te = this.lowerHeader('transfer-encoding');
    return te !== undefined && /(?:^|,)\s*chunked\s*$/i.test(te);
  }

  /** An HTTP/2 request whose body follows its headers (no END_STREAM on them) with no Content-Length. */
  #unsizedHttp2Body(): boolean {
    return this.contentLength === -1 && this.raw.stream?.endAfterHeaders === false;
  }

  #scanned(): BodyHeaders {
    this.#bodyHeaders ??= scanBodyHeaders(this.raw.rawHeaders);
    return this.#bodyHeaders;
  }

  #negotiation(name: string): Negotiation {
    this.#accept ??= new Map();
    let list = this.#accept.get(name);
    if (list === undefined) {
      list = parseNegotiation(this.lowerHeader(name) ?? '');
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

  /** True when `text/html` is in Accept. */
  get acceptHtml(): boolean {
    return acceptsMime(this.accept, 'text/html');
  }

  /** True when `text/xhtml` is in Accept. */
  get acceptXhtml(): boolean {
    return acceptsMime(this.accept, 'text/xhtml');
  }

  /** True when `application/json` is in Accept. */
  get acceptJson(): boolean {
    return acceptsMime(this.accept, 'application/json');
  }

  /** True when X-Requested-With is `XMLHttpRequest`. */
  get isXhr(): boolean {
    return this.lowerHeader('x-requested-with') === 'XMLHttpRequest';
  }

  /** The Authorization header parsed into a record (a copy); `{}` without one. */
  get authorization(): Record<string, string> {
    const value = this.lowerHeader('authorization');
    return value ? parseAuthorization(value) : Object.create(null);
  }

  /** The Referer header, or `null`. */
  get referer(): string | null {
    return this.lowerHeader('referer') ?? null;
  }

  /** The User-Agent header, or `null`. */
  get userAgent(): string | null {
    return this.lowerHeader('user-agent') ?? null;
  }

  /** X-Forwarded-For, or `null`. */
  get forwardedFor(): string | null {
    return this.lowerHeader('x-forwarded-for') ?? null;
  }

  /** X-Forwarded-Host without its port, or `null`. */
  get forwardedHost(): string | null {
    const value = this.lowerHeader('x-forwarded-host');
    return value === undefined ? null : splitHostPort(value)[0];
  }

  /** The port from X-Forwarded-Host, else 443/80 from X-Forwarded-Proto, else `null`. */
  get forwardedPort(): number | null {
    const host = this.lowerHeader('x-forwarded-host');
    const port = host === undefined ? undefined : splitHostPort(host)[1];
    if (port !== undefined) return port;
    const proto = this.forwardedProto;
    return proto === 'https' ? 443 : proto === 'http' ? 80 : null;
  }

  /** X-Forwarded-Proto, or `null`. */
  get forwardedProto(): string | null {
    return this.lowerHeader('x-forwarded-proto') ?? null;
  }

  /** The Host header as sent (with port; HTTP/2's `:authority`), or the server's address. */
  get host(): string {
    return this.hostField() ?? `${this.serverHostname}:${this.serverPort}`;
  }

  /** The host name from Host, without port. */
  get hostname(): string {
    const host = this.hostField();
    return host === undefined ? this.serverHostname : splitHostPort(host)[0];
  }

  /** The port from Host, else 443 for https, else 80. */
  get hostPort(): number {
    const host = this.hostField();
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

  /**
   * An absolute URL for `uri` on this server, from {@link RequestMessage.scheme},
   * {@link RequestMessage.hostname} and {@link RequestMessage.hostPort}: a
   * `Request` behind a trusted proxy (the `trustProxy` option) has them from
   * X-Forwarded-Proto and X-Forwarded-Host. An absolute `http(s)://` URI is
   * returned unchanged.
   * @example req.constructUrl('/login') // 'http://example.org:8080/login'
   */
  constructUrl(uri: string): string {
    if (/^https?:\/\//.test(uri)) return uri;
    const scheme = this.scheme;
    const host = this.hostname;
    const port = this.hostPort;
    const showPort = !((scheme === 'http' && port === 80) || (scheme === 'https' && port === 443));
    return `${scheme}://${host}${showPort ? `:${port}` : ''}${uri}`;
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
