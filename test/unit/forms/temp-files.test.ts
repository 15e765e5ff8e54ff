import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
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
import { fileStorage, MAX_FILENAME_BYTES, safeFilename } from '../../../src/forms/file-storage.ts';
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

  const long: ReadonlyArray<[what: string, filename: string, extension: string]> = [
    ['296 ASCII bytes', 'a'.repeat(296), ''],
    ['300 ASCII bytes and .txt', `${'a'.repeat(300)}.txt`, '.txt'],
    ['200 x ř (400 bytes)', 'ř'.repeat(200), ''],
    ['emoji (4 bytes each) and .jpeg', `${'😀'.repeat(100)}.jpeg`, '.jpeg'],
    ['a long extension, not kept apart', `x.${'e'.repeat(300)}`, ''],
  ];
  for (const [what, filename, extension] of long) {
    test(`safeFilename of ${what}: at most MAX_FILENAME_BYTES, whole characters, extension kept, unique`, () => {
      const safe = safeFilename(filename);
      const bytes = Buffer.byteLength(safe);
      assert.ok(bytes <= MAX_FILENAME_BYTES && bytes > MAX_FILENAME_BYTES - 4, `${bytes} bytes`);
      assert.ok(!safe.includes('\ufffd') && Buffer.from(safe).toString() === safe, 'a character cut in two');
      assert.ok(safe.endsWith(extension));
      assert.match(safe, /~[0-9a-f]{8}(\.\w+)?$/);
      // the same start, another end: another name; the same name: the same name
      assert.notEqual(safeFilename(`${filename}b`), safe);
      assert.equal(safeFilename(filename), safe);
    });
  }

  test('a name the file system refuses is a 400 naming the reason, never a raw fs error', async () => {
    const dir = join(freshDir(), 'upload');
    const callback = fileStorage(dir);
    // a directory of that name is there: the file system refuses the name (EISDIR or EEXIST)
    mkdirSync(join(dir, 'taken'), { recursive: true });
    await assert.rejects(
      Promise.resolve(callback('taken', info)),
      (err: unknown) => err instanceof HTTPException && (err.statusCode === 400 || err.statusCode === 409),
    );
    // 300 bytes would be ENAMETOOLONG: stored under the shortened name instead
    const sink = (await callback(`${'n'.repeat(300)}.txt`, info)) as DiskFile;
    await sink.close();
    assert.equal(readdirSync(dir).filter((name) => name.endsWith('.txt')).length, 1);
  });

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
      (err: unknown) => err instanceof HTTPException && err.statusCode === 409,
    );
    await assert.rejects(
      Promise.resolve(callback('..', info)),
      (err: unknown) => err instanceof HTTPException && err.statusCode === 400,
    );
  });
});
