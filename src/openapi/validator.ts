/**
 * `OpenAPIValidator`: request and response validation against an existing
 * OpenAPI 3.0 or 3.1 document (spec-first), on `ajv`. Made once with
 * `await OpenAPIValidator.create(document)`; validating allocates only the
 * request's decoded values and its list of issues.
 * @module
 */
import type { OpenAPIRequestLike, OpenAPIResponseLike } from './adapters.ts';
import { BodyError, decodeBody, mediaFor } from './body.ts';
import { documentError, isDocObject, toJsonSchemaDialect } from './document.ts';
import { type CompiledPath, type Operation, OperationCompiler, type SecurityScheme } from './operations.ts';
import { cookieValue, headerValue, pathValue, queryValue } from './parameters.ts';
import { type SchemaIssue, schemaCompiler } from './schemas.ts';

/** Where a request or response failed. */
export type IssueLocation = 'path' | 'query' | 'header' | 'cookie' | 'body' | 'security' | 'status';

/** One reason a request or a response is invalid. */
export interface ValidationIssue {
  readonly in: IssueLocation;
  /** The parameter or header name, the body's JSON pointer, or the security schemes. */
  readonly name: string;
  readonly reason: string;
}

/** The validated, coerced parameters of a request, by location and name. */
export interface ValidatedParameters {
  readonly path: Record<string, unknown>;
  readonly query: Record<string, unknown>;
  readonly header: Record<string, unknown>;
  readonly cookie: Record<string, unknown>;
}

/**
 * What request validation found. `notFound`: the document describes no such
 * path (`'path'`) or no such method on it (`'operation'`), which the router
 * answers; `unauthorized`: no security requirement is met (401); `invalid`:
 * a parameter or the body is wrong (400).
 */
export interface RequestValidation {
  readonly status: 'valid' | 'invalid' | 'unauthorized' | 'notFound';
  readonly notFound?: 'path' | 'operation';
  readonly operation: Operation | undefined;
  readonly params: ValidatedParameters;
  /** The decoded body (parsed JSON, a form's fields as an object, text); `undefined` without one. */
  readonly body: unknown;
  readonly issues: readonly ValidationIssue[];
}

/** What response validation found; `notFound` as for requests (nothing to validate against). */
export interface ResponseValidation {
  readonly status: 'valid' | 'invalid' | 'notFound';
  readonly issues: readonly ValidationIssue[];
}

const NO_ISSUES: readonly ValidationIssue[] = Object.freeze([]);
const NO_SCHEMA_ISSUES: readonly SchemaIssue[] = Object.freeze([]);
const NO_PARAMS: ValidatedParameters = Object.freeze({
  path: Object.freeze({}),
  query: Object.freeze({}),
  header: Object.freeze({}),
  cookie: Object.freeze({}),
});

function emptyParams(): ValidatedParameters {
  return { path: {}, query: {}, header: {}, cookie: {} };
}

function schemaIssues(where: ValidationIssue['in'], name: string, issues: readonly SchemaIssue[]): ValidationIssue[] {
  return issues.map((i) => ({ in: where, name: i.path === '' ? name : `${name}${i.path}`, reason: i.message }));
}

/** Where the API is served: the path part of each server URL (variables at their defaults); `''` for `/`. */
function serverBases(document: Record<string, unknown>): string[] {
  const servers = Array.isArray(document.servers) ? document.servers : [];
  const bases = new Set<string>();
  for (const server of servers) {
    if (!isDocObject(server) || typeof server.url !== 'string') continue;
    const variables = isDocObject(server.variables) ? server.variables : {};
    const url = server.url.replace(/\{([^}]+)\}/g, (_all, name: string) => {
      const v = variables[name];
      return isDocObject(v) && typeof v.default === 'string' ? v.default : '';
    });
    let pathname: string;
    try {
      pathname = new URL(url, 'http://localhost').pathname;
    } catch {
      throw documentError(`The server URL '${server.url}' is not a URL`);
    }
    bases.add(pathname.replace(/\/+$/, ''));
  }
  if (bases.size === 0) bases.add('');
  // the longest base first, so that /v1/api wins over /v1
  return [...bases].sort((a, b) => b.length - a.length);
}

/** An operation found for a request, with the raw texts of its path template's parameters. */
export interface FoundOperation {
  readonly operation: Operation;
  readonly path: CompiledPath;
  readonly values: readonly string[];
}

/** Options of {@link OpenAPIValidator.create}. */
export interface OpenAPIValidatorOptions {
  /**
   * Validate responses whose status the operation does not describe (and has
   * no `default` for) as errors. @default true
   */
  readonly strictStatus?: boolean;
}

/** Request and response validation against one OpenAPI document. */
export class OpenAPIValidator {
  /** The OpenAPI version the document declares (`3.0.3`, `3.1.0`). */
  readonly version: string;
  readonly #paths: readonly CompiledPath[];
  readonly #byTemplate: ReadonlyMap<string, CompiledPath>;
  readonly #bases: readonly string[];
  readonly #strictStatus: boolean;

  private constructor(version: string, paths: CompiledPath[], bases: string[], options: OpenAPIValidatorOptions) {
    this.version = version;
    this.#paths = paths;
    this.#byTemplate = new Map(paths.map((p) => [p.template, p]));
    this.#bases = bases;
    this.#strictStatus = options.strictStatus ?? true;
  }

  /**
   * A validator for a parsed OpenAPI 3.0 or 3.1 document (JSON, or YAML
   * parsed by the caller). Every `$ref` is resolved and every schema
   * compiled here, so a broken document fails now, not on a request.
   * @throws PoorWSGIError `PW_ERR_OPENAPI`: not OpenAPI 3.0/3.1, a broken `$ref`, a schema that does not compile, ajv missing
   */
  static async create(document: unknown, options: OpenAPIValidatorOptions = {}): Promise<OpenAPIValidator> {
    if (!isDocObject(document) || typeof document.openapi !== 'string' || !/^3\.[01]\./.test(`${document.openapi}.`)) {
      throw documentError('An OpenAPI 3.0 or 3.1 document is an object with an "openapi" field of 3.0.x or 3.1.x');
    }
    const version = document.openapi;
    const v31 = version.startsWith('3.1');
    const dialect = toJsonSchemaDialect(document, !v31) as Record<string, unknown>;
    const schemas = await schemaCompiler(dialect, v31);
    const paths = new OperationCompiler(dialect, schemas).compile();
    return new OpenAPIValidator(version, paths, serverBases(dialect), options);
  }

  /**
   * The operation of a request, or why there is none: the path template
   * that the route gives (`pathPattern`) when the document has it, else
   * the first template matching the raw path under one of the servers.
   */
  findOperation(request: OpenAPIRequestLike): FoundOperation | 'path' | 'operation' {
    for (const base of this.#bases) {
      const raw = request.rawPath;
      if (base !== '' && !(raw === base || raw.startsWith(`${base}/`))) continue;
      const rest = raw.slice(base.length) || '/';
      const hinted = request.pathPattern === undefined ? undefined : this.#byTemplate.get(request.pathPattern);
      const candidates = hinted === undefined ? this.#paths : [hinted, ...this.#paths];
      for (const path of candidates) {
        const m = path.pattern.exec(rest);
        if (m === null) continue;
        const operation = path.operations.get(request.method);
        if (operation === undefined) return 'operation';
        return { operation, path, values: m.slice(1) };
      }
    }
    return 'path';
  }

  /**
   * Validate a request: its operation, security, parameters and body.
   * `found` is what {@link OpenAPIValidator.findOperation} answered for it, when the caller asked already.
   */
  validateRequest(
    request: OpenAPIRequestLike,
    found: FoundOperation | 'path' | 'operation' = this.findOperation(request),
  ): RequestValidation {
    if (typeof found === 'string') {
      return {
        status: 'notFound',
        notFound: found,
        operation: undefined,
        params: NO_PARAMS,
        body: undefined,
        issues: NO_ISSUES,
      };
    }
    const { operation, path, values } = found;
    const params = emptyParams();
    const security = this.#securityIssue(operation.security, request);
    if (security !== undefined) {
      return { status: 'unauthorized', operation, params, body: undefined, issues: [security] };
    }
    let issues: ValidationIssue[] | undefined;
    const { parameters } = request;
    let query: ReadonlyMap<string, readonly string[]> | undefined;
    for (const p of operation.parameters) {
      let value: unknown;
      if (p.in === 'path') {
        const index = path.names.indexOf(p.name);
        value = index === -1 ? undefined : pathValue(values[index] as string, p);
      } else if (p.in === 'query') {
        query ??= parameters.query;
        value = p.json ? query.get(p.name)?.[0] : queryValue(query, p);
      } else if (p.in === 'header') {
        value = p.json ? parameters.header(p.name) : headerValue(parameters.header(p.name), p);
      } else {
        const cookie = parameters.cookie[p.name];
        value = p.json ? cookie : cookieValue(cookie, p);
      }
      if (value === undefined) {
        if (p.required) (issues ??= []).push({ in: p.in, name: p.name, reason: 'is required' });
        continue;
      }
      if (p.json) {
        try {
          value = JSON.parse(String(value));
        } catch {
          (issues ??= []).push({ in: p.in, name: p.name, reason: 'must be JSON' });
          continue;
        }
      }
      const problems = p.check === undefined ? NO_SCHEMA_ISSUES : p.check(value);
      if (problems.length === 0) params[p.in][p.name] = value;
      else (issues ??= []).push(...schemaIssues(p.in, p.name, problems));
    }
    let body: unknown;
    if (operation.body !== undefined) body = this.#body(operation.body, request, (issues ??= []));
    if (issues === undefined || issues.length === 0)
      return { status: 'valid', operation, params, body, issues: NO_ISSUES };
    return { status: 'invalid', operation, params, body, issues };
  }

  #securityIssue(
    alternatives: ReadonlyArray<ReadonlyArray<SecurityScheme>>,
    request: OpenAPIRequestLike,
  ): ValidationIssue | undefined {
    if (alternatives.length === 0) return undefined;
    for (const schemes of alternatives) if (schemes.every((s) => this.#meets(s, request))) return undefined;
    const names = alternatives.map((schemes) => schemes.map(describeScheme).join(' and ')).join(' or ');
    return { in: 'security', name: names, reason: `none of the security requirements is met (${names})` };
  }

  #meets(scheme: SecurityScheme, request: OpenAPIRequestLike): boolean {
    // a client certificate is the TLS server's to require (requestCert, rejectUnauthorized): nothing to see here
    if (scheme.type === 'mutualTLS') return true;
    const { parameters } = request;
    if (scheme.type === 'apiKey') {
      const name = scheme.name ?? '';
      if (scheme.in === 'header') return parameters.header(name) !== undefined;
      if (scheme.in === 'query') return parameters.query.has(name);
      if (scheme.in === 'cookie') return parameters.cookie[name] !== undefined;
      return false;
    }
    const authorization = parameters.header('Authorization');
    if (authorization === undefined) return false;
    const space = authorization.indexOf(' ');
    const given = (space === -1 ? authorization : authorization.slice(0, space)).toLowerCase();
    const credentials = space === -1 ? '' : authorization.slice(space + 1).trim();
    if (credentials === '') return false;
    if (scheme.type === 'http') return given === (scheme.scheme ?? '');
    // oauth2 and openIdConnect present a bearer token; what it grants is the application's to check
    return given === 'bearer';
  }

  #body(spec: NonNullable<Operation['body']>, request: OpenAPIRequestLike, issues: ValidationIssue[]): unknown {
    const bytes = request.body;
    const form = request.form;
    const present = (bytes !== undefined && bytes.byteLength > 0) || (form !== undefined && form.size > 0);
    if (!present) {
      if (spec.required) issues.push({ in: 'body', name: '', reason: 'a request body is required' });
      return undefined;
    }
    const media = mediaFor(spec.content, request.mimetype);
    if (media === undefined) {
      const allowed = [...spec.content.keys()].join(', ');
      issues.push({ in: 'body', name: '', reason: `media type '${request.mimetype}' is not one of ${allowed}` });
      return undefined;
    }
    const value = decodeBody(request, bytes, form, media);
    if (value instanceof BodyError) {
      issues.push({ in: 'body', name: '', reason: value.message });
      return undefined;
    }
    if (media.check !== undefined) issues.push(...schemaIssues('body', '', media.check(value)));
    return value;
  }

  /**
   * Validate a response against the request's operation: status, headers and body.
   * `found` as for {@link OpenAPIValidator.validateRequest}.
   */
  validateResponse(
    request: OpenAPIRequestLike,
    response: OpenAPIResponseLike,
    found: FoundOperation | 'path' | 'operation' = this.findOperation(request),
  ): ResponseValidation {
    if (typeof found === 'string') return { status: 'notFound', issues: NO_ISSUES };
    const { responses } = found.operation;
    const status = String(response.statusCode);
    const spec = responses.get(status) ?? responses.get(`${status[0]}XX`) ?? responses.get('DEFAULT');
    if (spec === undefined) {
      if (!this.#strictStatus) return { status: 'valid', issues: NO_ISSUES };
      const known = [...responses.keys()].join(', ');
      return {
        status: 'invalid',
        issues: [{ in: 'status', name: status, reason: `status ${status} is not one of ${known}` }],
      };
    }
    const issues: ValidationIssue[] = [];
    for (const h of spec.headers) {
      const raw = response.header(h.name);
      if (raw === undefined) {
        if (h.required) issues.push({ in: 'header', name: h.name, reason: 'is required' });
        continue;
      }
      if (h.check !== undefined) issues.push(...schemaIssues('header', h.name, h.check(headerValue(raw, h.style))));
    }
    if (spec.content.size > 0) {
      const media = mediaFor(spec.content, response.mimetype);
      if (media === undefined) {
        const allowed = [...spec.content.keys()].join(', ');
        issues.push({ in: 'body', name: '', reason: `media type '${response.mimetype}' is not one of ${allowed}` });
      } else if (response.data !== undefined && media.check !== undefined) {
        const value = decodeBody({ mimetype: response.mimetype }, response.data, undefined, media);
        if (value instanceof BodyError) issues.push({ in: 'body', name: '', reason: value.message });
        else issues.push(...schemaIssues('body', '', media.check(value)));
      }
    }
    return issues.length === 0 ? { status: 'valid', issues: NO_ISSUES } : { status: 'invalid', issues };
  }
}

function describeScheme(s: SecurityScheme): string {
  if (s.type === 'apiKey') return `API key '${s.name}' in ${s.in}`;
  if (s.type === 'http') return `HTTP ${s.scheme} authorization`;
  return `${s.type} bearer token`;
}
