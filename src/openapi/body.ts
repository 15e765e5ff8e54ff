/**
 * Bodies as their schemas check them: the media type entry of a MIME type,
 * JSON parsed, urlencoded and multipart fields as an object coerced by the
 * schema's shape, text as a string.
 * @module
 */
import type { CompiledMedia } from './operations.ts';
import { parseQuery } from './parameters.ts';
import { coerceList, coerceObject, isArrayShape, propertyShape } from './shape.ts';

const JSON_MIME = /^application\/(?:[\w.+-]+\+)?json$/;
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The media type entry for a MIME type: exact, then `type/*`, then `*∕*`. */
export function mediaFor<T>(content: ReadonlyMap<string, T>, mime: string): T | undefined {
  return content.get(mime) ?? content.get(`${mime.split('/')[0]}/*`) ?? content.get('*/*');
}

/** Why a body could not be decoded (not JSON, not UTF-8): a value, not a throw, on the request path. */
export class BodyError {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

/** A body as the value its schema checks: JSON parsed, a form's fields as an object, other text as a string. */
export function decodeBody(
  request: { readonly mimetype: string },
  bytes: Uint8Array | undefined,
  form: ReadonlyMap<string, readonly string[]> | undefined,
  media: CompiledMedia,
): unknown {
  const mime = request.mimetype;
  const fields =
    form ??
    (mime === 'application/x-www-form-urlencoded' && bytes !== undefined ? parseQuery(textOf(bytes) ?? '') : undefined);
  if (fields !== undefined) {
    const out: Record<string, unknown> = {};
    for (const [name, values] of fields) {
      const shape = propertyShape(media.shape, name);
      out[name] = isArrayShape(shape)
        ? coerceList(values, shape)
        : coerceObject([[name, values[0] as string]], media.shape)[name];
    }
    return out;
  }
  if (bytes === undefined) return undefined;
  const text = textOf(bytes);
  if (text === undefined) return mime.startsWith('text/') || JSON_MIME.test(mime) ? new BodyError('is not UTF-8') : '';
  if (JSON_MIME.test(mime)) {
    try {
      return JSON.parse(text);
    } catch (err) {
      return new BodyError(`is not JSON: ${(err as Error).message}`);
    }
  }
  return text;
}

/** UTF-8 text, or `undefined` for bytes that are not UTF-8. */
export function textOf(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}
