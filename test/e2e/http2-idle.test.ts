/**
 * The idle sweep (src/server/idle-connections.ts) on an HTTP/2 server with
 * `allowHTTP1`: its HTTP/1.1 connections are swept, which Node itself would
 * keep open for ever there, and HTTP/2 sessions are left alone, however
 * long they sit idle or wait for a slow handler. Sweeps are driven by hand
 * through `tick()` with timeouts of an hour: no test waits for a clock.
 * @module
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect as connectHttp2, createSecureServer, type Http2SecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import { Application, sweepIdleConnections, tuple } from '../../src/index.ts';
import { type CertDir, exchange, makeCertDir } from '../helpers/http2.ts';
import { quietLogger } from '../helpers/serve.ts';

const HOUR = 3600;
/** Sweeps in a row that close an idle connection (TICKS in the module), and then some. */
const ENOUGH_SWEEPS = 12;

describe('the idle sweep on an HTTP/2 server with allowHTTP1', () => {
  let certs: CertDir;
  let server: Http2SecureServer;
  let port: number;
  let sweeper: NonNullable<ReturnType<typeof sweepIdleConnections>>;
  let release: () => void = () => {};
  let entered: Promise<void>;

  before(async () => {
    certs = makeCertDir();
    const app = new Application('http2-idle', { logger: quietLogger() });
    app.route('/', () => tuple('hi', 'text/plain'));
    entered = new Promise<void>((inside) => {
      app.route('/slow', async () => {
        inside();
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return tuple('late', 'text/plain');
      });
    });
    server = createSecureServer({ key: certs.key, cert: certs.cert, allowHTTP1: true }, app);
    const swept = sweepIdleConnections(server, HOUR, HOUR);
    assert.ok(swept !== undefined);
    sweeper = swept;
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    certs.remove();
  });

  test('an HTTP/2 session is not swept: idle, or waiting for a slow handler', async () => {
    const session = connectHttp2(`https://127.0.0.1:${port}`, { rejectUnauthorized: false });
    try {
      assert.equal((await exchange(session, { ':path': '/' })).status, 200);
      assert.equal(sweeper.size, 0, 'an HTTP/2 session is watched');
      for (let i = 0; i < ENOUGH_SWEEPS; i++) sweeper.tick();
      const slow = exchange(session, { ':path': '/slow' });
      await entered;
      for (let i = 0; i < ENOUGH_SWEEPS; i++) sweeper.tick();
      release();
      const answer = await slow;
      assert.equal(answer.status, 200);
      assert.equal(answer.body.toString(), 'late');
      assert.equal(session.destroyed, false);
    } finally {
      session.close();
    }
  });

  test('an idle HTTP/1.1 connection of the same server is swept', async () => {
    const socket: TLSSocket = connectTls({
      port,
      host: '127.0.0.1',
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    await once(socket, 'secureConnect');
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('error', () => {});
    const closed = once(socket, 'close');
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    while (!text.endsWith('hi')) await once(socket, 'data');
    assert.match(text, /^HTTP\/1\.1 200 /);
    assert.equal(sweeper.size, 1);
    for (let i = 0; i < ENOUGH_SWEEPS; i++) sweeper.tick();
    await closed;
    assert.equal(sweeper.size, 0);
  });
});
