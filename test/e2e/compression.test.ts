/**
 * Response compression on the wire: curl (brotli, gzip, zstd), Node's fetch
 * and `http.get`, Python `requests`, raw sockets for the exact headers, and
 * `app.fetch()`; ranges, 304, HEAD, streamed generators and files decoded
 * byte-exact, a source that waits flushed, clients that leave mid-stream.
 * @module
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, createGunzip, gunzipSync } from 'node:zlib';
import { ZSTD_SUPPORTED } from '../../src/compress/index.ts';
import {
  Application,
  FileResponse,
  GeneratorResponse,
  JSONGeneratorResponse,
  JSONResponse,
  Response,
  tuple,
} from '../../src/index.ts';
import { rawRequest } from '../helpers/raw-request.ts';
import { curlRun, dechunk, parseRaw, quietLogger, type Running, start } from '../helpers/serve.ts';
import { eventually, openDescriptors } from '../helpers/upload.ts';

/** About 100 KiB of JSON, the same on every call. */
const DOCUMENT = {
  items: Array.from({ length: 1400 }, (_, i) => ({ id: i, name: `user${i}`, email: `user${i}@example.com`, n: i % 7 })),
};
const JSON_TEXT = JSON.stringify(DOCUMENT);
const LINES = Array.from({ length: 5000 }, (_, i) => `line ${i} of the streamed body\n`);
const sha = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** A gate the tests open: what a handler's generator waits on. */
let openGate: () => void = () => {};
let gateWait: Promise<void> = Promise.resolve();
function newGate(): void {
  gateWait = new Promise((resolve) => {
    openGate = resolve;
  });
}

/** Set by the endless generator when its `finally` ran (the client went away). */
let endlessFinished = 0;

describe('compression on the wire', () => {
  let server: Running;
  let app: Application;
  let dir: string;
  let filePath: string;
  let bigPath: string;
  let fileText: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'poorwsgi-test-compression-'));
    filePath = join(dir, 'data.json');
    fileText = JSON.stringify({ rows: Array.from({ length: 8000 }, (_, i) => [i, `row ${i}`, i * 3]) });
    writeFileSync(filePath, fileText);
    bigPath = join(dir, 'big.txt');
    // 16 MiB of hex that compresses only to half: the client leaving must meet a stream still being read
    writeFileSync(bigPath, randomBytes(8 * 1024 * 1024).toString('hex'));
    app = new Application('compression', { compression: true, logger: quietLogger() });
    app.route('/json', () => new JSONResponse(DOCUMENT));
    app.route('/small', () => tuple('small body', 'text/plain'));
    app.route('/png', () => new Response(Buffer.alloc(50_000, 7), 'image/png'));
    app.route('/secret', () => new Response(JSON_TEXT, 'application/json', { 'Cache-Control': 'no-transform' }));
    app.route('/gen', () => new GeneratorResponse(LINES, 'text/plain; charset=utf-8'));
    app.route('/jsongen', () => new JSONGeneratorResponse({ items: DOCUMENT.items.values() }));
    app.route('/file', () => new FileResponse(filePath));
    app.route('/big', () => new FileResponse(bigPath, 'text/plain'));
    app.route('/events', () => {
      async function* events() {
        yield 'event one\n';
        await gateWait;
        yield 'event two\n';
      }
      return new GeneratorResponse(events(), 'text/event-stream');
    });
    app.route('/endless', () => {
      function* endless() {
        try {
          for (let i = 0; ; i++) yield `${i} ${'x'.repeat(i % 97)}\n`.repeat(200);
        } finally {
          endlessFinished++;
        }
      }
      return new GeneratorResponse(endless(), 'text/plain');
    });
    server = await start(app);
  });

  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** GET with raw bytes out: status, headers (lower-case names) and the undecoded body. */
  async function raw(path: string, headers: Record<string, string> = {}, method = 'GET') {
    const extra = Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    const text = await rawRequest(
      server.port,
      `${method} ${path} HTTP/1.1\r\nHost: t\r\n${extra}Connection: close\r\n\r\n`,
    );
    const response = parseRaw(text);
    const chunked = response.headers.get('transfer-encoding')?.[0] === 'chunked';
    const body = Buffer.from(chunked ? dechunk(response.body).body : response.body, 'latin1');
    const one = (name: string) => response.headers.get(name)?.[0];
    return { status: response.status, headers: response.headers, one, body };
  }

  test('curl --compressed: brotli by default, gzip and zstd on request, bodies byte-exact', async () => {
    for (const [args, coding] of [
      [['--compressed'], 'br'],
      [['-H', 'Accept-Encoding: gzip'], 'gzip'],
      [['-H', 'Accept-Encoding: br'], 'br'],
    ] as const) {
      const result = await curlRun([...args, '-o', join(dir, 'curl.out'), '-D', '-', `${server.url}/json`]);
      assert.equal(result.exitCode, 0, result.stderr);
      assert.match(result.stdout, new RegExp(`^Content-Encoding: ${coding}\\r$`, 'mi'));
      assert.match(result.stdout, /^Vary: Accept-Encoding\r$/im);
    }
    const decoded = await curlRun(['--compressed', `${server.url}/json`]);
    assert.equal(parseRaw(decoded.stdout).body, JSON_TEXT);
    const zstd = await curlRun(['-H', 'Accept-Encoding: zstd', '-D', '-', '-o', '/dev/null', `${server.url}/json`]);
    if (ZSTD_SUPPORTED) assert.match(zstd.stdout, /^Content-Encoding: zstd\r$/im);
    else assert.doesNotMatch(zstd.stdout, /Content-Encoding/i, `no zstd on Node ${process.version}: identity`);
    for (const path of ['/gen', '/file', '/jsongen']) {
      const streamed = await curlRun(['--compressed', '-D', join(dir, 'head.txt'), `${server.url}${path}`]);
      const body = parseRaw(streamed.stdout).body;
      const expected = path === '/gen' ? LINES.join('') : path === '/file' ? fileText : JSON_TEXT;
      assert.equal(sha(Buffer.from(body, 'latin1')), sha(expected), path);
    }
  });

  test("Node's fetch decodes br and gzip itself; http.get sees the Content-Encoding", async () => {
    // Node 20's fetch asks for gzip and deflate; later ones for brotli too
    const res = await fetch(`${server.url}/json`);
    assert.match(res.headers.get('content-encoding') ?? '', /^(?:gzip|br)$/);
    assert.deepEqual(await res.json(), DOCUMENT);
    const br = await fetch(`${server.url}/gen`, { headers: { 'Accept-Encoding': 'br' } });
    assert.equal(br.headers.get('content-encoding'), 'br');
    assert.equal(await br.text(), LINES.join(''));
    const gzip = await fetch(`${server.url}/file`, { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(gzip.headers.get('content-encoding'), 'gzip');
    assert.equal(await gzip.text(), fileText);
    const answer = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      get(`${server.url}/json`, { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
    assert.equal(answer.headers['content-encoding'], 'gzip');
    assert.equal(Number(answer.headers['content-length']), answer.body.byteLength);
    assert.ok(answer.body.byteLength < JSON_TEXT.length / 4);
    assert.equal(gunzipSync(answer.body).toString(), JSON_TEXT);
  });

  test('Python requests gets gzip and decodes it', { timeout: 60_000 }, async () => {
    const script = [
      'import json, sys, hashlib, requests',
      'out = {}',
      "for path in ['/json', '/gen', '/file']:",
      '    r = requests.get(sys.argv[1] + path, timeout=20)',
      "    out[path] = [r.headers.get('Content-Encoding'), r.headers.get('Vary'), hashlib.sha256(r.content).hexdigest()]",
      'print(json.dumps(out))',
    ].join('\n');
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile('python3', ['-c', script, server.url], { timeout: 50_000 }, (err, out, errOut) =>
        err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
      );
    });
    const got = JSON.parse(stdout) as Record<string, [string, string, string]>;
    assert.deepEqual(got['/json'], ['gzip', 'Accept-Encoding', sha(JSON_TEXT)]);
    assert.deepEqual(got['/gen'], ['gzip', 'Accept-Encoding', sha(LINES.join(''))]);
    assert.deepEqual(got['/file'], ['gzip', 'Accept-Encoding', sha(fileText)]);
  });

  test('raw socket: the exact headers of a compressed body in memory', async () => {
    const res = await raw('/json', { 'Accept-Encoding': 'gzip;q=0.8, br;q=0.9' });
    assert.equal(res.status, 200);
    assert.equal(res.one('content-encoding'), 'br');
    assert.equal(res.one('vary'), 'Accept-Encoding');
    assert.equal(res.one('content-type'), 'application/json; charset=utf-8');
    assert.equal(Number(res.one('content-length')), res.body.byteLength);
    assert.equal(res.headers.has('transfer-encoding'), false);
    assert.equal(brotliDecompressSync(res.body).toString(), JSON_TEXT);
  });

  test('q-values: refusals and a preferred identity give the plain body, with Vary', async () => {
    for (const accept of ['gzip;q=0, br;q=0', 'identity, br;q=0.5', '*;q=0', 'deflate', 'gzip;Q=0, br; q=0']) {
      const res = await raw('/json', { 'Accept-Encoding': accept });
      assert.equal(res.headers.has('content-encoding'), false, accept);
      assert.equal(res.one('vary'), 'Accept-Encoding', accept);
      assert.equal(res.body.toString(), JSON_TEXT, accept);
    }
    const none = await raw('/json');
    assert.equal(none.headers.has('content-encoding'), false, 'no Accept-Encoding: no coding');
    assert.equal(none.one('vary'), 'Accept-Encoding');
    const star = await raw('/json', { 'Accept-Encoding': 'gzip;q=0, *' });
    assert.equal(star.one('content-encoding'), 'br');
  });

  test('under the threshold, other types, no-transform: no coding and no Vary', async () => {
    for (const path of ['/small', '/png', '/secret']) {
      const res = await raw(path, { 'Accept-Encoding': 'gzip, br' });
      assert.equal(res.status, 200);
      assert.equal(res.headers.has('content-encoding'), false, path);
      assert.equal(res.headers.has('vary'), false, path);
    }
  });

  test('Range on a file: a 206 of the plain bytes, never compressed', async () => {
    const res = await raw('/file', { 'Accept-Encoding': 'gzip, br', Range: 'bytes=100-199' });
    assert.equal(res.status, 206);
    assert.equal(res.headers.has('content-encoding'), false);
    assert.equal(res.one('content-range'), `bytes 100-199/${fileText.length}`);
    assert.equal(res.body.toString(), fileText.slice(100, 200));
  });

  test('a compressed file: weak ETag, no Accept-Ranges; revalidating it gives a 304 with that ETag and Vary', async () => {
    const first = await raw('/file', { 'Accept-Encoding': 'gzip' });
    assert.equal(first.one('content-encoding'), 'gzip');
    assert.equal(first.headers.has('accept-ranges'), false);
    assert.equal(first.headers.has('content-length'), false);
    const etag = first.one('etag') as string;
    assert.match(etag, /^W\/"/);
    assert.equal(gunzipSync(first.body).toString(), fileText);
    const again = await raw('/file', { 'Accept-Encoding': 'gzip', 'If-None-Match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.one('etag'), etag);
    assert.equal(again.one('vary'), 'Accept-Encoding');
    assert.equal(again.body.byteLength, 0);
    const plain = await raw('/file');
    assert.match(plain.one('etag') as string, /^"/, 'the plain body keeps its strong tag');
    assert.equal(plain.one('accept-ranges'), 'bytes');
    // If-Range with the weak tag never matches (strong comparison): the whole body, compressed
    const ranged = await raw('/file', { 'Accept-Encoding': 'gzip', Range: 'bytes=0-9', 'If-Range': etag });
    assert.equal(ranged.status, 200);
    assert.equal(gunzipSync(ranged.body).toString(), fileText);
  });

  test('HEAD: the plain headers and Vary, no body', async () => {
    const res = await raw('/json', { 'Accept-Encoding': 'gzip, br' }, 'HEAD');
    assert.equal(res.status, 200);
    assert.equal(res.headers.has('content-encoding'), false);
    assert.equal(res.one('vary'), 'Accept-Encoding');
    assert.equal(Number(res.one('content-length')), Buffer.byteLength(JSON_TEXT));
    assert.equal(res.body.byteLength, 0);
  });

  test('streamed generator and JSON generator bodies: chunked, no Content-Length, decoded byte-exact', async () => {
    const gen = await raw('/gen', { 'Accept-Encoding': 'gzip' });
    assert.equal(gen.one('transfer-encoding'), 'chunked');
    assert.equal(gen.headers.has('content-length'), false);
    assert.equal(gunzipSync(gen.body).toString(), LINES.join(''));
    const json = await raw('/jsongen', { 'Accept-Encoding': 'br' });
    assert.equal(json.one('content-encoding'), 'br');
    assert.equal(brotliDecompressSync(json.body).toString(), JSON_TEXT);
  });

  test('a generator that waits: what it gave so far reaches the client, decodable, before it goes on', {
    timeout: 30_000,
  }, async () => {
    newGate();
    const socket = connect(server.port, '127.0.0.1');
    socket.write('GET /events HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n');
    const gunzip = createGunzip();
    let decoded = '';
    gunzip.on('data', (chunk: Buffer) => {
      decoded += chunk.toString();
    });
    let raw = Buffer.alloc(0);
    let fed = 0;
    const seen = (want: string) =>
      new Promise<void>((resolve) => {
        const check = () => {
          // feed the decoder the chunk payloads that arrived (head skipped, chunked framing read)
          const text = raw.toString('latin1');
          const start = text.indexOf('\r\n\r\n');
          if (start !== -1) {
            let at = start + 4;
            const payload: Buffer[] = [];
            for (;;) {
              const eol = text.indexOf('\r\n', at);
              if (eol === -1) break;
              const size = Number.parseInt(text.slice(at, eol), 16);
              if (size === 0 || text.length < eol + 2 + size + 2) break;
              payload.push(raw.subarray(eol + 2, eol + 2 + size));
              at = eol + 2 + size + 2;
            }
            const all = Buffer.concat(payload);
            if (all.byteLength > fed) {
              gunzip.write(all.subarray(fed), () => (decoded.includes(want) ? resolve() : undefined));
              fed = all.byteLength;
            }
          }
        };
        socket.on('data', (chunk: Buffer) => {
          raw = Buffer.concat([raw, chunk]);
          check();
        });
        check();
      });
    await seen('event one\n');
    assert.equal(decoded, 'event one\n', 'the first event arrived while the generator waits');
    openGate();
    await new Promise((resolve) => socket.on('close', resolve));
    gunzip.end(dechunkBuffer(raw));
    assert.equal(decoded.startsWith('event one\n'), true);
    const all = await new Promise<string>((resolve) => {
      const full = createGunzip();
      let out = '';
      full.on('data', (c: Buffer) => {
        out += c.toString();
      });
      full.on('end', () => resolve(out));
      full.end(dechunkBuffer(raw));
    });
    assert.equal(all, 'event one\nevent two\n');
  });

  test('a client that leaves mid-stream: the generator ends, the file closes, the server goes on', async () => {
    for (const [path, accept] of [
      ['/endless', 'gzip'],
      ['/endless', 'br'],
    ] as const) {
      const before = endlessFinished;
      await leaveAfter(path, accept, 64 * 1024);
      await eventually(() => endlessFinished === before + 1, `the generator of ${path} (${accept}) ended`);
    }
    const fds = openDescriptors();
    for (const accept of ['gzip', 'br']) {
      await leaveAfter('/big', accept, 32 * 1024);
      await eventually(() => openDescriptors() <= fds, `the file and sockets of /big (${accept}) are closed`);
    }
    const res = await raw('/json', { 'Accept-Encoding': 'gzip' });
    assert.equal(gunzipSync(res.body).toString(), JSON_TEXT);
  });

  /** GET `path` and close the socket once `bytes` have arrived. */
  function leaveAfter(path: string, accept: string, bytes: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1');
      let got = 0;
      socket.on('data', (chunk: Buffer) => {
        got += chunk.byteLength;
        if (got >= bytes) socket.destroy();
      });
      socket.on('close', () => (got >= bytes ? resolve() : reject(new Error(`only ${got} bytes of ${path}`))));
      socket.on('error', () => {});
      socket.write(`GET ${path} HTTP/1.1\r\nHost: t\r\nAccept-Encoding: ${accept}\r\n\r\n`);
    });
  }

  test('app.fetch(): the compressed body and headers, streamed bodies too, a cancel closes the file', async () => {
    const res = await app.request('/json', { headers: { 'Accept-Encoding': 'br' } });
    assert.equal(res.headers.get('content-encoding'), 'br');
    assert.equal(res.headers.get('vary'), 'Accept-Encoding');
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(Number(res.headers.get('content-length')), bytes.byteLength);
    assert.equal(brotliDecompressSync(bytes).toString(), JSON_TEXT);
    const file = await app.fetch(new Request('http://x/file', { headers: { 'Accept-Encoding': 'gzip' } }));
    assert.equal(file.headers.get('content-encoding'), 'gzip');
    assert.equal(gunzipSync(Buffer.from(await file.arrayBuffer())).toString(), fileText);
    const plain = await app.request('/json');
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.equal(await plain.text(), JSON_TEXT);
    const fds = openDescriptors();
    const big = await app.request('/big', { headers: { 'Accept-Encoding': 'gzip' } });
    const reader = (big.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    assert.ok(openDescriptors() > fds, 'the file is open while it is read');
    await reader.cancel();
    await eventually(() => openDescriptors() <= fds, 'the file is closed after the cancel');
  });
});

/** The payload of a chunked body, as bytes. */
function dechunkBuffer(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  const start = text.indexOf('\r\n\r\n') + 4;
  return Buffer.from(dechunk(text.slice(start)).body, 'latin1');
}
