/**
 * examples/response-closed.ts: a response's data reads the same before it
 * is returned, in an after-hook, and after it was sent (PoorWSGI 2.7 failed
 * there with "I/O operation on closed file").
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../examples/response-closed.ts';
import type { BaseResponse } from '../../src/index.ts';
import { quietLogger, type Running, start } from '../helpers/serve.ts';

describe('examples/response-closed.ts on a real socket', () => {
  const log = quietLogger();
  const sent: BaseResponse[] = [];
  let server: Running;
  before(async () => {
    const app = createApp();
    app.logger = log;
    // registered after the example's own hook: sees the response that is sent
    app.afterResponse((_req, res) => {
      sent.push(res);
      return res;
    });
    server = await start(app);
  });
  after(() => server.close());

  for (const path of ['/test', '/test-after-response']) {
    test(`${path}: the body, and the data still readable after sending`, async () => {
      sent.length = 0;
      log.lines.length = 0;
      const res = await fetch(`${server.url}${path}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
      assert.equal(await res.text(), 'Hello world');
      assert.equal(sent.length, 1);
      // the response is on the wire and read by the client: its data reads the same
      assert.equal(Buffer.from((sent[0] as BaseResponse).data).toString(), 'Hello world');
      const lines = log.lines.map((line) => line.join(' '));
      assert.ok(lines.includes(`${path}: 11 bytes of data after the handler`), lines.join('\n'));
      if (path === '/test-after-response') assert.ok(lines.includes('data before return: 11 bytes'));
    });
  }
});
