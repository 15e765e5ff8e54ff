/**
 * The header block of one multipart part: header lines (RFC 5322 §2.2 as
 * RFC 7578 §4 uses them) and the `Content-Disposition` parameters, with
 * RFC 5987 / RFC 8187 extended values (`filename*=UTF-8''...`).
 * @module
 */

import { HTTPException } from '../errors/http-exception.ts';
import { asBuffer, decodeUtf8, decodeUtf8Strict } from '../http/bytes.ts';
import { TOKEN } from '../http/grammar.ts';
import { parseHeader } from '../http/header-params.ts';
import { Headers } from '../http/headers.ts';
import { percentDecodeBytes } from '../http/percent.ts';
import { HTTP_BAD_REQUEST } from '../http/status.ts';

/** RFC 9110 §5.1: field-name = token. */
const FIELD_NAME = TOKEN;

function malformed(why: string): HTTPException {
  return new HTTPException(HTTP_BAD_REQUEST, { error: `Malformed multipart part header: ${why}` });
}

/**
 * Parse a part's header block (the bytes between the boundary line and the
 * empty line, without the final CRLF CRLF). Lines are split on CRLF; a line
 * starting with a space or tab continues the previous header (obs-fold, as
 * Python's email parser reads it). Bytes are read as UTF-8, U+FFFD for
 * invalid sequences, as PoorWSGI decodes them.
 *
 * Never crashes on hostile input (the dicer lesson): a folded first line,
 * a line without a colon or a name that is not a token is a 400.
 * @throws HTTPException 400 with the reason
 * @example
 * parsePartHeaders(Buffer.from('Content-Disposition: form-data; name="a"')).get('content-disposition');
 * // 'form-data; name="a"'
 */
export function parsePartHeaders(block: Uint8Array): Headers {
  const headers = new Headers(null, false);
  if (block.byteLength === 0) return headers;
  const lines = decodeUtf8(block).split('\r\n');
  let name = '';
  let value = '';
  for (const line of lines) {
    const first = line.charCodeAt(0);
    if (first === 0x20 || first === 0x09) {
      if (name === '') throw malformed('a header line starts with whitespace');
      value = `${value} ${line.trim()}`;
      continue;
    }
    if (name !== '') headers.append(name, value);
    const colon = line.indexOf(':');
    if (colon <= 0) throw malformed(`no header name in ${JSON.stringify(line.slice(0, 64))}`);
    name = line.slice(0, colon);
    if (!FIELD_NAME.test(name)) throw malformed(`bad header name ${JSON.stringify(name.slice(0, 64))}`);
    value = line.slice(colon + 1).trim();
  }
  if (name !== '') headers.append(name, value);
  return headers;
}

/*
 * RFC 8187 §3.2.1:
 *   ext-value     = charset  "'" [ language ] "'" value-chars
 *   charset       = "UTF-8" / mime-charset
 *   value-chars   = *( pct-encoded / attr-char )
 *   pct-encoded   = "%" HEXDIG HEXDIG
 *   attr-char     = ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "."
 *                 / "^" / "_" / "`" / "|" / "~"
 */
const EXT_VALUE = /^([!#$%&+\-^_`{}~0-9A-Za-z]+)'[^']*'((?:%[0-9A-Fa-f]{2}|[!#$&+\-.^_`|~0-9A-Za-z])*)$/;

/**
 * Decode an RFC 8187 extended parameter value (`UTF-8''%C5%99.txt`).
 * UTF-8 and ISO-8859-1 are understood (the two RFC 8187 requires); any other
 * charset, bad syntax or invalid UTF-8 gives `undefined`, so that the caller
 * falls back to the plain parameter.
 * @example decodeExtValue("UTF-8''%C5%99ek.txt"); // 'řek.txt'
 */
export function decodeExtValue(value: string): string | undefined {
  const match = EXT_VALUE.exec(value);
  if (!match) return undefined;
  const charset = match[1]!.toLowerCase();
  const bytes = percentDecodeBytes(match[2]!);
  if (charset === 'utf-8') {
    try {
      return decodeUtf8Strict(bytes);
    } catch {
      return undefined;
    }
  }
  if (charset === 'iso-8859-1') return asBuffer(bytes).toString('latin1');
  return undefined;
}

/** What a part's `Content-Disposition` says. */
export interface Disposition {
  /** The disposition type as sent (`form-data`, `file`, `attachment`), `''` without the header. */
  type: string;
  /** Its parameters by lower-cased name (null prototype), extended values as sent. */
  params: Record<string, string>;
  /** The field name (`name` parameter), `null` when missing. */
  name: string | null;
  /** The file name: `filename*` decoded when valid, else `filename`, else `null`. */
  filename: string | null;
}

/**
 * Read a part's `Content-Disposition` with PoorWSGI's tolerant parameter
 * parser, and RFC 8187 `filename*` preferred over `filename` when it decodes.
 * @example
 * parseDisposition('form-data; name="f"; filename="a.txt"; filename*=UTF-8\'\'%C3%A1.txt').filename; // 'á.txt'
 */
export function parseDisposition(value: string | undefined): Disposition {
  if (value === undefined) return { type: '', params: Object.create(null), name: null, filename: null };
  const [type, params] = parseHeader(value);
  const ext = params['filename*'];
  const decoded = ext === undefined ? undefined : decodeExtValue(ext);
  return { type, params, name: params.name ?? null, filename: decoded ?? params.filename ?? null };
}
