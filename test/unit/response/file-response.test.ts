import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { HTTPException } from '../../../src/errors/http-exception.ts';
import { timeToHttp } from '../../../src/http/dates.ts';
import { FileObjResponse } from '../../../src/response/file-obj-response.ts';
import { FileResponse } from '../../../src/response/file-response.ts';
import { FileSource } from '../../../src/response/file-source.ts';
import { readBody } from '../../helpers/read-body.ts';

const dir = mkdtempSync(join(tmpdir(), 'poorwsgi-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const CONTENT = Buffer.from('Hello file ✓\n'.repeat(10_000));
const write = (name: string, data: string | Uint8Array = CONTENT): string => {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
};

const openDescriptors = (): number => readdirSync('/proc/self/fd').length;

/** Run `fn`, let pending closes finish, and check no descriptor is left open. */
async function noLeak(fn: () => Promise<void>): Promise<void> {
  const before = openDescriptors();
  await fn();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(openDescriptors(), before, 'every descriptor is closed');
}

function httpError(status: number) {
  return (err: unknown) => err instanceof HTTPException && err.statusCode === status;
}

describe('FileResponse headers', () => {
  const types: readonly [name: string, type: string][] = [
    ['page.html', 'text/html'],
    ['style.css', 'text/css'],
    ['data.json', 'application/json'],
    ['favicon.ico', 'image/vnd.microsoft.icon'],
    ['archive.tar.gz', 'application/gzip'],
    ['noextension', 'application/octet-stream'],
  ];
  for (const [name, type] of types) {
    test(`${name}: ${type}`, () => {
      const res = new FileResponse(write(name));
      assert.equal(res.prepare().headers.get('Content-Type'), type);
    });
  }

  test('Content-Length, Last-Modified from the mtime (bug 28), ETag, Accept-Ranges', () => {
    const path = write('dated.txt');
    utimesSync(path, 1_600_000_000, 1_500_000_000.75);
    const res = new FileResponse(path);
    const headers = res.prepare().headers;
    assert.equal(headers.get('Content-Length'), String(CONTENT.byteLength));
    assert.equal(headers.get('Last-Modified'), timeToHttp(1_500_000_000));
    assert.equal(res.lastModified, 1_500_000_000);
    assert.match(headers.get('ETag') ?? '', /^"[0-9a-f]+-[0-9a-f]+"$/);
    assert.equal(headers.get('Accept-Ranges'), 'bytes');
  });

  test('given Content-Type, Last-Modified and ETag are kept', () => {
    const res = new FileResponse(write('kept.bin'), 'text/plain', { 'Last-Modified': 'x', ETag: 'W/"1"' });
    const headers = res.prepare().headers;
    assert.equal(headers.get('Content-Type'), 'text/plain');
    assert.equal(headers.get('Last-Modified'), 'x');
    assert.equal(headers.get('ETag'), 'W/"1"');
  });

  test('a status other than 200 does not advertise ranges', () => {
    const res = new FileResponse(write('404.html'), null, null, 404);
    assert.equal(res.prepare().headers.has('Accept-Ranges'), false);
  });

  test('the body is the file, an empty file gives an empty body', async () => {
    assert.deepEqual(await readBody(new FileResponse(write('full.txt')).prepare().body), CONTENT);
    assert.equal((await readBody(new FileResponse(write('empty.txt', '')).prepare().body)).byteLength, 0);
  });
});

describe('FileResponse refuses what it cannot send', () => {
  mkdirSync(join(dir, 'subdir'));
  execFileSync('mkfifo', [join(dir, 'fifo')]);
  const table: readonly [label: string, path: string, status: number][] = [
    ['a missing file', join(dir, 'missing.txt'), 404],
    ['a path through a file', join(dir, 'full.txt', 'x'), 404],
    ['a directory', join(dir, 'subdir'), 403],
    ['a FIFO', join(dir, 'fifo'), 403],
  ];
  for (const [label, path, status] of table) {
    test(`${label}: HTTPException ${status}, no descriptor left`, () =>
      noLeak(async () => {
        assert.throws(() => new FileResponse(path), httpError(status));
      }));
  }

  test('an unreadable file: HTTPException 403 (checked as an unprivileged user)', (t) => {
    const path = write('secret.txt');
    chmodSync(path, 0o000);
    chmodSync(dir, 0o755);
    const script = `
      import { FileResponse } from ${JSON.stringify(fileURLToPath(new URL('../../../src/response/file-response.ts', import.meta.url)))};
      try { new FileResponse(${JSON.stringify(path)}); console.log('served'); }
      catch (err) { console.log(err.statusCode ?? err.code); }`;
    const asRoot = process.getuid?.() === 0;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    if (child.error || child.status !== 0) {
      t.skip(`cannot run as an unprivileged user here: ${child.error?.message ?? child.stderr}`);
      return;
    }
    assert.equal(child.stdout.trim(), '403');
  });
});

describe('FileSource: descriptors are closed on every path', () => {
  test('read to the end', () =>
    noLeak(async () => {
      for (let i = 0; i < 20; i++) await readBody(new FileResponse(write('a.txt')).prepare().body);
    }));

  test('a range, and several ranges', () =>
    noLeak(async () => {
      const res = new FileResponse(write('b.txt'));
      res.makePartial([
        [0, 9],
        [100, 199],
        [null, 5],
      ]);
      const text = (await readBody(res.prepare().body)).toString('latin1');
      assert.ok(text.includes(CONTENT.subarray(100, 200).toString('latin1')));
    }));

  test('50 ranges of one file: every one read, and no listener warning from the file handle', () =>
    noLeak(async () => {
      const warnings: string[] = [];
      const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
      process.on('warning', onWarning);
      try {
        const res = new FileResponse(write('ranges.txt'));
        const pairs: [number, number][] = Array.from({ length: 50 }, (_, i) => [i * 1000, i * 1000 + 9]);
        res.makePartial(pairs);
        const text = (await readBody(res.prepare().body)).toString('latin1');
        for (const [start, end] of pairs) {
          assert.ok(text.includes(`Content-Range: bytes ${start}-${end}/${CONTENT.byteLength}`));
          assert.ok(text.includes(CONTENT.subarray(start, end + 1).toString('latin1')));
        }
        // warnings are emitted on the next tick
        await new Promise((resolve) => setImmediate(resolve));
        assert.deepEqual(warnings, []);
      } finally {
        process.off('warning', onWarning);
      }
    }));

  test('prepared and never read (HEAD, 304): nothing is opened', () =>
    noLeak(async () => {
      for (let i = 0; i < 20; i++) new FileResponse(write('c.txt')).prepare();
    }));

  test('opened and never read, then closed', () =>
    noLeak(async () => {
      const body = new FileResponse(write('d.txt')).prepare().body;
      assert.ok(body.kind === 'stream' && body.source instanceof FileSource);
      await body.source.open();
      await body.source.close();
    }));

  test('the reader stops after the first chunk', () =>
    noLeak(async () => {
      const body = new FileResponse(write('e.txt')).prepare().body;
      assert.ok(body.kind === 'stream');
      for await (const chunk of body.source) {
        assert.ok(chunk.length > 0);
        break;
      }
    }));

  test('a file replaced after the check is refused', () =>
    noLeak(async () => {
      const path = write('f.txt');
      const body = new FileResponse(path).prepare().body;
      renameSync(write('g.txt', 'other'), path);
      assert.ok(body.kind === 'stream' && body.source instanceof FileSource);
      await assert.rejects(body.source.open(), /was replaced/);
    }));

  test('a file that shrank is an error, not a short body', () =>
    noLeak(async () => {
      const path = write('h.txt');
      const body = new FileResponse(path).prepare().body;
      truncateSync(path, 10);
      await assert.rejects(readBody(body), /ended after 10 of/);
    }));

  test('a file removed after the check: ENOENT at open', () =>
    noLeak(async () => {
      const path = write('i.txt');
      const body = new FileResponse(path).prepare().body;
      rmSync(path);
      assert.ok(body.kind === 'stream' && body.source instanceof FileSource);
      await assert.rejects(body.source.open(), { code: 'ENOENT' });
    }));
});

describe('FileObjResponse', () => {
  test('a descriptor: Content-Length from fstat, octet-stream, closed once read', () =>
    noLeak(async () => {
      const fd = openSync(write('fd.bin'), 'r');
      const res = new FileObjResponse(fd);
      const prepared = res.prepare();
      assert.equal(prepared.headers.get('Content-Type'), 'application/octet-stream');
      assert.equal(prepared.headers.get('Content-Length'), String(CONTENT.byteLength));
      assert.deepEqual(await readBody(prepared.body), CONTENT);
    }));

  test('a descriptor never read is closed by close() (what the adapter does for HEAD)', () =>
    noLeak(async () => {
      const body = new FileObjResponse(openSync(write('fd2.bin'), 'r')).prepare().body;
      assert.ok(body.kind === 'stream' && body.source instanceof FileSource);
      await body.source.close();
    }));

  test('an fs.ReadStream: length from the file, ranges skip to the bytes', async () => {
    const path = write('rs.txt');
    const { createReadStream } = await import('node:fs');
    const res = new FileObjResponse(createReadStream(path), 'text/plain');
    assert.equal(res.contentLength, CONTENT.byteLength);
    res.makePartial([[5, 9]]);
    const prepared = res.prepare();
    assert.equal(prepared.statusCode, 206);
    assert.deepEqual(await readBody(prepared.body), CONTENT.subarray(5, 10));
  });

  test('any Readable: unknown length, streamed', async () => {
    const res = new FileObjResponse(Readable.from([Buffer.from('ab'), Buffer.from('c')]));
    const prepared = res.prepare();
    assert.equal(prepared.headers.get('Content-Length'), undefined);
    assert.equal((await readBody(prepared.body)).toString(), 'abc');
  });

  test('refuses what is neither a descriptor nor a stream', () => {
    assert.throws(
      () => new FileObjResponse('path.txt' as unknown as number),
      /FileObjResponse needs a file descriptor/,
    );
    assert.throws(() => new FileObjResponse(-1), /descriptor must be open/);
  });

  test('the file read back equals the file on disk', async () => {
    const path = write('same.txt');
    const res = new FileObjResponse(openSync(path, 'r'));
    assert.deepEqual(await readBody(res.prepare().body), readFileSync(path));
    assert.equal(statSync(path).size, CONTENT.byteLength);
  });
});
