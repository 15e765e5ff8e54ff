/**
 * Kept-alive connections left idle, and connections whose client reads
 * nothing of its response, are closed by one sweeping timer
 * (src/server/idle-connections.ts). Real sockets; the sweeps are driven by
 * hand through `tick()` with timeouts of an hour, so that no test waits
 * for a clock, except the one that checks the timer is wired at all.
 * @module
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type Socket } from 'node:net';
import { after, describe, test } from 'node:test';
import { connect as connectTls } from 'node:tls';
import {
  Application,
  GeneratorResponse,
  type IdleConnections,
  PoorWSGIError,
  serverPort,
  sweepIdleConnections,
  tuple,
} from '../../src/index.ts';
import { makeCertDir } from '../helpers/http2.ts';
import { parseRaw, quietLogger } from '../helpers/serve.ts';

const HOUR = 3600;
/** The sweeps in a row after which an idle connection goes (TICKS in the module). */
const SWEEPS = 4;
const BIG_CHUNK = 64 * 1024;
const BIG_CHUNKS = 512;

/** Let the event loop run until `check` holds (no clock: I/O decides). */
async function loopUntil(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

/** Bytes whose write the server's socket has completed (what left for the client). */
function sent(socket: Socket): number {
  return socket.bytesWritten - socket.writableLength;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** An app whose `/slow` answers only when the test says so. */
function makeApp(): {
  app: Application;
  release: () => void;
  entered: Promise<void>;
  /** How `/big`'s generators ended: `done` read to the end, `released` stopped early. */
  ends: string[];
} {
  const app = new Application('idle');
  app.logger = quietLogger();
  const gate = deferred();
  const inside = deferred();
  const ends: string[] = [];
  app.route('/', () => tuple('hi', 'text/plain'));
  // 32 MiB, far more than the socket buffers hold for a client that does not read
  app.route('/big', () => {
    const chunk = Buffer.alloc(BIG_CHUNK, 120);
    return new GeneratorResponse(
      (function* () {
        let done = false;
        try {
          for (let i = 0; i < BIG_CHUNKS; i++) yield chunk;
          done = true;
        } finally {
          ends.push(done ? 'done' : 'released');
        }
      })(),
      'application/octet-stream',
      null,
      200,
      BIG_CHUNK * BIG_CHUNKS,
    );
  });
  app.route('/slow', async () => {
    inside.resolve();
    await gate.promise;
    return tuple('late', 'text/plain');
  });
  return { app, release: gate.resolve, entered: inside.promise, ends };
}

interface Started {
  server: Server;
  sweeper: IdleConnections;
  /** The server's side of each accepted connection, in order. */
  accepted: Socket[];
  port: number;
}

async function startSwept(app: Application): Promise<Started> {
  const server = createServer(app);
  // both timeouts the same: SWEEPS sweeps make either of them
  const sweeper = sweepIdleConnections(server, HOUR, HOUR);
  assert.ok(sweeper !== undefined);
  const accepted: Socket[] = [];
  server.on('connection', (socket: Socket) => accepted.push(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, sweeper, accepted, port: serverPort(server) };
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** A client connection that keeps what it receives; over TLS (any certificate) with `tls`. */
async function client(
  port: number,
  tls = false,
): Promise<{ socket: Socket; text: () => string; closed: Promise<void> }> {
  const socket = tls ? connectTls({ port, host: '127.0.0.1', rejectUnauthorized: false }) : connect(port, '127.0.0.1');
  await once(socket, tls ? 'secureConnect' : 'connect');
  let text = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    text += chunk;
  });
  socket.on('error', () => {});
  const closed = once(socket, 'close').then(() => undefined);
  return { socket, text: () => text, closed };
}

type Client = Awaited<ReturnType<typeof client>>;

/** Wait until the client has received text that `done` accepts; fails if the connection closes first. */
async function until(c: Client, done: (text: string) => boolean): Promise<string> {
  let closed = false;
  void c.closed.then(() => {
    closed = true;
  });
  while (!done(c.text())) {
    if (closed || c.socket.destroyed) throw new Error(`connection closed after ${JSON.stringify(c.text())}`);
    await Promise.race([once(c.socket, 'data'), c.closed]);
  }
  return c.text();
}

/** Wait until the client has a whole response (Content-Length framing). */
function response(c: Client): Promise<string> {
  return until(c, (text) => {
    const end = text.indexOf('\r\n\r\n');
    const length = /content-length: (\d+)/i.exec(text);
    return end !== -1 && length !== null && text.length >= end + 4 + Number(length[1]);
  });
}

/** Wait until the server's side of a connection has read something more. */
async function serverRead(socket: Socket, before: number): Promise<void> {
  while (socket.bytesRead === before) {
    if (socket.destroyed) throw new Error('the server closed the connection');
    await Promise.race([once(socket, 'data'), once(socket, 'close')]);
  }
}

function sweep(sweeper: IdleConnections, times: number): void {
  for (let i = 0; i < times; i++) sweeper.tick();
}

describe('idle connections', () => {
  const servers: Server[] = [];
  after(async () => {
    for (const server of servers) await stop(server);
  });

  test('an idle kept-alive connection stays for SWEEPS - 1 sweeps and is closed at the next', async () => {
    const { app } = makeApp();
    const s = await startSwept(app);
    servers.push(s.server);
    const c = await client(s.port);
    c.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    const res = parseRaw(await response(c));
    assert.equal(res.status, 200);
    assert.deepEqual(res.headers.get('connection'), ['keep-alive']);
    // Node's own timeout is off, so it no longer advertises one
    assert.equal(res.headers.get('keep-alive'), undefined);
    assert.equal(s.server.keepAliveTimeout, 0);
    assert.equal(s.sweeper.size, 1);
    sweep(s.sweeper, SWEEPS);
    // the server's side: a sweep destroys it at once, the client hears of it later
    assert.equal(s.accepted[0]?.destroyed, false, 'closed too early');
    s.sweeper.tick();
    assert.equal(s.accepted[0]?.destroyed, true);
    await c.closed;
    assert.equal(s.sweeper.size, 0);
  });

  test('a connection that never sends a byte is closed like an idle one', async () => {
    const { app } = makeApp();
    const s = await startSwept(app);
    servers.push(s.server);
    const c = await client(s.port);
    // the server has seen the connection once `connection` has fired on it
    while (s.sweeper.size === 0) await new Promise((resolve) => setImmediate(resolve));
    sweep(s.sweeper, SWEEPS - 1);
    assert.equal(s.accepted[0]?.destroyed, false, 'closed too early');
    s.sweeper.tick();
    assert.equal(s.accepted[0]?.destroyed, true);
    await c.closed;
    assert.equal(c.text(), '');
  });

  test('a request in progress is never idle, however many sweeps pass', async () => {
    const { app, release, entered } = makeApp();
    const s = await startSwept(app);
    servers.push(s.server);
    const c = await client(s.port);
    c.socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await entered;
    sweep(s.sweeper, SWEEPS * 3);
    assert.equal(c.socket.destroyed, false);
    release();
    const res = parseRaw(await response(c));
    assert.equal(res.status, 200);
    assert.equal(res.body, 'late');
    // idle from now on: closed after the usual number of sweeps
    sweep(s.sweeper, SWEEPS + 1);
    await c.closed;
  });

  test('bytes arriving (a request trickling in) count as activity', async () => {
    const { app } = makeApp();
    const s = await startSwept(app);
    servers.push(s.server);
    const c = await client(s.port);
    const [accepted] = s.accepted;
    assert.ok(accepted !== undefined);
    const parts = ['GET / HTTP/1.1\r\n', 'Host: x\r\n', 'Accept: */*\r\n', '\r\n'];
    for (const part of parts) {
      sweep(s.sweeper, SWEEPS - 1);
      const before = accepted.bytesRead;
      c.socket.write(part);
      await serverRead(accepted, before);
    }
    const res = parseRaw(await response(c));
    assert.equal(res.status, 200);
    assert.equal(c.socket.destroyed, false);
  });

  test('a connection upgraded away from HTTP is let go, not closed', async () => {
    const { app } = makeApp();
    const s = await startSwept(app);
    servers.push(s.server);
    let upgraded: Socket | undefined;
    s.server.on('upgrade', (_req, socket: Socket) => {
      upgraded = socket;
      socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n');
      socket.on('data', (chunk: Buffer) => socket.write(chunk));
    });
    const c = await client(s.port);
    c.socket.write('GET / HTTP/1.1\r\nHost: x\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n');
    await until(c, (text) => text.includes('\r\n\r\n'));
    assert.match(c.text(), /^HTTP\/1\.1 101 /);
    sweep(s.sweeper, SWEEPS * 3);
    assert.equal(s.sweeper.size, 0);
    assert.equal(c.socket.destroyed, false);
    c.socket.write('ping');
    await until(c, (text) => text.endsWith('ping'));
    c.socket.destroy();
    // the server's side is the test's now (and half-open after the client's FIN): closing the server waits for it
    upgraded?.destroy();
  });

  test('over HTTPS the TLS connection is swept: a slow request kept, the idle connection closed', async () => {
    const certs = makeCertDir('tls');
    try {
      const { app, release, entered } = makeApp();
      const server = createHttpsServer({ key: certs.key, cert: certs.cert }, app);
      servers.push(server);
      const sweeper = sweepIdleConnections(server, HOUR, HOUR);
      assert.ok(sweeper !== undefined);
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const c = await client(serverPort(server), true);
      c.socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
      await entered;
      assert.equal(sweeper.size, 1);
      sweep(sweeper, SWEEPS * 3);
      assert.equal(c.socket.destroyed, false, 'a request in progress was closed');
      release();
      assert.equal(parseRaw(await response(c)).body, 'late');
      sweep(sweeper, SWEEPS + 1);
      await c.closed;
    } finally {
      certs.remove();
    }
  });

  /** A client that asks for `/big` and reads nothing yet; the server's side of its connection. */
  async function download() {
    const { app, ends } = makeApp();
    const s = await startSwept(app);
    servers.push(s.server);
    const c = await client(s.port);
    c.socket.pause();
    c.socket.write('GET /big HTTP/1.1\r\nHost: x\r\n\r\n');
    const accepted = s.accepted[0];
    assert.ok(accepted !== undefined);
    return { s, c, accepted, ends };
  }

  test('send timeout: a client that reads nothing of its answer is cut after SWEEPS sweeps, and the body released', async () => {
    const { s, accepted, ends } = await download();
    // the socket buffers are full: the answer waits for the client
    await loopUntil(() => accepted.writableLength > 0);
    // sweeps in one turn see no byte leave: the last of them reaches the timeout
    sweep(s.sweeper, SWEEPS);
    assert.equal(accepted.destroyed, false, 'cut too early');
    s.sweeper.tick();
    assert.equal(accepted.destroyed, true);
    await loopUntil(() => ends.length === 1);
    assert.deepEqual(ends, ['released']);
  });

  test('send timeout: a slow client that keeps reading is never cut, and gets the whole answer', async () => {
    const { s, c, accepted, ends } = await download();
    const total = BIG_CHUNK * BIG_CHUNKS;
    let rounds = 0;
    while (c.text().length < total) {
      await loopUntil(() => accepted.writableLength > 0 || ends.length > 0);
      if (ends.length > 0) break;
      // nearly a timeout without progress, then the client reads until something more left the server
      sweep(s.sweeper, SWEEPS - 1);
      const before = sent(accepted);
      c.socket.resume();
      await loopUntil(() => sent(accepted) !== before || ends.length > 0);
      c.socket.pause();
      rounds++;
    }
    c.socket.resume();
    await loopUntil(() => c.text().length >= total);
    assert.equal(accepted.destroyed, false);
    assert.ok(rounds >= 2, `${rounds} slow rounds`);
    assert.deepEqual(ends, ['done']);
  });

  test('the timer sweeps by itself', async () => {
    const { app } = makeApp();
    const server = createServer(app);
    servers.push(server);
    sweepIdleConnections(server, 0.02);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const c = await client(serverPort(server));
    c.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal(parseRaw(await response(c)).status, 200);
    // no deadline asserted: only that it closes at all
    await c.closed;
  });

  test('app.listen() sweeps, keepAliveTimeout 0 keeps idle connections, a bad value is refused', async () => {
    const { app } = makeApp();
    const swept = await app.listen({ port: 0 });
    servers.push(swept);
    assert.equal(swept.keepAliveTimeout, 0);
    assert.equal(swept.listenerCount('connection'), 2, "Node's listener and the sweeper's");
    // the send timeout alone still needs the sweep
    const sendOnly = await app.listen({ port: 0, keepAliveTimeout: 0 });
    servers.push(sendOnly);
    assert.equal(sendOnly.listenerCount('connection'), 2);
    const open = await app.listen({ port: 0, keepAliveTimeout: 0, sendTimeout: 0 });
    servers.push(open);
    assert.equal(open.keepAliveTimeout, 0);
    assert.equal(open.listenerCount('connection'), 1);
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      for (const option of ['keepAliveTimeout', 'sendTimeout']) {
        await assert.rejects(
          app.listen({ port: 0, [option]: bad }),
          (err: unknown) =>
            err instanceof PoorWSGIError && err.code === 'PW_ERR_ARGUMENT' && err.message.includes(option),
        );
      }
    }
  });
});
