/**
 * Responses held until the end of the event-loop turn (src/server/write-batch.ts),
 * on a real `node:http` server with requests pipelined on one raw socket:
 * Node parses them all in one read, so they are handled in one turn.
 * @module
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { after, describe, test } from 'node:test';
import { Application, PoorWSGIError, serverPort, tuple } from '../../src/index.ts';
import { writeAtTurnEnd } from '../../src/server/write-batch.ts';
import { quietLogger, splitResponses, start } from '../helpers/serve.ts';

/** Pipelined requests in one write (GET unless a path says `HEAD /x`; the last must have a body); resolves with everything received once all responses are in. */
async function pipelined(port: number, paths: readonly string[]): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.setEncoding('latin1');
  let text = '';
  const done = new Promise<string>((resolve, reject) => {
    socket.on('data', (chunk: string) => {
      text += chunk;
      if ((text.match(/HTTP\/1\.1 /g) ?? []).length === paths.length && text.includes('\r\n\r\n')) {
        const bodies = text.split(/HTTP\/1\.1 /).slice(1);
        // the last response is whole once its Content-Length is met
        const last = bodies[bodies.length - 1] as string;
        const length = Number(/content-length: (\d+)/i.exec(last)?.[1]);
        if (last.length >= last.indexOf('\r\n\r\n') + 4 + length) resolve(text);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`closed after ${JSON.stringify(text)}`)));
  });
  // a path may come with its method: 'HEAD /x'
  socket.write(paths.map((p) => `${p.includes(' ') ? p : `GET ${p}`} HTTP/1.1\r\nHost: x\r\n\r\n`).join(''));
  const result = await done;
  socket.destroy();
  return result;
}

function bodiesOf(text: string): string[] {
  return splitResponses(text).map((response) => response.body);
}

describe('responses written at the end of the turn', () => {
  const servers: Server[] = [];
  after(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  /** A plain node:http server answering through writeAtTurnEnd; `sent` tells, per request, whether writeHead ran at once. */
  async function batchServer(limit: number): Promise<{ port: number; sent: boolean[] }> {
    const sent: boolean[] = [];
    const logger = quietLogger();
    const server = createServer((req, res) => {
      const body = (req.url ?? '').slice(1);
      writeAtTurnEnd(limit, {
        res,
        status: 200,
        reason: 'OK',
        wire: ['Content-Length', String(body.length)],
        body,
        logger,
      });
      sent.push(res.headersSent);
    });
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return { port: serverPort(server), sent };
  }

  test('the first response of a turn is written at once, the rest at the end of the turn, in order', async () => {
    const { port, sent } = await batchServer(32);
    const text = await pipelined(port, ['/a', '/b', '/c', '/d']);
    assert.deepEqual(sent, [true, false, false, false]);
    assert.deepEqual(bodiesOf(text), ['a', 'b', 'c', 'd']);
  });

  test('a batch that reaches the limit is written at once', async () => {
    const { port, sent } = await batchServer(2);
    const text = await pipelined(port, ['/a', '/b', '/c', '/d', '/e']);
    // a at once; b held; c makes two held: b and c written; d held; e makes two: written
    assert.deepEqual(sent, [true, false, true, false, true]);
    assert.deepEqual(bodiesOf(text), ['a', 'b', 'c', 'd', 'e']);
  });

  test('limit 0 or 1 writes every response at once', async () => {
    for (const limit of [0, 1]) {
      const { port, sent } = await batchServer(limit);
      const text = await pipelined(port, ['/a', '/b', '/c']);
      assert.deepEqual(sent, [true, true, true]);
      assert.deepEqual(bodiesOf(text), ['a', 'b', 'c']);
    }
  });

  test('through an application: pipelined answers in order with batchResponses on and off, HEAD held without a body; a bad value refused', async () => {
    for (const batchResponses of [32, 0]) {
      const app = new Application('batch', { batchResponses });
      app.logger = quietLogger();
      app.route('/<name>', (_req, name) => tuple(name, 'text/plain'));
      const running = await start(app);
      servers.push(running.server);
      const names = Array.from({ length: 20 }, (_, i) => `n${i}`);
      const text = await pipelined(
        running.port,
        names.map((n) => `/${n}`),
      );
      assert.deepEqual(bodiesOf(text), names);
    }
    // a HEAD answer held among GETs has its headers and no body
    const app = new Application('head');
    app.logger = quietLogger();
    app.route('/<name>', (_req, name) => tuple(name, 'text/plain'));
    const running = await start(app);
    servers.push(running.server);
    const text = await pipelined(running.port, ['/a', 'HEAD /b', '/c']);
    const parts = text.split('HTTP/1.1 200 OK\r\n').slice(1);
    assert.equal(parts.length, 3);
    assert.match(parts[1] as string, /content-length: 1\r\n/i);
    assert.ok((parts[1] as string).endsWith('\r\n\r\n'), `HEAD answer with a body: ${JSON.stringify(parts[1])}`);
    assert.ok((parts[2] as string).endsWith('\r\n\r\nc'));
    for (const bad of [-1, 1.5, '8']) {
      assert.throws(
        () => new Application('bad', { batchResponses: bad as number }),
        (err: unknown) => err instanceof PoorWSGIError && err.code === 'PW_ERR_OPTION',
      );
    }
  });
});
