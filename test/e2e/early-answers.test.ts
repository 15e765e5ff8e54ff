/**
 * Request bodies on the server's terms, seen by real clients: a body is read
 * only after routing found a handler and the before-hooks let it through,
 * `100 Continue` is sent only then, and a request answered before its body
 * was read (404, 405, a hook's 401, a 413 for its Content-Length, a handler
 * that ignores it) gets its status every time, from curl (with and without
 * `Expect: 100-continue`), Python `requests` and raw sockets, in loops.
 * @module
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  Application,
  ERROR_CODES,
  HTTPException,
  JSONResponse,
  METHOD_POST,
  PoorWSGIError,
  type Request,
} from '../../src/index.ts';
import { curlRun, quietLogger, type Running, start } from '../helpers/serve.ts';
import { tempDirectory } from '../helpers/upload.ts';

const LOOPS = 10;
const MIB = 1024 * 1024;
const temp = tempDirectory();
const logger = quietLogger();
/** How many upload sinks the application made: a refused request makes none. */
let sinks = 0;
let server: Running;

function createApp(): Application {
  const app = new Application('early', { tempDir: temp.dir, logger });
  app.fileCallback = () => {
    sinks++;
    return { write: () => undefined };
  };
  app.route('/echo', (req) => new JSONResponse({ got: req.json ?? null }), METHOD_POST);
  app.route('/ignore', () => 'ignored', METHOD_POST);
  app.route('/secret', (req) => `secret ${req.form.keys().join(',')}`, METHOD_POST);
  app.route('/upload', (req) => `upload ${req.form.keys().join(',')}`, METHOD_POST);
  app.route('/hooked', (req) => new JSONResponse({ handler: req.json ?? null }), METHOD_POST);
  app.route('/too-early', () => 'never', METHOD_POST);
  app.route('/get-only', () => 'get');
  app.beforeResponse(async (req: Request) => {
    if (req.path === '/secret' && req.header('authorization') === undefined) throw new HTTPException(401);
    if (req.path === '/hooked') {
      // a hook that needs the body reads it itself
      await req.parseBody();
      if ((req.json as { ok?: unknown } | undefined)?.ok !== true) throw new HTTPException(403);
    }
    // reading the JSON before the body is read: an error that says what to do
    if (req.path === '/too-early') logger.info('too early', req.json);
  });
  return app;
}

before(async () => {
  server = await start(createApp());
});

after(async () => {
  await server.close();
  temp.remove();
});

/** A JSON document of about `size` bytes. */
function jsonOf(size: number): string {
  return JSON.stringify({ a: 'x'.repeat(size) });
}

/** The status line's code of every response curl printed (a 100 Continue included). */
function statuses(stdout: string): number[] {
  return [...stdout.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1]));
}

describe('curl, in loops', () => {
  for (const expect of [true, false]) {
    const how = expect ? 'with Expect: 100-continue' : 'without Expect';
    const extra = expect ? ['-H', 'Expect: 100-continue'] : ['-H', 'Expect:'];

    test(`a 2 MiB JSON body over bodyLimit: 413 every time, ${how}, no 100 Continue`, async () => {
      const body = jsonOf(2 * MIB);
      for (let i = 0; i < LOOPS; i++) {
        const run = await curlRun(
          [...extra, '-H', 'Content-Type: application/json', '--data-binary', '@-', `${server.url}/echo`],
          body,
        );
        assert.deepEqual(statuses(run.stdout), [413], `try ${i}: ${run.stderr}`);
        assert.equal(run.exitCode, 0, `try ${i}: curl exit ${run.exitCode} ${run.stderr}`);
      }
    });

    test(`a handler that ignores a 5 MiB body: 200 every time, ${how}`, async () => {
      const body = Buffer.alloc(5 * MIB, 0x61);
      for (let i = 0; i < LOOPS; i++) {
        const run = await curlRun(
          [...extra, '-H', 'Content-Type: application/octet-stream', '--data-binary', '@-', `${server.url}/ignore`],
          body,
        );
        assert.deepEqual(statuses(run.stdout), [200], `try ${i}: ${run.stderr}`);
        assert.ok(run.stdout.endsWith('ignored'));
      }
    });

    test(`an upload refused by a hook (401) or to no route (404) is never stored, ${how}`, async () => {
      const file = Buffer.alloc(3 * MIB, 0x62);
      const before = sinks;
      for (let i = 0; i < LOOPS / 2; i++) {
        for (const [path, code] of [
          ['/secret', 401],
          ['/nowhere', 404],
          ['/get-only', 405],
        ] as const) {
          const run = await curlRun([...extra, '-F', 'file=@-;filename=f.bin', `${server.url}${path}`], file);
          assert.deepEqual(statuses(run.stdout), [code], `${path} try ${i}: ${run.stderr}`);
        }
      }
      assert.equal(sinks, before, 'no upload sink was made for a refused request');
      assert.deepEqual(temp.list(), []);
    });
  }

  test('an accepted upload gets 100 Continue, then its answer', async () => {
    const before = sinks;
    const run = await curlRun(
      ['-H', 'Expect: 100-continue', '-F', 'file=@-;filename=f.bin', `${server.url}/upload`],
      Buffer.alloc(2 * MIB, 0x63),
    );
    assert.deepEqual(statuses(run.stdout), [100, 200]);
    assert.ok(run.stdout.endsWith('upload file'));
    assert.equal(sinks, before + 1);
  });

  test('an expectation other than 100-continue: 417', async () => {
    const run = await curlRun(['-H', 'Expect: teapot', '--data-binary', '@-', `${server.url}/echo`], '{}');
    assert.deepEqual(statuses(run.stdout), [417]);
  });
});

describe('Python requests, in loops', () => {
  test('401 for a 3 MiB upload refused by a hook, 413 for a 2 MiB JSON body, every time', async () => {
    const script = `
import requests, sys
url = sys.argv[1]
out = []
for i in range(${LOOPS}):
    try:
        out.append(requests.post(url + '/secret', files={'file': ('f.bin', b'x' * (3 << 20))}, timeout=30).status_code)
    except Exception as e:
        out.append(type(e).__name__)
    try:
        out.append(requests.post(url + '/echo', data=b'[' + b'1,' * (1 << 20) + b'1]',
                                 headers={'Content-Type': 'application/json'}, timeout=30).status_code)
    except Exception as e:
        out.append(type(e).__name__)
print(' '.join(map(str, out)))
`;
    const output = await new Promise<string>((resolve, reject) => {
      execFile('python3', ['-c', script, server.url], { timeout: 120_000 }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout.trim()),
      );
    });
    assert.equal(output, Array.from({ length: LOOPS }, () => '401 413').join(' '));
  });
});

/**
 * Send a request head, then (unless `waitForContinue` holds it back) a body
 * of `bodySize` bytes in 64 KiB writes while reading; resolve with all that
 * came back when the server closed.
 */
function rawUpload(head: string, bodySize: number, waitForContinue: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    const received: Buffer[] = [];
    let sent = 0;
    const block = Buffer.alloc(64 * 1024, 0x64);
    const pump = (): void => {
      while (sent < bodySize && !socket.destroyed && socket.writable) {
        sent += block.length;
        if (!socket.write(block)) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    socket.on('data', (chunk) => {
      received.push(chunk);
      if (waitForContinue && Buffer.concat(received).toString('latin1').startsWith('HTTP/1.1 100')) pump();
    });
    // the server may close while the body is still being written: what matters is what was received
    socket.on('error', () => {});
    socket.on('close', () => resolve(Buffer.concat(received).toString('latin1')));
    socket.on('connect', () => {
      socket.write(head);
      if (!waitForContinue) pump();
    });
    socket.setTimeout(20_000, () => reject(new Error('no answer in 20 s')));
  });
}

describe('raw sockets, in loops', () => {
  test('Expect: 100-continue to no route: the 404 comes instead of 100, and the connection closes', async () => {
    for (let i = 0; i < LOOPS; i++) {
      const text = await rawUpload(
        'POST /nowhere HTTP/1.1\r\nHost: t\r\nContent-Type: application/octet-stream\r\n' +
          `Content-Length: ${8 * MIB}\r\nExpect: 100-continue\r\n\r\n`,
        8 * MIB,
        true,
      );
      assert.match(text, /^HTTP\/1\.1 404 /, `try ${i}`);
      assert.match(text, /\r\nConnection: close\r\n/i);
    }
  });

  test('a body sent at once to a hook that refuses it: the 401 is read every time', async () => {
    for (let i = 0; i < LOOPS; i++) {
      const text = await rawUpload(
        `POST /secret HTTP/1.1\r\nHost: t\r\nContent-Type: multipart/form-data; boundary=B\r\nContent-Length: ${16 * MIB}\r\n\r\n`,
        16 * MIB,
        false,
      );
      assert.match(text, /^HTTP\/1\.1 401 /, `try ${i}`);
    }
  });
});

describe('the body and the before-hooks', () => {
  test('a hook that needs the body awaits req.parseBody() and sees req.json', async () => {
    const ok = await fetch(`${server.url}/hooked`, {
      method: 'POST',
      body: '{"ok":true}',
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { handler: { ok: true } });
    const refused = await fetch(`${server.url}/hooked`, {
      method: 'POST',
      body: '{"ok":false}',
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(refused.status, 403);
  });

  test('req.json in a hook before the body is read: PW_ERR_BODY_NOT_READ, naming req.parseBody()', async () => {
    logger.lines.length = 0;
    const res = await fetch(`${server.url}/too-early`, {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(res.status, 500);
    const err = logger.lines.flat().find((item) => item instanceof PoorWSGIError);
    assert.ok(err instanceof PoorWSGIError, 'the error is logged');
    assert.equal(err.code, ERROR_CODES.PW_ERR_BODY_NOT_READ);
    assert.match(err.message, /await req\.parseBody\(\)/);
  });

  test('req.json is undefined without a JSON body', async () => {
    for (const [type, body] of [
      ['text/plain', '{"a":1}'],
      ['application/x-www-form-urlencoded', 'a=1'],
      ['application/json', ''],
    ] as const) {
      const res = await fetch(`${server.url}/echo`, { method: 'POST', body, headers: { 'Content-Type': type } });
      assert.deepEqual(await res.json(), { got: null }, type);
    }
  });
});
