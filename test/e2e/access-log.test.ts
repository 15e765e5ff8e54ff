/**
 * The access log on real sockets: curl and fetch over HTTP/1.1, curl over
 * HTTP/2 (cleartext, prior knowledge); the combined and JSON formats, the
 * body bytes of in-memory, streamed and HEAD answers, the user a handler
 * set, hostile request lines escaped, a client gone mid-stream, and off
 * (nothing written). The lines are collected by the option's `write`; each
 * test waits for the line of its request (written when the response
 * closes), never for a time.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { AccessLogEntry } from 'poorwsgi/log';
import { Application, GeneratorResponse, METHOD_POST, PoorWSGIError, tuple } from '../../src/index.ts';
import { curlHttp, startClear } from '../helpers/http2.ts';
import { curl, quietLogger, type Running, start } from '../helpers/serve.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Collected lines, and a way to wait for the n-th. */
function collector() {
  const lines: string[] = [];
  const entries: AccessLogEntry[] = [];
  const waiting: Array<[number, () => void]> = [];
  const write = (line: string, entry: AccessLogEntry) => {
    lines.push(line);
    entries.push(entry);
    for (const [n, resolve] of waiting) if (entries.length >= n) resolve();
  };
  const nth = (n: number) =>
    entries.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiting.push([n, resolve]));
  return { lines, entries, write, nth };
}

const BODY = 'Hello, log';
const CHUNKS = ['one ', 'two ', 'three'];

function appWith(write: (line: string, entry: AccessLogEntry) => void, format: 'combined' | 'json'): Application {
  const app = new Application('access', { logger: quietLogger(), accessLog: { format, write } });
  app.route('/hello', () => tuple(BODY, 'text/plain'));
  app.route('/stream', () => new GeneratorResponse(CHUNKS, 'text/plain'));
  app.route('/private', (req) => {
    req.user = 'tom';
    return 'secret';
  });
  app.route(
    '/echo',
    (req) => tuple(Buffer.from(req.data ?? new Uint8Array()), 'application/octet-stream'),
    METHOD_POST,
  );
  return app;
}

describe('the access log, combined format, HTTP/1.1', () => {
  const log = collector();
  let srv: Running;
  before(async () => {
    srv = await start(appWith(log.write, 'combined'));
  });
  after(() => srv.close());

  test('curl: address, request line, status, body bytes, referer, user agent, request time', async () => {
    const res = await curl(['-A', 'curl-test/1.0', '-e', 'http://ref.example/', `${srv.url}/hello?x=1`]);
    assert.equal(res.status, 200);
    await log.nth(1);
    assert.match(
      log.lines[0] ?? '',
      /^127\.0\.0\.1 - - \[\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET \/hello\?x=1 HTTP\/1\.1" 200 10 "http:\/\/ref\.example\/" "curl-test\/1\.0" \d+\.\d{3}$/,
    );
    const entry = log.entries[0];
    assert.equal(entry?.bytes, Buffer.byteLength(BODY));
    assert.equal(entry?.completed, true);
    assert.ok((entry?.durationMs ?? -1) >= 0);
  });

  test('a streamed body is counted as sent; HEAD sends none; 404 too', async () => {
    const start = log.entries.length;
    const stream = await fetch(`${srv.url}/stream`);
    assert.equal(await stream.text(), CHUNKS.join(''));
    await log.nth(start + 1);
    const head = await fetch(`${srv.url}/hello`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    await log.nth(start + 2);
    const missing = await fetch(`${srv.url}/nowhere`, { headers: { Accept: 'text/plain' } });
    const missingBody = await missing.arrayBuffer();
    await log.nth(start + 3);
    const [streamed, headed, notFound] = log.entries.slice(start);
    assert.deepEqual([streamed?.method, streamed?.status, streamed?.bytes], ['GET', 200, CHUNKS.join('').length]);
    assert.deepEqual([headed?.method, headed?.status, headed?.bytes], ['HEAD', 200, 0]);
    assert.deepEqual([notFound?.status, notFound?.bytes], [404, missingBody.byteLength]);
  });

  test('the user a handler set; a POST body does not count (only what was sent back)', async () => {
    const start = log.entries.length;
    await (await fetch(`${srv.url}/private`)).text();
    await log.nth(start + 1);
    await (await fetch(`${srv.url}/echo`, { method: 'POST', body: 'abcdef' })).text();
    await log.nth(start + 2);
    assert.match(log.lines[start] ?? '', /^127\.0\.0\.1 - tom \[/);
    assert.equal(log.entries[start + 1]?.bytes, 6);
  });

  test('a hostile request line and user agent cannot break the line or its quotes', async () => {
    const start = log.entries.length;
    await curl(['-A', 'evil"\u00e9\\agent', `${srv.url}/hello?q=%22x`]);
    await log.nth(start + 1);
    const line = log.lines[start] ?? '';
    assert.ok(line.includes('"evil\\"\\xC3\\xA9\\\\agent"'), line);
    assert.ok(line.includes('"GET /hello?q=%22x HTTP/1.1"'), line);
    assert.equal(line.split('"').length - 1 - (line.match(/\\"/g)?.length ?? 0), 6, 'three quoted fields');
  });

  test('a client gone mid-stream is logged, not completed', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const app = new Application('gone', {
      logger: quietLogger(),
      accessLog: { format: 'json', write: log.write },
    });
    app.route(
      '/slow',
      () =>
        new GeneratorResponse(
          (async function* () {
            yield 'first';
            await held;
            yield 'never read';
          })(),
          'text/plain',
        ),
    );
    const slow = await start(app);
    const count = log.entries.length;
    try {
      await new Promise<void>((resolve, reject) => {
        const socket = connect(slow.port, '127.0.0.1');
        socket.on('error', reject);
        socket.on('data', (chunk) => {
          // the first chunk arrived: the response is under way; go away
          if (chunk.toString('latin1').includes('first')) {
            socket.destroy();
            resolve();
          }
        });
        socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
      });
      await log.nth(count + 1);
      const entry = log.entries[count];
      assert.equal(entry?.completed, false);
      assert.equal(entry?.status, 200);
      assert.ok((entry?.bytes ?? 0) >= 'first'.length);
      assert.equal(JSON.parse(log.lines[count] ?? '{}').completed, false);
    } finally {
      release();
      await slow.close();
    }
  });
});

describe('the access log, JSON format, and HTTP/2', () => {
  const log = collector();
  let srv: Running;
  before(async () => {
    srv = await start(appWith(log.write, 'json'));
  });
  after(() => srv.close());

  test('one JSON object per request', async () => {
    await (await fetch(`${srv.url}/hello`, { headers: { 'User-Agent': 'fetch-test' } })).text();
    await log.nth(1);
    const line = JSON.parse(log.lines[0] ?? '{}') as Record<string, unknown>;
    assert.equal(line.method, 'GET');
    assert.equal(line.path, '/hello');
    assert.equal(line.status, 200);
    assert.equal(line.bytes, Buffer.byteLength(BODY));
    assert.equal(line.userAgent, 'fetch-test');
    assert.equal(line.protocol, 'HTTP/1.1');
    assert.equal(typeof line.durationMs, 'number');
    assert.match(String(line.time), /^\d{4}-\d\d-\d\dT/);
  });

  test('HTTP/2 (curl, prior knowledge): the same entry, protocol HTTP/2.0', async () => {
    const h2log = collector();
    const h2 = await startClear(appWith(h2log.write, 'combined'));
    try {
      const answer = await curlHttp(['--http2-prior-knowledge', `${h2.origin}/stream`]);
      assert.equal(answer.status, 200);
      await h2log.nth(1);
      assert.match(h2log.lines[0] ?? '', /"GET \/stream HTTP\/2\.0" 200 13 /);
    } finally {
      await h2.close();
    }
  });
});

describe('the accessLog option', () => {
  test('off by default; a format or an object; read back as the settings in force', () => {
    const app = new Application('opt', { logger: quietLogger() });
    assert.equal(app.accessLog, false);
    app.accessLog = 'json';
    assert.deepEqual({ ...(app.accessLog as unknown as object), write: 'fn' }, { format: 'json', write: 'fn' });
    assert.ok(Object.isFrozen(app.accessLog));
    app.accessLog = {};
    assert.equal((app.accessLog as { format: string }).format, 'combined');
    app.accessLog = false;
    assert.equal(app.accessLog, false);
  });

  const bad: ReadonlyArray<[unknown, RegExp]> = [
    [true, /Option accessLog must be false, 'combined', 'json' or \{ format, write \} \(got true\)/],
    ['apache', /Option accessLog must be/],
    [['json'], /Option accessLog must be/],
    [{ format: 'xml' }, /Option accessLog\.format must be 'combined' or 'json' \(got "xml"\)/],
    [{ write: 'stdout' }, /Option accessLog\.write must be a function/],
    [{ fromat: 'json' }, /Option accessLog\.fromat must be absent/],
  ];
  for (const [value, message] of bad) {
    test(`refuses ${JSON.stringify(value)}`, () => {
      assert.throws(
        () => new Application('bad', { accessLog: value as false }),
        (err: unknown) => err instanceof PoorWSGIError && err.code === 'PW_ERR_OPTION' && message.test(err.message),
      );
    });
  }

  test('off: nothing is written; a writer that throws does not break the exchange', async () => {
    const log = collector();
    const app = appWith(log.write, 'combined');
    app.accessLog = false;
    const srv = await start(app);
    try {
      assert.equal(await (await fetch(`${srv.url}/hello`)).text(), BODY);
      app.accessLog = {
        write: () => {
          throw new Error('disk full');
        },
      };
      assert.equal(await (await fetch(`${srv.url}/hello`)).text(), BODY);
      assert.equal(await (await fetch(`${srv.url}/hello`)).text(), BODY);
    } finally {
      await srv.close();
    }
    assert.equal(log.lines.length, 0);
  });

  test('the default writer is stdout, one line each (a child process: the test runner reports on stdout)', async () => {
    const script = [
      "import { Application } from 'poorwsgi';",
      "const app = new Application('stdout', { accessLog: 'combined' });",
      "app.route('/', () => 'x');",
      'const server = await app.listen({ port: 0 });',
      'const { port } = server.address();',
      "const url = 'http://127.0.0.1:' + port + '/';",
      'await (await fetch(url)).text();',
      "await (await fetch(url, { method: 'HEAD' })).text();",
      'server.close();',
    ].join('\n');
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '--eval', script],
        { cwd: ROOT, env: { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json') } },
        (err, out) => (err ? reject(err) : resolve(out)),
      );
    });
    const lines = stdout.split('\n');
    assert.equal(lines.length, 3, stdout);
    assert.match(lines[0] ?? '', /"GET \/ HTTP\/1\.1" 200 1 "-" "node" \d+\.\d{3}$/);
    assert.match(lines[1] ?? '', /"HEAD \/ HTTP\/1\.1" 200 0 "-" "node" \d+\.\d{3}$/);
    assert.equal(lines[2], '');
  });
});
