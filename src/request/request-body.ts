import { bodyTooLarge } from '../errors/body-too-large.ts';
import type { FieldStorage, FieldValue } from '../forms/field-storage.ts';
import { FieldStorageParser } from '../forms/field-storage-parser.ts';
import { TempFiles } from '../forms/temp-files.ts';
import type { Headers } from '../http/headers.ts';
import { BodyReader } from './body-reader.ts';
import { CachedInput } from './cached-input.ts';
import type { RawRequest } from './raw-request.ts';
import type { RequestApp } from './request-app.ts';

/**
 * How much of a refused body (a broken limit, a malformed part) is still read
 * and thrown away before the answer, so that a client still sending it sees
 * the answer instead of a reset connection. Past this the connection is closed.
 */
export const DRAIN_LIMIT = 8 * 1024 * 1024;

/**
 * The body side of one request: the one reader of the transport body (with
 * `readTimeout`), `req.input`, the request's temporary files, and the
 * automatic parses. Everything that reads the body goes through the one
 * reader, so `read`, `readline`, `readChunk` and the form parser compose.
 * @internal the `Request` owns one; use its `input`, `read` and `readChunk`
 */
export class RequestBody {
  readonly #raw: RawRequest;
  readonly #app: RequestApp;
  #reader: BodyReader | undefined;
  #input: CachedInput | undefined;
  #tempFiles: TempFiles | undefined;

  constructor(raw: RawRequest, app: RequestApp) {
    this.#raw = raw;
    this.#app = app;
  }

  /** The reader of the transport body. */
  get reader(): BodyReader {
    this.#reader ??= new BodyReader(this.#raw, this.#app.settings.readTimeout);
    return this.#reader;
  }

  /** The request's temporary files (removed when the request ends). */
  get tempFiles(): TempFiles {
    this.#tempFiles ??= new TempFiles(this.#app.settings.tempDir);
    return this.#tempFiles;
  }

  /**
   * `req.input`: over the bytes already loaded when there are some, else
   * over the transport body.
   */
  input(contentLength: number, loaded: Uint8Array | undefined): CachedInput {
    if (this.#input === undefined) {
      const source = loaded === undefined ? this.reader : [loaded];
      this.#input = new CachedInput(source, contentLength, this.#app.settings.cachedSize, this.tempFiles);
    }
    return this.#input;
  }

  /**
   * True when the body was not read to its end and Node has not received all
   * of it either: the rest is still on the wire, so the connection cannot
   * carry another request.
   */
  get incomplete(): boolean {
    if (this.#reader?.ended) return false;
    return (this.#raw as { complete?: unknown }).complete !== true;
  }

  /** After a refused body: read the rest away (up to {@link DRAIN_LIMIT}) so the answer arrives. */
  async #drainAfter(err: unknown): Promise<never> {
    if (this.#reader !== undefined) await this.#reader.drain(DRAIN_LIMIT);
    throw err;
  }

  /**
   * The whole body, at most `limit` bytes.
   * @throws HTTPException 413 past the limit, 408 for a stalled client
   */
  async readAll(limit: number, contentLength: number): Promise<Uint8Array> {
    if (contentLength > limit) throw bodyTooLarge(contentLength, limit);
    const reader = this.reader;
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

  /**
   * Stream a form body into a `FieldStorage` with the application's limits,
   * `fileCallback` and the request's temporary files.
   * @throws HTTPException 400 or 413 (after the rest of the body was read away), 408, or what `fileCallback` threw
   */
  async parseForm(
    headers: Headers,
    contentLength: number,
    loaded: Uint8Array | undefined,
  ): Promise<FieldStorage<FieldValue>> {
    const settings = this.#app.settings;
    const parser = new FieldStorageParser(this.input(contentLength, loaded), headers, {
      ...this.#app.multipartLimits,
      keepBlankValues: settings.keepBlankValues,
      strictParsing: settings.strictParsing,
      fileCallback: settings.fileCallback,
      bodyLimit: settings.bodyLimit,
      tempFiles: this.tempFiles,
    });
    try {
      return await parser.parse();
    } catch (err) {
      return this.#drainAfter(err);
    }
  }

  /**
   * The request is over: stop reading (Node throws the rest of the body away)
   * and remove every temporary file not kept. Safe to call again.
   */
  async cleanup(): Promise<void> {
    this.#reader?.release();
    await this.#tempFiles?.cleanup();
  }
}
