/**
 * Type-level tests of `app.websocket()`, checked by `npx tsc --noEmit -p .`:
 * the socket, the request and the route's parameters are typed from the
 * route string, as for `route()`.
 */
import { Application, type Request } from '../../src/index.ts';
import type { WebSocketMessage, WebSocketPeer } from '../../src/websocket/index.ts';

const app = new Application('types');

// no annotations: socket a WebSocketPeer, req a Request, room a string, n a number
app.websocket('/chat/<room>/<n:int>', (socket, req, room, n) => {
  const peer: WebSocketPeer = socket;
  const r: Request = req;
  const s: string = room;
  const count: number = n;
  peer.send(`${r.path} ${s} ${count}`);
  socket.on('message', (message: WebSocketMessage) => socket.send(message));
  socket.on('close', (code: number, reason: string) => void `${code} ${reason}`);
});

// async handlers, iteration
app.websocket('/iter', async (socket) => {
  for await (const message of socket) {
    const m: string | Buffer = message;
    socket.send(m);
  }
});

// the decorator form with options
app.websocket('/deco', { maxPayload: 1024, protocols: ['v1'] })((socket: WebSocketPeer) => socket.close(1000));

// @ts-expect-error <n:int> is a number, not a string
app.websocket('/n/<n:int>', (_socket, _req, n: string) => n);

// @ts-expect-error an unknown option
app.websocket('/x', (socket) => socket.close(), { maxPayloads: 1 });

// @ts-expect-error the socket sends strings and bytes, not objects
app.websocket('/y', (socket) => socket.send({ a: 1 }));
