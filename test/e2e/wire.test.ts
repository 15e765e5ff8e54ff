/**
 * HTTP method semantics and robustness on the wire: the examples and a small
 * app on real sockets, driven by curl and raw `net` sockets, so that what is
 * checked is the bytes a client sees (status lines, `Allow`, no body on HEAD,
 * connection handling), not what an in-process client makes of them.
 * @module
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createApp as createMetrics } from '../../examples/metrics.ts';
import { createApp as createSimpleJson } from '../../examples/simple-json.ts';
import {
  Application,
  GeneratorResponse,
  METHOD_DELETE,
  METHOD_GET,
  RedirectResponse,
  Response,
  tuple,
} from '../../src/index.ts';
import {
  curl,
  curlRun,
  parseRaw,
  quietLogger,
  type RawResponse,
  type Running,
  rawExchange,
  splitResponses,
  start,
} from '../helpers/serve.ts';

const TIMEOUT = { timeout: 30_000 };
const MiB = 1024 * 1024;

interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A GET request that asks the server to close after answering. */
function closing(method: string, target: string, extra = ''): string {
  return `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}Connection: close\r\n\r\n`;
}

/** Everything the server sends on one connection until it closes; socket errors are part of the story, not failures. */
function collect(socket: Socket): Promise<{ text: string; error: Error | undefined }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let error: Error | undefined;
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (err) => {
      error = err;
    });
    socket.on('close', () => resolve({ text: Buffer.concat(chunks).toString('latin1'), error }));
  });
}

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** The server is alive: a fresh connection gets a normal answer. */
async function assertAlive(port: number, target = '/', expected = 200): Promise<void> {
  const res = parseRaw(await rawExchange(port, closing('GET', target)));
  assert.equal(res.status, expected, `the server did not answer ${target} after the previous test`);
}

describe('wire: examples/metrics.ts', () => {
  let srv: Running;
  before(async () => {
    const app = createMetrics();
    app.logger = quietLogger();
    srv = await start(app);
  });
  after(() => srv.close());

  test(
    'GET /json (static POST route) is 405 with the exact Allow header, by curl and raw socket',
    TIMEOUT,
    async () => {
      const byCurl = await curl([`${srv.url}/json`]);
      assert.equal(byCurl.status, 405);
      assert.equal(byCurl.reason, 'Method Not Allowed');
      assert.deepEqual(byCurl.headers.get('allow'), ['POST, OPTIONS']);
      const raw = parseRaw(await rawExchange(srv.port, closing('GET', '/json')));
      assert.equal(raw.status, 405);
      assert.deepEqual(raw.headers.get('allow'), ['POST, OPTIONS']);
    },
  );

  test('HEAD / has the headers of GET / and not one body byte', TIMEOUT, async () => {
    const get = parseRaw(await rawExchange(srv.port, closing('GET', '/')));
    const headText = await rawExchange(srv.port, closing('HEAD', '/'));
    // the server closes after the head: anything after the blank line would be body bytes
    assert.ok(headText.endsWith('\r\n\r\n'), `bytes after the head: ${JSON.stringify(headText)}`);
    const head = parseRaw(headText);
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.deepEqual(head.headers.get('content-length'), ['11']);
    assert.equal(get.body, 'Hello World');
    const withoutDate = (res: RawResponse) => [...res.headers].filter(([name]) => name !== 'date');
    assert.deepEqual(withoutDate(head), withoutDate(get));

    const byCurl = await curl(['-I', `${srv.url}/`]);
    assert.equal(byCurl.status, 200);
    assert.deepEqual(byCurl.headers.get('content-length'), ['11']);
    assert.deepEqual(byCurl.headers.get('content-type'), ['text/plain']);
  });

  test('OPTIONS / is 204 with Allow and no body', TIMEOUT, async () => {
    const text = await rawExchange(srv.port, closing('OPTIONS', '/'));
    assert.ok(text.endsWith('\r\n\r\n'), `bytes after the head: ${JSON.stringify(text)}`);
    const raw = parseRaw(text);
    assert.equal(raw.status, 204);
    assert.equal(raw.reason, 'No Content');
    assert.deepEqual(raw.headers.get('allow'), ['HEAD, GET, OPTIONS']);
    assert.equal(raw.headers.get('content-length'), undefined);
    const byCurl = await curl(['-X', 'OPTIONS', `${srv.url}/`]);
    assert.equal(byCurl.status, 204);
    assert.deepEqual(byCurl.headers.get('allow'), ['HEAD, GET, OPTIONS']);
    assert.equal(byCurl.body, '');
  });

  test('OPTIONS * is 204 with every method in Allow', TIMEOUT, async () => {
    const raw = parseRaw(await rawExchange(srv.port, closing('OPTIONS', '*')));
    assert.equal(raw.status, 204);
    assert.equal(raw.body, '');
    const allow = (raw.headers.get('allow')?.[0] ?? '').split(', ');
    for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      assert.ok(allow.includes(method), `${method} missing from Allow: ${allow.join(', ')}`);
    }
    const byCurl = await curl(['-X', 'OPTIONS', '--request-target', '*', `${srv.url}/`]);
    assert.equal(byCurl.status, 204);
  });

  for (const method of ['PROPFIND', 'PURGE', 'MKCOL', 'LOCK']) {
    test(`${method} / (a method Node parses, poorwsgi does not serve) is 501, never GET`, TIMEOUT, async () => {
      const byCurl = await curl(['-X', method, `${srv.url}/`]);
      assert.equal(byCurl.status, 501);
      assert.equal(byCurl.reason, 'Not Implemented');
      assert.doesNotMatch(byCurl.body, /Hello World/);
      const raw = parseRaw(await rawExchange(srv.port, closing(method, '/')));
      assert.equal(raw.status, 501);
    });
  }

  const garbage: Array<[string, string]> = [
    ['a garbage method token', 'G@RB/AGE / HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a header name with a space', 'GET / HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n'],
    ['an unknown HTTP version', 'GET / HTTP/3.1\r\nHost: x\r\n\r\n'],
    ['no request line at all', '\x00\x01\x02\r\n\r\n'],
  ];
  for (const [name, request] of garbage) {
    test(`${name} is 400 from Node's parser, and the server lives on`, TIMEOUT, async () => {
      const raw = parseRaw(await rawExchange(srv.port, request));
      assert.equal(raw.status, 400);
      await assertAlive(srv.port);
    });
  }

  const bigBodies: Array<[string, string[]]> = [
    ['Content-Length', []],
    ['chunked', ['-H', 'Transfer-Encoding: chunked']],
  ];
  for (const [framing, extra] of bigBodies) {
    test(`curl POST of a 2 MiB JSON body (${framing}) is 413 and the connection is closed`, TIMEOUT, async () => {
      const run = await curlRun(
        [
          '-X',
          'POST',
          '-H',
          'Content-Type: application/json',
          ...extra,
          '--data-binary',
          '@-',
          '-w',
          '\n%{num_connects}',
          `${srv.url}/json`,
        ],
        Buffer.alloc(2 * MiB, 0x20),
      );
      const res = parseRaw(run.stdout.replace(/^(?:HTTP\/1\.1 100 Continue\r\n\r\n)+/, ''));
      assert.equal(res.status, 413, run.stderr);
      assert.equal(res.reason, 'Request Entity Too Large');
      assert.deepEqual(res.headers.get('connection'), ['close']);
      await assertAlive(srv.port);
    });
  }

  test('a raw 2 MiB body: 413 before the body is sent, then the server closes the connection', TIMEOUT, async () => {
    const socket = await openSocket(srv.port);
    const done = collect(socket);
    socket.write(
      `POST /json HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${2 * MiB}\r\n\r\n{"a": `,
    );
    // we never end our side and never send the rest: only the server can close this
    const { text } = await done;
    const res = parseRaw(text);
    assert.equal(res.status, 413);
    assert.deepEqual(res.headers.get('connection'), ['close']);
    await assertAlive(srv.port);
  });

  test('two pipelined requests on one socket are both answered, in order', TIMEOUT, async () => {
    const body = '{"n": 1}';
    const text = await rawExchange(
      srv.port,
      'GET / HTTP/1.1\r\nHost: x\r\n\r\n' +
        `POST /json HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}` +
        closing('GET', '/no-such-page'),
    );
    const responses = splitResponses(text);
    assert.deepEqual(
      responses.map((r) => r.status),
      [200, 418, 404],
    );
    assert.equal(responses[0]?.body, 'Hello World');
    assert.deepEqual(JSON.parse(responses[1]?.body ?? ''), { message: "I'm teapot :-)", request: { n: 1 } });
  });
});

describe('wire: examples/simple-json.ts', () => {
  let srv: Running;
  before(async () => {
    const app = createSimpleJson();
    app.logger = quietLogger();
    srv = await start(app);
  });
  after(() => srv.close());

  test("GET /test/json has the status line '418 I'm a teapot'", TIMEOUT, async () => {
    const text = await rawExchange(srv.port, closing('GET', '/test/json'));
    assert.ok(text.startsWith("HTTP/1.1 418 I'm a teapot\r\n"), text.slice(0, 40));
    const byCurl = await curl([`${srv.url}/test/json`]);
    assert.equal(byCurl.status, 418);
    assert.equal(byCurl.reason, "I'm a teapot");
  });

  test('POST /test/json-generator (a GET route) is 405 with Allow', TIMEOUT, async () => {
    const byCurl = await curl(['-X', 'POST', '--data-binary', '{}', `${srv.url}/test/json-generator`]);
    assert.equal(byCurl.status, 405);
    assert.deepEqual(byCurl.headers.get('allow'), ['HEAD, GET, OPTIONS']);
  });

  test('HEAD of a streamed JSON response sends its head and no body bytes', TIMEOUT, async () => {
    const text = await rawExchange(srv.port, closing('HEAD', '/test/json-generator'));
    assert.ok(text.endsWith('\r\n\r\n'), `bytes after the head: ${JSON.stringify(text)}`);
    assert.equal(parseRaw(text).status, 418);
  });

  test('pipelined GET /dict and GET /list come back in order', TIMEOUT, async () => {
    const text = await rawExchange(
      srv.port,
      'GET /dict HTTP/1.1\r\nHost: x\r\n\r\nGET /test/json-generator HTTP/1.1\r\nHost: x\r\n\r\n' +
        closing('GET', '/list'),
    );
    const responses = splitResponses(text);
    assert.deepEqual(
      responses.map((r) => r.status),
      [200, 418, 200],
    );
    assert.deepEqual(JSON.parse(responses[0]?.body ?? ''), { route: '/dict', type: 'dict' });
    assert.deepEqual(JSON.parse(responses[1]?.body ?? '').numbers, [0, 1, 2, 3, 4]);
    assert.deepEqual(JSON.parse(responses[2]?.body ?? '')[1], ['route', '/list']);
  });
});

describe('wire: streams, late failures, reason phrases and header injection', () => {
  const CHUNK = Buffer.alloc(64 * 1024, 0x78);
  const state = {
    chunks: 0,
    finallyRan: false,
    finallyDone: deferred(),
    entered: deferred(),
    gate: deferred(),
    lateDone: deferred<number>(),
  };
  const logger = quietLogger();
  let srv: Running;

  before(async () => {
    const app = new Application('wire');
    app.logger = logger;

    app.route('/forever', () => {
      function* forever(): Generator<Buffer> {
        try {
          for (;;) {
            state.chunks += 1;
            yield CHUNK;
          }
        } finally {
          state.finallyRan = true;
          state.finallyDone.resolve();
        }
      }
      return new GeneratorResponse(forever(), 'application/octet-stream');
    });

    app.route('/late-throw', async () => {
      state.entered.resolve();
      await state.gate.promise;
      throw new Error('late failure after the client left');
    });
    app.afterResponse((req, res) => {
      if (req.path === '/late-throw') state.lateDone.resolve(res.statusCode);
      return res;
    });

    app.route('/user/<id:int>', (_req, id) => `user ${id}`);
    app.route('/item/<name>', (_req, name) => `item ${name}`, METHOD_GET | METHOD_DELETE);
    app.route('/status/<code:int>', (_req, code) => tuple('', 'text/plain', null, code));

    const evil = 'a\r\nInjected: yes';
    app.route('/crlf/set', () => {
      const res = new Response('x', 'text/plain');
      res.headers.set('X-Evil', evil);
      return res;
    });
    app.route('/crlf/add-header', () => {
      const res = new Response('x', 'text/plain');
      res.addHeader('X-Evil', 'a\nInjected: yes');
      return res;
    });
    app.route('/crlf/tuple', () => tuple('x', 'text/plain', { 'X-Evil': evil }));
    app.route('/crlf/constructor', () => new Response('x', 'text/plain', [['X-Evil', evil]]));
    app.route('/crlf/name', () => new Response('x', 'text/plain', { 'X-Evil\r\nInjected': 'yes' }));
    app.route('/crlf/content-type', () => new Response('x', `text/plain${evil}`));
    app.route('/crlf/redirect', () => new RedirectResponse(`/next${evil}`));
    app.route('/crlf/hook', () => 'x');
    app.afterResponse((req, res) => {
      if (req.path === '/crlf/hook') res.headers.set('X-Evil', evil);
      return res;
    });

    srv = await start(app);
  });
  after(() => srv.close());

  test('a regex route with another method is 405 with the exact Allow header', TIMEOUT, async () => {
    const cases: Array<[string, string, string]> = [
      ['POST', '/user/5', 'HEAD, GET, OPTIONS'],
      ['PUT', '/item/box', 'HEAD, GET, DELETE, OPTIONS'],
    ];
    for (const [method, path, allow] of cases) {
      const byCurl = await curl(['-X', method, `${srv.url}${path}`]);
      assert.equal(byCurl.status, 405, `${method} ${path}`);
      assert.deepEqual(byCurl.headers.get('allow'), [allow], `${method} ${path}`);
      const raw = parseRaw(await rawExchange(srv.port, closing(method, path)));
      assert.deepEqual(raw.headers.get('allow'), [allow], `${method} ${path} raw`);
    }
    // the same paths still work with their own methods
    assert.equal((await curl([`${srv.url}/user/5`])).body, 'user 5');
    assert.equal((await curl(['-X', 'DELETE', `${srv.url}/item/box`])).body, 'item box');
  });

  test('OPTIONS on a regex route is 204 with its Allow', TIMEOUT, async () => {
    const raw = parseRaw(await rawExchange(srv.port, closing('OPTIONS', '/item/box')));
    assert.equal(raw.status, 204);
    assert.deepEqual(raw.headers.get('allow'), ['HEAD, GET, DELETE, OPTIONS']);
  });

  const phrases: Array<[number, string]> = [
    [200, 'OK'],
    [201, 'Created'],
    [404, 'Not Found'],
    [413, 'Request Entity Too Large'],
    [416, 'Requested Range Not Satisfiable'],
    [418, "I'm a teapot"],
    [422, 'Unprocessable Entity'],
    [503, 'Service Unavailable'],
  ];
  for (const [code, phrase] of phrases) {
    test(`status line '${code} ${phrase}'`, TIMEOUT, async () => {
      const text = await rawExchange(srv.port, closing('GET', `/status/${code}`));
      assert.equal(text.slice(0, text.indexOf('\r\n')), `HTTP/1.1 ${code} ${phrase}`);
    });
  }

  test('a client that leaves a never-ending stream: finally runs, the server lives on', TIMEOUT, async () => {
    const socket = await openSocket(srv.port);
    let received = 0;
    const enough = deferred();
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received >= 256 * 1024) enough.resolve();
    });
    socket.on('error', () => {});
    socket.write('GET /forever HTTP/1.1\r\nHost: x\r\n\r\n');
    await enough.promise;
    socket.destroy();
    await state.finallyDone.promise;
    assert.equal(state.finallyRan, true);
    const sent = state.chunks;
    assert.ok(sent >= 4, `only ${sent} chunks were produced`);
    await assertAlive(srv.port, '/user/7');
    // the generator is finished: nothing pulls chunks any more
    assert.equal(state.chunks, sent);
  });

  test('a handler that throws after its client left does not crash the server', TIMEOUT, async () => {
    const serverSide = deferred();
    srv.server.once('connection', (conn: Socket) => conn.once('close', () => serverSide.resolve()));
    const socket = await openSocket(srv.port);
    socket.on('error', () => {});
    socket.write('GET /late-throw HTTP/1.1\r\nHost: x\r\n\r\n');
    await state.entered.promise;
    socket.destroy();
    await serverSide.promise;
    state.gate.resolve();
    assert.equal(await state.lateDone.promise, 500);
    await assertAlive(srv.port, '/user/8');
    assert.ok(
      logger.lines.some((line) => line.some((part) => part instanceof Error && /late failure/.test(part.message))),
      'the failure was not logged',
    );
  });

  const injections = [
    '/crlf/set',
    '/crlf/add-header',
    '/crlf/tuple',
    '/crlf/constructor',
    '/crlf/name',
    '/crlf/content-type',
    '/crlf/redirect',
    '/crlf/hook',
  ];
  for (const path of injections) {
    test(`${path}: a CR/LF in a header a handler sets gives a 500, never a split header`, TIMEOUT, async () => {
      const text = await rawExchange(srv.port, closing('GET', path));
      const res = parseRaw(text);
      assert.equal(res.status, 500);
      assert.equal(res.headers.get('injected'), undefined);
      assert.equal(res.headers.get('x-evil'), undefined);
      const head = text.slice(0, text.indexOf('\r\n\r\n'));
      assert.doesNotMatch(head, /Injected/i);
    });
  }
});
