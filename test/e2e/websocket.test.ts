/**
 * WebSocket routes on real sockets, with `ws` as the client: routing with
 * typed parameters, before-hooks guarding the upgrade, the 426 of a plain
 * GET, refused and malformed handshakes from raw sockets (400, 403, 404),
 * the socket API (events, async iteration, binary, drain, ping), the limits
 * (maxPayload, message rate, idle timeout, pings), subprotocols,
 * permessage-deflate, `http.createServer(app)` with `app.attach()`, and
 * `app.close()` closing sockets with 1001.
 * @module
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  Application,
  Declined,
  HTTP_FORBIDDEN,
  HTTPException,
  METHOD_POST,
  type Request,
  serverPort,
} from '../../src/index.ts';
import {
  closeSockets,
  openSockets,
  refuseHandshake,
  sameOrigin,
  type WebSocketPeer,
} from '../../src/websocket/index.ts';
import { makeCertDir } from '../helpers/http2.ts';
import { parseRaw, quietLogger, type Running, rawExchange, start } from '../helpers/serve.ts';
import { connectClient, handshake, refusedStatus } from '../helpers/websocket.ts';

const FIXTURE_WITHOUT_WS = fileURLToPath(new URL('fixtures/websocket-without-ws.ts', import.meta.url));
const servers: Running[] = [];
after(async () => {
  for (const server of servers) await server.close();
});

/** An application with a quiet logger, started on port 0. */
async function serve(setup: (app: Application) => void): Promise<{ app: Application; server: Running; ws: string }> {
  const app = new Application('ws-test');
  app.logger = quietLogger();
  setup(app);
  const server = await start(app);
  servers.push(server);
  return { app, server, ws: `ws://127.0.0.1:${server.port}` };
}

/** An echo handler through `message` events. */
function echo(socket: WebSocketPeer): void {
  socket.on('message', (message) => socket.send(message));
}

describe('routing and hooks', () => {
  test('typed parameters reach the handler with the request; events echo text and binary', async () => {
    const { ws } = await serve((app) => {
      app.websocket('/room/<name>/<n:int>', (socket, req, name, n) => {
        socket.send(JSON.stringify({ name, n, typeofN: typeof n, path: req.path, protocol: socket.protocol }));
        echo(socket);
      });
    });
    const client = await connectClient(`${ws}/room/kitchen/42`);
    assert.deepEqual(JSON.parse(String((await client.next())[0])), {
      name: 'kitchen',
      n: 42,
      typeofN: 'number',
      path: '/room/kitchen/42',
      protocol: '',
    });
    client.ws.send('žluťoučký kůň');
    client.ws.send(Buffer.from([0, 1, 2, 255]));
    const [text, binary] = await client.next(2);
    assert.equal(text, 'žluťoučký kůň');
    assert.deepEqual(binary, Buffer.from([0, 1, 2, 255]));
    client.ws.close(1000, 'bye');
    assert.equal((await client.closed).code, 1000);
  });

  test('before-hooks run on the upgrade: a hook refuses with its status, or lets the socket open', async () => {
    const seen: string[] = [];
    const { ws } = await serve((app) => {
      app.beforeResponse((req: Request) => {
        seen.push(req.path);
        if (req.header('Authorization') !== 'Bearer letmein') throw new HTTPException(HTTP_FORBIDDEN);
      });
      app.websocket('/guarded', echo);
    });
    assert.equal(await refusedStatus(`${ws}/guarded`), 403);
    const client = await connectClient(`${ws}/guarded`, { headers: { Authorization: 'Bearer letmein' } });
    client.ws.send('in');
    assert.deepEqual(await client.next(), ['in']);
    client.ws.close();
    await client.closed;
    assert.deepEqual(seen, ['/guarded', '/guarded']);
  });

  test('a plain GET of a WebSocket route is 426 with Upgrade: websocket; HEAD too, POST 405', async () => {
    const { server } = await serve((app) => app.websocket('/ws', echo));
    const get = await fetch(`${server.url}/ws`);
    assert.equal(get.status, 426);
    assert.equal(get.headers.get('upgrade'), 'websocket');
    assert.match(await get.text(), /WebSocket endpoint/);
    assert.equal((await fetch(`${server.url}/ws`, { method: 'HEAD' })).status, 426);
    assert.equal((await fetch(`${server.url}/ws`, { method: 'POST' })).status, 405);
  });

  test('an upgrade to an unknown path gets 404 on the socket, which is then closed', async () => {
    const { server } = await serve((app) => app.websocket('/ws', echo));
    const res = parseRaw(await rawExchange(server.port, handshake('/nowhere')));
    assert.equal(res.status, 404);
    assert.deepEqual(res.headers.get('connection'), ['close']);
  });

  test('an upgrade to an HTTP route is served as HTTP, its answer and then the close', async () => {
    const { server } = await serve((app) => {
      app.websocket('/ws', echo);
      app.route('/page', () => 'a page');
      app.route('/form', () => 'posted', METHOD_POST);
    });
    const res = parseRaw(await rawExchange(server.port, handshake('/page')));
    assert.equal(res.status, 200);
    assert.equal(res.body, 'a page');
    // another protocol (h2c) is no WebSocket: the request is served as if it had no Upgrade
    const h2c = await rawExchange(
      server.port,
      'GET /page HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n',
    );
    assert.equal(parseRaw(h2c).status, 200);
    assert.equal(parseRaw(h2c).body, 'a page');
  });

  test('a route handler that takes over the socket and returns Declined: nothing is written for it', async () => {
    const { server } = await serve((app) => {
      app.websocket('/ws', echo);
      app.route('/raw', (req) => {
        const socket = (req.raw as unknown as { socket: import('node:net').Socket }).socket;
        socket.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nmine!');
        return new Declined();
      });
    });
    // over an upgrade (the socket is off the parser) and over plain HTTP, the handler's bytes are all there is
    for (const request of [handshake('/raw'), 'GET /raw HTTP/1.1\r\nHost: x\r\n\r\n']) {
      const text = await rawExchange(server.port, request);
      assert.equal(text, 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nmine!');
    }
  });

  test('setWebSocket, isWebSocket, popWebSocket, and the decorator form', async () => {
    const app = new Application('ws-table');
    app.logger = quietLogger();
    const handler = app.websocket('/a')((socket: WebSocketPeer) => socket.close());
    app.setWebSocket('/b/<id:int>', echo);
    app.route('/c', () => 'c');
    assert.equal(app.isWebSocket('/a'), true);
    assert.equal(app.isWebSocket('/b/<id:int>'), true);
    assert.equal(app.isWebSocket('/c'), false);
    assert.equal(app.isWebSocket('/d'), false);
    assert.equal(app.popWebSocket('/a'), handler);
    assert.equal(app.isWebSocket('/a'), false);
    assert.equal(app.isRoute('/a'), false);
    assert.throws(() => app.popWebSocket('/c'), { code: 'PW_ERR_NOT_REGISTERED' });
    assert.equal(app.isRoute('/c'), true);
  });
});

describe('handshakes from raw sockets', () => {
  const cases: ReadonlyArray<[string, string]> = [
    ['no Sec-WebSocket-Key', handshake('/ws', [], ['Sec-WebSocket-Key'])],
    ['a key of the wrong length', handshake('/ws', ['Sec-WebSocket-Key: c2hvcnQ='], ['Sec-WebSocket-Key'])],
    ['version 8', handshake('/ws', ['Sec-WebSocket-Version: 8'], ['Sec-WebSocket-Version'])],
    ['no version', handshake('/ws', [], ['Sec-WebSocket-Version'])],
    ['POST', handshake('/ws').replace(/^GET/, 'POST')],
    ['HTTP/1.0', handshake('/ws').replace('HTTP/1.1', 'HTTP/1.0')],
    [
      'too many header fields',
      handshake(
        '/ws',
        Array.from({ length: 150 }, (_, i) => `X-Filler-${i}: ${i}`),
      ),
    ],
    ['an invalid Sec-WebSocket-Protocol', handshake('/ws', ['Sec-WebSocket-Protocol: a b'])],
  ];
  for (const [name, request] of cases) {
    test(`${name}: 400 and the connection closed, the server still serving`, async () => {
      const { server, ws } = await serve((app) => app.websocket('/ws', echo));
      const res = parseRaw(await rawExchange(server.port, request));
      assert.equal(res.status, 400, name);
      const client = await connectClient(`${ws}/ws`);
      client.ws.close();
      await client.closed;
    });
  }

  test('an origin the route refuses gets 403; sameOrigin() admits the page of the Host', async () => {
    const { server, ws } = await serve((app) => {
      app.websocket('/listed', echo, { origins: ['https://app.example'] });
      app.websocket('/same', echo, { origins: sameOrigin() });
      app.websocket('/strict', echo, { origins: sameOrigin(true) });
    });
    assert.equal(await refusedStatus(`${ws}/listed`, { origin: 'https://evil.example' }), 403);
    assert.equal(await refusedStatus(`${ws}/listed`), 403);
    (await connectClient(`${ws}/listed`, { origin: 'https://app.example' })).ws.close();
    assert.equal(await refusedStatus(`${ws}/same`, { origin: 'https://evil.example' }), 403);
    (await connectClient(`${ws}/same`, { origin: `http://127.0.0.1:${server.port}` })).ws.close();
    (await connectClient(`${ws}/same`)).ws.close();
    assert.equal(await refusedStatus(`${ws}/strict`), 403);
  });

  test('a client that goes away mid-handshake, or sends garbage after it, takes nothing down', async () => {
    const { ws, server } = await serve((app) => app.websocket('/ws', echo));
    const socket = connect(server.port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write(handshake('/ws'));
    socket.write(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00]));
    // the 101, then a close frame (0x88) with 1002, protocol error
    let received = Buffer.alloc(0);
    while (!received.includes(Buffer.from([0x88, 0x02, 0x03, 0xea]))) {
      const [chunk] = (await once(socket, 'data')) as [Buffer];
      received = Buffer.concat([received, chunk]);
    }
    assert.match(received.toString('latin1'), /^HTTP\/1\.1 101 /);
    socket.destroy();
    const reset = connect(server.port, '127.0.0.1');
    await once(reset, 'connect');
    reset.write(handshake('/ws'));
    reset.resetAndDestroy();
    const client = await connectClient(`${ws}/ws`);
    client.ws.send('still here');
    assert.deepEqual(await client.next(), ['still here']);
    client.ws.close();
  });
});

describe('the socket API', () => {
  test('async iteration gets every message, those sent before the handler listened too', async () => {
    const { ws } = await serve((app) => {
      app.websocket('/iter', async (socket) => {
        // the handler listens late: messages meanwhile are kept
        await new Promise((resolve) => setImmediate(resolve));
        const got: string[] = [];
        for await (const message of socket) {
          got.push(String(message));
          if (got.length === 3) break;
        }
        socket.send(got.join(','));
        for await (const message of socket) socket.send(`again ${String(message)}`);
      });
    });
    const client = await connectClient(`${ws}/iter`);
    for (const m of ['a', 'b', 'c']) client.ws.send(m);
    assert.deepEqual(await client.next(), ['a,b,c']);
    client.ws.send('d');
    assert.deepEqual(await client.next(), ['again d']);
    client.ws.close();
    await client.closed;
  });

  test('a message listener added after an iteration ends gets the messages kept meanwhile, in order', async () => {
    const { ws } = await serve((app) => {
      app.websocket(
        '/late',
        async (socket) => {
          // the four messages come in one read: the rest are kept while the loop body runs and after it breaks
          for await (const message of socket) if (message === 'go') break;
          echo(socket);
        },
        { idleTimeout: 0, pingInterval: 0 },
      );
    });
    const client = await connectClient(`${ws}/late`);
    for (const m of ['go', '1', '2', '3']) client.ws.send(m);
    assert.deepEqual(await client.next(3), ['1', '2', '3']);
    client.ws.close();
  });

  test('many messages through the iterator: reading pauses and resumes, none lost', async () => {
    const { ws } = await serve((app) => {
      app.websocket(
        '/bulk',
        async (socket) => {
          let count = 0;
          for await (const _ of socket) {
            count += 1;
            // a slow consumer: the queue fills past its high-water mark
            if (count % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
            if (count === 500) socket.send(`got ${count}`);
          }
        },
        { maxMessageRate: 0 },
      );
    });
    const client = await connectClient(`${ws}/bulk`);
    for (let i = 0; i < 500; i++) client.ws.send(`m${i}`);
    assert.deepEqual(await client.next(), ['got 500']);
    client.ws.close();
  });

  test('readyState, bufferedAmount, drain, ping/pong, closed() and close code and reason', async () => {
    const events: string[] = [];
    let done: Promise<{ code: number; reason: string }> | undefined;
    const { ws } = await serve((app) => {
      app.websocket('/api', async (socket) => {
        events.push(socket.readyState);
        socket.on('pong', (data) => events.push(`pong ${data.toString()}`));
        socket.on('close', (code, reason) => events.push(`close ${code} ${reason}`));
        done = socket.closed();
        const big = Buffer.alloc(16 * 1024 * 1024, 7);
        socket.send(big);
        assert.ok(socket.bufferedAmount > 0);
        await socket.drain();
        await socket.drain();
        events.push(`drained ${socket.bufferedAmount}`);
        socket.ping('hi');
        for await (const message of socket) {
          if (message === 'bye') socket.close(4000, 'see you');
        }
        events.push(socket.readyState);
        socket.send('ignored: closed');
        socket.ping();
        await socket.drain();
        events.push(`closed ${(await socket.closed()).code}`);
      });
    });
    const client = await connectClient(`${ws}/api`);
    // listened for before the big message is read: the ping may arrive in the same read
    const pinged = once(client.ws, 'ping');
    const [big] = await client.next();
    assert.equal((big as Buffer).length, 16 * 1024 * 1024);
    await pinged;
    client.ws.send('bye');
    assert.deepEqual(await client.closed, { code: 4000, reason: 'see you' });
    assert.deepEqual(await done, { code: 4000, reason: 'see you' });
    while (!events.includes('closed 4000')) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(events, ['open', 'drained 0', 'pong hi', 'close 4000 see you', 'closed', 'closed 4000']);
  });

  test('a handler that throws or rejects closes its socket with 1011 and is logged', async () => {
    const logger = quietLogger();
    const { ws, app } = await serve((a) => {
      a.websocket('/throws', () => {
        throw new Error('sync boom');
      });
      a.websocket('/rejects', async () => {
        throw new Error('async boom');
      });
    });
    app.logger = logger;
    for (const path of ['/throws', '/rejects']) {
      const client = await connectClient(`${ws}${path}`);
      assert.equal((await client.closed).code, 1011);
    }
    assert.equal(logger.lines.filter((line) => line[0] === 'WebSocket handler failed:').length, 2);
  });

  test('a socket error reaches an error listener; terminate() cuts the connection', async () => {
    const errors: string[] = [];
    const { ws } = await serve((app) => {
      app.websocket(
        '/err',
        (socket) => {
          socket.on('error', (err) => errors.push(err.message));
          socket.on('message', () => socket.terminate());
        },
        { maxPayload: 10 },
      );
    });
    const client = await connectClient(`${ws}/err`);
    client.ws.send('x'.repeat(11));
    assert.equal((await client.closed).code, 1009);
    assert.match(errors.join(), /Max payload size exceeded/);
    const other = await connectClient(`${ws}/err`);
    other.ws.send('x');
    assert.equal((await other.closed).code, 1006);
  });
});

describe('limits and negotiation', () => {
  test('maxPayload: a message over 1 MiB by default closes the socket with 1009', async () => {
    const { ws } = await serve((app) => app.websocket('/ws', echo));
    const client = await connectClient(`${ws}/ws`);
    client.ws.send(Buffer.alloc(1024 * 1024));
    assert.equal((await client.next())[0]?.length, 1024 * 1024);
    client.ws.send(Buffer.alloc(1024 * 1024 + 1));
    assert.equal((await client.closed).code, 1009);
  });

  test('the message-rate guard closes a flooding socket with 1008', async () => {
    const { ws } = await serve((app) => app.websocket('/ws', () => undefined, { maxMessageRate: 5 }));
    const client = await connectClient(`${ws}/ws`);
    // sent in one burst: at least 6 land in one second, however slow the machine
    for (let i = 0; i < 50; i++) client.ws.send('flood');
    assert.deepEqual(await client.closed, { code: 1008, reason: 'Message rate exceeded' });
  });

  test('an idle socket is closed with 1001; a client answering no ping is cut off', async () => {
    const { ws } = await serve((app) => {
      app.websocket('/idle', echo, { idleTimeout: 0.05, pingInterval: 0 });
      app.websocket('/ping', echo, { idleTimeout: 0, pingInterval: 0.05 });
    });
    const idle = await connectClient(`${ws}/idle`);
    assert.deepEqual(await idle.closed, { code: 1001, reason: 'Idle timeout' });
    // autoPong off: the client never answers, so the second sweep after a ping cuts it
    const mute = await connectClient(`${ws}/ping`, { autoPong: false });
    let pings = 0;
    mute.ws.on('ping', () => {
      pings += 1;
    });
    assert.equal((await mute.closed).code, 1006);
    assert.ok(pings >= 1);
  });

  test('a client that answers pings stays open through several intervals', async () => {
    const { ws } = await serve((app) => app.websocket('/ping', echo, { idleTimeout: 0, pingInterval: 0.02 }));
    const client = await connectClient(`${ws}/ping`);
    for (let i = 0; i < 3; i++) await once(client.ws, 'ping');
    client.ws.send('alive');
    assert.deepEqual(await client.next(), ['alive']);
    client.ws.close();
  });

  test('subprotocols: the route’s first one the client offers is agreed', async () => {
    const { ws } = await serve((app) => {
      app.websocket('/proto', (socket) => socket.send(`protocol=${socket.protocol}`), { protocols: ['v2', 'v1'] });
    });
    const both = await connectClient(`${ws}/proto`, {}, ['v1', 'v2']);
    assert.equal(both.ws.protocol, 'v2');
    assert.deepEqual(await both.next(), ['protocol=v2']);
    both.ws.close();
    // a client offering only others gets none, and ws as a client refuses that
    await assert.rejects(connectClient(`${ws}/proto`, {}, ['v9']), /Server sent no subprotocol/);
  });

  test('permessage-deflate: off by default, negotiated when the route turns it on', async () => {
    const { ws } = await serve((app) => {
      app.websocket('/plain', echo);
      app.websocket('/deflate', echo, { perMessageDeflate: true });
    });
    const plain = await connectClient(`${ws}/plain`, { perMessageDeflate: true });
    assert.equal(plain.ws.extensions, '');
    plain.ws.close();
    const deflate = await connectClient(`${ws}/deflate`, { perMessageDeflate: true });
    assert.match(deflate.ws.extensions, /permessage-deflate/);
    deflate.ws.send('a'.repeat(10_000));
    assert.equal((await deflate.next())[0], 'a'.repeat(10_000));
    deflate.ws.close();
  });

  test('bad route options are refused at the handshake with 500 and logged', async () => {
    const logger = quietLogger();
    const { ws, app } = await serve((a) => a.websocket('/bad', echo, { maxPayload: -1 }));
    app.logger = logger;
    assert.equal(await refusedStatus(`${ws}/bad`), 500);
    assert.match(String(logger.lines[0]?.[1]), /maxPayload/);
  });
});

describe('servers and shutdown', () => {
  test('without ws installed, a handshake gets 500 and the log says to install it', { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), FIXTURE_WITHOUT_WS], {
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      // one listener for the whole output: a flowing stream drops what arrives while nobody listens
      let out = '';
      let wake: (() => void) | undefined;
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        out += text;
        wake?.();
      });
      const until = async (pattern: RegExp) => {
        while (!pattern.test(out)) await new Promise<void>((resolve) => (wake = resolve));
      };
      await until(/port \d+\n/);
      const port = Number(/port (\d+)/.exec(out)?.[1]);
      const res = parseRaw(await rawExchange(port, handshake('/ws')));
      assert.equal(res.status, 500);
      await until(/npm install ws/);
      assert.match(out, /ERROR WebSocket routes need the package ws \(npm install ws\):/);
      // still serving, and still refusing cleanly
      assert.equal(parseRaw(await rawExchange(port, handshake('/ws'))).status, 500);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      assert.equal((await exited)[0], 0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  test('an async before-hook guards the upgrade too', async () => {
    const { ws } = await serve((app) => {
      app.beforeResponse(async (req: Request) => {
        await new Promise((resolve) => setImmediate(resolve));
        if (req.args.getfirst('token') !== 'ok') throw new HTTPException(401);
      });
      app.websocket('/ws', echo);
    });
    assert.equal(await refusedStatus(`${ws}/ws`), 401);
    const client = await connectClient(`${ws}/ws?token=ok`);
    client.ws.send('hooked');
    assert.deepEqual(await client.next(), ['hooked']);
    client.ws.close();
  });

  test('refuseHandshake on a socket already gone destroys it and writes nothing', () => {
    const socket = new PassThrough();
    socket.end();
    refuseHandshake(socket, 400, 'late');
    assert.equal(socket.destroyed, true);
    assert.equal(openSockets({}), 0);
  });

  test('http.createServer(app) with app.attach(server); app.close() closes sockets with 1001', async () => {
    const app = new Application('attached');
    app.logger = quietLogger();
    app.websocket('/ws', echo);
    const server = createServer(app);
    app.attach(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `ws://127.0.0.1:${serverPort(server)}/ws`;
    const clients = await Promise.all([connectClient(url), connectClient(url)]);
    clients[0]?.ws.send('ping');
    assert.deepEqual(await clients[0]?.next(), ['ping']);
    assert.equal(openSockets(app), 2);
    await app.close();
    for (const client of clients) assert.deepEqual(await client.closed, { code: 1001, reason: 'Server shutting down' });
    assert.equal(openSockets(app), 0);
    assert.equal(server.listening, false);
    await app.close();
  });

  test('app.listen({ http2: true }): wss:// over the HTTP/1.1 side of the TLS server (ALPN), scheme https', async () => {
    const certs = makeCertDir('websocket-tls');
    const app = new Application('ws-tls');
    app.logger = quietLogger();
    app.websocket('/ws', (socket, req) => socket.send(`${req.scheme} ${req.header('Origin') ?? ''}`), {
      origins: sameOrigin(),
    });
    const server = await app.listen({ port: 0, http2: true, key: certs.key, cert: certs.cert });
    try {
      const port = serverPort(server);
      const client = await connectClient(`wss://127.0.0.1:${port}/ws`, {
        rejectUnauthorized: false,
        origin: `https://127.0.0.1:${port}`,
      });
      assert.deepEqual(await client.next(), [`https https://127.0.0.1:${port}`]);
      await app.close();
      assert.equal((await client.closed).code, 1001);
    } finally {
      certs.remove();
    }
  });

  test('closeSockets() cuts off a client that does not answer the closing handshake', async () => {
    const { app, ws } = await serve((a) => a.websocket('/ws', echo));
    const client = await connectClient(`${ws}/ws`);
    // the client reads nothing more, so it never answers the close frame
    (client.ws as unknown as { _socket: import('node:net').Socket })._socket.pause();
    await closeSockets(app, 1001, 'going', 20);
    assert.equal(openSockets(app), 0);
    client.ws.terminate();
  });
});
