import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Application, HTTPException, METHOD_ALL, METHOD_POST, METHOD_PUT, type Request } from '../../../src/index.ts';
import { BodyReader } from '../../../src/request/body-reader.ts';
import { quietLogger, type Running, start } from '../../helpers/serve.ts';
import { head, rawRequest } from '../../helpers/upload.ts';

function makeApp(): Application {
  const app = new Application('body-reader', { readTimeout: 0.3, logger: quietLogger() });
  app.setHttpState(408, (_req, extra) => `408: ${String(extra.error)}`, METHOD_ALL);
  app.setHttpState(400, (_req, extra) => `400: ${String(extra.error)}`, METHOD_ALL);
  app.route(
    '/chunks',
    async (req: Request) => {
      const chunks: string[] = [];
      for (let chunk = await req.readChunk(); chunk.length > 0; chunk = await req.readChunk())
        chunks.push(chunk.toString());
      return chunks;
    },
    METHOD_POST,
  );
  app.route(
    '/read',
    async (req: Request) => {
      const first = (await req.read(3)).toString();
      const line = (await req.input.readline()).toString();
      const rest = (await req.read()).toString();
      return { first, line, rest, after: (await req.read(10)).length };
    },
    METHOD_PUT,
  );
  return app;
}

describe('request bodies on node:http', () => {
  let srv: Running;
  before(async () => {
    srv = await start(makeApp());
  });
  after(() => srv.close());

  test('readChunk gives one HTTP chunk per call, as Node decodes the framing', async () => {
    const body = '1\r\n0\r\n1\r\n1\r\n2\r\n22\r\n3\r\n333\r\n0\r\n\r\n';
    const exchange = await rawRequest(srv.port, [head('POST', '/chunks', 'application/octet-stream', -1) + body]);
    assert.equal(exchange?.response.status, 200);
    assert.deepEqual(JSON.parse(exchange!.response.body), ['0', '1', '22', '333']);
  });

  test('readChunk of a chunked body sent piece by piece', async () => {
    const pieces = ['1\r\na\r\n', '2\r\nbb\r\n', '0\r\n\r\n'];
    const exchange = await rawRequest(srv.port, [head('POST', '/chunks', 'application/octet-stream', -1), ...pieces]);
    assert.deepEqual(JSON.parse(exchange!.response.body), ['a', 'bb']);
  });

  test('read(n), input.readline and read() share one stream', async () => {
    const body = 'abcline\r\nthe rest';
    const exchange = await rawRequest(srv.port, [head('PUT', '/read', 'text/plain', body.length) + body]);
    assert.deepEqual(JSON.parse(exchange!.response.body), {
      first: 'abc',
      line: 'line\r\n',
      rest: 'the rest',
      after: 0,
    });
  });

  test('a client that stops sending is answered 408 and the connection is closed', { timeout: 10_000 }, async () => {
    const exchange = await rawRequest(srv.port, [`${head('PUT', '/read', 'text/plain', 100)}only a part`]);
    assert.ok(exchange !== null);
    assert.equal(exchange.response.status, 408);
    assert.equal(exchange.response.body, '408: Timed out while receiving data');
    assert.deepEqual(exchange.response.headers.get('connection'), ['close']);
  });
});

describe('request bodies through app.request (a Web body)', () => {
  const app = makeApp();
  test('read and readline over a fetch body', async () => {
    const res = await app.request('/read', { method: 'PUT', body: 'xyzL1\r\nrest' });
    assert.deepEqual(await res.json(), { first: 'xyz', line: 'L1\r\n', rest: 'rest', after: 0 });
  });

  test('a Web body that stalls is a 408', { timeout: 10_000 }, async () => {
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('some'));
      },
    });
    const res = await app.request('/read', { method: 'PUT', body: stalled, duplex: 'half' } as RequestInit);
    assert.equal(res.status, 408);
    assert.equal(await res.text(), '408: Timed out while receiving data');
  });
});

describe('BodyReader', () => {
  test('an async iterable body: chunks in order, null at the end, bytesRead counted', async () => {
    const raw = {
      headers: {},
      rawHeaders: [],
      httpVersion: '1.1',
      async *[Symbol.asyncIterator]() {
        yield Buffer.from('ab');
        yield Buffer.from('c');
      },
    };
    const reader = new BodyReader(raw, 0);
    assert.equal(reader.started, false);
    const seen: string[] = [];
    for (let chunk = await reader.next(); chunk !== null; chunk = await reader.next())
      seen.push(Buffer.from(chunk).toString());
    assert.deepEqual(seen, ['ab', 'c']);
    assert.equal(reader.bytesRead, 3);
    assert.equal(reader.ended, true);
    assert.equal(await reader.next(), null);
  });

  test('drain reads the rest away up to a limit; release stops reading', async () => {
    const make = () => ({
      headers: {},
      rawHeaders: [],
      httpVersion: '1.1',
      async *[Symbol.asyncIterator]() {
        for (let i = 0; i < 10; i++) yield Buffer.alloc(100);
      },
    });
    assert.equal(await new BodyReader(make(), 0).drain(2000), true);
    assert.equal(await new BodyReader(make(), 0).drain(500), false);
    const released = new BodyReader(make(), 0);
    await released.next();
    released.release();
    await assert.rejects(released.next(), /released/);
  });

  test('a stalled iterable is a 408 HTTPException', { timeout: 10_000 }, async () => {
    const raw = {
      headers: {},
      rawHeaders: [],
      httpVersion: '1.1',
      [Symbol.asyncIterator]: () => ({ next: () => new Promise<IteratorResult<Uint8Array>>(() => {}) }),
    };
    await assert.rejects(new BodyReader(raw, 0.05).next(), (err: unknown) => {
      return err instanceof HTTPException && err.statusCode === 408;
    });
  });
});
