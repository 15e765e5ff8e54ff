/**
 * Clients that pipeline requests and never read the answers, then go away:
 * the example servers run in a child process of their own (plain Node, no
 * `--expose-gc`), and its descriptors (`/proc/<pid>/fd`), temporary
 * directory and memory are watched from outside. Everything a request held
 * must be released when its connection closes, whatever the state of its
 * response, without waiting for garbage collection (Node warns DEP0137 when
 * it closes a forgotten file handle on collection: the child's stderr must
 * never say so).
 * @module
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { truncate } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { splitResponses } from '../helpers/serve.ts';
import { eventually, field, head, multipart } from '../helpers/upload.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The `maxPipelined` default: answers queued behind the one being sent that are handled at once. */
const PIPELINED = 16;
/** A file much larger than the socket buffers, so that its answer never completes for a client that does not read. */
const BIG = 95 * 1024 * 1024;
/** Descriptors the server may still hold for a connection that has just been answered and closed. */
const SLACK = 2;
/** What the memory test allows pipelined requests to add to the server's resident size. */
const MEMORY = 64 * 1024 * 1024;

interface Child {
  proc: ChildProcess;
  port: number;
  /** What the child printed on stdout and stderr so far. */
  out: () => string;
  err: () => string;
  /** The child's own temporary directory (its TMPDIR). */
  tmp: string;
}

/** Start `examples/<name>.ts` in a child process serving `cwd`, with a temporary directory of its own. */
async function startExample(name: string, cwd: string, tmp: string): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(ROOT, 'examples', `${name}.ts`)], {
    cwd,
    // the repository's tsconfig maps `poorwsgi` to src/ (tsx reads it from the working directory otherwise)
    env: { ...process.env, PORT: '0', TMPDIR: tmp, NODE_OPTIONS: '', TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout?.setEncoding('utf8').on('data', (text: string) => {
    out += text;
  });
  proc.stderr?.setEncoding('utf8').on('data', (text: string) => {
    err += text;
  });
  await eventually(() => /Starting to serve on http:\/\/127\.0\.0\.1:\d+/.test(out) || proc.exitCode !== null, 'start');
  const match = /Starting to serve on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
  assert.ok(match, `the example did not start: ${err}`);
  return { proc, port: Number(match[1]), out: () => out, err: () => err, tmp };
}

async function stopChild(child: Child): Promise<void> {
  if (child.proc.exitCode !== null) return;
  child.proc.kill('SIGTERM');
  await once(child.proc, 'exit');
}

function descriptors(child: Child): number {
  return readdirSync(`/proc/${child.proc.pid}/fd`).length;
}

/** Descriptors of the child open on `path` (the link /proc/<pid>/fd/<n> names the file). */
function openOn(child: Child, path: string): number {
  let count = 0;
  for (const fd of readdirSync(`/proc/${child.proc.pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${child.proc.pid}/fd/${fd}`) === path) count++;
    } catch {
      // closed meanwhile
    }
  }
  return count;
}

/** The server's temporary upload files in `dir` (tsx keeps its cache there too). */
function uploads(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith('poorwsgi-'));
}

/** Resident memory of the child, in bytes. */
function rss(child: Child): number {
  const status = readFileSync(`/proc/${child.proc.pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return Number(match?.[1] ?? 0) * 1024;
}

/** One request with `Connection: close` on a new connection (not half-closed: the answer may come later); the whole answer. */
async function exchange(port: number, request: string): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  await once(socket, 'connect');
  socket.write(request);
  await once(socket, 'close');
  return Buffer.concat(chunks).toString('latin1');
}

/** A raw connection that sends `data` in one write and never reads. */
async function neverReads(port: number, data: string | Uint8Array): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  await once(socket, 'connect');
  socket.pause();
  socket.write(data);
  return socket;
}

/** How many requests the example logged as `<METHOD> <path>` (simple.ts logs each request, then `... -> status`). */
function logged(child: Child, request: string): number {
  // the default logger writes to stderr, the start-up line goes to stdout
  return `${child.out()}\n${child.err()}`
    .split('\n')
    .map(message)
    .filter((l) => l.startsWith(`${request} `) && !l.startsWith(`${request} ->`)).length;
}

/** The message of a log line: the default logger writes one JSON object a line, its text in `msg`. */
function message(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const { msg } = JSON.parse(line) as { msg?: unknown };
    return typeof msg === 'string' ? msg : '';
  } catch {
    return line;
  }
}

describe('pipelined requests from clients that never read (examples in a child process)', () => {
  let docs: string;
  let tmp: string;
  let simple: Child;
  let baseline: number;

  before(async () => {
    docs = mkdtempSync(join(tmpdir(), 'poorwsgi-test-pipeline-docs-'));
    tmp = mkdtempSync(join(tmpdir(), 'poorwsgi-test-pipeline-tmp-'));
    // a sparse file: large to send, nothing to write
    writeFileSync(join(docs, 'big.bin'), '');
    await truncate(join(docs, 'big.bin'), BIG);
    simple = await startExample('simple', docs, tmp);
    // every lazily opened descriptor of the server is open after one file and one form
    assert.match(
      await exchange(simple.port, 'GET /big.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\nConnection: close\r\n\r\n'),
      /^HTTP\/1\.1 206 /,
    );
    // the warm-up's file is closed on the server's own time: the baseline is taken once it is
    await eventually(() => openOn(simple, join(docs, 'big.bin')) === 0, 'the warm-up file closed');
    baseline = descriptors(simple);
  });

  after(async () => {
    try {
      // undefined when the example failed to start
      if ((simple as Child | undefined) !== undefined) {
        await stopChild(simple);
        assert.doesNotMatch(
          simple.err(),
          /DEP0137|Closing file descriptor/,
          'a file handle was left to garbage collection',
        );
      }
    } finally {
      rmSync(docs, { recursive: true, force: true });
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  for (const [count, connections] of [
    [100, 1],
    [3000, 8],
  ] as const) {
    test(`${count} pipelined GETs of a large file on each of ${connections} connection(s): at most ${PIPELINED + 1} files open each, all closed with the connection`, async () => {
      const before = logged(simple, 'GET /big.bin');
      const request = 'GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n';
      const sockets: Socket[] = [];
      try {
        for (let i = 0; i < connections; i++) sockets.push(await neverReads(simple.port, request.repeat(count)));
        await bounded(connections, before);
      } finally {
        for (const socket of sockets) socket.destroy();
      }
      await eventually(() => descriptors(simple) <= baseline, `descriptors back to ${baseline}`);
      await eventually(() => openOn(simple, join(docs, 'big.bin')) === 0, 'no descriptor on the file');
    });
  }

  /** The requests handled and the descriptors open stay within the bound while `connections` clients do not read. */
  async function bounded(connections: number, before: number): Promise<void> {
    // handled: the answer being sent and the ones queued behind it, no more
    const handled = (PIPELINED + 1) * connections;
    await eventually(() => logged(simple, 'GET /big.bin') - before >= handled, `${handled} requests handled`);
    // a request on another connection is answered after the server read what it could of the others
    assert.match(
      await exchange(simple.port, 'GET /style.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
      /^HTTP\/1\.1 200 /,
    );
    assert.equal(logged(simple, 'GET /big.bin') - before, handled, 'more requests handled than the bound');
    const files = openOn(simple, join(docs, 'big.bin'));
    assert.ok(files <= handled, `${files} descriptors on the file`);
    // SLACK: the server's side of the style sheet's connection may not be closed yet
    const most = baseline + connections + handled + SLACK;
    assert.ok(descriptors(simple) <= most, `${descriptors(simple)} descriptors, more than ${most}`);
  }

  test('a client that reads gets every one of 300 pipelined answers, in order', async () => {
    const socket = connect(simple.port, '127.0.0.1');
    let text = '';
    socket.setEncoding('latin1').on('data', (chunk: string) => {
      text += chunk;
    });
    await once(socket, 'connect');
    const paths = Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? `/style.css?${i}` : `/test/static?${i}`));
    socket.write(
      paths
        .map((path, i) => `GET ${path} HTTP/1.1\r\nHost: x\r\n${i === 299 ? 'Connection: close\r\n' : ''}\r\n`)
        .join(''),
    );
    await once(socket, 'close');
    const answers = splitResponses(text);
    assert.equal(answers.length, 300);
    assert.ok(answers.every((answer) => answer.status === 200));
    // in the order asked: style sheets and pages alternate
    assert.ok(
      answers.every((answer, i) =>
        answer.headers.get('content-type')?.[0]?.startsWith(i % 2 === 0 ? 'text/css' : 'text/html'),
      ),
    );
  });

  test('a queued upload whose field spilled to a temporary file: the file is removed when the client goes', async () => {
    const body = multipart([field('text', 'x'.repeat(100_000))]);
    const data = Buffer.concat([
      Buffer.from('GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n'),
      Buffer.from(head('POST', '/test/form', 'multipart/form-data; boundary=XyZ', body.byteLength)),
      body,
    ]);
    const before = logged(simple, 'POST /test/form');
    const socket = await neverReads(simple.port, data);
    await eventually(() => logged(simple, 'POST /test/form') > before, 'the upload handled');
    // the spilled field's temporary file exists while its answer waits behind the file
    await eventually(() => uploads(tmp).length === 1, 'a temporary file');
    socket.destroy();
    await eventually(() => uploads(tmp).length === 0, 'no temporary upload file left');
    await eventually(() => descriptors(simple) <= baseline, `descriptors back to ${baseline}`);
  });

  test('memory: 8 x 3000 pipelined requests cost tens of MiB at most, and it goes with the connections', async () => {
    const start = rss(simple);
    const sockets: Socket[] = [];
    for (let i = 0; i < 8; i++) {
      sockets.push(await neverReads(simple.port, 'GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(3000)));
    }
    assert.match(
      await exchange(simple.port, 'GET /style.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
      /^HTTP\/1\.1 200 /,
    );
    const peak = rss(simple);
    assert.ok(peak - start < MEMORY, `peak ${peak >> 20} MiB from ${start >> 20} MiB`);
    for (const socket of sockets) socket.destroy();
    await eventually(() => descriptors(simple) <= baseline, `descriptors back to ${baseline}`);
    await eventually(() => rss(simple) - start < MEMORY, `resident size back under ${(start + MEMORY) >> 20} MiB`);
  });
});
