/**
 * Uploads with curl -F to an application with automatic form parsing:
 * fields, several files, UTF-8 names, a large file, and no temporary file
 * left once the responses are sent.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  Application,
  DiskFile,
  type FieldStorage,
  type FieldValue,
  JSONResponse,
  METHOD_POST,
  type Request,
} from '../../src/index.ts';
import { curl, quietLogger, type Running, start } from '../helpers/serve.ts';
import { eventually, openDescriptors, tempDirectory } from '../helpers/upload.ts';

const temp = tempDirectory();
const files = tempDirectory();

function makeApp(): Application {
  const app = new Application('upload', { tempDir: temp.dir, logger: quietLogger() });
  app.route(
    '/upload',
    async (req: Request) => {
      const form = req.form as FieldStorage<FieldValue>;
      const out: Record<string, unknown> = {};
      for (const key of form.keys()) {
        const items = ([] as FieldStorage<FieldValue>[]).concat(form.item(key));
        out[key] = await Promise.all(
          items.map(async (item) =>
            item.file instanceof DiskFile
              ? {
                  filename: item.filename,
                  type: item.type,
                  size: item.file.size,
                  sha256: createHash('sha256')
                    .update(await item.file.read())
                    .digest('hex'),
                  inTemp: item.file.path.startsWith(temp.dir),
                }
              : item.value,
          ),
        );
      }
      return new JSONResponse(out);
    },
    METHOD_POST,
  );
  return app;
}

describe('curl -F uploads with automatic parsing', () => {
  let srv: Running;
  let descriptors: number;
  before(async () => {
    srv = await start(makeApp());
    descriptors = openDescriptors();
  });
  after(async () => {
    await srv.close();
    temp.remove();
    files.remove();
  });

  test('text fields and several files, with their types and UTF-8 names', async () => {
    const a = join(files.dir, 'a.bin');
    const b = join(files.dir, 'žluťoučký kůň.txt');
    const dataA = randomBytes(300_000);
    writeFileSync(a, dataA);
    writeFileSync(b, 'příliš\r\n--boundary-like\r\n');
    const res = await curl([
      '-F',
      'name=Ondřej',
      '-F',
      'x=1',
      '-F',
      'x=2',
      '-F',
      `file=@${a};type=image/png`,
      '-F',
      `file=@${b}`,
      '-F',
      'empty=',
      `${srv.url}/upload`,
    ]);
    assert.equal(res.status, 200);
    const body = JSON.parse(Buffer.from(res.body, 'latin1').toString('utf8'));
    assert.deepEqual(body.name, ['Ondřej']);
    assert.deepEqual(body.x, ['1', '2']);
    assert.deepEqual(body.empty, ['']);
    assert.deepEqual(body.file, [
      {
        filename: 'a.bin',
        type: 'image/png',
        size: dataA.length,
        sha256: createHash('sha256').update(dataA).digest('hex'),
        inTemp: true,
      },
      {
        filename: 'žluťoučký kůň.txt',
        type: 'text/plain',
        size: 28,
        sha256: createHash('sha256').update('příliš\r\n--boundary-like\r\n').digest('hex'),
        inTemp: true,
      },
    ]);
  });

  test('a 64 MiB file arrives whole', { timeout: 60_000 }, async () => {
    const big = join(files.dir, 'big.bin');
    const data = randomBytes(64 * 1024 * 1024);
    writeFileSync(big, data);
    const res = await curl(['-F', `big=@${big}`, `${srv.url}/upload`]);
    assert.equal(res.status, 200);
    const [seen] = JSON.parse(res.body).big;
    assert.equal(seen.size, data.length);
    assert.equal(seen.sha256, createHash('sha256').update(data).digest('hex'));
  });

  test('chunked uploads (curl -H "Transfer-Encoding: chunked") are parsed as they stream', async () => {
    const res = await curl(['-H', 'Transfer-Encoding: chunked', '-F', 'a=chunked', `${srv.url}/upload`]);
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body), { a: ['chunked'] });
  });

  test('no temporary file and no descriptor is left after the responses', async () => {
    await eventually(() => temp.list().length === 0, 'the temporary directory is empty');
    await eventually(() => openDescriptors() <= descriptors, `descriptors back to ${descriptors}`);
  });
});
