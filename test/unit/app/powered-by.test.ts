/**
 * The `poweredBy` option: the `X-Powered-By` header every answer is sent
 * with, whatever headers the response was given (PoorWSGI added it only to
 * responses built without headers), unless the response sets that header
 * itself. Checked in process (`app.request`, the Fetch transport) and on a
 * real `node:http` socket, where a body in memory takes the `wireHeaders()`
 * fast path and the others (204, 304, streams, files) `prepare()`.
 * @module
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  type Application,
  type ApplicationOptions,
  DEFAULT_OPTIONS,
  FileResponse,
  GeneratorResponse,
  HTTP_CREATED,
  JSONResponse,
  NoContentResponse,
  NotModifiedResponse,
  PoorWSGIError,
  Response,
  tuple,
} from '../../../src/index.ts';
import { X_POWERED_BY } from '../../../src/response/index.ts';
import { ask, type KeptLogger, logText, makeApp } from '../../helpers/app.ts';
import { rawRequest } from '../../helpers/raw-request.ts';
import { parseRaw, start } from '../../helpers/serve.ts';

const FILE_TEXT = 'file body\n';
const OWN = 'own-value';
const ORIGIN = 'https://app.example.com';

/** One kind of answer: where it is served, its status, and whether it has the route's own `X-A: 1`. */
interface Kind {
  readonly name: string;
  readonly path: string;
  readonly status: number;
  readonly ownHeader: boolean;
}

const KINDS: readonly Kind[] = [
  { name: 'a plain route (a string)', path: '/plain', status: 200, ownHeader: false },
  { name: 'a Response given its own headers', path: '/headers', status: 200, ownHeader: true },
  { name: 'a tuple with headers', path: '/tuple', status: 201, ownHeader: true },
  { name: 'a NoContentResponse with headers', path: '/no-content', status: 204, ownHeader: true },
  { name: 'a 304', path: '/not-modified', status: 304, ownHeader: true },
  { name: 'the built-in 404 page', path: '/missing', status: 404, ownHeader: false },
  { name: 'a JSON response', path: '/json', status: 200, ownHeader: true },
  { name: 'a streamed GeneratorResponse', path: '/stream', status: 200, ownHeader: true },
  { name: 'a FileResponse', path: '/file', status: 200, ownHeader: true },
];

/** The settings tried: what the option is, and the `X-Powered-By` sent (`null`: none). */
const SETTINGS: readonly [label: string, options: Partial<ApplicationOptions>, sent: string | null][] = [
  ['the default', {}, X_POWERED_BY],
  ['poweredBy: null', { poweredBy: null }, null],
  ["poweredBy: 'my-api'", { poweredBy: 'my-api' }, 'my-api'],
];

function* chunks(): Generator<string> {
  yield 'ab';
  yield 'cd';
}

/** An application that serves every kind of {@link KINDS}, and `/own` (its own `X-Powered-By`). */
function kindsApp(file: string, options: Partial<ApplicationOptions>): { app: Application; log: KeptLogger } {
  const { app, log } = makeApp(options);
  const own = { 'X-A': '1' };
  app.route('/plain', () => 'Hello');
  app.route('/headers', () => new Response('x', { headers: own }));
  app.route('/tuple', () => tuple('made', 'text/plain', own, HTTP_CREATED));
  app.route('/no-content', () => new NoContentResponse(own));
  app.route('/not-modified', () => new NotModifiedResponse({ headers: own, etag: '"v1"' }));
  app.route('/json', () => new JSONResponse({ a: 1 }, { headers: own }));
  app.route('/stream', () => new GeneratorResponse(chunks(), 'text/plain', own));
  app.route('/file', () => new FileResponse(file, 'text/plain', own));
  app.route('/own', () => new Response('x', { headers: { 'X-Powered-By': OWN } }));
  return { app, log };
}

/** What a kind answers with (its body, read whole). */
function bodyOf(kind: Kind): string | undefined {
  if (kind.path === '/plain') return 'Hello';
  if (kind.path === '/stream') return 'abcd';
  if (kind.path === '/file') return FILE_TEXT;
  if (kind.path === '/json') return '{"a":1}';
  if (kind.status === 204 || kind.status === 304) return '';
  return undefined;
}

/** One GET on a new connection, closed by the server after the answer (no timing involved). */
async function rawGet(port: number, path: string, headers = ''): Promise<ReturnType<typeof parseRaw>> {
  return parseRaw(await rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: x\r\n${headers}Connection: close\r\n\r\n`));
}

function refused(fn: () => unknown): boolean {
  assert.throws(fn, (err: unknown) => err instanceof PoorWSGIError && err.code === 'PW_ERR_OPTION');
  return true;
}

let dir = '';
let file = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'poorwsgi-powered-by-'));
  file = join(dir, 'a.txt');
  writeFileSync(file, FILE_TEXT);
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
  assert.equal(existsSync(dir), false);
});

describe('poweredBy: the option', () => {
  test("defaults to 'Poor WSGI for TypeScript'", () => {
    assert.equal(X_POWERED_BY, 'Poor WSGI for TypeScript');
    assert.equal(DEFAULT_OPTIONS.poweredBy, X_POWERED_BY);
    assert.equal(makeApp().app.poweredBy, X_POWERED_BY);
  });

  test('takes null and any header value', () => {
    assert.equal(makeApp({ poweredBy: null }).app.poweredBy, null);
    assert.equal(makeApp({ poweredBy: 'my-api/1.0 (test)' }).app.poweredBy, 'my-api/1.0 (test)');
  });

  const bad: readonly [label: string, value: unknown][] = [
    ["''", ''],
    ["'bad\\nvalue'", 'bad\nvalue'],
    ["'bad\\rvalue'", 'bad\rvalue'],
    ['42', 42],
    ['true', true],
  ];
  for (const [label, value] of bad) {
    test(`refuses ${label} with PW_ERR_OPTION, in the constructor and the setter`, () => {
      refused(() => makeApp({ poweredBy: value as string }));
      const { app } = makeApp({ poweredBy: 'kept' });
      refused(() => {
        app.poweredBy = value as string;
      });
      assert.equal(app.poweredBy, 'kept', 'a refused value changes nothing');
    });
  }

  test('undefined is refused by the setter; in the constructor it leaves the default, as for every option', () => {
    const { app } = makeApp({ poweredBy: 'kept' });
    refused(() => {
      app.poweredBy = undefined as unknown as string;
    });
    assert.equal(app.poweredBy, 'kept');
    assert.equal(makeApp({ poweredBy: undefined as unknown as string }).app.poweredBy, X_POWERED_BY);
  });
});

describe('poweredBy in process (app.request)', () => {
  for (const [label, options, sent] of SETTINGS) {
    describe(label, () => {
      for (const kind of KINDS) {
        test(`${kind.name}: ${kind.status}, X-Powered-By ${sent ?? 'none'}`, async () => {
          const { app, log } = kindsApp(file, options);
          const res = await ask(app, kind.path);
          assert.equal(res.status, kind.status);
          assert.equal(res.headers.get('x-powered-by'), sent);
          assert.equal(res.headers.get('x-a'), kind.ownHeader ? '1' : null, 'the response keeps its own headers');
          const body = bodyOf(kind);
          if (body !== undefined) assert.equal(res.text, body);
          assert.deepEqual(logText(log), []);
        });
      }

      test('a response that sets its own X-Powered-By keeps its value', async () => {
        const { app } = kindsApp(file, options);
        const res = await ask(app, '/own');
        assert.equal(res.headers.get('x-powered-by'), OWN);
      });
    });
  }
});

describe('poweredBy on a node:http socket', () => {
  for (const [label, options, sent] of SETTINGS) {
    describe(label, () => {
      let app: Application;
      let log: KeptLogger;
      let srv: Awaited<ReturnType<typeof start>>;
      before(async () => {
        ({ app, log } = kindsApp(file, options));
        srv = await start(app);
      });
      after(() => srv.close());

      for (const kind of KINDS) {
        test(`${kind.name}: ${kind.status}, X-Powered-By ${sent ?? 'none'}`, async () => {
          const res = await rawGet(srv.port, kind.path);
          assert.equal(res.status, kind.status);
          // exactly one field, or none: never both the response's and the application's
          assert.deepEqual(res.headers.get('x-powered-by'), sent === null ? undefined : [sent]);
          assert.deepEqual(res.headers.get('x-a'), kind.ownHeader ? ['1'] : undefined);
          if (kind.path === '/stream') assert.deepEqual(res.headers.get('transfer-encoding'), ['chunked']);
          if (kind.path === '/file') assert.equal(res.body, FILE_TEXT);
          assert.deepEqual(logText(log), []);
        });
      }

      test('a response that sets its own X-Powered-By keeps its value', async () => {
        const res = await rawGet(srv.port, '/own');
        assert.deepEqual(res.headers.get('x-powered-by'), [OWN]);
      });

      test('a HEAD answer has it too', async () => {
        const text = await rawRequest(srv.port, 'HEAD /plain HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
        const res = parseRaw(text);
        assert.equal(res.status, 200);
        assert.deepEqual(res.headers.get('x-powered-by'), sent === null ? undefined : [sent]);
        assert.equal(res.body, '');
      });
    });
  }
});

describe('app.poweredBy on a live application', () => {
  test('each answer has the value set when it is finished, on both transports', async () => {
    const { app } = makeApp();
    // one response sent again and again: each answer has the value of its time
    const shared = new Response('shared', { headers: { 'X-A': '1' } });
    app.route('/', () => 'Hello');
    app.route('/shared', () => shared);
    const srv = await start(app);
    try {
      const steps: readonly [set: string | null, sent: string | null][] = [
        ['live', 'live'],
        [null, null],
        [X_POWERED_BY, X_POWERED_BY],
        ['again', 'again'],
      ];
      assert.equal((await ask(app, '/')).headers.get('x-powered-by'), X_POWERED_BY);
      for (const [set, sent] of steps) {
        app.poweredBy = set;
        assert.equal(app.poweredBy, set);
        for (const path of ['/', '/shared']) {
          assert.equal((await ask(app, path)).headers.get('x-powered-by'), sent, `${path} in process, ${set}`);
          const raw = await rawGet(srv.port, path);
          assert.deepEqual(raw.headers.get('x-powered-by'), sent === null ? undefined : [sent], `${path} on a socket`);
        }
      }
      // the application's value is never written into the response's own headers
      assert.deepEqual(shared.headers.items(), [['X-A', '1']]);
    } finally {
      await srv.close();
    }
  });
});

describe('poweredBy with compression and CORS', () => {
  const big = 'compress me '.repeat(50);

  function corsApp(options: Partial<ApplicationOptions>): Application {
    const { app } = makeApp({ ...options, compression: { threshold: 0 }, cors: { origin: [ORIGIN] } });
    app.route('/big', () => new Response(big, { contentType: 'text/plain', headers: { 'X-A': '1' } }));
    return app;
  }

  for (const [label, options, sent] of SETTINGS) {
    test(`${label}: a compressed answer, in process and on a socket`, async () => {
      const app = corsApp(options);
      const res = await app.request('/big', { headers: { 'Accept-Encoding': 'gzip', Origin: ORIGIN } });
      assert.equal(res.headers.get('content-encoding'), 'gzip');
      assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
      assert.equal(res.headers.get('x-powered-by'), sent);
      await res.arrayBuffer();
      const srv = await start(app);
      try {
        const raw = await rawGet(srv.port, '/big', 'Accept-Encoding: gzip\r\n');
        assert.deepEqual(raw.headers.get('content-encoding'), ['gzip']);
        assert.deepEqual(raw.headers.get('x-powered-by'), sent === null ? undefined : [sent]);
      } finally {
        await srv.close();
      }
    });

    test(`${label}: CORS preflights, allowed and refused`, async () => {
      const app = corsApp(options);
      for (const [origin, status] of [
        [ORIGIN, 204],
        ['https://evil.example.net', 403],
      ] as const) {
        const res = await ask(app, '/big', {
          method: 'OPTIONS',
          headers: { Origin: origin, 'Access-Control-Request-Method': 'PUT' },
        });
        assert.equal(res.status, status, origin);
        assert.equal(res.headers.get('x-powered-by'), sent, origin);
      }
    });
  }
});
