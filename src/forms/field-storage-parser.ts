import { bodyTooLarge } from '../errors/body-too-large.ts';
import { HTTPException } from '../errors/http-exception.ts';
import { decodeUtf8 } from '../http/bytes.ts';
import { type ContentType, parseContentType } from '../http/header-params.ts';
import { Headers } from '../http/headers.ts';
import { HTTP_BAD_REQUEST } from '../http/status.ts';
import { FieldStorage, type FieldValue } from './field-storage.ts';
import type { FileCallback } from './file-sink.ts';
import { type MultipartLimits, resolveMultipartLimits } from './multipart-limits.ts';
import { MultipartParser } from './multipart-parser.ts';
import { PartCollector } from './part-collector.ts';
import { TempFiles } from './temp-files.ts';
import { UploadContext } from './upload-context.ts';
import { parseUrlencodedForm, URLENCODED_MIME_TYPE } from './urlencoded.ts';

/** A request body: chunks of bytes, as `req.input`, a Node stream or an array. */
export type FormInput = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** Request headers: `req.headers`, Node's `IncomingHttpHeaders`, a record or pairs. */
export type FormHeaders =
  | Headers
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | Iterable<readonly [string, string]>;

/** Options of {@link FieldStorageParser}; the limits are {@link MultipartLimits}. */
export interface FieldStorageParserOptions extends Partial<MultipartLimits> {
  /** Keep blank values of urlencoded bodies. @default false */
  keepBlankValues?: boolean;
  /** Refuse malformed urlencoded bodies with 400. @default false */
  strictParsing?: boolean;
  /** Makes the sink of each file part; temporary files when `null`. @default null */
  fileCallback?: FileCallback | null;
  /**
   * Where temporary files are tracked and removed. By default the input's
   * own set (`req.input` has the request's, removed when the request ends),
   * else a new set: then call {@link FieldStorageParser.cleanup} yourself.
   */
  tempFiles?: TempFiles;
  /** Directory of new temporary files when a new set is made. @default os.tmpdir() */
  tempDir?: string | null;
  /** Most bytes of an urlencoded (or other single-part) body, read into memory. @default 1048576 */
  bodyLimit?: number;
}

function headerOf(headers: FormHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name);
  if (Symbol.iterator in headers) {
    for (const [key, value] of headers as Iterable<readonly [string, string]>) {
      if (key.toLowerCase() === name) return value;
    }
    return undefined;
  }
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() !== name) continue;
    const value = record[key];
    return typeof value === 'string' ? value : value?.[0];
  }
  return undefined;
}

function inputTempFiles(input: FormInput): TempFiles | undefined {
  const own = (input as { tempFiles?: unknown }).tempFiles;
  return own instanceof TempFiles ? own : undefined;
}

/**
 * Parses a request body into a {@link FieldStorage} (PoorWSGI's
 * `FieldStorageParser`): `multipart/*` streamed part by part, files to
 * temporary files or `fileCallback` sinks as the bytes arrive;
 * `application/x-www-form-urlencoded` (also the default without a
 * Content-Type) read into memory up to `bodyLimit`; any other type read as
 * one text value. Every limit is enforced while streaming: 413 or 400 with a
 * reason, the parser stopped, the files of this parse closed and removed.
 * @example
 * app.route('/upload', async (req) => {
 *   const parser = new FieldStorageParser(req.input, req.headers, { fileCallback: (name) => new Blackhole(name) });
 *   const form = await parser.parse();
 *   return `${parser.bytesRead} bytes, ${form.keys().join(', ')}`;
 * }, METHOD_POST);
 */
export class FieldStorageParser {
  readonly #input: FormInput;
  readonly #headers: FormHeaders;
  readonly #options: FieldStorageParserOptions;
  readonly #limits: MultipartLimits;
  /** Where this parse's temporary files are tracked. */
  readonly tempFiles: TempFiles;
  /** Body bytes read so far. */
  bytesRead = 0;

  /**
   * @throws PoorWSGIError `PW_ERR_OPTION` for a bad limit
   */
  constructor(input: FormInput, headers: FormHeaders, options: FieldStorageParserOptions = {}) {
    this.#input = input;
    this.#headers = headers;
    this.#options = options;
    const { keepBlankValues, strictParsing, fileCallback, tempFiles, tempDir, bodyLimit, ...limits } = options;
    this.#limits = resolveMultipartLimits(limits);
    this.tempFiles = tempFiles ?? inputTempFiles(input) ?? new TempFiles(tempDir);
  }

  /**
   * Read the body and build the form.
   * @throws HTTPException 400 (malformed body, bad Content-Type or boundary) or 413 (a limit), or what a `fileCallback` threw
   */
  async parse(): Promise<FieldStorage<FieldValue>> {
    const value = headerOf(this.#headers, 'content-type');
    let contentType: ContentType;
    if (value === undefined) contentType = { type: URLENCODED_MIME_TYPE, params: Object.create(null) };
    else {
      const parsed = parseContentType(value);
      if (parsed === undefined) {
        throw new HTTPException(HTTP_BAD_REQUEST, {
          error: `Invalid Content-Type: ${JSON.stringify(value.slice(0, 100))}`,
        });
      }
      contentType = parsed;
    }
    const rawLength = headerOf(this.#headers, 'content-length');
    const length = rawLength !== undefined && /^\d+$/.test(rawLength) ? Number(rawLength) : -1;
    const root = new FieldStorage<FieldValue>();
    root.type = contentType.type;
    root.typeOptions = contentType.params;
    root.length = length;
    if (contentType.type.startsWith('multipart/')) {
      root.list = [];
      await this.#parseMultipart(contentType.params.boundary, root.list, length);
      return root;
    }
    const body = await this.#readAll(this.#options.bodyLimit ?? 1024 * 1024, length);
    if (contentType.type === URLENCODED_MIME_TYPE) {
      const form = parseUrlencodedForm(body, {
        keepBlankValues: this.#options.keepBlankValues === true,
        strictParsing: this.#options.strictParsing === true,
        maxFields: this.#limits.maxFields,
        maxNameLength: this.#limits.maxNameLength,
      });
      root.list = form.list as FieldStorage<FieldValue>[];
      return root;
    }
    // PoorWSGI's read_single: the whole body is the root's (text) value
    const single = new FieldStorage<FieldValue>(null, decodeUtf8(body));
    single.type = root.type;
    single.typeOptions = root.typeOptions;
    single.length = length;
    return single;
  }

  /** Remove the temporary files of this parse (when it made its own set). */
  cleanup(): Promise<void> {
    return this.tempFiles.cleanup();
  }

  async #parseMultipart(boundary: string | undefined, list: FieldStorage<FieldValue>[], length: number): Promise<void> {
    const limits = this.#limits;
    if (boundary === undefined) {
      throw new HTTPException(HTTP_BAD_REQUEST, { error: 'Invalid boundary in multipart form: none given' });
    }
    if (length > limits.uploadLimit) throw this.#tooLarge(length);
    const ctx = new UploadContext(limits, this.tempFiles, this.#options.fileCallback ?? null);
    const parser = new MultipartParser(boundary, new PartCollector(ctx, list, 1), limits.maxPartHeaderSize);
    try {
      for await (const chunk of this.#input) {
        this.bytesRead += chunk.byteLength;
        if (this.bytesRead > limits.uploadLimit) throw this.#tooLarge(-1);
        parser.write(chunk);
        if (!ctx.idle) await ctx.drain();
      }
      parser.end();
      await ctx.drain();
    } catch (err) {
      parser.destroy(err);
      await ctx.abort(err);
      throw err;
    }
  }

  async #readAll(limit: number, length: number): Promise<Buffer> {
    if (length > limit) throw this.#tooLarge(length, limit);
    const chunks: Uint8Array[] = [];
    for await (const chunk of this.#input) {
      this.bytesRead += chunk.byteLength;
      if (this.bytesRead > limit) throw this.#tooLarge(-1, limit);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, this.bytesRead);
  }

  #tooLarge(length: number, limit = this.#limits.uploadLimit): HTTPException {
    return bodyTooLarge(length, limit);
  }
}
