/**
 * WebSocket routes under `poorwsgi serve` with two workers: the example's
 * `createApp()` served by the cluster, sockets opened on the workers chat,
 * and SIGTERM to the primary closes every socket with 1001 (the workers'
 * shutdown closes their servers, which closes the application's sockets
 * first) before the process exits 0.
 * @module
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ROOT, ServeProcess } from '../helpers/serve-process.ts';
import { connectClient } from '../helpers/websocket.ts';

describe('WebSockets under poorwsgi serve', () => {
  test('two workers: sockets chat, and SIGTERM closes them with 1001', { timeout: 90_000 }, async () => {
    const serve = new ServeProcess([join(ROOT, 'examples', 'websocket.ts'), '--workers', '2'], { PORT: '0' });
    try {
      const port = await serve.port();
      const clients = await Promise.all(
        Array.from({ length: 6 }, () =>
          connectClient(`ws://127.0.0.1:${port}/ws`, { origin: `http://127.0.0.1:${port}` }),
        ),
      );
      for (const [i, client] of clients.entries()) {
        assert.match(String((await client.next())[0]), /\] Hello$/);
        client.ws.send(`hello from ${i}`);
        assert.match(String((await client.next(2))[0]), new RegExp(`<b>hello from ${i}</b>$`));
      }
      serve.child.kill('SIGTERM');
      for (const client of clients) {
        assert.deepEqual(await client.closed, { code: 1001, reason: 'Server shutting down' });
      }
      assert.equal(await serve.exited, 0, serve.err);
    } finally {
      serve.kill();
    }
  });
});
