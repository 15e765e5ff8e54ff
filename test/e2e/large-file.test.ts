/**
 * examples/large-file.ts on a real socket, driven by curl -F: own file
 * callbacks, hashes, temporary files removed, and memory that stays flat
 * while a large file streams through.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../examples/large-file.ts';
import { curl, quietLogger, type Running, start } from '../helpers/serve.ts';
import { eventually, head, rawRequest, tempDirectory } from '../helpers/upload.ts';

const temp = tempDirectory();
const files = tempDirectory();

/** Write `size` pseudo-random bytes to `path` in 1 MiB blocks; their SHA-256. */
function bigFile(path: string, size: number): string {
  const hash = createHash('sha256');
  const block = randomBytes(1024 * 1024);
  const fd = openSync(path, 'w');
  try {
    for (let left = size; left > 0; left -= block.length) {
      const piece = block.subarray(0, Math.min(block.length, left));
      block[0] = (block[0]! + 1) & 0xff;
      writeSync(fd, piece);
      hash.update(piece);
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

describe('examples/large-file.ts', () => {
  let srv: Running;
  let small: string;
  let smallHash: string;
  before(async () => {
    const app = createApp();
    app.logger = quietLogger();
    app.tempDir = temp.dir;
    srv = await start(app);
    small = join(files.dir, 'small.bin');
    smallHash = bigFile(small, 3 * 1024 * 1024 + 17);
  });
  after(async () => {
    await srv.close();
    temp.remove();
    files.remove();
  });

  test('GET / links the three forms', async () => {
    const res = await fetch(`${srv.url}/`);
    assert.equal(res.status, 200);
    const text = await res.text();
    for (const path of ['/blackhole', '/temporary', '/no-factory']) assert.ok(text.includes(`href="${path}"`), path);
  });

  const forms: ReadonlyArray<[path: string, factory: string, hashed: boolean]> = [
    ['/blackhole', 'blackhole_factory', true],
    ['/temporary', 'temporary_factory', true],
    ['/no-factory', 'original_factory', false],
  ];
  for (const [path, factory, hashed] of forms) {
    test(`GET ${path} is the upload form`, async () => {
      const text = await (await fetch(`${srv.url}${path}`)).text();
      assert.match(text, new RegExp(`<title>Upload form for ${factory}</title>`));
      assert.match(text, /<form method="post" enctype="multipart\/form-data">/);
      assert.match(text, /<pre><\/pre>/);
    });

    test(`POST ${path} with curl -F reports the upload${hashed ? ' and its SHA-256' : ''}`, {
      timeout: 60_000,
    }, async () => {
      const res = await curl(['-F', `file=@${small}`, `${srv.url}${path}`]);
      assert.equal(res.status, 200);
      const stats = /<pre>Upload: ([\d.]+)([kMG]?) in [\d.e-]+s -> [\d.]+[kMGT]?ps SHA256: ([0-9a-f]*)<\/pre>/.exec(
        res.body,
      );
      assert.ok(stats, res.body.slice(0, 500));
      assert.equal(`${stats[1]}${stats[2]}`, '3.00M');
      assert.equal(stats[3], hashed ? smallHash : '');
      await eventually(() => temp.list().length === 0, 'no temporary file left');
    });
  }

  test('a POST without Content-Length (chunked) is a 400', async () => {
    const body = '--b\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nx\r\n--b--\r\n';
    const chunked = `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
    const exchange = await rawRequest(srv.port, [
      head('POST', '/blackhole', 'multipart/form-data; boundary=b', -1) + chunked,
    ]);
    assert.equal(exchange?.response.status, 400);
  });

  test('a 256 MiB upload streams through /blackhole with RSS growth under 64 MiB', { timeout: 120_000 }, async () => {
    const path = join(files.dir, 'big.bin');
    const hash = bigFile(path, 256 * 1024 * 1024);
    global.gc?.();
    const base = process.memoryUsage.rss();
    let peak = base;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 10);
    try {
      const res = await curl(['--max-time', '100', '-F', `file=@${path}`, `${srv.url}/blackhole`]);
      assert.equal(res.status, 200);
      assert.ok(res.body.includes(`SHA256: ${hash}`));
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage.rss());
    const growth = (peak - base) / 1024 / 1024;
    assert.ok(growth < 64, `RSS grew by ${growth.toFixed(1)} MiB`);
  });
});
