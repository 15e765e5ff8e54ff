import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  Application,
  GeneratorResponse,
  JSONGeneratorResponse,
  JSONResponse,
  METHOD_GET,
  StrGeneratorResponse,
} from '../../src/index.ts';
import { rawRequest } from '../helpers/raw-request.ts';
import { parseRaw, quietLogger, type Running, start } from '../helpers/serve.ts';

const MiB = 1024 * 1024;
const FIXTURE = fileURLToPath(new URL('./fixtures/stream-server.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The stream server in a child process, and its memory as the kernel counts it. */
class ChildServer {
  readonly child: ChildProcess;
  port = 0;

  constructor() {
    this.child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  }

  async ready(): Promise<void> {
    const [line] = (await once(this.child.stdout!, 'data')) as [Buffer];
    this.port = (JSON.parse(String(line)) as { port: number }).port;
  }

  /** VmRSS and VmHWM (the peak RSS) in MiB. */
  memory(): { rss: number; peak: number } {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kib = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1]);
    return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
  }

  stop(): void {
    this.child.kill();
  }
}

/**
 * GET `path` on a raw socket and count the bytes; `slow` pauses the socket for a
 * second after the request and for 200 ms after every 64 MiB, so that the
 * server meets a full socket buffer again and again.
 */
function download(port: number, path: string, slow: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = 0;
    let nextPause = 64 * MiB;
    const pause = (ms: number) => {
      socket.pause();
      setTimeout(() => socket.resume(), ms);
    };
    socket.on('data', (chunk: Buffer) => {
      received += chunk.byteLength;
      if (slow && received >= nextPause) {
        nextPause += 64 * MiB;
        pause(200);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    if (slow) pause(1000);
  });
}

describe('memory stays flat while streaming (server in a child process)', () => {
  /*
   * The body comes from a generator that makes a new chunk each time: a server that
   * ignored backpressure would hold them all. Warm-up first: one-off costs (JIT,
   * allocator arenas, the young generation) are paid before the baseline.
   * - string chunks live on the V8 heap, which collects them at once: the growth is
   *   the peak RSS over the RSS before the stream;
   * - Buffer chunks live outside it, and V8 collects them only after up to 64 MiB
   *   of them piled up, whatever the server does: the growth is the peak over the
   *   peak of the 256 MiB warm-up (a server that buffered would add ~768 MiB).
   */
  const slowStreams: readonly [label: string, kind: 'text' | 'bytes', base: 'rss' | 'peak'][] = [
    ['string chunks', 'text', 'rss'],
    ['Buffer chunks', 'bytes', 'peak'],
  ];
  for (const [label, kind, base] of slowStreams) {
    test(`a 1 GiB generated body (${label}) to a slow reader: server RSS grows by less than 64 MiB`, {
      timeout: 300_000,
    }, async () => {
      const server = new ChildServer();
      try {
        await server.ready();
        await download(server.port, `/${kind}/${256 * MiB}`, false);
        const baseline = server.memory()[base];
        const received = await download(server.port, `/${kind}/${1024 * MiB}`, true);
        const end = server.memory();
        assert.ok(received > 1024 * MiB, `the whole body arrived (${received} bytes)`);
        const growth = end.peak - baseline;
        console.log(
          `# 1 GiB slow stream of ${label}: ${base} ${baseline.toFixed(1)} -> peak ${end.peak.toFixed(1)} MiB (+${growth.toFixed(1)})`,
        );
        assert.ok(growth < 64, `peak RSS grew by ${growth.toFixed(1)} MiB`);
      } finally {
        server.stop();
      }
    });
  }

  test('JSONGeneratorResponse of 1,000,000 items: RSS grows by less than 32 MiB', { timeout: 300_000 }, async () => {
    const server = new ChildServer();
    try {
      await server.ready();
      await download(server.port, '/json/200000', false);
      const baseline = server.memory();
      const res = await fetch(`http://127.0.0.1:${server.port}/json/1000000`);
      const text = await res.text();
      const end = server.memory();
      const items = (JSON.parse(text) as { items: { id: number; name: string }[] }).items;
      assert.equal(items.length, 1_000_000);
      assert.deepEqual(items[999_999], { id: 999_999, name: 'item number 999999', tags: ['a', 'b', '0'] });
      const growth = end.peak - baseline.rss;
      console.log(
        `# 1M JSON items (${(text.length / MiB).toFixed(1)} MiB): RSS ${baseline.rss.toFixed(1)} -> peak ${end.peak.toFixed(1)} MiB (+${growth.toFixed(1)})`,
      );
      assert.ok(
        growth < 32,
        `peak RSS grew by ${growth.toFixed(1)} MiB for a ${(text.length / MiB).toFixed(0)} MiB body`,
      );
    } finally {
      server.stop();
    }
  });
});

/** A value with every kind of JSON, as plain data and with its arrays turned into generators. */
const DATA = {
  message: 'I\'m teapot :-) "quoted" \\ / \u2028 ✓ 😀',
  numbers: [0, -1, 1.5, 1e21, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY],
  nested: { list: [[1, [2, [3]]], { a: null, b: true, c: false }], empty: {}, none: [] },
  skipped: undefined,
  date: new Date(0),
  items: Array.from({ length: 2000 }, (_, id) => ({ id, name: `item ${id}`, flags: [id % 2 === 0, null] })),
};

function* generate<T>(list: readonly T[]): Generator<T> {
  yield* list;
}

async function* agenerate<T>(list: readonly T[]): AsyncGenerator<T> {
  yield* list;
}

describe('streaming on a real socket', () => {
  let srv: Running;
  const logger = quietLogger();
  const cleaned: string[] = [];

  before(async () => {
    const app = new Application('streaming');
    app.logger = logger;
    app.route('/sync', () => new GeneratorResponse(generate([Buffer.from('a'), Buffer.from('bc')]), 'text/plain'));
    app.route('/async', () => new GeneratorResponse(agenerate([Buffer.from('a'), 'bc']), 'text/plain'));
    app.route('/readable', () => new GeneratorResponse(Readable.from([Buffer.from('a'), Buffer.from('bc')])));
    app.route('/str', () => new StrGeneratorResponse(agenerate(['a', 'b', 'c']), 'text/plain'));
    app.route('/handler-generator', function* handler() {
      yield Buffer.from('a');
      yield Buffer.from('bc');
    });
    app.route('/handler-async-generator', async function* handler() {
      yield Buffer.from('a');
      yield Buffer.from('bc');
    });
    app.route('/throws', () => {
      async function* broken(): AsyncGenerator<Uint8Array> {
        yield Buffer.from('first chunk\n');
        throw new Error('the generator broke mid-stream');
      }
      return new GeneratorResponse(broken(), 'text/plain');
    });
    app.route('/throws-sync', function* broken() {
      yield Buffer.from('first chunk\n');
      throw new Error('the sync generator broke mid-stream');
    });
    app.route('/endless', () => {
      function* endless(): Generator<Uint8Array> {
        try {
          for (;;) yield Buffer.alloc(64 * 1024, 120);
        } finally {
          cleaned.push('endless');
        }
      }
      return new GeneratorResponse(endless(), 'application/octet-stream');
    });
    app.route('/json', () => new JSONResponse(DATA));
    app.route(
      '/json-generator',
      () =>
        new JSONGeneratorResponse({
          ...DATA,
          numbers: generate(DATA.numbers),
          nested: { list: agenerate(DATA.nested.list), empty: {}, none: generate([]) },
          items: agenerate(DATA.items.map((item) => ({ ...item, flags: generate(item.flags) }))),
        }),
    );
    app.route('/json-python', () => new JSONResponse({ a: [1, 2] }), METHOD_GET);
    srv = await start(app);
  });
  after(() => srv.close());

  const bodies: readonly [path: string, body: string][] = [
    ['/sync', 'abc'],
    ['/async', 'abc'],
    ['/readable', 'abc'],
    ['/str', 'abc'],
    ['/handler-generator', 'abc'],
    ['/handler-async-generator', 'abc'],
  ];
  for (const [path, body] of bodies) {
    test(`GET ${path}: chunked, no Content-Length`, async () => {
      const res = await fetch(`${srv.url}${path}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-length'), null);
      assert.equal(res.headers.get('transfer-encoding'), 'chunked');
      assert.equal(await res.text(), body);
    });

    test(`HEAD ${path}: the headers, no body`, async () => {
      const raw = await rawRequest(srv.port, `HEAD ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      const res = parseRaw(raw);
      assert.equal(res.status, 200);
      assert.equal(res.body, '');
    });
  }

  for (const path of ['/throws', '/throws-sync']) {
    test(`GET ${path}: a generator that throws mid-stream ends the connection, is logged, the server lives on`, async () => {
      const before = logger.lines.length;
      const raw = await rawRequest(srv.port, `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
      const res = parseRaw(raw);
      assert.equal(res.status, 200);
      assert.match(res.body, /first chunk/);
      assert.ok(
        !res.body.endsWith('0\r\n\r\n'),
        'the chunked body has no last chunk: the client sees it is incomplete',
      );
      const logged = logger.lines.slice(before).map((line) => line.map(String).join(' '));
      assert.ok(
        logged.some((line) => /Response stream failed.*broke mid-stream/s.test(line)),
        logged.join('\n'),
      );
      const next = await fetch(`${srv.url}/sync`);
      assert.equal(await next.text(), 'abc');
    });
  }

  test('a client that goes away mid-stream: the generator is closed, the server lives on', async () => {
    await new Promise<void>((resolve, reject) => {
      const socket = connect(srv.port, '127.0.0.1');
      let received = 0;
      socket.on('data', (chunk: Buffer) => {
        received += chunk.byteLength;
        if (received > 1024 * 1024) socket.destroy();
      });
      socket.on('close', () => resolve());
      socket.on('error', reject);
      socket.write('GET /endless HTTP/1.1\r\nHost: x\r\n\r\n');
    });
    for (let i = 0; i < 100 && !cleaned.includes('endless'); i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(cleaned, ['endless']);
    assert.equal(await (await fetch(`${srv.url}/str`)).text(), 'abc');
  });

  test('JSONResponse and JSONGeneratorResponse write identical bytes for the same data', async () => {
    const plain = await fetch(`${srv.url}/json`);
    const streamed = await fetch(`${srv.url}/json-generator`);
    const [a, b] = [Buffer.from(await plain.arrayBuffer()), Buffer.from(await streamed.arrayBuffer())];
    assert.equal(streamed.headers.get('content-type'), plain.headers.get('content-type'));
    assert.equal(b.toString('utf8'), a.toString('utf8'));
    assert.deepEqual(b, a);
    assert.equal(a.toString('utf8'), JSON.stringify(DATA));
  });
});
