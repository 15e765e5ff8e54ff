import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, type Transform } from 'node:stream';
import { after, describe, test } from 'node:test';
import { createBrotliDecompress, createGunzip } from 'node:zlib';
import { compressSync, flushKind } from '../../../src/compress/codecs.ts';
import {
  CompressedFileSource,
  CompressedStream,
  compressChunks,
  releaseSource,
} from '../../../src/compress/compress-stream.ts';
import { CompressionSettings, type ContentCoding } from '../../../src/compress/settings.ts';
import type { BodyChunk } from '../../../src/response/base-response.ts';
import { FileSource } from '../../../src/response/file-source.ts';
import { decode, text } from './helpers.ts';

const SETTINGS = new CompressionSettings();
const dir = mkdtempSync(join(tmpdir(), 'poorwsgi-test-compress-stream-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const openDescriptors = (): number => readdirSync('/proc/self/fd').length;

async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** A streaming decoder: what it decoded so far. */
class Decoder {
  readonly #stream: Transform;
  #chunks: Buffer[] = [];

  constructor(coding: 'gzip' | 'br') {
    this.#stream = coding === 'gzip' ? createGunzip() : createBrotliDecompress();
    this.#stream.on('data', (chunk: Buffer) => this.#chunks.push(chunk));
  }

  /** Decode a chunk; resolves once its output is out. */
  write(chunk: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => this.#stream.write(chunk, (err) => (err ? reject(err) : resolve())));
  }

  get text(): string {
    return Buffer.concat(this.#chunks).toString();
  }
}

/** A gate a generator waits on, opened by the test: no timing decides anything. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => {};
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

describe('compressChunks', () => {
  for (const coding of ['gzip', 'br'] as const) {
    test(`${coding}: byte-exact, from strings, bytes, empty chunks, sync and async sources`, async () => {
      const parts: BodyChunk[] = ['héllo ', new Uint8Array(0), Buffer.from(text(70_000)), '', 'end'];
      const expected = Buffer.concat(parts.map((p) => Buffer.from(p)));
      assert.deepEqual(decode(coding, await collect(compressChunks(parts, coding, SETTINGS))), expected);
      async function* slowly() {
        for (const part of parts) {
          await new Promise((resolve) => setImmediate(resolve));
          yield part;
        }
      }
      assert.deepEqual(decode(coding, await collect(compressChunks(slowly(), coding, SETTINGS))), expected);
      assert.deepEqual(decode(coding, await collect(compressChunks([], coding, SETTINGS))), Buffer.alloc(0));
    });
  }

  test('the source is read only as fast as the output is taken (backpressure)', async () => {
    let pulled = 0;
    function* source() {
      // random bytes: deflate gives out a block for every 16 K literals, so each chunk has output of its own
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield randomBytes(64 * 1024);
      }
    }
    const it = compressChunks(source(), 'gzip', SETTINGS)[Symbol.asyncIterator]();
    for (let taken = 1; taken <= 5; taken++) {
      const step = await it.next();
      assert.equal(step.done, false);
      assert.ok(pulled <= taken + 1, `read ${pulled} chunks for ${taken} output chunks`);
    }
    await it.return(undefined);
    assert.ok(pulled <= 6);
  });

  test('a source with nothing ready has what it gave so far flushed to the client', { timeout: 30_000 }, async () => {
    for (const coding of ['gzip', 'br'] as const) {
      const later = gate();
      let finished = false;
      async function* events() {
        try {
          yield 'data: first\n\n';
          await later.wait;
          yield 'data: second\n\n';
        } finally {
          finished = true;
        }
      }
      const decoder = new Decoder(coding);
      const it = compressChunks(events(), coding, SETTINGS)[Symbol.asyncIterator]();
      // the first event must come out, and decode, while the generator still waits
      // (a gzip header may come first, on its own: at most two chunks, else the flush is missing)
      for (let i = 0; i < 2 && decoder.text === ''; i++) {
        const step = await it.next();
        assert.equal(step.done, false);
        await decoder.write(step.value);
      }
      assert.equal(decoder.text, 'data: first\n\n', coding);
      assert.equal(finished, false);
      later.open();
      for (let step = await it.next(); !step.done; step = await it.next()) await decoder.write(step.value);
      assert.equal(decoder.text, 'data: first\n\ndata: second\n\n');
      assert.ok(finished);
    }
  });

  test('leaving early ends the source: a generator runs its finally', async () => {
    let finished = false;
    function* endless() {
      try {
        for (let i = 0; ; i++) yield compressSync('br', `${i}${text(20_000)}`, SETTINGS);
      } finally {
        finished = true;
      }
    }
    for await (const _ of compressChunks(endless(), 'gzip', SETTINGS)) break;
    assert.ok(finished);
  });

  test('leaving while the source is mid-read does not wait for that read; the source ends after it', {
    timeout: 30_000,
  }, async () => {
    const later = gate();
    let finished = false;
    async function* stalls() {
      try {
        yield text(2000);
        await later.wait;
        yield 'never read';
      } finally {
        finished = true;
      }
    }
    const decoder = new Decoder('gzip');
    const it = compressChunks(stalls(), 'gzip', SETTINGS)[Symbol.asyncIterator]();
    for (let i = 0; i < 2 && decoder.text === ''; i++) await decoder.write((await it.next()).value as Uint8Array);
    assert.equal(decoder.text, text(2000), 'the flushed first chunk, given while the source waits');
    await it.return(undefined);
    assert.equal(finished, false, 'the source is still waiting');
    later.open();
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(finished, 'and ends once its read is done');
  });

  test('a source that fails: the error goes on to the consumer, the compressor is gone', async () => {
    function* broken() {
      yield 'some';
      throw new Error('source broke');
    }
    await assert.rejects(collect(compressChunks(broken(), 'gzip', SETTINGS)), /source broke/);
    async function* brokenLater() {
      yield 'x';
      await new Promise((resolve) => setImmediate(resolve));
      throw new Error('async source broke');
    }
    await assert.rejects(collect(compressChunks(brokenLater(), 'br', SETTINGS)), /async source broke/);
  });

  test('a Readable is read and destroyed when left early', async () => {
    const readable = Readable.from([Buffer.from(text(100_000)), Buffer.from(text(100_000))], { objectMode: false });
    assert.equal(
      decode('gzip', await collect(compressChunks(readable, 'gzip', SETTINGS))).toString(),
      text(100_000) + text(100_000),
    );
    const endless = new Readable({
      read() {
        this.push(compressSync('gzip', text(30_000) + Math.random(), SETTINGS));
      },
    });
    for await (const _ of compressChunks(endless, 'gzip', SETTINGS)) break;
    assert.ok(endless.destroyed);
  });

  test('flush kinds keep the stream going (sync flush for gzip, not a full flush)', () => {
    assert.equal(flushKind('gzip'), 2);
    assert.equal(flushKind('br'), 1);
  });
});

describe('CompressedStream', () => {
  test('return() before any read still releases the source (a generator that never started, a file)', async () => {
    let finished = false;
    async function* source() {
      try {
        yield 'x';
      } finally {
        finished = true;
      }
    }
    const gen = source();
    await gen.next();
    const stream = new CompressedStream(gen, 'gzip', SETTINGS);
    await stream.return();
    assert.ok(finished);
    const before = openDescriptors();
    const path = join(dir, 'unread.txt');
    writeFileSync(path, 'unread');
    const fd = openSync(path, 'r');
    assert.equal(openDescriptors(), before + 1);
    await new CompressedStream(new FileSource(fd, [{ start: 0, end: 5 }]), 'gzip', SETTINGS).return();
    assert.equal(openDescriptors(), before, 'the descriptor it owned is closed');
  });

  test('return() after reading ends the compressing generator; iterating again gives the same one', async () => {
    let finished = false;
    function* source() {
      try {
        for (let i = 0; i < 1000; i++) yield compressSync('gzip', text(10_000) + i, SETTINGS);
      } finally {
        finished = true;
      }
    }
    const stream = new CompressedStream(source(), 'br', SETTINGS);
    const it = stream[Symbol.asyncIterator]();
    assert.equal(stream[Symbol.asyncIterator](), it);
    await it.next();
    assert.deepEqual(await stream.return(), { done: true, value: undefined });
    assert.ok(finished);
  });
});

describe('releaseSource', () => {
  test('closes files, returns iterators, destroys streams, ignores the rest and failures', async () => {
    let returned = false;
    await releaseSource({
      [Symbol.iterator]: () => [][Symbol.iterator](),
      return: () => {
        returned = true;
      },
    } as unknown as Iterable<string>);
    assert.ok(returned);
    const readable = Readable.from(['a']);
    await releaseSource(readable);
    assert.ok(readable.destroyed);
    await releaseSource(['plain', 'array']);
    await releaseSource({
      [Symbol.iterator]: () => [][Symbol.iterator](),
      return: () => {
        throw new Error('cannot');
      },
    } as unknown as Iterable<string>);
  });
});

describe('CompressedFileSource', () => {
  const coding: ContentCoding = 'gzip';

  test('opens the file it wraps, reads it compressed, closes it; close() is safe twice', async () => {
    const path = join(dir, 'whole.txt');
    writeFileSync(path, text(200_000));
    const before = openDescriptors();
    const source = new CompressedFileSource(new FileSource(path, [{ start: 0, end: 199_999 }]), coding, SETTINGS);
    assert.equal(source.path, path);
    await source.open();
    assert.equal(openDescriptors(), before + 1);
    assert.equal(decode(coding, await collect(source)).toString(), text(200_000));
    assert.equal(openDescriptors(), before);
    await source.close();
    await source.close();
  });

  test('a file that vanished fails to open, before anything is sent', async () => {
    const source = new CompressedFileSource(
      new FileSource(join(dir, 'missing'), [{ start: 0, end: 9 }]),
      coding,
      SETTINGS,
    );
    await assert.rejects(source.open(), { code: 'ENOENT' });
    await source.close();
  });

  test('close() in the middle of reading closes the file and stops the compressor', async () => {
    const path = join(dir, 'half.txt');
    writeFileSync(path, text(1_000_000));
    const before = openDescriptors();
    const source = new CompressedFileSource(new FileSource(path, [{ start: 0, end: 999_999 }]), 'br', SETTINGS);
    const it = source[Symbol.asyncIterator]();
    await it.next();
    assert.equal(openDescriptors(), before + 1);
    await source.close();
    assert.equal(openDescriptors(), before);
    assert.deepEqual(await it.next(), { done: true, value: undefined });
  });

  test('closed before it was read: the file is never opened', async () => {
    const before = openDescriptors();
    const source = new CompressedFileSource(
      new FileSource(join(dir, 'never'), [{ start: 0, end: 9 }]),
      coding,
      SETTINGS,
    );
    await source.close();
    assert.equal(openDescriptors(), before);
  });
});
