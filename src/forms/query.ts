/**
 * Query-string and urlencoded-body parsing with Python's
 * `urllib.parse.parse_qsl` semantics, plus limits against oversized input.
 * @module
 */
import { ERROR_CODES } from '../errors/codes.ts';
import { HTTPException } from '../errors/http-exception.ts';
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import { decodeUtf8 } from '../http/bytes.ts';
import { unquotePlus } from '../http/percent.ts';
import { HTTP_BAD_REQUEST, HTTP_REQUEST_ENTITY_TOO_LARGE } from '../http/status.ts';

/** Options of {@link parseQsl}, {@link Args} and `parseUrlencodedForm`. */
export interface ParseOptions {
  /**
   * Keep blank values (`a=` and a bare `a`) as empty strings instead of
   * dropping them (PoorWSGI's `keep_blank_values`).
   * @default false
   */
  keepBlankValues?: boolean;
  /**
   * Reject a field without `=` and an empty field (`a=1&&b=2`, a trailing
   * separator) with a 400 instead of skipping it (PoorWSGI's `strict_parsing`).
   * @default false
   */
  strictParsing?: boolean;
  /**
   * Most separator-delimited fields accepted, empty ones included (as Python's
   * `max_num_fields` counts them); more gives a 413. `Infinity` disables it.
   * @default 1000
   */
  maxFields?: number;
  /**
   * Longest decoded field name, in UTF-16 code units; longer gives a 413.
   * @default 1024
   */
  maxNameLength?: number;
  /**
   * The field separator; only this string separates fields.
   * @default '&'
   */
  separator?: string;
}

/** Default of {@link ParseOptions.maxFields}. */
export const DEFAULT_MAX_FIELDS = 1000;
/** Default of {@link ParseOptions.maxNameLength}. */
export const DEFAULT_MAX_NAME_LENGTH = 1024;

/** How much of a bad field a 400 message repeats: enough to find it, not an echo of the request. */
const SHOWN_FIELD_LENGTH = 64;

function checkLimit(option: string, value: number): number {
  if (value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && value >= 0)) return value;
  throw new PoorWSGIError(
    ERROR_CODES.PW_ERR_OPTION,
    `${option} must be a non-negative integer or Infinity (got ${String(value)})`,
  );
}

function resolveOptions(options: ParseOptions): Required<ParseOptions> {
  const separator = options.separator ?? '&';
  if (typeof separator !== 'string' || separator === '') {
    throw new PoorWSGIError(
      ERROR_CODES.PW_ERR_OPTION,
      `separator must be a non-empty string (got ${JSON.stringify(separator)})`,
    );
  }
  return {
    keepBlankValues: options.keepBlankValues === true,
    strictParsing: options.strictParsing === true,
    maxFields: checkLimit('maxFields', options.maxFields ?? DEFAULT_MAX_FIELDS),
    maxNameLength: checkLimit('maxNameLength', options.maxNameLength ?? DEFAULT_MAX_NAME_LENGTH),
    separator,
  };
}

/** Count fields without splitting, and stop as soon as the limit is passed. */
function checkFieldCount(query: string, separator: string, maxFields: number): void {
  let fields = 1;
  for (let at = query.indexOf(separator); at !== -1; at = query.indexOf(separator, at + separator.length)) {
    if (++fields > maxFields) break;
  }
  if (fields > maxFields) {
    throw new HTTPException(HTTP_REQUEST_ENTITY_TOO_LARGE, { error: `Too many fields (limit ${maxFields})` });
  }
}

function badField(field: string): HTTPException {
  const shown = field.length > SHOWN_FIELD_LENGTH ? `${field.slice(0, SHOWN_FIELD_LENGTH)}...` : field;
  return new HTTPException(HTTP_BAD_REQUEST, { error: `Bad query field: ${JSON.stringify(shown)}` });
}

/**
 * Parse a query string or an `application/x-www-form-urlencoded` body into
 * `[name, value]` pairs in order, as Python's `urllib.parse.parse_qsl`:
 * fields are split on the separator only, `+` is a space, `%XX` escapes are
 * decoded as UTF-8 with U+FFFD for invalid sequences (never an error), and
 * blank values are dropped unless `keepBlankValues`. Bytes are decoded as
 * UTF-8 first, as PoorWSGI does with a body. No bracket syntax: `a[b]=c` is
 * the name `a[b]`.
 *
 * Throws `HTTPException(413, { error })` for more than `maxFields` fields or a
 * name longer than `maxNameLength`, `HTTPException(400, { error })` for a
 * malformed field under `strictParsing`, and `PoorWSGIError` (`PW_ERR_OPTION`)
 * for bad options.
 * @example
 * parseQsl('a=1&a=2&b=&c=Ond%C5%99ej+T'); // [['a','1'], ['a','2'], ['c','Ondřej T']]
 * parseQsl('b=&x', { keepBlankValues: true }); // [['b',''], ['x','']]
 */
export function parseQsl(query: string | Uint8Array, options: ParseOptions = {}): Array<[string, string]> {
  const { keepBlankValues, strictParsing, maxFields, maxNameLength, separator } = resolveOptions(options);
  const text = typeof query === 'string' ? query : decodeUtf8(query);
  const pairs: Array<[string, string]> = [];
  if (text === '') return pairs;
  checkFieldCount(text, separator, maxFields);

  for (const field of text.split(separator)) {
    if (field === '' && !strictParsing) continue;
    const eq = field.indexOf('=');
    let rawName = field;
    let rawValue = '';
    if (eq === -1) {
      if (strictParsing) throw badField(field);
      if (!keepBlankValues) continue;
    } else {
      rawName = field.slice(0, eq);
      rawValue = field.slice(eq + 1);
    }
    // Like Python, blankness is judged before decoding: 'a=%' keeps the value '%'.
    if (rawValue === '' && !keepBlankValues) continue;
    const name = unquotePlus(rawName);
    if (name.length > maxNameLength) {
      throw new HTTPException(HTTP_REQUEST_ENTITY_TOO_LARGE, {
        error: `Field name too long (limit ${maxNameLength})`,
      });
    }
    pairs.push([name, unquotePlus(rawValue)]);
  }
  return pairs;
}
