import assert from 'node:assert/strict';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { HTTPException } from '../../../src/errors/http-exception.ts';
import { DiskFile } from '../../../src/forms/disk-file.ts';
import { fileStorage, safeFilename } from '../../../src/forms/file-storage.ts';
import { TempFiles } from '../../../src/forms/temp-files.ts';
import { Headers } from '../../../src/http/headers.ts';

const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'poorwsgi-test-tf-'));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const info = { name: 'f', type: 'text/plain', headers: new Headers() };

describe('DiskFile', () => {
  test('create refuses an existing name and a planted symbolic link (O_EXCL)', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'exists'), 'x');
    symlinkSync(join(dir, 'target'), join(dir, 'link'));
    for (const name of ['exists', 'link']) {
      await assert.rejects(DiskFile.create(join(dir, name)), (err: NodeJS.ErrnoException) => err.code === 'EEXIST');
    }
    assert.equal(existsSync(join(dir, 'target')), false, 'nothing was written through the link');
  });

  test('write, size, close, read back, stream, remove', async () => {
    const dir = freshDir();
    const file = await DiskFile.create(join(dir, 'a'));
    assert.equal(file.open, true);
    await file.write(Buffer.from('hello '));
    await file.write(new Uint8Array([0x77, 0x6f, 0x72, 0x6c, 0x64]));
    assert.equal(file.size, 11);
    await file.close();
    assert.equal(file.open, false);
    await assert.rejects(file.write(Buffer.from('x')), /closed/);
    assert.equal(file.readSync().toString(), 'hello world');
    assert.equal((await file.read()).toString(), 'hello world');
    const streamed: Buffer[] = [];
    for await (const chunk of file.stream()) streamed.push(chunk as Buffer);
    assert.equal(Buffer.concat(streamed).toString(), 'hello world');
    assert.equal(String(file), `DiskFile(${join(dir, 'a')})`);
    await file.remove();
    await file.remove();
    assert.equal(file.removed, true);
    assert.deepEqual(readdirSync(dir), []);
  });
});

describe('TempFiles', () => {
  test('cleanup removes what is not kept, closes what is, and makes no more files', async () => {
    const dir = freshDir();
    const files = new TempFiles(dir);
    assert.equal(files.directory, dir);
    const a = await files.create();
    const b = await files.create();
    await a.write(Buffer.from('a'));
    b.keep();
    assert.equal(files.files.length, 2);
    await files.cleanup();
    assert.equal(files.closed, true);
    assert.equal(a.removed, true);
    assert.equal(b.open, false);
    assert.deepEqual(readdirSync(dir), [b.path.slice(dir.length + 1)]);
    await assert.rejects(files.create(), /no more temporary files/);
    await files.cleanup();
  });

  test('the default directory is os.tmpdir()', () => {
    assert.equal(new TempFiles().directory, tmpdir());
    assert.equal(new TempFiles(null).directory, tmpdir());
  });
});

describe('fileStorage and safeFilename', () => {
  const names: ReadonlyArray<[filename: string, safe: string]> = [
    ['photo.jpg', 'photo.jpg'],
    ['C:\\Users\\me\\photo.jpg', 'photo.jpg'],
    ['../../etc/passwd', 'passwd'],
    ['a/b\\c', 'c'],
    ['..', ''],
    ['.', ''],
    ['dir/', ''],
    ['bad\u0000name\r\n.txt', 'badname.txt'],
    ['  spaced.txt  ', 'spaced.txt'],
    ['žluťoučký kůň.txt', 'žluťoučký kůň.txt'],
  ];
  for (const [filename, safe] of names) {
    test(`safeFilename(${JSON.stringify(filename)}) is ${JSON.stringify(safe)}`, () => {
      assert.equal(safeFilename(filename), safe);
    });
  }

  test('stores under the directory (made when missing), keeps the file, never overwrites', async () => {
    const dir = join(freshDir(), 'upload');
    const callback = fileStorage(dir);
    const sink = (await callback('../x.txt', info)) as DiskFile;
    await sink.write(Buffer.from('data'));
    await sink.close();
    assert.equal(sink.path, join(dir, 'x.txt'));
    assert.equal(sink.kept, true);
    assert.equal(readFileSync(join(dir, 'x.txt'), 'utf8'), 'data');
    assert.equal(statSync(join(dir, 'x.txt')).mode & 0o777, 0o600);
    await assert.rejects(
      Promise.resolve(callback('x.txt', info)),
      (err: NodeJS.ErrnoException) => err.code === 'EEXIST',
    );
    await assert.rejects(
      Promise.resolve(callback('..', info)),
      (err: unknown) => err instanceof HTTPException && err.statusCode === 400,
    );
  });
});
