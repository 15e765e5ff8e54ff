import { HTTPException } from '../errors/http-exception.ts';
import { decodeUtf8 } from '../http/bytes.ts';
import { parseHeader } from '../http/header-params.ts';
import type { Headers } from '../http/headers.ts';
import { HTTP_BAD_REQUEST, HTTP_REQUEST_ENTITY_TOO_LARGE } from '../http/status.ts';
import { isThenable } from '../http/thenable.ts';
import type { DiskFile } from './disk-file.ts';
import { FieldStorage, type FieldValue } from './field-storage.ts';
import type { FileSink } from './file-sink.ts';
import { type MultipartHandler, MultipartParser } from './multipart-parser.ts';
import { nullRecord } from './null-record.ts';
import { parseDisposition } from './part-headers.ts';
import type { UploadContext } from './upload-context.ts';

/** How deep `multipart/mixed` may nest inside a form (the form itself is level 1). */
export const MAX_MULTIPART_DEPTH = 4;

type Field = FieldStorage<FieldValue>;

interface TextPart {
  kind: 'text';
  field: Field;
  chunks: Buffer[];
  size: number;
  spilled: boolean;
  file: DiskFile | null;
}

interface FilePart {
  kind: 'file';
  field: Field;
  size: number;
  sink: FileSink | null;
}

interface NestedPart {
  kind: 'nested';
  parser: MultipartParser;
}

function tooLarge(error: string): HTTPException {
  return new HTTPException(HTTP_REQUEST_ENTITY_TOO_LARGE, { error });
}

/**
 * Turns the parts of one multipart level into fields of `list`: text fields
 * in memory (spilled to a temporary file past `fieldSpillSize`), file parts
 * into sinks, `multipart/*` parts into nested containers. Every limit is
 * checked here, as the bytes arrive.
 * @internal
 */
export class PartCollector implements MultipartHandler {
  readonly #ctx: UploadContext;
  readonly #list: Field[];
  readonly #depth: number;
  #part: TextPart | FilePart | NestedPart | null = null;

  constructor(ctx: UploadContext, list: Field[], depth: number) {
    this.#ctx = ctx;
    this.#list = list;
    this.#depth = depth;
  }

  onPartBegin(headers: Headers): void {
    const ctx = this.#ctx;
    const limits = ctx.limits;
    if (++ctx.parts > limits.maxParts) throw tooLarge(`Too many parts in multipart form (limit ${limits.maxParts})`);
    const disposition = parseDisposition(headers.get('content-disposition'));
    const name = disposition.name;
    if (name !== null && name.length > limits.maxNameLength) {
      throw tooLarge(`Field name too long (limit ${limits.maxNameLength})`);
    }
    const field: Field = new FieldStorage<FieldValue>(name);
    field.headers = headers;
    field.disposition = disposition.type;
    field.dispositionOptions = disposition.params;
    field.filename = disposition.filename;
    const contentType = headers.get('content-type');
    if (contentType !== undefined) {
      const [type, params] = parseHeader(contentType);
      field.type = type.toLowerCase();
      field.typeOptions = params;
    } else {
      field.typeOptions = nullRecord<string>();
    }
    this.#list.push(field);

    if (field.type.startsWith('multipart/')) {
      const boundary = field.typeOptions.boundary;
      if (boundary === undefined) {
        throw new HTTPException(HTTP_BAD_REQUEST, { error: 'Malformed multipart body: nested part without boundary' });
      }
      if (this.#depth >= MAX_MULTIPART_DEPTH) {
        throw new HTTPException(HTTP_BAD_REQUEST, { error: 'Malformed multipart body: nested too deep' });
      }
      field.list = [];
      const collector = new PartCollector(ctx, field.list, this.#depth + 1);
      this.#part = { kind: 'nested', parser: new MultipartParser(boundary, collector, limits.maxPartHeaderSize) };
      return;
    }

    const filename = field.filename;
    if (filename) {
      const part: FilePart = { kind: 'file', field, size: 0, sink: null };
      this.#part = part;
      const callback = ctx.fileCallback;
      const info = { name, type: field.type, headers };
      const attach = (sink: FileSink) => {
        ctx.track(sink);
        part.sink = sink;
        field.file = sink;
      };
      ctx.run(() => {
        const made = callback === null ? ctx.tempFiles.create() : callback(filename, info);
        // a synchronous callback needs no promise: nothing is queued for it
        return isThenable(made) ? Promise.resolve(made).then(attach) : attach(made);
      });
      return;
    }

    if (++ctx.fields > limits.maxFields) throw tooLarge(`Too many fields (limit ${limits.maxFields})`);
    this.#part = { kind: 'text', field, chunks: [], size: 0, spilled: false, file: null };
  }

  onPartData(data: Buffer): void {
    const part = this.#part;
    if (part === null) return;
    const ctx = this.#ctx;
    if (part.kind === 'nested') {
      part.parser.write(data);
    } else if (part.kind === 'file') {
      part.size += data.length;
      if (part.size > ctx.limits.maxFileSize) throw tooLarge(`File too large (limit ${ctx.limits.maxFileSize} bytes)`);
      ctx.run(() => part.sink!.write(data));
    } else {
      part.size += data.length;
      if (part.size > ctx.limits.maxFieldSize) {
        throw tooLarge(`Field too large (limit ${ctx.limits.maxFieldSize} bytes)`);
      }
      if (part.spilled) {
        ctx.run(() => part.file!.write(data));
      } else if (part.size <= ctx.limits.fieldSpillSize) {
        // a copy: a view would pin the whole input chunk for each small field
        part.chunks.push(Buffer.from(data));
      } else {
        part.spilled = true;
        const held = part.chunks;
        part.chunks = [];
        ctx.run(async () => {
          const file = await ctx.tempFiles.create();
          ctx.track(file);
          part.file = file;
          for (const chunk of held) await file.write(chunk);
        });
        ctx.run(() => part.file!.write(data));
      }
    }
  }

  onPartEnd(): void {
    const part = this.#part;
    this.#part = null;
    if (part === null) return;
    const ctx = this.#ctx;
    if (part.kind === 'nested') {
      part.parser.end();
    } else if (part.kind === 'file') {
      ctx.run(() => part.sink!.close?.());
    } else if (part.spilled) {
      ctx.run(async () => {
        await part.file!.close();
        part.field.file = part.file;
      });
    } else {
      const text = part.chunks.length === 1 ? decodeUtf8(part.chunks[0]!) : decodeUtf8(Buffer.concat(part.chunks));
      this.#replace(part.field, new FieldStorage<FieldValue>(part.field.name, text));
    }
  }

  /** Swap the placeholder made at the part's start for the finished text field. */
  #replace(placeholder: Field, field: Field): void {
    field.headers = placeholder.headers;
    field.disposition = placeholder.disposition;
    field.dispositionOptions = placeholder.dispositionOptions;
    field.filename = placeholder.filename;
    field.type = placeholder.type;
    field.typeOptions = placeholder.typeOptions;
    const at = this.#list.lastIndexOf(placeholder);
    if (at !== -1) this.#list[at] = field;
  }
}
