import type { HeadersInit } from '../http/headers.ts';
import { HTTP_OK } from '../http/status.ts';
import { BaseResponse, type ResponseBody } from './base-response.ts';

/** Options of {@link JSONGeneratorResponse}. */
export interface JSONGeneratorOptions {
  /** `charset` parameter of `application/json`; `null` for none. @default 'utf-8' */
  charset?: string | null;
  /** Response headers; `null` for the default `X-Powered-By`. */
  headers?: HeadersInit | null;
  /** @default 200 */
  statusCode?: number;
}

/** Flush the output buffer once it holds this many characters. */
const FLUSH_AT = 16 * 1024;

function isIterableLike(value: object): value is Iterable<unknown> | AsyncIterable<unknown> {
  return Symbol.iterator in value || Symbol.asyncIterator in value;
}

/**
 * Encode `value` as compact JSON, chunk by chunk: arrays and every (async)
 * iterable, generators included, become JSON arrays written as they are
 * produced. The bytes equal `JSON.stringify` of the materialised value.
 */
export async function* encodeJson(value: unknown): AsyncGenerator<string, void, undefined> {
  let buffer = '';
  // an explicit stack of pending work keeps memory flat and avoids recursion depth limits
  async function* walk(node: unknown, key: string): AsyncGenerator<string, void, undefined> {
    if (node !== null && typeof node === 'object' && typeof (node as { toJSON?: unknown }).toJSON === 'function') {
      node = (node as { toJSON: (key: string) => unknown }).toJSON(key);
    }
    if (node === null || typeof node !== 'object') {
      yield typeof node === 'bigint' ? node.toString() : (JSON.stringify(node) ?? 'null');
      return;
    }
    if (typeof node === 'string' || node instanceof Uint8Array) {
      yield JSON.stringify(node);
      return;
    }
    if (node instanceof Map) node = Object.fromEntries(node);
    if (isIterableLike(node as object)) {
      yield '[';
      let index = 0;
      for await (const item of node as AsyncIterable<unknown>) {
        if (index > 0) yield ',';
        // undefined and functions in arrays are null, as in JSON.stringify
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') yield 'null';
        else yield* walk(item, String(index));
        index++;
      }
      yield ']';
      return;
    }
    yield '{';
    let first = true;
    for (const [k, v] of Object.entries(node as object)) {
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      yield first ? `${JSON.stringify(k)}:` : `,${JSON.stringify(k)}:`;
      first = false;
      yield* walk(v, k);
    }
    yield '}';
  }
  for await (const piece of walk(value, '')) {
    buffer += piece;
    if (buffer.length >= FLUSH_AT) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

/**
 * A JSON response streamed as it is produced: any field may be a (async)
 * iterable or generator, written as a JSON array without buffering it.
 * @example
 * return new JSONGeneratorResponse({ message: "I'm teapot :-)", numbers: range(5) }, { statusCode: 418 });
 */
export class JSONGeneratorResponse extends BaseResponse {
  readonly #fields: unknown;

  constructor(fields: unknown, options: JSONGeneratorOptions = {}) {
    const charset = options.charset === undefined ? 'utf-8' : options.charset;
    super(
      charset ? `application/json; charset=${charset}` : 'application/json',
      options.headers,
      options.statusCode ?? HTTP_OK,
    );
    this.#fields = fields;
  }

  /** Unknown until streamed. */
  override get contentLength(): number | undefined {
    return undefined;
  }

  override body(): ResponseBody {
    return { kind: 'stream', source: encodeJson(this.#fields) };
  }
}
