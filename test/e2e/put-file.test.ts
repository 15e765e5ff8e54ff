/** examples/put-file.ts on a real socket: PUT uploads with curl, raw chunked bodies and fetch. */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../examples/put-file.ts';
import { curl, quietLogger, type Running, start } from '../helpers/serve.ts';
import { eventually, rawRequest, tempDirectory } from '../helpers/upload.ts';

const temp = tempDirectory();
const files = tempDirectory();
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

describe('examples/put-file.ts', () => {
  let srv: Running;
  before(async () => {
    const app = createApp();
    app.logger = quietLogger();
    app.tempDir = temp.dir;
    srv = await start(app);
  });
  after(async () => {
    await srv.close();
    temp.remove();
    files.remove();
  });

  test('GET / is the page with the upload script', async () => {
    const text = await (await fetch(`${srv.url}/`)).text();
    assert.match(text, /<title>Large File Upload Example<\/title>/);
    assert.match(text, /ajax\.open\("PUT", path\+file\.name, true\);/);
  });

  for (const route of ['blackhole', 'temporary']) {
    test(`curl -T to /${route}/<filename> answers size, SHA-256 and name`, { timeout: 60_000 }, async () => {
      const data = randomBytes(5 * 1024 * 1024 + 3);
      const path = join(files.dir, `${route}.bin`);
      writeFileSync(path, data);
      const res = await curl(['-T', path, `${srv.url}/${route}/my%20file.bin`]);
      assert.equal(res.status, 200);
      assert.deepEqual(JSON.parse(res.body), {
        uploaded: data.length,
        checksum: sha256(data),
        filename: 'my file.bin',
      });
      await eventually(() => temp.list().length === 0, 'the temporary file is removed');
    });

    const sizes = [0, 1, 2, 65365, 65366];
    for (const size of sizes) {
      test(`PUT /${route} of ${size} bytes counts every byte`, async () => {
        const data = Buffer.alloc(size, 'x');
        const res = await fetch(`${srv.url}/${route}/f`, { method: 'PUT', body: data });
        assert.deepEqual(await res.json(), { uploaded: size, checksum: sha256(data), filename: 'f' });
      });
    }

    test(`a chunked PUT to /${route} is read chunk by chunk`, async () => {
      const body = '5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n';
      const exchange = await rawRequest(srv.port, [
        `PUT /${route}/c.txt HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n${body}`,
      ]);
      assert.deepEqual(JSON.parse(exchange!.response.body), {
        uploaded: 11,
        checksum: sha256('hello world'),
        filename: 'c.txt',
      });
    });
  }

  test('POST is not allowed', async () => {
    const res = await fetch(`${srv.url}/blackhole/x`, { method: 'POST', body: 'x' });
    assert.equal(res.status, 405);
  });
});
