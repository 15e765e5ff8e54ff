// file-length: over 400 lines on purpose: one request's body is one state machine (not read, being read, read,
// parsed) whose fields the read paths (collector, reader, multipart parse), the limits and the
// parsed views (data, json, form) all share; split, each file would reach into the others' state.

import { bodyTooLarge } from '../errors/body-too-large.ts';
import { ERROR_CODES } from '../errors/codes.ts';
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import { EmptyForm } from '../forms/empty-form.ts';
import type { FieldStorage, FieldValue } from '../forms/field-storage.ts';
import { FieldStorageParser } from '../forms/field-storage-parser.ts';
import type { MultipartLimits } from '../forms/multipart-limits.ts';
import { TempFiles } from '../forms/temp-files.ts';
import { parseUrlencodedForm, URLENCODED_MIME_TYPE } from '../forms/urlencoded.ts';
import { METHOD_PATCH, METHOD_POST, METHOD_PUT } from '../http/methods.ts';
import { isJsonType } from '../http/mime-types.ts';
import type { BodyLimits } from './body-limits.ts';
import { BodyReader, type EventedBody, isEventedBody } from './body-reader.ts';
import { CachedInput } from './cached-input.ts';
import { collectBody, collectBodyAsync } from './collect-body.ts';
import { type JsonValue, parseJsonBody } from './json-body.ts';
import type { RequestApp } from './request-app.ts';
import type { RequestMessage } from './request-message.ts';

/**
 * How much of a refused body (a broken limit, a malformed part) is still read
 * and thrown away before the answer, so that a client still sending it sees
 * the answer instead of a reset connection. Past this the connection is closed.
 */
export const DRAIN_LIMIT = 8 * 1024 * 1024;

/** Methods whose bodies are parsed automatically (the docs: POST, PUT or PATCH). */
const BODY_METHODS = METHOD_POST | METHOD_PUT | METHOD_PATCH;
// What the application does with a body (RequestBody.#kind): not decided yet, nothing
// (read only when asked, or buffered by autoData), JSON, urlencoded form, multipart form
const KIND_UNKNOWN = 0;
const KIND_RAW = 1;
const KIND_JSON = 2;
const KIND_FORM = 3;
const KIND_MULTIPART = 4;
const EMPTY = new Uint8Array(0);

/** Why `json` or `form` cannot be had yet, and what to do about it. */
function notRead(what: 'json' | 'form'): PoorWSGIError {
  return new PoorWSGIError(
    ERROR_CODES.PW_ERR_BODY_NOT_READ,
    `req.${what}: the request body is not read yet; in a before-hook, await req.parseBody() first`,
  );
}

/** `json` before it was parsed. */
const NOT_PARSED: unique symbol = Symbol('poorwsgi.notParsed');

/** Who is told when a collected body is in: the request, the caller's context, the error or `undefined`. */
export type BodyIn<C> = (owner: RequestMessage, context: C, err: unknown) => void;

/**
 * The body of one request and everything made of it: the one reader of the
 * transport body (with `readTimeout`), the node:http collector, `req.input`,
 * the temporary files, the bytes (`req.data`) and the automatic parses
 * (`req.json`, `req.form`). Everything that reads the body goes through the
 * one reader, so `read`, `readline`, `readChunk` and the form parser compose.
 *
 * `Request` makes one on first use of its body, so a request without one
 * never pays for it; its body members are documented there.
 * @internal the `Request` owns one; use its `data`, `json`, `form`, `input`, `read` and `readChunk`
 */
export class RequestBody {
  readonly #owner: RequestMessage;
  readonly #app: RequestApp;
  #reader: BodyReader | undefined;
  #input: CachedInput | undefined;
  #tempFiles: TempFiles | undefined;
  /** The body bytes once read whole. */
  #data: Uint8Array | undefined;
  /** What {@link RequestBody.#kind} decided; {@link KIND_UNKNOWN} until asked. */
  #kindOf = KIND_UNKNOWN;
  /** The parsed JSON body; {@link NOT_PARSED} until asked for (`undefined` is no JSON value, but a sentinel needs no wrapper). */
  #json: JsonValue | undefined | typeof NOT_PARSED = NOT_PARSED;
  #form: FieldStorage<FieldValue> | EmptyForm | undefined;
  /** Who is told when a body collected by {@link RequestBody.collect} is in, and with what context. */
  #collected: BodyIn<unknown> | undefined;
  #collectedFor: unknown;
  /** The route's own limits, replacing the application's; `undefined` for none. */
  #limits: BodyLimits | undefined;
  /** Sends `100 Continue` to a client that asked for it and waits; called once, when reading begins. */
  #continue: (() => void) | undefined;

  constructor(owner: RequestMessage, app: RequestApp) {
    this.#owner = owner;
    this.#app = app;
  }

  /** Use the route's own limits (set before the body is read). */
  useLimits(limits: BodyLimits): void {
    this.#limits = limits;
  }

  /** The largest body read whole: the route's `bodyLimit`, else the application's. */
  #bodyLimit(): number {
    return this.#limits?.bodyLimit ?? this.#app.settings.bodyLimit;
  }

  /** The multipart limits: the application's, with the route's over them. */
  #multipartLimits(): MultipartLimits {
    const limits = this.#limits;
    if (limits === undefined) return this.#app.multipartLimits;
    const merged = { ...this.#app.multipartLimits };
    for (const key of Object.keys(merged) as (keyof MultipartLimits)[]) {
      const value = limits[key];
      if (value !== undefined) merged[key] = value;
    }
    return merged;
  }

  /** Whether the body is one the application parses as JSON: what a route that requires JSON asks. */
  get isJson(): boolean {
    return this.#owner.isBodyRequest && this.#kind() === KIND_JSON;
  }

  /**
   * How the application parses the body, decided once per request from the
   * method, the MIME type and the options: the hot path asks several times.
   * JSON is checked first, as PoorWSGI does, so one body is never parsed both ways.
   */
  #kind(): number {
    if (this.#kindOf === KIND_UNKNOWN) {
      const settings = this.#app.settings;
      let kind = KIND_RAW;
      if ((this.#owner.methodNumber & BODY_METHODS) !== 0) {
        const mime = this.#owner.mimeType;
        if (settings.autoJson && isJsonType(mime, settings.jsonMimeTypes)) kind = KIND_JSON;
        else if (settings.autoForm && settings.formMimeTypes.includes(mime)) {
          if (mime === URLENCODED_MIME_TYPE) kind = KIND_FORM;
          else if (mime.startsWith('multipart/')) kind = KIND_MULTIPART;
        }
      }
      this.#kindOf = kind;
    }
    return this.#kindOf;
  }

  /** Whether a body of `length` bytes that is not parsed is still read into `data` (`autoData`, `dataSize`). */
  #keepsRaw(length: number): boolean {
    const settings = this.#app.settings;
    return settings.autoData && length >= 0 && length <= settings.dataSize;
  }

  /** Whether the body is read before the handler (it is parsed, or buffered by `autoData`). */
  get wanted(): boolean {
    if (this.#data !== undefined || !this.#owner.isBodyRequest) return false;
    return this.#kind() !== KIND_RAW || this.#keepsRaw(this.#owner.contentLength);
  }

  /**
   * The client sent `Expect: 100-continue` and waits for `send()` (which
   * sends `100 Continue`) before it sends the body: it is called when the
   * body is first read, so a request answered without its body (404, 405, a
   * hook's 401, a 413 for its Content-Length) never asks for it.
   */
  expectContinue(send: () => void): void {
    this.#continue = send;
  }

  /** True while a client that sent `Expect: 100-continue` was not told to send its body: it may never send it. */
  get awaitingContinue(): boolean {
    return this.#continue !== undefined;
  }

  /** Reading the transport body begins: a client waiting for `100 Continue` gets it now. */
  #beginReading(): void {
    const send = this.#continue;
    if (send === undefined) return;
    this.#continue = undefined;
    send();
  }

  /** The reader of the transport body. */
  get #bodyReader(): BodyReader {
    if (this.#reader === undefined) {
      this.#beginReading();
      this.#reader = new BodyReader(this.#owner.raw, this.#app.settings.readTimeout);
    }
    return this.#reader;
  }

  /** The request's temporary files (removed when the request ends). */
  get tempFiles(): TempFiles {
    this.#tempFiles ??= new TempFiles(this.#app.settings.tempDir);
    return this.#tempFiles;
  }

  /** `req.input`: over the bytes already read when there are some, else over the transport body. */
  get input(): CachedInput {
    if (this.#input === undefined) {
      const source = this.#data === undefined ? this.#bodyReader : [this.#data];
      this.#input = new CachedInput(source, this.#owner.contentLength, this.#app.settings.cachedSize, this.tempFiles);
    }
    return this.#input;
  }

  /** `req.read`: `size` bytes, or the rest of the body up to `bodyLimit`. */
  async read(size: number): Promise<Buffer> {
    if (!this.#owner.isBodyRequest && this.#data === undefined) return Buffer.alloc(0);
    const input = this.input;
    if (size >= 0) return input.read(size);
    const limit = this.#bodyLimit();
    const parts: Buffer[] = [];
    let total = 0;
    for (let block = await input.read(); block.length > 0; block = await input.read()) {
      total += block.length;
      if (total > limit) throw bodyTooLarge(-1, limit);
      parts.push(block);
    }
    return Buffer.concat(parts, total);
  }

  /** `req.readChunk`: the next chunk as Node delivers it; empty at the end. */
  readChunk(): Promise<Buffer> {
    if (!this.#owner.isBodyRequest && this.#data === undefined) return Promise.resolve(Buffer.alloc(0));
    return this.input.readChunk();
  }

  /**
   * True when the body was not read to its end and Node has not received all
   * of it either: the rest is still on the wire, so the connection cannot
   * carry another request.
   */
  get incomplete(): boolean {
    if (this.#reader?.ended) return false;
    return (this.#owner.raw as { complete?: unknown }).complete !== true;
  }

  /** True once the body is read through the reader or has temporary files: {@link RequestBody.cleanup} has work. */
  get needsCleanup(): boolean {
    return this.#reader !== undefined || this.#tempFiles !== undefined;
  }

  /**
   * The request is over: stop reading (Node throws the rest of the body away)
   * and remove every temporary file not kept. Safe to call again.
   */
  async cleanup(): Promise<void> {
    this.#reader?.release();
    await this.#tempFiles?.cleanup();
  }

  /** After a refused body: read the rest away (up to {@link DRAIN_LIMIT}) so the answer arrives. */
  async #drainAfter(err: unknown): Promise<never> {
    if (this.#reader !== undefined) await this.#reader.drain(DRAIN_LIMIT);
    throw err;
  }

  /** What is parsed before the handler: a multipart form streamed into `form`, else the whole body into `data`. */
  async parse(): Promise<void> {
    if (this.#kind() !== KIND_MULTIPART) {
      await this.load();
      return;
    }
    const length = this.#owner.contentLength;
    // refused by its Content-Length before anything is read (or `100 Continue` sent)
    const limit = this.#multipartLimits().uploadLimit;
    if (length > limit) throw bodyTooLarge(length, limit);
    if (this.#keepsRaw(length)) await this.load();
    this.#form = await this.#parseForm();
  }

  /** The whole body into `data`, at most `limit` bytes (the route's `bodyLimit`, else the application's). */
  async load(limit: number = this.#bodyLimit()): Promise<Uint8Array> {
    if (this.#data !== undefined) return this.#data;
    const owner = this.#owner;
    const length = owner.contentLength;
    if (length > limit) throw bodyTooLarge(length, limit);
    if (!owner.isBodyRequest) {
      this.#data = EMPTY;
      return EMPTY;
    }
    // a body of known length that nothing has begun to read: straight from Node's events
    if (length >= 0 && this.#reader === undefined && isEventedBody(owner.raw)) {
      this.#beginReading();
      this.#data = await collectBodyAsync(owner.raw, this.#app.settings.readTimeout);
    } else {
      this.#data = await this.#readAll(limit);
    }
    return this.#data;
  }

  /** The whole body through the reader, at most `limit` bytes. */
  async #readAll(limit: number): Promise<Uint8Array> {
    const reader = this.#bodyReader;
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for (let chunk = await reader.next(); chunk !== null; chunk = await reader.next()) {
        size += chunk.byteLength;
        if (size > limit) throw bodyTooLarge(-1, limit);
        chunks.push(chunk);
      }
    } catch (err) {
      return this.#drainAfter(err);
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
  }

  /** Stream a multipart body into a `FieldStorage` with the application's limits, `fileCallback` and the temporary files. */
  async #parseForm(): Promise<FieldStorage<FieldValue>> {
    const settings = this.#app.settings;
    const parser = new FieldStorageParser(this.input, this.#owner.headers, {
      ...this.#multipartLimits(),
      keepBlankValues: settings.keepBlankValues,
      strictParsing: settings.strictParsing,
      fileCallback: settings.fileCallback,
      bodyLimit: this.#bodyLimit(),
      tempFiles: this.tempFiles,
    });
    try {
      return await parser.parse();
    } catch (err) {
      return this.#drainAfter(err);
    }
  }

  /** Whether {@link RequestBody.collect} can read what is read before the handler: a small body of known length on node:http. */
  get collectable(): boolean {
    const length = this.#owner.contentLength;
    // the cheap tests first: a request without a length (none, or chunked) never takes this path
    if (length <= 0 || this.#reader !== undefined || this.#data !== undefined) return false;
    // a multipart form is streamed to its parts, never collected whole
    const kind = this.#kind();
    return (
      length <= this.#bodyLimit() &&
      kind !== KIND_MULTIPART &&
      (kind !== KIND_RAW || this.#keepsRaw(length)) &&
      isEventedBody(this.#owner.raw)
    );
  }

  /** Read the body into `data` without promises, then call `callback(owner, context, err)`. */
  collect<C>(callback: BodyIn<C>, context: C): void {
    this.#collected = callback as BodyIn<unknown>;
    this.#collectedFor = context;
    this.#beginReading();
    // this object is the collector's context: none made to carry the callback's
    collectBody(this.#owner.raw as unknown as EventedBody, this.#app.settings.readTimeout, RequestBody.#bodyIn, this);
  }

  static #bodyIn(this: void, body: RequestBody, err: unknown, data: Uint8Array | undefined): void {
    if (data !== undefined) body.#data = data;
    const context = body.#collectedFor;
    body.#collectedFor = undefined;
    (body.#collected as BodyIn<unknown>)(body.#owner, context, err);
  }

  /** The body bytes once read; `undefined` before. */
  get data(): Uint8Array | undefined {
    return this.#data;
  }

  /** `req.json`: the parsed JSON body, or `undefined` without one. */
  get json(): JsonValue | undefined {
    if (this.#json === NOT_PARSED) {
      if (this.#kind() !== KIND_JSON || !this.#owner.isBodyRequest) {
        this.#json = undefined;
      } else {
        if (this.#data === undefined) throw notRead('json');
        // an empty body is no JSON document, as PoorWSGI reads only a body with a length
        this.#json =
          this.#data.byteLength > 0
            ? parseJsonBody(this.#data, this.#owner.charset, this.#app.settings.maxJsonDepth)
            : undefined;
      }
    }
    return this.#json;
  }

  /** Whether the bytes read are an urlencoded form that `form` parses. */
  #hasFormBody(): boolean {
    return this.#data !== undefined && this.#kind() === KIND_FORM;
  }

  /** `req.form`: the parsed form, or an `EmptyForm`. */
  get form(): FieldStorage<FieldValue> | EmptyForm {
    if (this.#form === undefined) {
      const kind = this.#kind();
      // a multipart form is set by parse(); an urlencoded one is parsed from the bytes read
      if ((kind === KIND_MULTIPART || kind === KIND_FORM) && this.#data === undefined && this.#owner.isBodyRequest) {
        throw notRead('form');
      }
      const settings = this.#app.settings;
      this.#form = this.#hasFormBody()
        ? parseUrlencodedForm(this.#data as Uint8Array, {
            keepBlankValues: settings.keepBlankValues,
            strictParsing: settings.strictParsing,
            maxFields: settings.maxFields,
          })
        : new EmptyForm();
    }
    return this.#form;
  }

  /** Set the form, only while it is (or would be) an `EmptyForm`. */
  set form(value: FieldStorage<FieldValue> | EmptyForm) {
    // not parsed yet: it would be an EmptyForm unless there is a form body
    if (this.#form === undefined ? !this.#hasFormBody() : this.#form instanceof EmptyForm) this.#form = value;
  }
}
