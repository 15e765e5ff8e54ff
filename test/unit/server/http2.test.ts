/**
 * The HTTP/2 parts of the transport (src/server/http2.ts): the response
 * header fields as HTTP/2 takes them, and the bounds of a stream lingering
 * after its response, with short bounds on a real `node:http2` server and
 * Node's client (the application's own use is in test/e2e/http2-streams.test.ts).
 * @module
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { connect, constants, createServer, type Http2ServerResponse } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { GeneratorResponse, Headers, Response } from '../../../src/index.ts';
import type { PreparedResponse } from '../../../src/response/base-response.ts';
import { http2Headers, type LingerBounds, lingerHttp2, sendNode, whenAnswered } from '../../../src/server/index.ts';
import { collect, exchange } from '../../helpers/http2.ts';
import { quietLogger } from '../../helpers/serve.ts';

describe('http2Headers', () => {
  test('names in lower case, connection-specific fields dropped in any case', () => {
    const headers = http2Headers([
      'Content-Type',
      'text/plain',
      'CONNECTION',
      'close',
      'Keep-Alive',
      'timeout=5',
      'proxy-connection',
      'x',
      'Transfer-Encoding',
      'chunked',
      'Upgrade',
      'h2c',
      'Host',
      'example.org',
      'HTTP2-Settings',
      'AAMAAABkAAQAAP__',
      'TE',
      'trailers',
      'X-Kept',
      'yes',
    ]);
    assert.deepEqual({ ...headers }, { 'content-type': 'text/plain', 'x-kept': 'yes' });
  });

  test('Set-Cookie stays one field per cookie; other repeated fields are joined', () => {
    const headers = http2Headers([
      'Set-Cookie',
      'a=1',
      'Vary',
      'Accept',
      'set-cookie',
      'b=2',
      'vary',
      'Origin',
      'SET-COOKIE',
      'c=3',
    ]);
    assert.deepEqual({ ...headers }, { 'set-cookie': ['a=1', 'b=2', 'c=3'], vary: 'Accept, Origin' });
    assert.deepEqual({ ...http2Headers(['Set-Cookie', 'a=1']) }, { 'set-cookie': 'a=1' });
  });
});

/**
 * A node:http2 server whose every response lingers with `bounds`; `answered`
 * counts `whenAnswered`. It answers at once, or at the end of the body
 * (`/after-body`).
 */
async function lingeringServer(bounds: LingerBounds) {
  let answered = 0;
  const server = createServer((req, res: Http2ServerResponse) => {
    whenAnswered(res, () => answered++);
    lingerHttp2(res, req, false, bounds);
    if (req.url === '/after-body') req.once('end', () => res.end('answered'));
    else res.end('answered');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const session = connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return {
    session,
    answered: () => answered,
    close: async () => {
      session.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('lingerHttp2', () => {
  test('a client silent after the response is reset with NO_ERROR after the quiet bound', async () => {
    const s = await lingeringServer({ quietMs: 50, totalMs: 60_000 });
    try {
      const stream = s.session.request({ ':method': 'POST', ':path': '/' }, { endStream: false });
      const closed = collect(stream);
      // some body, never ended: only the server can close this stream
      stream.write(Buffer.alloc(1000));
      const answer = await closed;
      assert.equal(answer.body.toString(), 'answered');
      assert.equal(answer.rstCode, constants.NGHTTP2_NO_ERROR);
      assert.equal(s.answered(), 1);
    } finally {
      await s.close();
    }
  });

  test('a client that keeps sending is reset after the total bound', async () => {
    const s = await lingeringServer({ quietMs: 60_000, totalMs: 100 });
    try {
      const stream = s.session.request({ ':method': 'POST', ':path': '/' }, { endStream: false });
      const closed = collect(stream);
      let open = true;
      void closed.then(() => {
        open = false;
      });
      // a piece of body at every turn of the event loop, never the end
      let sent = 0;
      while (open) {
        if (!stream.destroyed) stream.write(Buffer.alloc(1024));
        sent += 1024;
        await new Promise((resolve) => setImmediate(resolve));
      }
      const answer = await closed;
      assert.equal(answer.body.toString(), 'answered');
      assert.equal(answer.rstCode, constants.NGHTTP2_NO_ERROR);
      assert.ok(sent > 1024, 'the client kept sending');
    } finally {
      await s.close();
    }
  });

  test('a body that ended before the response was complete: nothing to linger for', async () => {
    const s = await lingeringServer({ quietMs: 1, totalMs: 1 });
    try {
      const answer = await exchange(s.session, { ':method': 'POST', ':path': '/after-body' }, Buffer.alloc(1000));
      assert.equal(answer.body.toString(), 'answered');
      assert.equal(answer.rstCode, constants.NGHTTP2_NO_ERROR);
      assert.equal(s.answered(), 1);
    } finally {
      await s.close();
    }
  });

  test('a body that ends after the response: read away, the stream ends with no reset', async () => {
    const s = await lingeringServer({ quietMs: 60_000, totalMs: 60_000 });
    try {
      const stream = s.session.request({ ':method': 'POST', ':path': '/' }, { endStream: false });
      const closed = collect(stream);
      const responseEnd = once(stream, 'end');
      stream.write(Buffer.alloc(1000));
      await responseEnd;
      // far more than the flow-control window: it gets through only because the server reads it
      for (let i = 0; i < 64; i++) if (!stream.write(Buffer.alloc(64 * 1024))) await once(stream, 'drain');
      stream.end();
      const answer = await closed;
      assert.equal(answer.body.toString(), 'answered');
      assert.equal(answer.rstCode, constants.NGHTTP2_NO_ERROR);
    } finally {
      await s.close();
    }
  });
});

/** Header fields Node's http2 refuses though they passed the framework (a name with a space): as if a check slipped. */
const REFUSED = ['Bad Name', 'x'];

/** An in-memory response whose header array Node refuses. */
class RefusedMemory extends Response {
  override wireHeaders(): string[] {
    return [...REFUSED];
  }
}

/** A streamed response whose prepared headers Node refuses. */
class RefusedStream extends GeneratorResponse {
  override prepare(): PreparedResponse {
    return { ...super.prepare(), headers: new Headers([REFUSED as [string, string]], false) };
  }
}

describe('sendNode and header fields Node refuses', () => {
  test('in memory or streamed: logged, the stream alone reset with INTERNAL_ERROR, nothing thrown', async () => {
    const logger = quietLogger();
    const server = createServer((req, res) => {
      const response =
        req.url === '/memory'
          ? new RefusedMemory('x')
          : req.url === '/stream'
            ? new RefusedStream(['never sent'], 'text/plain')
            : new Response('fine');
      const sent = sendNode(response, res, { logger });
      assert.equal(sent, undefined);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const session = connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      for (const path of ['/memory', '/stream']) {
        const answer = await exchange(session, { ':path': path });
        assert.equal(answer.status, 0, path);
        assert.equal(answer.rstCode, constants.NGHTTP2_INTERNAL_ERROR, path);
      }
      assert.equal((await exchange(session, { ':path': '/fine' })).body.toString(), 'fine');
      const logged = logger.lines.map((line) => String(line[0]));
      assert.deepEqual(logged, ['Writing the response failed:', 'Writing the response headers failed:']);
    } finally {
      session.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('the same streamed response on HTTP/1.1: logged, the connection closed', async () => {
    const logger = quietLogger();
    const server = createHttpServer((_req, res) => {
      assert.equal(sendNode(new RefusedStream(['never sent'], 'text/plain'), res, { logger }), undefined);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      await assert.rejects(fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`));
      assert.deepEqual(
        logger.lines.map((line) => String(line[0])),
        ['Writing the response headers failed:'],
      );
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
