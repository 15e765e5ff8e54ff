/**
 * The operations of an OpenAPI document, compiled once: each path template
 * as a regular expression, each operation's parameters (style, explode,
 * shape, compiled schema), request body media types, security requirements
 * and responses. A broken document is a start-up error.
 * @module
 */
import {
  childObject,
  documentError,
  escapeToken,
  isDocObject,
  type Located,
  memberObjects,
  resolveRef,
} from './document.ts';
import { defaultStyle, type ParameterIn, type ParameterStyle } from './parameters.ts';
import type { SchemaCheck, SchemaCompiler } from './schemas.ts';
import { type Shape, shapeOf } from './shape.ts';

/** A compiled parameter. */
export interface CompiledParameter extends ParameterStyle {
  readonly required: boolean;
  /** The schema's check; `undefined` without a schema. */
  readonly check: SchemaCheck | undefined;
  /** A parameter described by `content` (one media type): its value is that media type's text, JSON parsed. */
  readonly json: boolean;
}

/** A compiled media type of a body. */
export interface CompiledMedia {
  readonly check: SchemaCheck | undefined;
  readonly shape: Shape;
}

/** A compiled response header. */
export interface CompiledHeader {
  readonly name: string;
  readonly required: boolean;
  readonly check: SchemaCheck | undefined;
  readonly style: ParameterStyle;
}

/** A compiled response. */
export interface CompiledResponse {
  readonly content: ReadonlyMap<string, CompiledMedia>;
  readonly headers: readonly CompiledHeader[];
}

/** One security scheme, as a check can be made of it. */
export interface SecurityScheme {
  readonly type: string;
  /** apiKey: where and which name. */
  readonly in?: string;
  readonly name?: string;
  /** http: `basic`, `bearer`, ... (lower case). */
  readonly scheme?: string;
}

/** A compiled operation. */
export interface Operation {
  /** The path template as the document has it (`/arg/{arg}`). */
  readonly path: string;
  readonly method: string;
  readonly operationId: string | undefined;
  readonly parameters: readonly CompiledParameter[];
  readonly body: { readonly required: boolean; readonly content: ReadonlyMap<string, CompiledMedia> } | undefined;
  /** Alternatives (any one suffices), each a list of schemes that must all be met; `[]` is no security. */
  readonly security: ReadonlyArray<ReadonlyArray<SecurityScheme>>;
  readonly responses: ReadonlyMap<string, CompiledResponse>;
}

/** A path template with its operations. */
export interface CompiledPath {
  readonly template: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly operations: ReadonlyMap<string, Operation>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const LOCATIONS = new Set(['path', 'query', 'header', 'cookie']);

function regexEscape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A path template as a regular expression on the raw path; each `{name}` one segment (or part of one). */
function templatePattern(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  let source = '';
  let last = 0;
  for (const m of template.matchAll(/\{([^}]+)\}/g)) {
    source += regexEscape(template.slice(last, m.index));
    source += '([^/]+)';
    names.push(m[1] as string);
    last = (m.index as number) + m[0].length;
  }
  source += regexEscape(template.slice(last));
  return { pattern: new RegExp(`^${source}$`), names };
}

/** Compiles the operations of a document. */
export class OperationCompiler {
  readonly #root: unknown;
  readonly #schemas: SchemaCompiler;

  constructor(root: unknown, schemas: SchemaCompiler) {
    this.#root = root;
    this.#schemas = schemas;
  }

  #schema(parent: Located, key = 'schema'): { check: SchemaCheck | undefined; shape: Shape; pointer?: string } {
    const value = parent.value[key];
    if (value === undefined) return { check: undefined, shape: shapeOf(this.#root, undefined) };
    const pointer = `${parent.pointer}/${escapeToken(key)}`;
    if (!isDocObject(value) && typeof value !== 'boolean') throw documentError(`'${pointer}' must be a schema`);
    return { check: this.#schemas.compile(pointer), shape: shapeOf(this.#root, value), pointer };
  }

  #parameter(located: Located): CompiledParameter {
    const p = located.value;
    const name = p.name;
    const where = p.in;
    if (typeof name !== 'string' || typeof where !== 'string' || !LOCATIONS.has(where)) {
      throw documentError(
        `The parameter at '${located.pointer}' needs a name and an 'in' of path, query, header or cookie`,
      );
    }
    const loc = where as ParameterIn;
    const style = typeof p.style === 'string' ? p.style : defaultStyle(loc);
    const explode = typeof p.explode === 'boolean' ? p.explode : style === 'form';
    const required = loc === 'path' || p.required === true;
    let schema = this.#schema(located);
    let json = false;
    const content = childObject(this.#root, located, 'content');
    if (content !== undefined) {
      const [first] = memberObjects(this.#root, content);
      if (first !== undefined) {
        schema = this.#schema(first[1]);
        json = true;
      }
    }
    return { name, in: loc, style, explode, shape: schema.shape, required, check: schema.check, json };
  }

  #content(located: Located | undefined): Map<string, CompiledMedia> {
    const out = new Map<string, CompiledMedia>();
    for (const [mime, media] of memberObjects(this.#root, located)) {
      const { check, shape } = this.#schema(media);
      out.set(mime.toLowerCase(), { check, shape });
    }
    return out;
  }

  #securitySchemes(): Map<string, SecurityScheme> {
    const out = new Map<string, SecurityScheme>();
    const components = childObject(this.#root, { value: this.#root as Located['value'], pointer: '' }, 'components');
    const schemes = components === undefined ? undefined : childObject(this.#root, components, 'securitySchemes');
    for (const [name, s] of memberObjects(this.#root, schemes)) {
      const v = s.value;
      const scheme: SecurityScheme = {
        type: String(v.type),
        ...(typeof v.in === 'string' ? { in: v.in } : {}),
        ...(typeof v.name === 'string' ? { name: v.name } : {}),
        ...(typeof v.scheme === 'string' ? { scheme: v.scheme.toLowerCase() } : {}),
      };
      out.set(name, scheme);
    }
    return out;
  }

  #security(
    value: unknown,
    schemes: ReadonlyMap<string, SecurityScheme>,
    pointer: string,
  ): ReadonlyArray<ReadonlyArray<SecurityScheme>> {
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw documentError(`'${pointer}' must be a list of security requirements`);
    return value.map((requirement) => {
      if (!isDocObject(requirement)) throw documentError(`'${pointer}' must be a list of security requirements`);
      return Object.keys(requirement).map((name) => {
        const scheme = schemes.get(name);
        if (scheme === undefined) throw documentError(`'${pointer}' names the unknown security scheme '${name}'`);
        return scheme;
      });
    });
  }

  #responses(located: Located | undefined): Map<string, CompiledResponse> {
    const out = new Map<string, CompiledResponse>();
    for (const [status, response] of memberObjects(this.#root, located)) {
      const headers: CompiledHeader[] = [];
      for (const [name, header] of memberObjects(this.#root, childObject(this.#root, response, 'headers'))) {
        // OpenAPI: a Content-Type response header definition is ignored
        if (name.toLowerCase() === 'content-type') continue;
        const { check, shape } = this.#schema(header);
        const explode = header.value.explode === true;
        headers.push({
          name,
          required: header.value.required === true,
          check,
          style: { name, in: 'header', style: 'simple', explode, shape },
        });
      }
      out.set(status.toUpperCase(), { content: this.#content(childObject(this.#root, response, 'content')), headers });
    }
    return out;
  }

  /** Every path of the document, literal paths before templated ones. */
  compile(): CompiledPath[] {
    const root = { value: this.#root as Located['value'], pointer: '' };
    const schemes = this.#securitySchemes();
    const globalSecurity = this.#security(root.value.security, schemes, '/security');
    const paths = childObject(this.#root, root, 'paths');
    const out: CompiledPath[] = [];
    for (const [template, item] of memberObjects(this.#root, paths)) {
      const shared = this.#parameterList(item);
      const operations = new Map<string, Operation>();
      for (const method of METHODS) {
        const op = childObject(this.#root, item, method);
        if (op === undefined) continue;
        const own = this.#parameterList(op);
        const merged = new Map<string, CompiledParameter>();
        for (const p of [...shared, ...own])
          merged.set(`${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`, p);
        const requestBody = childObject(this.#root, op, 'requestBody');
        operations.set(method, {
          path: template,
          method,
          operationId: typeof op.value.operationId === 'string' ? op.value.operationId : undefined,
          parameters: [...merged.values()],
          body:
            requestBody === undefined
              ? undefined
              : {
                  required: requestBody.value.required === true,
                  content: this.#content(childObject(this.#root, requestBody, 'content')),
                },
          security:
            op.value.security === undefined
              ? globalSecurity
              : this.#security(op.value.security, schemes, `${op.pointer}/security`),
          responses: this.#responses(childObject(this.#root, op, 'responses')),
        });
      }
      const { pattern, names } = templatePattern(template);
      out.push({ template, pattern, names, operations });
    }
    // OpenAPI: concrete paths are matched before templated ones
    return out.sort((a, b) => a.names.length - b.names.length);
  }

  #parameterList(located: Located): CompiledParameter[] {
    const list = located.value.parameters;
    if (list === undefined) return [];
    if (!Array.isArray(list)) throw documentError(`'${located.pointer}/parameters' must be a list`);
    return list.map((p, i) => {
      const pointer = `${located.pointer}/parameters/${i}`;
      if (!isDocObject(p)) throw documentError(`'${pointer}' must be a parameter object`);
      return this.#parameter(resolveRef(this.#root, { value: p, pointer }));
    });
  }
}
