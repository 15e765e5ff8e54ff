/**
 * A push parser of `multipart/*` bodies (RFC 2046 §5.1, RFC 7578): bytes go
 * in as they arrive, part headers and body bytes come out synchronously, in
 * order. It knows nothing of fields, files or limits beyond the header size;
 * `FieldStorageParser` builds forms on top of it.
 * @module
 */
import { HTTPException } from '../errors/http-exception.ts';
import { asBuffer } from '../http/bytes.ts';
import type { Headers } from '../http/headers.ts';
import { HTTP_BAD_REQUEST, HTTP_REQUEST_ENTITY_TOO_LARGE } from '../http/status.ts';
import { parsePartHeaders } from './part-headers.ts';
import { validBoundary } from './valid-boundary.ts';

/** Receives what a {@link MultipartParser} finds. It may throw to stop the parser. */
export interface MultipartHandler {
  /** A part starts; its headers are parsed. */
  onPartBegin(headers: Headers): void;
  /**
   * Body bytes of the current part. `data` is a view into the chunk given to
   * `write()` (no copy): copy it to keep it past the next `write()`.
   */
  onPartData(data: Buffer): void;
  /** The current part is complete. */
  onPartEnd(): void;
}

const CR = 0x0d;
const LF = 0x0a;
const DASH = 0x2d;
const SP = 0x20;
const HT = 0x09;

const PREAMBLE = 0;
const AFTER_DELIMITER = 1;
const HEADERS = 2;
const BODY = 3;
const EPILOGUE = 4;
const FAILED = 5;

// the delimiter begins a line: the body is read as if it started with CRLF,
// so a boundary on the very first line is found like any other
const LEADING_CRLF = Buffer.from('\r\n');
const NO_BYTES = Buffer.alloc(0);

function malformed(why: string): HTTPException {
  return new HTTPException(HTTP_BAD_REQUEST, { error: `Malformed multipart body: ${why}` });
}

/**
 * A streaming multipart parser. The delimiter (`CRLF--boundary`) is found
 * with `Buffer.indexOf`; a delimiter split between two chunks is kept as a
 * small carry (at most the delimiter's length), so body bytes are handed on
 * as views of the input, never copied. Malformed input (no boundary, a bad
 * boundary line, a header line that does not parse, a missing final
 * boundary) throws `HTTPException(400)`; a part header block over
 * `maxHeaderSize` throws 413. After a throw every later call throws the same.
 *
 * A delimiter must be followed by `--` (the end), or by optional spaces and
 * CRLF; anything else is refused rather than guessed at.
 * @example
 * const parser = new MultipartParser('xyz', {
 *   onPartBegin: (headers) => console.log(headers.get('content-disposition')),
 *   onPartData: (data) => console.log(data.toString()),
 *   onPartEnd: () => {},
 * });
 * parser.write(Buffer.from('--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--xyz--'));
 * parser.end();
 */
export class MultipartParser {
  readonly #handler: MultipartHandler;
  readonly #delimiter: Buffer;
  readonly #maxHeaderSize: number;
  #state = PREAMBLE;
  #carry: Buffer = LEADING_CRLF;
  #afterDashes = 0;
  #afterCr = false;
  #padding = 0;
  #head: Buffer[] = [];
  #headSize = 0;
  #eol = 2;
  #error: unknown = null;

  /**
   * @param boundary the `boundary` parameter of the Content-Type
   * @param handler receives headers and data
   * @param maxHeaderSize most bytes of one part's header block (413 past it)
   * @throws HTTPException 400 when the boundary is not valid ({@link validBoundary})
   */
  constructor(boundary: string, handler: MultipartHandler, maxHeaderSize = 16 * 1024) {
    if (!validBoundary(boundary)) {
      throw new HTTPException(HTTP_BAD_REQUEST, {
        error: `Invalid boundary in multipart form: ${JSON.stringify(boundary.slice(0, 210))}`,
      });
    }
    this.#handler = handler;
    this.#delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
    this.#maxHeaderSize = maxHeaderSize;
  }

  /** True once the final boundary (`--boundary--`) was read. */
  get finished(): boolean {
    return this.#state === EPILOGUE;
  }

  /**
   * Parse the next bytes of the body.
   * @throws HTTPException 400 for malformed input, 413 for a header block that is too large, or what the handler threw
   */
  write(chunk: Uint8Array): void {
    if (this.#state === FAILED) throw this.#error;
    const buf = asBuffer(chunk);
    let pos = 0;
    try {
      while (pos < buf.length) {
        switch (this.#state) {
          case PREAMBLE:
          case BODY:
            pos = this.#body(buf, pos);
            break;
          case AFTER_DELIMITER:
            pos = this.#afterDelimiter(buf, pos);
            break;
          case HEADERS:
            pos = this.#headers(buf, pos);
            break;
          default:
            // the epilogue carries nothing (RFC 2046 §5.1.1)
            return;
        }
      }
    } catch (err) {
      this.#state = FAILED;
      this.#error = err;
      throw err;
    }
  }

  /**
   * The body is complete.
   * @throws HTTPException 400 when the final boundary was not read
   */
  end(): void {
    if (this.#state === FAILED) throw this.#error;
    if (this.#state !== EPILOGUE) {
      this.#error = malformed(this.#state === PREAMBLE ? 'no boundary found' : 'missing final boundary');
      this.#state = FAILED;
      throw this.#error;
    }
  }

  /** Stop: later calls throw `reason`. */
  destroy(reason: unknown = malformed('parser destroyed')): void {
    if (this.#state === FAILED) return;
    this.#state = FAILED;
    this.#error = reason;
    this.#head = [];
    this.#carry = NO_BYTES;
  }

  #emit(data: Buffer): void {
    if (this.#state === BODY && data.length > 0) this.#handler.onPartData(data);
  }

  /** A delimiter was read: the current part (if any) is over. */
  #delimiterFound(): void {
    if (this.#state === BODY) this.#handler.onPartEnd();
    this.#state = AFTER_DELIMITER;
    this.#afterDashes = 0;
    this.#afterCr = false;
    this.#padding = 0;
  }

  #body(buf: Buffer, pos: number): number {
    const delimiter = this.#delimiter;
    const carry = this.#carry;
    if (carry.length > 0) {
      // the carry is a proper prefix of the delimiter; the delimiter has a CR
      // only at its start (boundaries are printable), so the only place a
      // delimiter can start inside the carry is the carry's first byte
      const need = delimiter.length - carry.length;
      const avail = Math.min(need, buf.length - pos);
      if (buf.compare(delimiter, carry.length, carry.length + avail, pos, pos + avail) === 0) {
        if (avail === need) {
          this.#carry = NO_BYTES;
          this.#delimiterFound();
          return pos + need;
        }
        this.#carry = Buffer.concat([carry, buf.subarray(pos)]);
        return buf.length;
      }
      this.#carry = NO_BYTES;
      this.#emit(carry);
    }
    const at = buf.indexOf(delimiter, pos);
    if (at !== -1) {
      if (at > pos) this.#emit(buf.subarray(pos, at));
      this.#delimiterFound();
      return at + delimiter.length;
    }
    // keep a tail that may be the start of a delimiter split across chunks
    let keep = buf.length;
    for (let i = Math.max(pos, buf.length - delimiter.length + 1); i < buf.length; i++) {
      if (buf[i] === CR && buf.compare(delimiter, 0, buf.length - i, i) === 0) {
        keep = i;
        break;
      }
    }
    if (keep > pos) this.#emit(buf.subarray(pos, keep));
    if (keep < buf.length) this.#carry = Buffer.from(buf.subarray(keep));
    return buf.length;
  }

  /** After a delimiter: `--` ends the body; optional padding and CRLF start a part. */
  #afterDelimiter(buf: Buffer, pos: number): number {
    while (pos < buf.length) {
      const byte = buf[pos++]!;
      if (this.#afterDashes > 0) {
        if (byte !== DASH) throw malformed('bad final boundary');
        this.#state = EPILOGUE;
        return buf.length;
      }
      if (this.#afterCr) {
        if (byte !== LF) throw malformed('bad boundary line ending');
        this.#state = HEADERS;
        this.#head = [];
        this.#headSize = 0;
        this.#eol = 2;
        return pos;
      }
      if (byte === CR) this.#afterCr = true;
      else if (byte === DASH && this.#padding === 0) this.#afterDashes = 1;
      else if (byte === SP || byte === HT) {
        if (++this.#padding > this.#maxHeaderSize) {
          throw new HTTPException(HTTP_REQUEST_ENTITY_TOO_LARGE, { error: 'Multipart boundary line too long' });
        }
      } else throw malformed('boundary followed by other characters');
    }
    return pos;
  }

  /** Collect the header block up to the empty line (CRLF CRLF). */
  #headers(buf: Buffer, pos: number): number {
    // eol counts the bytes of CR LF CR LF seen last; the boundary line's CRLF counts
    let eol = this.#eol;
    const room = this.#maxHeaderSize + 4 - this.#headSize;
    const stop = Math.min(buf.length, pos + room);
    let i = pos;
    for (; i < stop; i++) {
      const byte = buf[i]!;
      if (byte === CR) eol = eol === 2 ? 3 : 1;
      else if (byte === LF && (eol === 1 || eol === 3)) {
        eol++;
        if (eol === 4) break;
      } else eol = 0;
    }
    if (eol === 4) {
      // a header block inside one chunk (the usual case) is parsed in place
      let block = buf.subarray(pos, i + 1);
      if (this.#head.length > 0) {
        this.#head.push(block);
        block = Buffer.concat(this.#head);
        this.#head = [];
      }
      // drop the final CRLF CRLF (only CRLF for an empty block: its first CRLF ended the boundary line)
      const headers = parsePartHeaders(block.subarray(0, Math.max(0, block.length - 4)));
      this.#state = BODY;
      this.#handler.onPartBegin(headers);
      return i + 1;
    }
    this.#eol = eol;
    this.#head.push(Buffer.from(buf.subarray(pos, i)));
    this.#headSize += i - pos;
    if (this.#headSize > this.#maxHeaderSize) {
      throw new HTTPException(HTTP_REQUEST_ENTITY_TOO_LARGE, {
        error: `Multipart part header too large (limit ${this.#maxHeaderSize} bytes)`,
      });
    }
    return i;
  }
}
