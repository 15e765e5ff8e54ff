import type { HeadersInit } from '../http/headers.ts';
import { jsonTooDeep, MAX_JSON_DEPTH } from '../http/json-depth.ts';
import { HTTP_OK } from '../http/status.ts';
import { withCharset } from './arguments.ts';
import { BaseResponse, type ResponseBody } from './base-response.ts';
import type { StreamSource } from './generator-response.ts';
import { primeStream } from './primed-stream.ts';

/** Options of {@link JSONGeneratorResponse}. */
export interface JSONGeneratorOptions {
  /** `charset` parameter of `application/json`; `null` for none. @default 'utf-8' */
  charset?: string | null;
  /** Response headers; `null` for none of its own. */
  headers?: HeadersInit | null;
  /** @default 200 */
  statusCode?: number;
}

/** Flush the output buffer once it holds this many characters. */
const FLUSH_AT = 16 * 1024;

/** Most nodes {@link isPlainJson} visits before it gives up (and the value is walked instead). */
const PLAIN_BUDGET = 256;

function isIterableLike(value: object): value is Iterable<unknown> | AsyncIterable<unknown> {
  return Symbol.iterator in value || Symbol.asyncIterator in value;
}

/**
 * True when `JSON.stringify` writes `node` exactly as the walk below would:
 * primitives (not bigint), arrays and plain objects of them, small enough to
 * check quickly. Iterables, Maps, `toJSON` and class instances take the walk.
 */
function isPlainJson(node: unknown, budget = { left: PLAIN_BUDGET }): boolean {
  if (--budget.left < 0) return false;
  if (node === null || typeof node !== 'object') return typeof node !== 'bigint';
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) if (!isPlainJson(node[i], budget)) return false;
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(node);
  if ((proto !== Object.prototype && proto !== null) || 'toJSON' in node) return false;
  for (const key in node) {
    if (Object.hasOwn(node, key) && !isPlainJson((node as Record<string, unknown>)[key], budget)) return false;
  }
  return true;
}

/**
 * Encode `value` as compact JSON, chunk by chunk: arrays and every (async)
 * iterable, generators included, become JSON arrays written as they are
 * produced. The bytes equal `JSON.stringify` of the materialised value.
 * Output is gathered into chunks of about 16 KiB; plain parts of the value
 * are written by `JSON.stringify` itself.
 * @throws RangeError (code `PW_ERR_JSON`) for a value nested deeper than `MAX_JSON_DEPTH` (1000)
 */
export async function* encodeJson(value: unknown): AsyncGenerator<string, void, undefined> {
  let buffer = '';
  // the walk appends to `buffer` and yields (nothing) only when it is time to flush,
  // so that a million small items do not each travel up the generator chain
  async function* walk(node: unknown, key: string, depth: number): AsyncGenerator<void, void, undefined> {
    // each level is a generator frame: refuse what would overflow the stack
    if (depth > MAX_JSON_DEPTH) throw jsonTooDeep();
    if (node !== null && typeof node === 'object' && typeof (node as { toJSON?: unknown }).toJSON === 'function') {
      node = (node as { toJSON: (key: string) => unknown }).toJSON(key);
    }
    if (node === null || typeof node !== 'object') {
      buffer += typeof node === 'bigint' ? node.toString() : (JSON.stringify(node) ?? 'null');
    } else if (node instanceof Uint8Array || isPlainJson(node)) {
      buffer += JSON.stringify(node);
    } else {
      if (node instanceof Map) node = Object.fromEntries(node);
      if (isIterableLike(node as object)) {
        buffer += '[';
        let index = 0;
        for await (const item of node as AsyncIterable<unknown>) {
          if (index > 0) buffer += ',';
          // undefined and functions in arrays are null, as in JSON.stringify
          if (item === undefined || typeof item === 'function' || typeof item === 'symbol') buffer += 'null';
          else if (item === null || typeof item !== 'object') buffer += JSON.stringify(item);
          else yield* walk(item, String(index), depth + 1);
          index++;
          if (buffer.length >= FLUSH_AT) yield;
        }
        buffer += ']';
      } else {
        buffer += '{';
        let first = true;
        for (const [k, v] of Object.entries(node as object)) {
          if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
          buffer += first ? `${JSON.stringify(k)}:` : `,${JSON.stringify(k)}:`;
          first = false;
          yield* walk(v, k, depth + 1);
        }
        buffer += '}';
      }
    }
    if (buffer.length >= FLUSH_AT) yield;
  }
  for await (const _ of walk(value, '', 0)) {
    yield buffer;
    buffer = '';
  }
  if (buffer) yield buffer;
}

/**
 * A JSON response streamed as it is produced: each field may be a (async)
 * iterable or generator, written as a JSON array without buffering it.
 * @example
 * return new JSONGeneratorResponse({ message: "I'm teapot :-)", numbers: range(5) }, { statusCode: 418 });
 */
export class JSONGeneratorResponse extends BaseResponse {
  readonly #fields: unknown;
  /** The encoder, once primed: its first chunk read ahead. */
  #primed: StreamSource | undefined;

  constructor(fields: unknown, options: JSONGeneratorOptions = {}) {
    const charset = options.charset === undefined ? 'utf-8' : options.charset;
    // checked here, when the response is made, as JSONResponse does: a bad charset never reaches the wire
    super(withCharset(new.target.name, 'application/json', charset), options.headers, options.statusCode ?? HTTP_OK);
    this.#fields = fields;
  }

  /** Unknown until streamed. */
  override get contentLength(): number | undefined {
    return undefined;
  }

  override body(): ResponseBody {
    return { kind: 'stream', source: this.#primed ?? encodeJson(this.#fields) };
  }

  /**
   * Encode the first chunk ahead (up to 16 KiB, or the whole document): a
   * generator in the fields that throws before its first item is a 500,
   * not an empty reply.
   */
  override async prime(): Promise<void> {
    if (this.#primed !== undefined) return;
    this.#primed = await primeStream(encodeJson(this.#fields));
  }
}
