/**
 * Parameter decoding by `style` and `explode` (OpenAPI 3 "Style Values"):
 * path (`simple`, `label`, `matrix`), query (`form`, `spaceDelimited`,
 * `pipeDelimited`, `deepObject`), header (`simple`) and cookie (`form`),
 * each giving a primitive, an array or an object coerced by the schema's
 * shape. `undefined` means the parameter is absent.
 * @module
 */
import { coerce, coerceList, coerceObject, isArrayShape, isObjectShape, type Shape } from './shape.ts';

/** Where a parameter is. */
export type ParameterIn = 'path' | 'query' | 'header' | 'cookie';

/** A parameter's serialisation, with the shape of its schema. */
export interface ParameterStyle {
  readonly name: string;
  readonly in: ParameterIn;
  readonly style: string;
  readonly explode: boolean;
  readonly shape: Shape;
}

/** The style and explode defaults of OpenAPI 3 for each location. */
export function defaultStyle(where: ParameterIn): string {
  return where === 'query' || where === 'cookie' ? 'form' : where === 'path' ? 'simple' : 'simple';
}

function decode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function pairs(items: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < items.length; i += 2) out.push([items[i] as string, items[i + 1] as string]);
  return out;
}

function keyValues(items: readonly string[]): Array<[string, string]> {
  return items.map((item) => {
    const eq = item.indexOf('=');
    return eq === -1 ? [item, ''] : [item.slice(0, eq), item.slice(eq + 1)];
  });
}

/** A delimited text (the path, header and cookie serialisations) as a value of the shape. */
function fromDelimited(text: string, separator: string, explode: boolean, shape: Shape, decodeParts: boolean): unknown {
  // a primitive first, and without closures: the common case, on every request
  if (!isArrayShape(shape) && !isObjectShape(shape)) return coerce(decodeParts ? decode(text) : text, shape);
  const parts = text === '' ? [] : text.split(separator);
  if (decodeParts) for (let i = 0; i < parts.length; i++) parts[i] = decode(parts[i] as string);
  if (isArrayShape(shape)) return coerceList(parts, shape);
  return coerceObject(explode ? keyValues(parts) : pairs(parts), shape);
}

/** A path parameter from its raw (percent-encoded) segment text. */
export function pathValue(raw: string, p: ParameterStyle): unknown {
  if (p.style === 'label') {
    if (!raw.startsWith('.')) return coerce(decode(raw), p.shape);
    const body = raw.slice(1);
    return fromDelimited(body, p.explode ? '.' : ',', p.explode, p.shape, true);
  }
  if (p.style === 'matrix') {
    const prefix = `;${p.name}=`;
    if (p.explode && isArrayShape(p.shape)) {
      const items = raw
        .split(';')
        .slice(1)
        .filter((item) => item.startsWith(`${p.name}=`))
        .map((item) => decode(item.slice(p.name.length + 1)));
      return coerceList(items, p.shape);
    }
    if (p.explode && isObjectShape(p.shape))
      return coerceObject(keyValues(raw.split(';').slice(1).map(decode)), p.shape);
    return fromDelimited(raw.startsWith(prefix) ? raw.slice(prefix.length) : raw, ',', false, p.shape, true);
  }
  return fromDelimited(raw, ',', p.explode, p.shape, true);
}

/** A header parameter (style `simple`); `undefined` when absent. */
export function headerValue(value: string | undefined, p: ParameterStyle): unknown {
  if (value === undefined) return undefined;
  return fromDelimited(value, ',', p.explode, p.shape, false);
}

/** A cookie parameter (style `form`); `undefined` when absent. */
export function cookieValue(value: string | undefined, p: ParameterStyle): unknown {
  if (value === undefined) return undefined;
  return fromDelimited(value, ',', false, p.shape, false);
}

/** A query parameter from the decoded query (name → every value, in order); `undefined` when absent. */
export function queryValue(query: ReadonlyMap<string, readonly string[]>, p: ParameterStyle): unknown {
  const { shape } = p;
  if (p.style === 'deepObject') {
    const found: Array<[string, string]> = [];
    const prefix = `${p.name}[`;
    for (const [key, values] of query) {
      if (key.startsWith(prefix) && key.endsWith(']')) found.push([key.slice(prefix.length, -1), values[0] as string]);
    }
    return found.length === 0 ? undefined : coerceObject(found, shape);
  }
  if (isObjectShape(shape) && p.style === 'form' && p.explode) {
    // each property is a query parameter of its own
    const found: Array<[string, string]> = [];
    for (const name of shape.properties.keys()) {
      const values = query.get(name);
      if (values !== undefined) found.push([name, values[0] as string]);
    }
    return found.length === 0 ? undefined : coerceObject(found, shape);
  }
  const values = query.get(p.name);
  if (values === undefined) return undefined;
  if (isArrayShape(shape)) {
    if (p.style === 'form' && p.explode) return coerceList(values, shape);
    const separator = p.style === 'spaceDelimited' ? ' ' : p.style === 'pipeDelimited' ? '|' : ',';
    return coerceList(
      values.flatMap((v) => (v === '' ? [] : v.split(separator))),
      shape,
    );
  }
  if (isObjectShape(shape)) return coerceObject(pairs((values[0] as string).split(',')), shape);
  return coerce(values[0] as string, shape);
}

/** The decoded query of a raw query string: name → values, as `application/x-www-form-urlencoded`. */
export function parseQuery(raw: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (raw === '') return out;
  for (const [key, value] of new URLSearchParams(raw)) {
    const list = out.get(key);
    if (list === undefined) out.set(key, [value]);
    else list.push(value);
  }
  return out;
}
