import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import type { HeadersInit } from '../http/headers.ts';
import { type JsonDumpsOptions, jsonDumps } from '../http/json.ts';
import { HTTP_OK } from '../http/status.ts';
import { describeValue, withCharset } from './arguments.ts';
import { Response } from './response.ts';

/** Options of {@link JSONResponse}: PoorWSGI's keyword arguments. */
export interface JSONResponseOptions {
  /**
   * The `charset` parameter of `application/json`; `null` or `''` gives a bare `application/json`.
   * @default 'utf-8'
   */
  charset?: string | null;
  /** Response headers; `null`/omitted for none of its own. */
  headers?: HeadersInit | null;
  /** @default 200 */
  statusCode?: number;
  /**
   * Python `json.dumps`-style output (`separators`, `ensureAscii`, `indent`)
   * through `jsonDumps`, which also takes `Map`, `Set`, `bigint` and
   * iterables. Without it the body is plain compact `JSON.stringify`.
   */
  encoder?: JsonDumpsOptions;
  /**
   * The object to send, given as fields: PoorWSGI's `JSONResponse(**kwargs)`.
   * Prefer {@link JSONResponse.fromFields}. Not allowed together with data
   * (any data but `undefined`, `null` included).
   */
  fields?: Readonly<Record<string, unknown>>;
}

/** The content type of a JSONResponse with the default charset. */
const JSON_UTF8 = 'application/json; charset=utf-8';

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function serialize(data: unknown, fields: unknown, encoder: JsonDumpsOptions | undefined): string {
  if (fields !== undefined) {
    if (data !== undefined) {
      throw new PoorWSGIError(
        'PW_ERR_ARGUMENT',
        `JSONResponse takes data or fields, not both (got data ${describeValue(data)} and fields)`,
      );
    }
    if (!isRecord(fields)) {
      throw new PoorWSGIError(
        'PW_ERR_ARGUMENT',
        `JSONResponse fields must be an object (got ${describeValue(fields)})`,
      );
    }
    data = fields;
  }
  try {
    // JSON.stringify gives undefined for undefined, functions and symbols: PoorWSGI sends `null`.
    return encoder === undefined ? (JSON.stringify(data) ?? 'null') : jsonDumps(data, encoder);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PoorWSGIError('PW_ERR_ARGUMENT', `JSONResponse data cannot be encoded as JSON: ${reason}`, {
      cause: error,
    });
  }
}

/**
 * A JSON response. The body is compact `JSON.stringify` output in raw UTF-8
 * (PoorWSGI wrote Python's `", "`/`": "` separators and `\uXXXX` escapes;
 * ask for them with `encoder`). No data gives `null`.
 *
 * The TypeScript form of PoorWSGI's `JSONResponse(**kwargs)` is
 * {@link JSONResponse.fromFields}; `new JSONResponse(data)` takes any value.
 * @example
 * new JSONResponse({ items: [0, 1, 2, 3, 4] }); // {"items":[0,1,2,3,4]}
 * JSONResponse.fromFields({ message: "I'm teapot :-)", numbers: [0, 1, 2, 3, 4] }, { statusCode: 418 });
 * new JSONResponse({ msg: 'Message' }, { encoder: { separators: [', ', ': '] } }); // {"msg": "Message"}
 */
export class JSONResponse extends Response {
  /**
   * @param data any JSON-serialisable value; `undefined` gives `null`
   * @throws PoorWSGIError `PW_ERR_ARGUMENT` (data and fields both given, data not
   *   serialisable, bad charset or encoder option), `PW_ERR_STATUS`
   */
  constructor(data?: unknown, options?: JSONResponseOptions) {
    if (options === undefined) {
      // no options, the common case: no defaults to fill in, the content type known
      super(serialize(data, undefined, undefined), JSON_UTF8);
      return;
    }
    const { charset = 'utf-8', headers, statusCode = HTTP_OK, encoder, fields } = options;
    super(
      serialize(data, fields, encoder),
      withCharset('JSONResponse', 'application/json', charset),
      headers,
      statusCode,
    );
  }

  /**
   * Build the JSON object from fields, PoorWSGI's keyword form.
   * @example
   * // Python: JSONResponse(status_code=418, message="I'm teapot :-)", numbers=list(range(5)))
   * JSONResponse.fromFields({ message: "I'm teapot :-)", numbers: [0, 1, 2, 3, 4] }, { statusCode: 418 });
   */
  static fromFields(
    fields: Readonly<Record<string, unknown>>,
    options: Omit<JSONResponseOptions, 'fields'> = {},
  ): JSONResponse {
    return new JSONResponse(undefined, { ...options, fields });
  }
}
