import { HTTPException } from '../errors/http-exception.ts';
import { decodeUtf8Strict } from '../http/bytes.ts';
import { jsonNestingExceeds } from '../http/json-depth.ts';
import { HTTP_BAD_REQUEST } from '../http/status.ts';

/** A value `JSON.parse` returns: what `req.json` holds for a JSON body. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Parse a JSON body. Any failure (bad charset, bad UTF-8, bad JSON, nesting
 * deeper than `maxDepth`) is a 400 whose `error` says why, as PoorWSGI 2.8 does.
 * @param maxDepth deepest nesting of arrays and objects allowed (the `maxJsonDepth` option)
 */
export function parseJsonBody(body: Uint8Array, charset = 'utf-8', maxDepth = 128): JsonValue {
  let text: string;
  try {
    text =
      charset.toLowerCase() === 'utf-8'
        ? decodeUtf8Strict(body)
        : new TextDecoder(charset, { fatal: true }).decode(body);
  } catch (err) {
    throw new HTTPException(HTTP_BAD_REQUEST, { error: `Invalid JSON body: ${(err as Error).message}` });
  }
  if (jsonNestingExceeds(text, maxDepth)) {
    throw new HTTPException(HTTP_BAD_REQUEST, {
      error: `Invalid JSON body: nested deeper than ${maxDepth} levels (the maxJsonDepth limit)`,
    });
  }
  try {
    return JSON.parse(text) as JsonValue;
  } catch (err) {
    throw new HTTPException(HTTP_BAD_REQUEST, { error: `Invalid JSON body: ${(err as Error).message}` });
  }
}
