/**
 * The OpenAPI document as the validator reads it: a parsed JSON (or YAML)
 * value, walked through JSON pointers. Only the parts validation needs are
 * typed; everything else stays `unknown` and is checked where it is read.
 * @module
 */
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';

/** A JSON object of the document. */
export type DocObject = { readonly [key: string]: unknown };

/** A value of the document together with where it is (a JSON pointer, `''` for the root). */
export interface Located {
  readonly value: DocObject;
  readonly pointer: string;
}

/** Whether `value` is a plain JSON object (not an array, not null). */
export function isDocObject(value: unknown): value is DocObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One JSON pointer token, escaped (RFC 6901 §3). */
export function escapeToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

function unescapeToken(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** The document's error for a broken document: a start-up error, never a request's. */
export function documentError(message: string): PoorWSGIError {
  return new PoorWSGIError('PW_ERR_OPENAPI', message);
}

/** The value at a JSON pointer (`/components/schemas/arg`), or `undefined`. */
function atPointer(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const token = decodeURIComponent(unescapeToken(raw));
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isDocObject(node) && Object.hasOwn(node, token)) node = node[token];
    else return undefined;
  }
  return node;
}

/**
 * Follow `$ref`s (internal ones: `#/...`) from an object of the document
 * until one that is not a reference; a broken or external reference, or a
 * cycle of references, is a start-up error naming it.
 */
export function resolveRef(root: unknown, located: Located): Located {
  let current = located;
  const seen = new Set<string>();
  while (typeof current.value.$ref === 'string') {
    const ref = current.value.$ref;
    if (!ref.startsWith('#'))
      throw documentError(`Only internal $refs are supported: '${ref}' at '${current.pointer}'`);
    if (seen.has(ref)) throw documentError(`A cycle of $refs through '${ref}'`);
    seen.add(ref);
    const pointer = ref.slice(1);
    const value = atPointer(root, pointer);
    if (!isDocObject(value)) throw documentError(`Broken $ref '${ref}' at '${current.pointer}': no object there`);
    current = { value, pointer };
  }
  return current;
}

/** A child object of a located object (resolved), or `undefined` when it is absent. */
export function childObject(root: unknown, parent: Located, key: string): Located | undefined {
  const value = parent.value[key];
  if (value === undefined) return undefined;
  const pointer = `${parent.pointer}/${escapeToken(key)}`;
  if (!isDocObject(value)) throw documentError(`'${pointer}' must be an object`);
  return resolveRef(root, { value, pointer });
}

/** The members of a located map-like object (`paths`, `responses`, `content`), each resolved. */
export function memberObjects(root: unknown, parent: Located | undefined): Array<[string, Located]> {
  if (parent === undefined) return [];
  const out: Array<[string, Located]> = [];
  for (const key of Object.keys(parent.value)) {
    if (key.startsWith('x-')) continue;
    out.push([key, childObject(root, parent, key) as Located]);
  }
  return out;
}

/**
 * A deep copy of the document with OpenAPI 3.0's schema dialect turned into
 * JSON Schema draft-07's: `nullable: true` adds `null` to `type`, and
 * draft-04's boolean `exclusiveMinimum`/`exclusiveMaximum` become numbers.
 * OpenAPI 3.1 schemas are JSON Schema 2020-12 already and are copied as they are.
 */
export function toJsonSchemaDialect(document: unknown, v30: boolean): unknown {
  const copy = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(copy);
    if (!isDocObject(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key] = copy(value);
    if (!v30) return out;
    // ajv has a `nullable` keyword of its own that wants a `type`: the copy says it in JSON Schema's words only
    const nullable = out.nullable;
    // (a property named "nullable" is a schema, an object: left alone)
    if (typeof nullable === 'boolean') delete out.nullable;
    if (nullable === true) {
      if (typeof out.type === 'string') out.type = [out.type, 'null'];
      else if (out.type === undefined && Array.isArray(out.enum)) out.enum = [...out.enum, null];
      // nullable on a composition: null is one more alternative
      else if (out.type === undefined) return { anyOf: [out, { type: 'null' }] };
    }
    for (const [bound, limit] of [
      ['exclusiveMinimum', 'minimum'],
      ['exclusiveMaximum', 'maximum'],
    ] as const) {
      if (out[bound] === true && typeof out[limit] === 'number') {
        out[bound] = out[limit];
        delete out[limit];
      } else if (out[bound] === false) delete out[bound];
    }
    return out;
  };
  return copy(document);
}
