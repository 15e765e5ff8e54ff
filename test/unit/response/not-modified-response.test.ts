import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { PoorWSGIError } from '../../../src/errors/poorwsgi-error.ts';
import { X_POWERED_BY } from '../../../src/response/base-response.ts';
import { FileResponse } from '../../../src/response/file-response.ts';
import { type NotModifiedOptions, NotModifiedResponse } from '../../../src/response/not-modified-response.ts';
import { sendNode } from '../../../src/server/send-node.ts';

describe('NotModifiedResponse', () => {
  const table: readonly [label: string, options: NotModifiedOptions, expected: [string, string][]][] = [
    ['nothing', {}, []],
    [
      'every header it takes',
      {
        headers: { 'Set-Cookie': 'sid=1' },
        etag: 'W/"0123"',
        contentLocation: '/a',
        date: 0,
        vary: 'Accept',
        cacheControl: 'max-age=60',
        expires: new Date(Date.UTC(2030, 0, 1)),
      },
      [
        ['Set-Cookie', 'sid=1'],
        ['ETag', 'W/"0123"'],
        ['Content-Location', '/a'],
        ['Date', 'Thu, 01 Jan 1970 00:00:00 GMT'],
        ['Vary', 'Accept'],
        ['Cache-Control', 'max-age=60'],
        ['Expires', 'Tue, 01 Jan 2030 00:00:00 GMT'],
      ],
    ],
    ['a date string as it is, an empty one ignored', { headers: {}, date: 'now' }, [['Date', 'now']]],
    ['an empty date', { headers: {}, date: '' }, []],
    [
      'representation headers are dropped',
      { headers: { 'Content-Type': 'x', 'Content-Length': '5', ETag: '"a"' } },
      [['ETag', '"a"']],
    ],
  ];
  for (const [label, options, expected] of table) {
    test(label, () => {
      const prepared = new NotModifiedResponse(options).prepare();
      assert.equal(prepared.statusCode, 304);
      assert.equal(prepared.reason, 'Not Modified');
      assert.equal(prepared.body.kind, 'none');
      // X-Powered-By is sent after the response's own headers, whatever they are
      assert.deepEqual(prepared.headers.items(), [...expected, ['X-Powered-By', X_POWERED_BY]]);
    });
  }

  test('a date of the wrong type is refused', () => {
    assert.throws(
      () => new NotModifiedResponse({ date: true as unknown as string }),
      (err: unknown) => err instanceof PoorWSGIError && err.code === 'PW_ERR_ARGUMENT',
    );
  });

  test('a FileResponse turned 304 keeps its validators and drops its type and length', () => {
    const dir = mkdtempSync(join(tmpdir(), 'poorwsgi-304-'));
    try {
      writeFileSync(join(dir, 'a.css'), 'body {}');
      const res = new FileResponse(join(dir, 'a.css'), null, { 'Cache-Control': 'no-cache' });
      res.statusCode = 304;
      const headers = res.prepare().headers;
      assert.deepEqual(headers.keys(), ['Cache-Control', 'Last-Modified', 'ETag', 'X-Powered-By']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sendNode and a file that vanished after the handler checked it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poorwsgi-vanish-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a clean 404 before any header, logged; the server goes on', async () => {
    const path = join(dir, 'gone.txt');
    writeFileSync(path, 'soon gone');
    const logged: unknown[] = [];
    const logger = { error: (...a: unknown[]) => logged.push(a), warn() {}, info() {}, debug() {} };
    const server = createServer((_req, res) => {
      const response = new FileResponse(path);
      rmSync(path);
      void sendNode(response, res, { logger });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      assert.equal(res.status, 404);
      assert.equal(await res.text(), '');
      assert.equal(logged.length, 1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
