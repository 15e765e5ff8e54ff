/**
 * Differential test of the multipart parser against busboy (a dev-only
 * oracle): generated bodies, fed to both in randomly cut chunks, must give
 * the same fields and files. Set MULTIPART_SEED to replay a failure.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import busboy from 'busboy';
import { FieldStorageParser } from '../../../src/forms/field-storage-parser.ts';
import type { FileSink } from '../../../src/forms/file-sink.ts';
import { prng } from '../../helpers/prng.ts';
import { tempDirectory } from '../../helpers/upload.ts';

type Rand = () => number;
const int = (rand: Rand, n: number) => Math.floor(rand() * n);
const pick = <T>(rand: Rand, items: readonly T[]): T => items[int(rand, items.length)]!;

const BCHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=?";
const NAME_CHARS = ['a', 'b', 'Z', '0', '_', '-', ' ', '.', 'ř', 'é', '中', '😀', ';', '=', '[', ']'];

interface Entry {
  kind: 'field' | 'file';
  name: string;
  filename?: string;
  type?: string;
  data: string;
}

function word(rand: Rand, min: number, max: number): string {
  let out = '';
  const length = min + int(rand, max - min + 1);
  for (let i = 0; i < length; i++) out += pick(rand, NAME_CHARS);
  return out;
}

/** Body bytes that like to look like delimiters, without being one (a sender's duty, RFC 2046 §5.1.1). */
function content(rand: Rand, boundary: string, binary: boolean): Buffer {
  const delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  for (;;) {
    const data = nearMisses(rand, boundary, binary);
    // the part's data follows the CRLF that ends its headers; busboy 1.6 drops
    // a leading "--" of a part's data (a quirk of its lookbehind), so no part starts with "-"
    if (data[0] !== 0x2d && !Buffer.concat([Buffer.from('\r\n'), data]).includes(delimiter)) return data;
  }
}

function nearMisses(rand: Rand, boundary: string, binary: boolean): Buffer {
  const pieces: Buffer[] = [];
  const count = int(rand, 8);
  for (let i = 0; i < count; i++) {
    switch (int(rand, 6)) {
      case 0:
        pieces.push(Buffer.from(`\r\n--${boundary.slice(0, int(rand, boundary.length))}`, 'latin1'));
        break;
      case 1:
        pieces.push(Buffer.from(pick(rand, ['\r', '\n', '\r\n', '\r\n\r\n', '--', '-', '\r\n-'])));
        break;
      case 2: {
        const size = pick(rand, [1, 10, 100, 5000, 70000]);
        const bytes = Buffer.alloc(size);
        for (let j = 0; j < size; j++) bytes[j] = binary ? int(rand, 256) : 0x20 + int(rand, 95);
        pieces.push(bytes);
        break;
      }
      case 3:
        pieces.push(Buffer.from(word(rand, 0, 20)));
        break;
      case 4:
        pieces.push(Buffer.from(`--${boundary}X`, 'latin1'));
        break;
      default:
        pieces.push(Buffer.from(`${boundary}\r\n`, 'latin1'));
    }
  }
  return Buffer.concat(pieces);
}

function makeBody(rand: Rand): { boundary: string; contentType: string; body: Buffer; entries: Entry[] } {
  let boundary = '';
  const length = 1 + int(rand, 70);
  for (let i = 0; i < length; i++) boundary += pick(rand, [...BCHARS]);
  const contentType = `multipart/form-data; boundary=${/^[0-9a-zA-Z'+_\-.]+$/.test(boundary) && rand() < 0.5 ? boundary : `"${boundary}"`}`;
  const pieces: Buffer[] = [];
  if (rand() < 0.3) pieces.push(Buffer.from(`preamble ${word(rand, 0, 10)}\r\n`));
  const entries: Entry[] = [];
  const parts = 1 + int(rand, 8);
  for (let p = 0; p < parts; p++) {
    const name = word(rand, 1, 12);
    const isFile = rand() < 0.5;
    let head = `--${boundary}\r\n`;
    if (isFile) {
      const filename = word(rand, 1, 12);
      const type = pick(rand, ['application/octet-stream', 'image/png', 'text/plain', 'application/x-thing']);
      const ext = rand() < 0.3 ? `; filename*=UTF-8''${encodeURIComponent(filename)}` : '';
      const shownName = ext ? 'fallback.bin' : filename;
      head += `Content-Disposition: form-data; name="${name}"; filename="${shownName}"${ext}\r\nContent-Type: ${type}\r\n\r\n`;
      const data = content(rand, boundary, true);
      pieces.push(Buffer.from(head, 'utf8'), data, Buffer.from('\r\n'));
      entries.push({ kind: 'file', name, filename, type, data: data.toString('latin1') });
    } else {
      const typed = rand() < 0.3;
      head += `Content-Disposition: form-data; name="${name}"\r\n${typed ? 'Content-Type: text/plain; charset=utf-8\r\n' : ''}\r\n`;
      const text = Buffer.concat([Buffer.from(word(rand, 0, 5)), content(rand, boundary, false)]);
      pieces.push(Buffer.from(head, 'utf8'), text, Buffer.from('\r\n'));
      entries.push({ kind: 'field', name, data: text.toString('utf8') });
    }
  }
  pieces.push(Buffer.from(`--${boundary}--`, 'latin1'));
  if (rand() < 0.3) pieces.push(Buffer.from(`\r\nepilogue ${word(rand, 0, 10)}`));
  return { boundary, contentType, body: Buffer.concat(pieces), entries };
}

function cut(rand: Rand, body: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    const size = pick(rand, [1, 2, 3, 7, 64, 1000, 16384, 65536]);
    chunks.push(body.subarray(at, at + 1 + int(rand, size)));
    at += chunks[chunks.length - 1]!.length;
  }
  return chunks;
}

/** Keeps a file in memory. */
class MemorySink implements FileSink {
  readonly chunks: Buffer[] = [];
  write(chunk: Uint8Array): void {
    this.chunks.push(Buffer.from(chunk));
  }
  readSync(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

async function ours(contentType: string, chunks: Buffer[]): Promise<Entry[]> {
  const parser = new FieldStorageParser(
    chunks,
    { 'Content-Type': contentType },
    // a small spill size, so that long text fields take the temporary-file path too
    { fileCallback: () => new MemorySink(), tempDir: spill.dir, fieldSpillSize: 1000 },
  );
  const form = await parser.parse();
  // read without blocking: a long text field spilled to a temporary file is too large for `value`
  const entries: Entry[] = [];
  for (const field of form.list ?? []) {
    const bytes = (await field.bytes()) ?? Buffer.alloc(0);
    entries.push(
      field.filename
        ? {
            kind: 'file',
            name: field.name ?? '',
            filename: field.filename,
            type: field.type,
            data: bytes.toString('latin1'),
          }
        : { kind: 'field', name: field.name ?? '', data: (await field.text()) ?? '' },
    );
  }
  // long text fields were spilled to temporary files
  await parser.cleanup();
  return entries;
}

function theirs(contentType: string, chunks: Buffer[]): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    const bb = busboy({
      headers: { 'content-type': contentType },
      defParamCharset: 'utf8',
      preservePath: true,
      limits: { fieldSize: Number.POSITIVE_INFINITY, fieldNameSize: Number.POSITIVE_INFINITY },
    });
    // busboy gives no name for name=""; PoorWSGI (and poorwsgi) give ''
    bb.on('field', (name, value) => entries.push({ kind: 'field', name: name ?? '', data: value }));
    bb.on('file', (name, stream, info) => {
      const entry: Entry = { kind: 'file', name: name ?? '', filename: info.filename, type: info.mimeType, data: '' };
      entries.push(entry);
      const parts: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => parts.push(chunk));
      stream.on('end', () => {
        entry.data = Buffer.concat(parts).toString('latin1');
      });
    });
    bb.on('close', () => resolve(entries));
    bb.on('error', reject);
    for (const chunk of chunks) bb.write(chunk);
    bb.end();
  });
}

/** deepEqual with a short message: the bodies are too large to print whole. */
function same(actual: Entry[], expected: Entry[], context: string): void {
  const show = (value: unknown) => JSON.stringify(value)?.slice(0, 200);
  assert.equal(actual.length, expected.length, `${context}: number of entries`);
  actual.forEach((entry, i) => {
    const other = expected[i]!;
    for (const key of ['kind', 'name', 'filename', 'type', 'data'] as const) {
      if (entry[key] !== other[key]) {
        const at = [...String(entry[key])].findIndex((c, j) => c !== [...String(other[key])][j]);
        assert.fail(
          `${context}: entry ${i} ${key} differs at ${at}: ${show(String(entry[key]).slice(Math.max(0, at - 20)))} vs ${show(String(other[key]).slice(Math.max(0, at - 20)))}`,
        );
      }
    }
  });
}

const spill = tempDirectory();
after(() => spill.remove());

const BODIES = Number(process.env.MULTIPART_BODIES ?? 300);

describe('multipart parser against busboy', () => {
  test(`${BODIES} generated bodies, randomly chunked, parse alike`, { timeout: 120_000 }, async () => {
    // a fixed seed by default keeps CI repeatable; set MULTIPART_SEED to explore others
    const seed = Number(process.env.MULTIPART_SEED ?? 20261124);
    let busboyQuirks = 0;
    const rand = prng(seed);
    for (let i = 0; i < BODIES; i++) {
      const { contentType, body, entries } = makeBody(rand);
      const chunks = cut(rand, body);
      const context = `seed ${seed}, body ${i} (replay with MULTIPART_SEED=${seed})`;
      const [mine, reference] = await Promise.all([ours(contentType, chunks), theirs(contentType, cut(rand, body))]);
      same(mine, entries, `poorwsgi disagrees with the generator: ${context}`);
      try {
        same(reference, entries, 'busboy');
      } catch {
        // busboy 1.6 mis-parses some bodies (part data that looks like a boundary line);
        // the oracle is then wrong, not us: our result was checked against the generator above
        busboyQuirks += 1;
        continue;
      }
      same(mine, reference, `poorwsgi disagrees with busboy: ${context}`);
    }
    assert.ok(busboyQuirks < BODIES / 10, `busboy disagreed with the generator on ${busboyQuirks} bodies`);
    assert.deepEqual(spill.list(), [], 'spilled text fields are removed by cleanup()');
  });

  const fixed: ReadonlyArray<[name: string, body: string]> = [
    [
      'a UTF-8 file name in the quoted string',
      '--b\r\nContent-Disposition: form-data; name="f"; filename="žluťoučký kůň.txt"\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--',
    ],
    [
      'filename* wins over filename',
      '--b\r\nContent-Disposition: form-data; name="f"; filename="a.txt"; filename*=UTF-8\'\'%C5%99.txt\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--',
    ],
    ['a quoted semicolon in a name', '--b\r\nContent-Disposition: form-data; name="a;b=c"\r\n\r\nv\r\n--b--'],
    ['an empty field name', '--b\r\nContent-Disposition: form-data; name=""\r\n\r\nv\r\n--b--'],
    ['an empty value', '--b\r\nContent-Disposition: form-data; name="e"\r\n\r\n\r\n--b--'],
  ];
  for (const [name, text] of fixed) {
    test(name, async () => {
      const body = Buffer.from(text, 'utf8');
      for (const size of [1, 5, body.length]) {
        const chunks: Buffer[] = [];
        for (let i = 0; i < body.length; i += size) chunks.push(body.subarray(i, i + size));
        const type = 'multipart/form-data; boundary=b';
        assert.deepEqual(await ours(type, chunks), await theirs(type, chunks), `chunk size ${size}`);
      }
    });
  }
});
