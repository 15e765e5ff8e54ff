/**
 * One contender of the WebSocket benchmark, as its own process: an echo
 * route at `/echo`, either a poorwsgi `app.websocket()` route (`poorwsgi`)
 * or `ws` used bare on `node:http` (`bare`). Prints `port N`; on each
 * `mem` line on stdin, collects garbage and prints `mem <rss> <heapUsed>
 * <external>` in bytes. Start it with `--expose-gc`.
 * @module
 */
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { WebSocketServer } from 'ws';
import { Application, serverPort } from '../../src/index.ts';

const kind = process.argv[2];
let port: number;
if (kind === 'poorwsgi') {
  const app = new Application('bench');
  // the rate guard is off: one client's round trips go far past 100 a second; idle timeout and pings at their defaults
  app.websocket('/echo', (socket) => socket.on('message', (message) => socket.send(message)), { maxMessageRate: 0 });
  port = serverPort(await app.listen({ port: 0 }));
} else if (kind === 'bare') {
  const server = createServer((_req, res) => res.end('bare'));
  const wss = new WebSocketServer({ server, path: '/echo' });
  wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = serverPort(server);
} else {
  throw new Error('usage: server.ts poorwsgi|bare');
}
const gc = (globalThis as { gc?: () => void }).gc;
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line !== 'mem') return;
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  process.stdout.write(`mem ${m.rss} ${m.heapUsed} ${m.external + m.arrayBuffers}\n`);
});
process.stdout.write(`port ${port}\n`);
