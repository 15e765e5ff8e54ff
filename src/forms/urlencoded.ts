import { Buffer } from 'node:buffer';
import { FieldStorage } from './field-storage.ts';
import { type ParseOptions, parseQsl } from './query.ts';

/** The MIME type of a urlencoded form body. */
export const URLENCODED_MIME_TYPE = 'application/x-www-form-urlencoded';

/**
 * Parse an `application/x-www-form-urlencoded` body into a root
 * {@link FieldStorage} whose `list` holds one field per pair, in order
 * (PoorWSGI's `FieldStorageParser.read_urlencoded`). Bytes are decoded as
 * UTF-8, invalid sequences as U+FFFD.
 *
 * Throws `HTTPException` 413 or 400 as {@link parseQsl} does.
 * @example
 * const form = parseUrlencodedForm(Buffer.from('name=Ond%C5%99ej&x=8&x=7'));
 * form.getfirst('name');                // 'Ondřej'
 * form.getlist('x', undefined, Number); // [8, 7]
 */
export function parseUrlencodedForm(body: Uint8Array | string, options?: ParseOptions): FieldStorage {
  const root = new FieldStorage();
  root.type = URLENCODED_MIME_TYPE;
  root.length = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
  root.list = parseQsl(body, options).map(([name, value]) => new FieldStorage(name, value));
  return root;
}
