/**
 * PoorWSGI's `openapi_wrapper`: a request and a response seen the way an
 * OpenAPI validator reads them, so that `OpenAPIValidator` (or another
 * validator a user plugs in) needs nothing of the framework's classes.
 * @module
 */
import type { Request } from '../request/request.ts';
import type { BaseResponse } from '../response/base-response.ts';
import { parseQuery } from './parameters.ts';

/** A route parameter `<name>` or `<name:filter>` (a `re:` filter may hold anything but `>`). */
const ROUTE_PARAMETER = /<(\w+)(?::[^>]*)?>/g;

/** Path, query, header and cookie parameters as the request gave them. */
export interface RequestParameters {
  /** The route's converted path parameters (PoorWSGI's `path_args`; values other than primitives as strings). */
  readonly path: Readonly<Record<string, string | number | boolean | null>>;
  /** The decoded query: name → every value. */
  readonly query: ReadonlyMap<string, readonly string[]>;
  /** A header's value by name (case-insensitive), `undefined` when absent. */
  header(name: string): string | undefined;
  /** The cookies by name. */
  readonly cookie: Readonly<Record<string, string>>;
}

/** What a validator reads of a request. */
export interface OpenAPIRequestLike {
  /** `scheme://host[:port]`, no trailing slash. */
  readonly hostUrl: string;
  /** The path as requested, percent-encoded (path templates are matched on its segments). */
  readonly rawPath: string;
  /** The method in lower case (`get`). */
  readonly method: string;
  /** The route rule as an OpenAPI path template (`/arg/<arg:int>` → `/arg/{arg}`); `undefined` without a route. */
  readonly pathPattern: string | undefined;
  readonly parameters: RequestParameters;
  /** The body bytes; `undefined` when there is no body or it was not read. */
  readonly body: Uint8Array | undefined;
  /** The fields of a multipart body (field → values; a file's value is `''`), when the framework parsed it. */
  readonly form: ReadonlyMap<string, readonly string[]> | undefined;
  /** The MIME type of the body, lower case, without parameters (`''` without one). */
  readonly mimetype: string;
}

/** What a validator reads of a response. */
export interface OpenAPIResponseLike {
  readonly statusCode: number;
  /** The MIME type, from Content-Type (cut at `;`), lower case. */
  readonly mimetype: string;
  /** The body bytes when they are in memory (a streamed body is not validated). */
  readonly data: Uint8Array | undefined;
  header(name: string): string | undefined;
}

// route rules are few and fixed: each is turned into its template once
const templates = new Map<string, string>();

/** The route rule `rule` as an OpenAPI path template. */
export function pathTemplate(rule: string): string {
  let template = templates.get(rule);
  if (template === undefined) {
    template = rule.replace(ROUTE_PARAMETER, (_all, name: string) => `{${name}}`);
    // bounded, for an application that makes rules at run time
    if (templates.size < 10_000) templates.set(rule, template);
  }
  return template;
}

function primitive(value: unknown): string | number | boolean | null {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? value
    : String(value);
}

function formOf(req: Request): ReadonlyMap<string, readonly string[]> | undefined {
  // urlencoded bodies are in memory (`body`): only multipart ones are parsed (streamed) by the framework
  if (req.mimeType !== 'multipart/form-data') return undefined;
  const form = req.form;
  const out = new Map<string, string[]>();
  for (const key of form.keys()) {
    // a file part is a string of the schema's `format: binary`: what is checked is that it is there
    out.set(
      key,
      form.getlist(key).map((v) => (typeof v === 'string' ? v : '')),
    );
  }
  return out;
}

const NO_QUERY: ReadonlyMap<string, readonly string[]> = new Map();

/** A request's parameters, each part made when a validator first reads it. */
class LazyParameters implements RequestParameters {
  readonly #req: Request;
  #path: Record<string, string | number | boolean | null> | undefined;
  #query: ReadonlyMap<string, readonly string[]> | undefined;

  constructor(req: Request) {
    this.#req = req;
  }

  get path(): Readonly<Record<string, string | number | boolean | null>> {
    if (this.#path === undefined) {
      const path: Record<string, string | number | boolean | null> = {};
      for (const [key, value] of Object.entries(this.#req.groups)) path[key] = primitive(value);
      this.#path = path;
    }
    return this.#path;
  }

  get query(): ReadonlyMap<string, readonly string[]> {
    if (this.#query === undefined) {
      const raw = this.#req.query;
      this.#query = raw === '' ? NO_QUERY : parseQuery(raw);
    }
    return this.#query;
  }

  header(name: string): string | undefined {
    return this.#req.headers.get(name);
  }

  get cookie(): Readonly<Record<string, string>> {
    return this.#req.cookies;
  }
}

/**
 * A `Request` as an OpenAPI validator reads it. Made once per request; its
 * parts are read when asked for. The body (and form) are those the request
 * has read: in a before-hook, `await req.parseBody()` first.
 */
export class OpenAPIRequest implements OpenAPIRequestLike {
  readonly request: Request;
  #parameters: RequestParameters | undefined;

  constructor(request: Request) {
    this.request = request;
  }

  /** `scheme://host[:port]` of the request (PoorWSGI's `construct_url('')`). */
  get hostUrl(): string {
    return this.request.constructUrl('').replace(/\/$/, '');
  }

  get rawPath(): string {
    const target = this.request.target;
    const q = target.indexOf('?');
    return q === -1 ? target : target.slice(0, q);
  }

  /** The decoded path. */
  get path(): string {
    return this.request.path;
  }

  get method(): string {
    return this.request.method.toLowerCase();
  }

  get pathPattern(): string | undefined {
    const rule = this.request.uriRule;
    return rule === undefined || rule.startsWith('/*') ? undefined : pathTemplate(rule);
  }

  /** The host URL and the path template, or the path without a route (PoorWSGI's `full_url_pattern`). */
  get fullUrlPattern(): string {
    return this.hostUrl + (this.pathPattern ?? this.request.path);
  }

  get parameters(): RequestParameters {
    this.#parameters ??= new LazyParameters(this.request);
    return this.#parameters;
  }

  get body(): Uint8Array | undefined {
    return this.request.data ?? undefined;
  }

  get form(): ReadonlyMap<string, readonly string[]> | undefined {
    return formOf(this.request);
  }

  get mimetype(): string {
    return this.request.mimeType.toLowerCase();
  }
}

/** A response as an OpenAPI validator reads it. */
export class OpenAPIResponse implements OpenAPIResponseLike {
  readonly response: BaseResponse;

  constructor(response: BaseResponse) {
    this.response = response;
  }

  get statusCode(): number {
    return this.response.statusCode;
  }

  get mimetype(): string {
    const type = this.response.headers.get('Content-Type') ?? this.response.contentType;
    return (type.split(';')[0] as string).trim().toLowerCase();
  }

  /** The body bytes when they are in memory; `undefined` for streams and files, which are not read here. */
  get data(): Uint8Array | undefined {
    const length = this.response.contentLength;
    if (length === undefined) return undefined;
    const data = this.response.data;
    // a file's length is known but its bytes are not in memory (`data` is empty)
    return data.byteLength === length ? data : undefined;
  }

  header(name: string): string | undefined {
    return this.response.headers.get(name);
  }
}
