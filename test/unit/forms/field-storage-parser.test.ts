import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { HTTPException } from '../../../src/errors/http-exception.ts';
import { DiskFile } from '../../../src/forms/disk-file.ts';
import type { FieldStorage, FieldValue } from '../../../src/forms/field-storage.ts';
import { FieldStorageParser, type FieldStorageParserOptions } from '../../../src/forms/field-storage-parser.ts';
import type { FileSink } from '../../../src/forms/file-sink.ts';
import { MAX_MULTIPART_DEPTH } from '../../../src/forms/part-collector.ts';
import { TempFiles } from '../../../src/forms/temp-files.ts';

const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'poorwsgi-test-fsp-'));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

type Part = [headers: string, data: string | Buffer];

function body(parts: readonly Part[], boundary = 'BOUNDARY'): Buffer {
  const pieces: Buffer[] = [];
  for (const [headers, data] of parts) {
    pieces.push(Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`), Buffer.from(data), Buffer.from('\r\n'));
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(pieces);
}

const field = (name: string, value: string): Part => [`Content-Disposition: form-data; name="${name}"`, value];
const file = (name: string, filename: string, data: string | Buffer, type = 'application/octet-stream'): Part => [
  `Content-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type}`,
  data,
];

function chunks(bytes: Buffer, size = 7): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

function parser(
  bytes: Buffer,
  options: FieldStorageParserOptions = {},
  type = 'multipart/form-data; boundary=BOUNDARY',
) {
  return new FieldStorageParser(
    chunks(bytes),
    { 'Content-Type': type, 'Content-Length': String(bytes.length) },
    options,
  );
}

describe('FieldStorageParser: multipart forms', () => {
  test('text fields, files, a repeated name and an empty file input', async () => {
    const dir = freshDir();
    const p = parser(
      body([
        field('name', 'Ondřej'),
        field('x', '8'),
        field('x', '7'),
        file('upload', 'žluťoučký.bin', Buffer.from([0, 1, 2, 255])),
        [`Content-Disposition: form-data; name="empty"; filename=""\r\nContent-Type: application/octet-stream`, ''],
      ]),
      { tempDir: dir },
    );
    const form = await p.parse();
    assert.deepEqual(form.keys(), ['name', 'x', 'upload', 'empty']);
    assert.equal(form.getfirst('name'), 'Ondřej');
    assert.deepEqual(form.getlist('x', undefined, Number), [8, 7]);
    const upload = form.item('upload') as FieldStorage<FieldValue>;
    assert.equal(upload.filename, 'žluťoučký.bin');
    assert.equal(upload.type, 'application/octet-stream');
    assert.ok(upload.file instanceof DiskFile);
    assert.deepEqual(form.getfirst('upload'), Buffer.from([0, 1, 2, 255]));
    // PoorWSGI: filename="" is a text field (its value is the decoded, empty, content)
    const empty = form.item('empty') as FieldStorage<FieldValue>;
    assert.equal(empty.filename, '');
    assert.equal(empty.file, null);
    assert.equal(empty.value, '');
    assert.equal(p.bytesRead, form.length);
    assert.equal(form.type, 'multipart/form-data');
    assert.equal(form.typeOptions.boundary, 'BOUNDARY');
    await p.cleanup();
    assert.deepEqual(readdirSync(dir), []);
  });

  test('a temporary file is random, private (0600) and in the temporary directory until cleanup', async () => {
    const dir = freshDir();
    const p = parser(body([file('a', 'a.txt', 'AAA'), file('b', 'b.txt', 'BBB')]), { tempDir: dir });
    const form = await p.parse();
    const sinks = (form.list ?? []).map((f) => f.file as DiskFile);
    const paths = sinks.map((sink) => sink.path);
    assert.equal(new Set(paths).size, 2);
    for (const sink of sinks) {
      assert.match(sink.path, /\/poorwsgi-[0-9a-f]{32}\.tmp$/);
      assert.equal(statSync(sink.path).mode & 0o777, 0o600);
      assert.equal(sink.readSync().length, 3);
      assert.equal(sink.open, false, 'the descriptor is closed once the part is complete');
    }
    assert.deepEqual(readdirSync(dir).sort(), paths.map((path) => path.slice(dir.length + 1)).sort());
    await p.cleanup();
    assert.deepEqual(readdirSync(dir), []);
  });

  test('a kept file survives cleanup; a moved one is where it was moved', async () => {
    const dir = freshDir();
    const target = join(freshDir(), 'moved.txt');
    const p = parser(body([file('a', 'a.txt', 'AAA'), file('b', 'b.txt', 'BBB')]), { tempDir: dir });
    const form = await p.parse();
    const [a, b] = (form.list ?? []).map((f) => f.file as DiskFile);
    a!.keep();
    await b!.moveTo(target);
    await p.cleanup();
    assert.deepEqual(readdirSync(dir), [a!.path.slice(dir.length + 1)]);
    assert.equal(b!.readSync().toString(), 'BBB');
    assert.equal(b!.path, target);
  });

  test('a text field past fieldSpillSize goes to a temporary file and still reads as text', async () => {
    const dir = freshDir();
    const big = 'ř'.repeat(3000);
    const p = parser(body([field('small', 'x'.repeat(100)), field('big', big)]), {
      tempDir: dir,
      fieldSpillSize: 1000,
    });
    const form = await p.parse();
    assert.equal((form.item('small') as FieldStorage<FieldValue>).file, null);
    const spilled = form.item('big') as FieldStorage<FieldValue>;
    assert.ok(spilled.file instanceof DiskFile);
    assert.equal(spilled.value, big);
    assert.equal(form.getfirst('big'), big);
    assert.equal(readdirSync(dir).length, 1);
    await p.cleanup();
    assert.deepEqual(readdirSync(dir), []);
  });

  test('nested multipart/mixed parts become a container of files', async () => {
    const inner = body(
      [[`Content-Disposition: file; filename*=UTF-8''%C5%99.txt\r\nContent-Type: text/plain`, 'IN']],
      'inner',
    );
    const p = parser(
      body([
        field('a', '1'),
        [`Content-Disposition: form-data; name="files"\r\nContent-Type: multipart/mixed; boundary=inner`, inner],
      ]),
      { tempDir: freshDir() },
    );
    const form = await p.parse();
    const files = form.item('files') as FieldStorage<FieldValue>;
    assert.equal(files.type, 'multipart/mixed');
    assert.equal(files.list?.length, 1);
    const only = files.list![0]!;
    assert.equal(only.filename, 'ř.txt');
    assert.equal(only.disposition, 'file');
    assert.deepEqual(only.value, Buffer.from('IN'));
    // a container has no value of its own: getvalue skips it, item() reaches it
    assert.equal(form.getfirst('files'), undefined);
    await p.cleanup();
  });

  test('a part Content-Length is ignored, as PoorWSGI deletes it', async () => {
    const p = parser(body([[`Content-Disposition: form-data; name="a"\r\nContent-Length: 1`, 'hello']]));
    const form = await p.parse();
    assert.equal(form.getfirst('a'), 'hello');
    assert.equal((form.item('a') as FieldStorage<FieldValue>).length, -1);
  });

  test('fileCallback sinks, synchronous and asynchronous, get the bytes; info has name and type', async () => {
    const seen: string[] = [];
    class Sync implements FileSink {
      data: Buffer[] = [];
      closed = false;
      write(chunk: Uint8Array) {
        this.data.push(Buffer.from(chunk));
      }
      close() {
        this.closed = true;
      }
    }
    class Async extends Sync {
      override async write(chunk: Uint8Array) {
        await new Promise((resolve) => setImmediate(resolve));
        this.data.push(Buffer.from(chunk));
      }
    }
    const big = Buffer.alloc(100_000, 'z');
    const p = parser(body([file('s', 's.bin', big), file('a', 'a.bin', big, 'image/png')]), {
      fileCallback: (filename, info) => {
        seen.push(`${filename} ${info.name} ${info.type}`);
        return filename === 's.bin' ? new Sync() : Promise.resolve(new Async());
      },
    });
    const form = await p.parse();
    assert.deepEqual(seen, ['s.bin s application/octet-stream', 'a.bin a image/png']);
    for (const name of ['s', 'a']) {
      const sink = (form.item(name) as FieldStorage<FieldValue>).file as Sync;
      assert.deepEqual(Buffer.concat(sink.data), big);
      assert.equal(sink.closed, true);
    }
    // sinks without readSync have no value: the getters skip them
    assert.equal(form.getfirst('s'), undefined);
  });
});

describe('FieldStorageParser: limits and errors stop the parse and remove its files', () => {
  const cases: ReadonlyArray<{
    name: string;
    parts: readonly Part[];
    options: FieldStorageParserOptions;
    status: number;
    reason: RegExp;
    chunked?: boolean;
  }> = [
    {
      name: 'uploadLimit from Content-Length',
      parts: [file('a', 'a', 'x'.repeat(1000))],
      options: { uploadLimit: 500 },
      status: 413,
      reason: /Request body of \d+ bytes is larger than the limit of 500 bytes/,
    },
    {
      name: 'uploadLimit while streaming',
      parts: [file('a', 'a', 'x'.repeat(1000))],
      options: { uploadLimit: 500 },
      status: 413,
      reason: /Request body is larger than the limit of 500 bytes/,
      chunked: true,
    },
    {
      name: 'maxParts',
      parts: [file('f', 'f', 'data'), field('a', '1'), field('b', '2'), field('c', '3')],
      options: { maxParts: 3 },
      status: 413,
      reason: /Too many parts in multipart form \(limit 3\)/,
    },
    {
      name: 'maxFields',
      parts: [file('f', 'f', 'data'), field('a', '1'), field('b', '2')],
      options: { maxFields: 1 },
      status: 413,
      reason: /Too many fields \(limit 1\)/,
    },
    {
      name: 'maxNameLength',
      parts: [file('f', 'f', 'data'), field('n'.repeat(11), '1')],
      options: { maxNameLength: 10 },
      status: 413,
      reason: /Field name too long \(limit 10\)/,
    },
    {
      name: 'maxPartHeaderSize',
      parts: [file('f', 'f', 'data'), [`Content-Disposition: form-data; name="a"\r\nX-Pad: ${'p'.repeat(200)}`, 'v']],
      options: { maxPartHeaderSize: 100 },
      status: 413,
      reason: /part header too large \(limit 100 bytes\)/,
    },
    {
      name: 'maxFileSize',
      parts: [file('f', 'f', 'data'), file('g', 'g', 'y'.repeat(5000))],
      options: { maxFileSize: 4096 },
      status: 413,
      reason: /File too large \(limit 4096 bytes\)/,
    },
    {
      name: 'maxFieldSize, even for a spilled field',
      parts: [file('f', 'f', 'data'), field('t', 't'.repeat(5000))],
      options: { maxFieldSize: 4096, fieldSpillSize: 100 },
      status: 413,
      reason: /Field too large \(limit 4096 bytes\)/,
    },
    {
      name: 'a malformed part header after a file',
      parts: [file('f', 'f', 'data'), [' Content-Disposition: form-data; name="a"', 'v']],
      options: {},
      status: 400,
      reason: /starts with whitespace/,
    },
  ];
  for (const { name, parts, options, status, reason, chunked } of cases) {
    test(name, async () => {
      const dir = freshDir();
      const bytes = body(parts);
      const headers: Record<string, string> = { 'Content-Type': 'multipart/form-data; boundary=BOUNDARY' };
      if (!chunked) headers['Content-Length'] = String(bytes.length);
      const p = new FieldStorageParser(chunks(bytes, 64), headers, { tempDir: dir, ...options });
      await assert.rejects(p.parse(), (err: unknown) => {
        assert.ok(err instanceof HTTPException, String(err));
        assert.equal(err.statusCode, status);
        assert.match(String(err.extra.error), reason);
        return true;
      });
      assert.deepEqual(readdirSync(dir), [], 'every temporary file of the parse is removed');
      assert.deepEqual(p.tempFiles.files, []);
    });
  }

  test('a throwing fileCallback stops the parse with its own error; sinks made so far are aborted', async () => {
    const dir = freshDir();
    const aborted: unknown[] = [];
    const boom = new Error('File exists yet');
    let calls = 0;
    const p = parser(body([file('a', 'a', 'AAA'), file('b', 'b', 'BBB')]), {
      tempDir: dir,
      fileCallback: () => {
        if (++calls === 2) throw boom;
        return { write() {}, abort: (reason: unknown) => aborted.push(reason) };
      },
    });
    await assert.rejects(p.parse(), (err: unknown) => err === boom);
    assert.deepEqual(aborted, [boom]);
  });

  test('a sink that fails to write stops the parse; the spilled field before it is removed', async () => {
    const dir = freshDir();
    const p = parser(body([field('t', 't'.repeat(500)), file('a', 'a', 'AAA')]), {
      tempDir: dir,
      fieldSpillSize: 10,
      fileCallback: () => ({
        write: () => Promise.reject(new Error('disk full')),
      }),
    });
    await assert.rejects(p.parse(), /disk full/);
    assert.deepEqual(readdirSync(dir), []);
  });

  test(`multipart nested deeper than ${MAX_MULTIPART_DEPTH} levels is a 400`, async () => {
    let inner = body([field('x', '1')], 'b0');
    for (let level = 1; level <= MAX_MULTIPART_DEPTH; level++) {
      inner = body(
        [
          [
            `Content-Disposition: form-data; name="n${level}"\r\nContent-Type: multipart/mixed; boundary=b${level - 1}`,
            inner,
          ],
        ],
        `b${level}`,
      );
    }
    const p = parser(inner, {}, `multipart/form-data; boundary=b${MAX_MULTIPART_DEPTH}`);
    await assert.rejects(
      p.parse(),
      (err: unknown) => err instanceof HTTPException && /nested too deep/.test(String(err.extra.error)),
    );
  });

  test('10,000 parts: 413 with the default maxParts, parsed with no limit', async () => {
    const parts = Array.from({ length: 10_000 }, (_, i) => field(`f${i}`, String(i)));
    const bytes = body(parts);
    await assert.rejects(
      parser(bytes).parse(),
      (err: unknown) => err instanceof HTTPException && err.statusCode === 413,
    );
    const form = await parser(bytes, {
      maxParts: Number.POSITIVE_INFINITY,
      maxFields: Number.POSITIVE_INFINITY,
    }).parse();
    assert.equal(form.keys().length, 10_000);
    assert.equal(form.getfirst('f9999'), '9999');
  });

  const bad: ReadonlyArray<[name: string, type: string, reason: RegExp]> = [
    ['no boundary parameter', 'multipart/form-data', /none given/],
    ['an invalid boundary', 'multipart/form-data; boundary="a "', /Invalid boundary/],
    ['a Content-Type that does not parse', 'multipart/form-data; boundary', /Invalid Content-Type/],
  ];
  for (const [name, type, reason] of bad) {
    test(`${name} is a 400`, async () => {
      await assert.rejects(parser(body([field('a', '1')]), {}, type).parse(), (err: unknown) => {
        return err instanceof HTTPException && err.statusCode === 400 && reason.test(String(err.extra.error));
      });
    });
  }
});

describe('FieldStorageParser: other bodies', () => {
  test('no Content-Type is urlencoded (PoorWSGI), with keepBlankValues and strictParsing', async () => {
    const bytes = Buffer.from('a=1&b=&a=2');
    const form = await new FieldStorageParser([bytes], {}, { keepBlankValues: true }).parse();
    assert.deepEqual(form.getlist('a'), ['1', '2']);
    assert.equal(form.getfirst('b'), '');
    await assert.rejects(
      new FieldStorageParser([Buffer.from('a')], {}, { strictParsing: true }).parse(),
      HTTPException,
    );
  });

  test('an urlencoded body over bodyLimit is a 413', async () => {
    const bytes = Buffer.from(`a=${'x'.repeat(100)}`);
    await assert.rejects(
      new FieldStorageParser([bytes], [['Content-Type', 'application/x-www-form-urlencoded']], {
        bodyLimit: 50,
      }).parse(),
      (err: unknown) => err instanceof HTTPException && err.statusCode === 413,
    );
  });

  test('any other type is read as one text value (PoorWSGI read_single)', async () => {
    const form = await new FieldStorageParser([Buffer.from('plain '), Buffer.from('text')], {
      'content-type': 'text/plain',
    }).parse();
    assert.equal(form.value, 'plain text');
    assert.equal(form.type, 'text/plain');
    assert.equal(form.list, null);
  });

  test('the input’s own temporary-file set is used, else the one given, else a new one', async () => {
    const own = new TempFiles(freshDir());
    const input = Object.assign([body([file('a', 'a', 'A')])], { tempFiles: own });
    const p = new FieldStorageParser(input, { 'content-type': 'multipart/form-data; boundary=BOUNDARY' });
    assert.equal(p.tempFiles, own);
    await p.parse();
    assert.equal(own.files.length, 1);
    await own.cleanup();
    const given = new TempFiles();
    assert.equal(new FieldStorageParser(input, {}, { tempFiles: given }).tempFiles, given);
    assert.notEqual(new FieldStorageParser([], {}).tempFiles, own);
  });
});
