/**
 * Micro-benchmark of the multipart parser:
 *
 *   node --import tsx bench/micro/multipart.ts [--mib=256] [--runs=5] [--upload-gib=1] [--skip-upload]
 *
 * 1. Throughput on an in-memory body of `--mib` MiB (default 256) made of
 *    1 MiB parts and of 1 KiB parts, fed in 64 KiB chunks as a socket would:
 *    the bare `MultipartParser` (no-op handler), and `FieldStorageParser`
 *    building the form with a hashing-free blackhole sink per file.
 * 2. RSS while a `--upload-gib` GiB (default 1) upload streams through a
 *    real server: curl -F posts a file to an application with automatic
 *    parsing, into a blackhole `fileCallback`, then into the default
 *    temporary file; RSS is sampled every 10 ms.
 *
 * Targets: at least 1 GB/s for large parts, RSS growth under 64 MiB.
 * @module
 */
import { execFile } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MultipartParser } from '../../src/forms/multipart-parser.ts';
import {
  Application,
  FieldStorageParser,
  type FileSink,
  METHOD_POST,
  type Request,
  serverPort,
} from '../../src/index.ts';

function numberArg(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg === undefined ? fallback : Number(arg.slice(name.length + 3));
}

const MIB = 1024 * 1024;
const BOUNDARY = '----poorwsgiBenchBoundary7MA4YWxkTrZu0gW';

/** A body of `total` bytes of parts of `partSize` bytes each, and its 64 KiB chunks. */
function makeBody(total: number, partSize: number): Buffer[] {
  const payload = Buffer.alloc(partSize);
  for (let i = 0; i < partSize; i++) payload[i] = (i * 31 + 7) & 0xff;
  const pieces: Buffer[] = [];
  let size = 0;
  for (let i = 0; size < total; i++) {
    const head = Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="f${i}"; filename="f${i}.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    pieces.push(head, payload, Buffer.from('\r\n'));
    size += head.length + payload.length + 2;
  }
  pieces.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  const body = Buffer.concat(pieces);
  const chunks: Buffer[] = [];
  for (let i = 0; i < body.length; i += 64 * 1024) chunks.push(body.subarray(i, i + 64 * 1024));
  return chunks;
}

class Blackhole implements FileSink {
  size = 0;
  write(chunk: Uint8Array): void {
    this.size += chunk.byteLength;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function throughput(label: string, chunks: Buffer[], runs: number, parse: () => unknown): Promise<void> {
  const bytes = chunks.reduce((n, c) => n + c.length, 0);
  const rates: number[] = [];
  await parse(); // warm-up
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    await parse();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rates.push(bytes / seconds / 1e9);
  }
  console.log(
    `${label.padEnd(44)} ${median(rates).toFixed(2)} GB/s (median of ${runs}; min ${Math.min(...rates).toFixed(2)}, max ${Math.max(...rates).toFixed(2)})`,
  );
}

async function parserCases(mib: number, runs: number): Promise<void> {
  for (const [name, partSize] of [
    ['1 MiB parts', MIB],
    ['1 KiB parts', 1024],
  ] as const) {
    const chunks = makeBody(mib * MIB, partSize);
    let parts = 0;
    await throughput(`MultipartParser, ${mib} MiB of ${name}`, chunks, runs, () => {
      const parser = new MultipartParser(BOUNDARY, {
        onPartBegin: () => {
          parts++;
        },
        onPartData: () => {},
        onPartEnd: () => {},
      });
      for (const chunk of chunks) parser.write(chunk);
      parser.end();
    });
    await throughput(`FieldStorageParser, ${mib} MiB of ${name}`, chunks, runs, async () => {
      const parser = new FieldStorageParser(
        chunks,
        { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
        {
          fileCallback: () => new Blackhole(),
          maxParts: Number.POSITIVE_INFINITY,
        },
      );
      await parser.parse();
    });
    if (parts === 0) throw new Error('the parser found no part');
  }
}

async function uploadRss(gib: number, toDisk: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'poorwsgi-bench-upload-'));
  const path = join(dir, 'upload.bin');
  const block = Buffer.alloc(MIB, 0x5a);
  const fd = openSync(path, 'w');
  for (let i = 0; i < gib * 1024; i++) writeSync(fd, block);
  closeSync(fd);
  let received = 0;
  const app = new Application('bench-upload', {
    uploadLimit: Number.POSITIVE_INFINITY,
    maxFileSize: Number.POSITIVE_INFINITY,
    tempDir: dir,
    // without a callback the file goes to a temporary file, as in a default application
    fileCallback: toDisk
      ? null
      : () => ({
          write: (chunk: Uint8Array) => {
            received += chunk.byteLength;
          },
        }),
  });
  app.route(
    '/upload',
    (req: Request) => {
      if (toDisk) received = req.tempFiles.files.reduce((n, file) => n + file.size, 0);
      return String(req.form.keys());
    },
    METHOD_POST,
  );
  const server = await app.listen({ port: 0 });
  globalThis.gc?.();
  const base = process.memoryUsage.rss();
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  const start = process.hrtime.bigint();
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        'curl',
        [
          '-s',
          '-o',
          '/dev/null',
          '-w',
          '%{http_code}',
          '-F',
          `file=@${path}`,
          `http://127.0.0.1:${serverPort(server)}/upload`,
        ],
        (err, stdout) => (err ? reject(err) : stdout === '200' ? resolve() : reject(new Error(`status ${stdout}`))),
      );
    });
  } finally {
    clearInterval(sampler);
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  peak = Math.max(peak, process.memoryUsage.rss());
  console.log(
    `curl -F upload of ${gib} GiB to ${toDisk ? 'a temporary file' : 'a blackhole sink'} (${received} file bytes) in ${seconds.toFixed(2)} s: ` +
      `RSS ${(base / MIB).toFixed(0)} MiB -> peak ${(peak / MIB).toFixed(0)} MiB, growth ${((peak - base) / MIB).toFixed(1)} MiB`,
  );
}

// the upload first, while the heap holds nothing else
if (!process.argv.includes('--skip-upload')) {
  await uploadRss(numberArg('upload-gib', 1), false);
  await uploadRss(numberArg('upload-gib', 1), true);
}
await parserCases(numberArg('mib', 256), numberArg('runs', 5));
