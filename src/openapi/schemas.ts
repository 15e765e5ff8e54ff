/**
 * JSON Schema validation through `ajv` and `ajv-formats`, optional peer
 * dependencies loaded with `import()` only here, so an application that
 * does not validate against OpenAPI never loads (or needs) them. Every
 * schema is compiled once, when the validator is made.
 * @module
 */
import { documentError } from './document.ts';

/** One reason a value failed its schema: where in the value (a JSON pointer) and why. */
export interface SchemaIssue {
  readonly path: string;
  readonly message: string;
}

/** A compiled schema: the issues of a value, none when it is valid. */
export type SchemaCheck = (value: unknown) => readonly SchemaIssue[];

/** The part of an ajv instance used here. */
interface AjvLike {
  addSchema(schema: object, key: string): unknown;
  addFormat(name: string, format: RegExp | { validate: (value: number | string) => boolean; type?: string }): unknown;
  compile(schema: object): AjvValidate;
}

interface AjvValidate {
  (value: unknown): boolean;
  errors?: ReadonlyArray<{ readonly instancePath: string; readonly message?: string }> | null;
}

type AjvConstructor = new (options: Record<string, unknown>) => AjvLike;

/** What compiles the schemas of one document. */
export interface SchemaCompiler {
  /** Compile the schema at a JSON pointer of the document. */
  compile(pointer: string): SchemaCheck;
}

const NO_ISSUES: readonly SchemaIssue[] = Object.freeze([]);
const DOCUMENT_KEY = 'openapi.json';

/** A module's default export, whatever shape the CommonJS interop gave it. */
function defaultOf<T>(module: unknown): T {
  let value = module as { default?: unknown };
  while (typeof value === 'object' && value !== null && 'default' in value && value.default !== undefined) {
    value = value.default as { default?: unknown };
  }
  return value as T;
}

/** A module by `import()` (each a string literal, which the architecture test reads); a missing one says what to install. */
async function load(specifier: string, importer: () => Promise<unknown>): Promise<unknown> {
  try {
    return await importer();
  } catch (err) {
    throw documentError(
      `poorwsgi/openapi needs the packages ajv and ajv-formats (npm install ajv ajv-formats): ${specifier} could not be loaded (${(err as Error).message})`,
    );
  }
}

/** The OpenAPI formats that JSON Schema does not define, checked as OpenAPI 3.0 defines them. */
function addOpenApiFormats(ajv: AjvLike): void {
  ajv.addFormat('int32', { type: 'number', validate: (n) => Number.isInteger(n) && Math.abs(Number(n)) <= 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n) => Number.isInteger(n) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  ajv.addFormat('binary', { validate: () => true });
  ajv.addFormat('password', { validate: () => true });
}

/**
 * A compiler for the schemas of `document` (already in JSON Schema's dialect):
 * draft-07 for OpenAPI 3.0, 2020-12 for 3.1.
 */
export async function schemaCompiler(document: object, v31: boolean): Promise<SchemaCompiler> {
  const ajvModule = v31
    ? await load('ajv/dist/2020.js', () => import('ajv/dist/2020.js'))
    : await load('ajv', () => import('ajv'));
  const formatsModule = await load('ajv-formats', () => import('ajv-formats'));
  const Ajv = defaultOf<AjvConstructor>(ajvModule);
  const addFormats = defaultOf<(ajv: AjvLike) => unknown>(formatsModule);
  // strict off: OpenAPI schemas carry keywords JSON Schema does not know (example, discriminator, xml)
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, validateFormats: true });
  addFormats(ajv);
  addOpenApiFormats(ajv);
  ajv.addSchema(document, DOCUMENT_KEY);
  return {
    compile(pointer: string): SchemaCheck {
      let validate: AjvValidate;
      try {
        validate = ajv.compile({ $ref: `${DOCUMENT_KEY}#${encodeURI(pointer)}` });
      } catch (err) {
        throw documentError(`The schema at '${pointer}' does not compile: ${(err as Error).message}`);
      }
      return (value) => {
        if (validate(value)) return NO_ISSUES;
        return (validate.errors ?? []).map((e) => ({ path: e.instancePath, message: e.message ?? 'is invalid' }));
      };
    },
  };
}
