/**
 * What a schema says a value's JSON type may be, read once at start-up so
 * that request strings (path segments, query values, headers, cookies,
 * form fields) can be turned into numbers, booleans, arrays and objects
 * before the schema checks them: the coercion OpenAPI implies for
 * parameters, which JSON Schema itself never does.
 * @module
 */
import { isDocObject, resolveRef } from './document.ts';

/** The JSON types a schema allows, and the shapes of its items and properties. */
export interface Shape {
  /** JSON Schema type names; empty means any. */
  readonly types: ReadonlySet<string>;
  readonly items?: Shape;
  readonly properties: ReadonlyMap<string, Shape>;
}

const ANY: Shape = { types: new Set(), properties: new Map() };

/** The shape of a schema (refs followed; `oneOf`/`anyOf`/`allOf` branches merged). */
export function shapeOf(root: unknown, schema: unknown, depth = 0): Shape {
  if (!isDocObject(schema) || depth > 16) return ANY;
  const { value } = resolveRef(root, { value: schema, pointer: '' });
  const types = new Set<string>();
  const properties = new Map<string, Shape>();
  let items: Shape | undefined;
  if (typeof value.type === 'string') types.add(value.type);
  else if (Array.isArray(value.type)) for (const t of value.type) if (typeof t === 'string') types.add(t);
  if (isDocObject(value.items)) items = shapeOf(root, value.items, depth + 1);
  if (isDocObject(value.properties)) {
    for (const [name, sub] of Object.entries(value.properties)) properties.set(name, shapeOf(root, sub, depth + 1));
  }
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    const branches = value[key];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches) {
      const sub = shapeOf(root, branch, depth + 1);
      for (const t of sub.types) types.add(t);
      items ??= sub.items;
      for (const [name, s] of sub.properties) if (!properties.has(name)) properties.set(name, s);
    }
  }
  // a 3.0 enum or const without a type: its values tell
  if (types.size === 0 && Array.isArray(value.enum)) for (const v of value.enum) types.add(jsonType(v));
  return items === undefined ? { types, properties } : { types, items, properties };
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

// decimal text as Python's int() and float() read it (openapi-core casts with them): leading zeros, a sign,
// `.5` and `5.`; not whitespace, underscores, `inf` or `nan`, which are no JSON numbers
const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A request string as the value its shape asks for: a number, a boolean,
 * `null`, or the string itself. A string that is none of the allowed
 * types stays a string, so the schema reports it ("must be number").
 */
export function coerce(text: string, shape: Shape): unknown {
  const { types } = shape;
  if (types.size === 0 || (types.has('string') && types.size === 1)) return text;
  if ((types.has('integer') || types.has('number')) && (INTEGER.test(text) || NUMBER.test(text))) {
    const n = Number(text);
    if (Number.isFinite(n)) return n;
  }
  if (types.has('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  if (types.has('null') && text === '' && !types.has('string')) return null;
  return text;
}

/** Whether the shape is an array (and not also a primitive a single value could be). */
export function isArrayShape(shape: Shape): boolean {
  return shape.types.has('array') || (shape.types.size === 0 && shape.items !== undefined);
}

/** Whether the shape is an object with named properties. */
export function isObjectShape(shape: Shape): boolean {
  return shape.types.has('object') && !shape.types.has('string');
}

/** The shape of a property, any when it is not declared. */
export function propertyShape(shape: Shape, name: string): Shape {
  return shape.properties.get(name) ?? ANY;
}

/** Coerce each value of a list by the array's item shape. */
export function coerceList(values: readonly string[], shape: Shape): unknown[] {
  const item = shape.items ?? ANY;
  return values.map((v) => coerce(v, item));
}

/** Coerce an object's string members by the properties' shapes. */
export function coerceObject(pairs: Iterable<[string, string]>, shape: Shape): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of pairs) out[k] = coerce(v, propertyShape(shape, k));
  return out;
}
