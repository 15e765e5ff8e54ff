/**
 * `poorwsgi serve` as a process: one process (`WORKERS=0`) and a cluster,
 * options from the environment, the shutdown (requests in flight finish;
 * past the shutdown timeout they are cut), the head timeout, and an
 * application that cannot load.
 * @module
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { get, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { freePort, hold, ROOT, SERVE_FIXTURE, ServeProcess } from '../helpers/serve-process.ts';

const FIXTURES = join(ROOT, 'test', 'e2e', 'fixtures');

/** GET `path` and its JSON, on a connection of its own (a kept one could lead to a worker that died). */
async function getJson(port: number, path: string): Promise<Record<string, unknown>> {
  const req = get({ host: '127.0.0.1', port, path, agent: false });
  const [res] = (await once(req, 'response')) as [IncomingMessage];
  assert.equal(res.statusCode, 200);
  let body = '';
  for await (const chunk of res.setEncoding('utf8')) body += chunk;
  return JSON.parse(body) as Record<string, unknown>;
}

describe('poorwsgi serve', () => {
  test('one process: PORT, HOST and WORKERS from the environment; SIGTERM lets a request in flight finish', async () => {
    const serve = new ServeProcess([SERVE_FIXTURE], { PORT: '0', HOST: '127.0.0.1', WORKERS: '0' });
    try {
      const port = await serve.port();
      assert.match(serve.out, new RegExp(`\\(process ${serve.child.pid}\\)`));
      assert.deepEqual(await getJson(port, '/pid'), { pid: serve.child.pid });
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let started = () => {};
      const inFlight = new Promise<void>((resolve) => {
        started = resolve;
      });
      const result = hold(port, () => released, started);
      await inFlight;
      serve.child.kill('SIGTERM');
      await serve.waitFor(/SIGTERM: finishing the requests in flight \(up to 30 s\)/);
      // no new connection once the shutdown began
      await assert.rejects(fetch(`http://127.0.0.1:${port}/pid`));
      release();
      assert.deepEqual(await result, { pid: serve.child.pid, ok: true, error: `${serve.child.pid}\ndone\n` });
      assert.equal(await serve.exited, 0);
      assert.doesNotMatch(serve.err, /were cut/);
    } finally {
      serve.kill();
    }
  });

  test('past the shutdown timeout, requests still in flight are cut and the process exits', async () => {
    const serve = new ServeProcess([SERVE_FIXTURE, '--port', '0', '--workers', '0', '--shutdown-timeout', '0.2']);
    try {
      const port = await serve.port();
      let started = () => {};
      const inFlight = new Promise<void>((resolve) => {
        started = resolve;
      });
      // never released: only the timeout ends it
      const result = hold(port, () => new Promise<void>(() => {}), started);
      await inFlight;
      serve.child.kill('SIGINT');
      assert.equal(await serve.exited, 0);
      assert.match(serve.err, /requests still in flight after 0\.2 s were cut/);
      const cut = await result;
      assert.equal(cut.ok, false);
      assert.equal(cut.pid, serve.child.pid);
    } finally {
      serve.kill();
    }
  });

  test('a request head that does not arrive in time is answered 408', async () => {
    const serve = new ServeProcess([
      SERVE_FIXTURE,
      '--port=0',
      '--workers=0',
      '--headers-timeout=0.5',
      '--request-timeout=0.5',
    ]);
    try {
      const port = await serve.port();
      const socket = connect(port, '127.0.0.1');
      socket.write('GET /pid HTTP/1.1\r\nHost: x\r\n');
      let answer = '';
      socket.setEncoding('utf8').on('data', (text: string) => {
        answer += text;
      });
      await once(socket, 'close');
      assert.match(answer, /^HTTP\/1\.1 408 Request Timeout/);
      serve.child.kill('SIGTERM');
      assert.equal(await serve.exited, 0);
    } finally {
      serve.kill();
    }
  });

  test('a cluster of a createApp() module, with --trust-proxy', async () => {
    const serve = new ServeProcess([join(FIXTURES, 'serve-create-app.mjs'), '--trust-proxy', '2'], {
      PORT: '0',
      WORKERS: '2',
    });
    try {
      const port = await serve.port();
      assert.match(
        serve.out,
        new RegExp(`^Listening on http://127\\.0\\.0\\.1:\\d+ with 2 workers \\(primary ${serve.child.pid}\\)\\n$`),
      );
      const seen = await getJson(port, '/pid');
      assert.equal(seen.trustProxy, 2);
      assert.equal(seen.headersTimeout, 20_000, 'attach() got the server, with the default timeouts');
      assert.equal(seen.requestTimeout, 120_000);
      assert.notEqual(seen.pid, serve.child.pid, 'a worker answers, not the primary');
      serve.child.kill('SIGINT');
      assert.equal(await serve.exited, 0);
      assert.match(serve.err, /SIGINT: stopping 2 worker\(s\)/);
    } finally {
      serve.kill();
    }
  });

  test('a worker that dies is replaced, later and later when it keeps dying', async () => {
    // one worker: while it is replaced nobody listens, and a port 0 would be a new one
    const serve = new ServeProcess([SERVE_FIXTURE, '--port', String(await freePort()), '--workers', '1']);
    try {
      const port = await serve.port();
      let pid = (await getJson(port, '/pid')).pid;
      for (const wait of [100, 200]) {
        await assert.rejects(fetch(`http://127.0.0.1:${port}/exit`, { method: 'POST' }));
        await serve.waitFor(new RegExp(`worker ${pid} exited with code 3: restarting in ${wait} ms`));
        const started = await serve.waitFor(
          new RegExp(
            `(?<=exited with code 3: restarting in ${wait} ms\\n(?:.*\\n)*?)poorwsgi serve: worker (\\d+) started`,
          ),
        );
        const next = Number(started[1]);
        assert.notEqual(next, pid);
        assert.deepEqual(await getJson(port, '/pid'), { pid: next });
        pid = next;
      }
      serve.child.kill('SIGTERM');
      assert.equal(await serve.exited, 0);
    } finally {
      serve.kill();
    }
  });

  test('a worker that does not stop in time is killed by the primary, which exits 1', async () => {
    const serve = new ServeProcess([SERVE_FIXTURE, '--port', '0', '--workers', '1', '--shutdown-timeout', '0.1']);
    try {
      const port = await serve.port();
      let started = (_pid: number) => {};
      const spinning = new Promise<number>((resolve) => {
        started = resolve;
      });
      // the body ends at once: then the worker spins
      const result = hold(port, () => Promise.resolve(), started, '/spin');
      const pid = await spinning;
      serve.child.kill('SIGTERM');
      // the worker's shutdown timeout plus the primary's 5 s margin
      assert.equal(await serve.exited, 1);
      assert.match(serve.err, new RegExp(`worker ${pid} did not stop in time: killed`));
      assert.equal((await result).ok, false);
    } finally {
      serve.kill();
    }
  });

  test('a cluster whose application cannot load gives up instead of restarting it', async () => {
    const serve = new ServeProcess([join(FIXTURES, 'serve-throws.mjs'), '--port', '0', '--workers', '2']);
    try {
      assert.equal(await serve.exited, 1);
      assert.match(serve.err, /Error: cannot start: no database/);
      assert.match(serve.err, /worker \d+ exited with code 78 before serving: giving up/);
      assert.doesNotMatch(serve.err, /restarting/);
    } finally {
      serve.kill();
    }
  });
});
