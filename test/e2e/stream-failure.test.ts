/**
 * A streamed body that fails: before its first item, the answer is a 500
 * through the application's state handlers (the status line has not gone
 * out); after it, the connection is broken so that the client sees a
 * truncated body (chunked encoding without its last chunk), and the error
 * is logged once. On a real socket, and in process through `app.request()`.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import {
  Application,
  GeneratorResponse,
  HTTP_INTERNAL_SERVER_ERROR,
  JSONGeneratorResponse,
  type Logger,
  StrGeneratorResponse,
} from '../../src/index.ts';
import { type Running, rawExchange, start } from '../helpers/serve.ts';

/** A logger that keeps the error lines apart from the rest. */
function countingLogger(): Logger & { errors: unknown[][] } {
  const errors: unknown[][] = [];
  const ignore = () => {};
  return { errors, error: (...args: unknown[]) => errors.push(args), warn: ignore, info: ignore, debug: ignore };
}

/** A generator that throws before its first item (the yield is never reached). */
function* failAtOnce(message: string): Generator<string> {
  if (message !== '') throw new Error(message);
  yield '';
}

/** The same, asynchronous. */
async function* failAtOnceAsync(message: string): AsyncGenerator<string> {
  if (message !== '') throw new Error(message);
  yield '';
}

function makeApp(logger: Logger): Application {
  const app = new Application('stream-failure', { logger });
  app.httpState(HTTP_INTERNAL_SERVER_ERROR, (_req, extra) => ({
    failed: (extra.error as { message: string }).message,
  }));
  app.route('/sync-at-once', () => new GeneratorResponse(failAtOnce('sync at once')));
  app.route('/async-at-once', () => new StrGeneratorResponse(failAtOnceAsync('async at once')));
  app.route(
    '/json-at-once',
    () =>
      new JSONGeneratorResponse({
        items: failAtOnceAsync('json at once'),
      }),
  );
  app.route(
    '/readable-at-once',
    () =>
      new GeneratorResponse(
        new Readable({
          read() {
            this.destroy(new Error('readable at once'));
          },
        }),
      ),
  );
  app.route('/returned-generator', () => failAtOnceAsync('handler generator at once'));
  app.route(
    '/after-first',
    () =>
      new GeneratorResponse(
        (async function* () {
          yield 'first part;';
          throw new Error('after the first chunk');
        })(),
      ),
  );
  app.route(
    '/empty-first',
    () =>
      new GeneratorResponse(
        (async function* () {
          // an empty first chunk sends the status line at once
          yield '';
          throw new Error('after an empty chunk');
        })(),
      ),
  );
  app.route(
    '/fine',
    () =>
      new GeneratorResponse(
        (async function* () {
          yield 'a';
          yield 'b';
        })(),
      ),
  );
  return app;
}

const AT_ONCE: ReadonlyArray<[string, string]> = [
  ['/sync-at-once', 'sync at once'],
  ['/async-at-once', 'async at once'],
  ['/json-at-once', 'json at once'],
  ['/readable-at-once', 'readable at once'],
  ['/returned-generator', 'handler generator at once'],
];

describe('a stream that fails before its first item is a 500 through the state handlers', () => {
  for (const [path, message] of AT_ONCE) {
    test(`${path}, in process`, async () => {
      const logger = countingLogger();
      const res = await makeApp(logger).request(path);
      assert.equal(res.status, 500);
      assert.deepEqual(await res.json(), { failed: message });
      assert.equal(logger.errors.length, 1, 'logged once');
    });
  }
});

describe('on a real socket', () => {
  const logger = countingLogger();
  let server: Running;
  before(async () => {
    server = await start(makeApp(logger));
  });
  after(() => server.close());

  const ask = (path: string) =>
    rawExchange(server.port, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);

  for (const [path, message] of AT_ONCE) {
    test(`${path}: 500 with the state handler's body`, async () => {
      logger.errors.length = 0;
      const raw = await ask(path);
      assert.match(raw, /^HTTP\/1\.1 500 /);
      assert.ok(raw.endsWith(JSON.stringify({ failed: message })), raw);
      assert.equal(logger.errors.length, 1);
    });
  }

  test('after the first chunk: 200, the chunk, then a broken connection without the last chunk', async () => {
    logger.errors.length = 0;
    const raw = await ask('/after-first');
    assert.match(raw, /^HTTP\/1\.1 200 /);
    assert.match(raw, /Transfer-Encoding: chunked/);
    const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
    assert.ok(body.includes('first part;'));
    assert.ok(!body.endsWith('0\r\n\r\n'), `no last chunk: ${JSON.stringify(body)}`);
    assert.equal(logger.errors.length, 1, 'logged once');
    // logged in pino's shape: ({ err }, message)
    const [fields, message] = logger.errors[0] ?? [];
    assert.equal(message, 'Response stream failed:');
    assert.match(String((fields as { err?: unknown } | undefined)?.err), /after the first chunk/);
  });

  test('an empty first chunk sends the status line: a later failure breaks the connection', async () => {
    logger.errors.length = 0;
    const raw = await ask('/empty-first');
    assert.match(raw, /^HTTP\/1\.1 200 /);
    assert.ok(!raw.endsWith('0\r\n\r\n'));
    assert.equal(logger.errors.length, 1);
  });

  test('a stream that does not fail ends with its last chunk', async () => {
    logger.errors.length = 0;
    const raw = await ask('/fine');
    assert.match(raw, /^HTTP\/1\.1 200 /);
    assert.ok(raw.endsWith('0\r\n\r\n'));
    assert.equal(logger.errors.length, 0);
  });
});

describe('fetch() of a truncated stream', () => {
  test('the client sees the body fail', async () => {
    const logger = countingLogger();
    const server = await start(makeApp(logger));
    try {
      const res = await fetch(`${server.url}/after-first`);
      assert.equal(res.status, 200);
      await assert.rejects(res.text());
    } finally {
      await server.close();
    }
  });
});
