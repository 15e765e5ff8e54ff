/**
 * The values of uploaded files: small ones through PoorWSGI's synchronous
 * getters, any size through `bytes()`, `text()`, `stream()` and `path`; the
 * getters refuse a file larger than `SYNC_READ_LIMIT` with an error that
 * names the async API instead of blocking the event loop.
 * @module
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { SYNC_READ_LIMIT } from '../../../src/forms/field-storage.ts';
import { DiskFile, ERROR_CODES, FieldStorage, PoorWSGIError } from '../../../src/index.ts';
import { tempDirectory } from '../../helpers/upload.ts';

const temp = tempDirectory();
after(() => temp.remove());

/** A form with one file field `file` of `size` bytes written to a DiskFile. */
async function formWithFile(name: string, size: number): Promise<FieldStorage<string | Buffer>> {
  const disk = await DiskFile.create(`${temp.dir}/${name}`);
  await disk.write(Buffer.alloc(size, 0x61));
  await disk.close();
  const field = new FieldStorage<string | Buffer>('file');
  field.filename = `${name}.bin`;
  field.file = disk;
  const form = new FieldStorage<string | Buffer>();
  form.list = [field, new FieldStorage<string | Buffer>('note', 'hello')];
  return form;
}

describe('file values', () => {
  test('a file up to SYNC_READ_LIMIT is read by the synchronous getters', async () => {
    const form = await formWithFile('small', SYNC_READ_LIMIT);
    const value = form.getfirst('file');
    assert.ok(Buffer.isBuffer(value));
    assert.equal(value.length, SYNC_READ_LIMIT);
  });

  test('a larger file: the getters throw PW_ERR_SYNC_READ naming the async API', async () => {
    const form = await formWithFile('large', SYNC_READ_LIMIT + 1);
    for (const read of [() => form.getfirst('file'), () => form.getlist('file'), () => form.field('file')?.value]) {
      assert.throws(read, (err: unknown) => {
        assert.ok(err instanceof PoorWSGIError);
        assert.equal(err.code, ERROR_CODES.PW_ERR_SYNC_READ);
        assert.match(err.message, /await field\.bytes\(\).*field\.stream\(\).*field\.path/);
        return true;
      });
    }
    assert.equal(form.getfirst('note'), 'hello', 'other fields still read');
  });

  test('bytes(), text(), stream(), path and byteLength reach a file of any size', async () => {
    const size = 3 * SYNC_READ_LIMIT + 5;
    const form = await formWithFile('any', size);
    const field = form.field('file');
    assert.ok(field);
    assert.equal(field.byteLength, size);
    assert.equal(field.path, `${temp.dir}/any`);
    assert.equal((await field.bytes())?.length, size);
    assert.equal((await field.text())?.length, size);
    let streamed = 0;
    for await (const chunk of field.stream() ?? []) streamed += chunk.byteLength;
    assert.equal(streamed, size);
  });

  test('a text field: bytes() is its UTF-8, text() the string, stream() one chunk, no path', async () => {
    const field = new FieldStorage('t', 'řek');
    assert.deepEqual(await field.bytes(), Buffer.from('řek'));
    assert.equal(await field.text(), 'řek');
    assert.equal(field.byteLength, 4);
    assert.equal(field.path, null);
    const chunks: Uint8Array[] = [];
    for await (const chunk of field.stream() ?? []) chunks.push(chunk);
    assert.equal(Buffer.concat(chunks).toString(), 'řek');
  });

  test('a sink that cannot be read back: null everywhere, no throw', async () => {
    const field = new FieldStorage<string | Buffer>('f');
    field.filename = 'x';
    field.file = { write: () => undefined };
    assert.equal(field.value, null);
    assert.equal(await field.bytes(), null);
    assert.equal(await field.text(), null);
    assert.equal(field.stream(), null);
    assert.equal(field.byteLength, null);
  });

  test('field() is the first field of a name, undefined without one', async () => {
    const form = new FieldStorage();
    form.list = [new FieldStorage('a', '1'), new FieldStorage('a', '2')];
    assert.equal(form.field('a')?.value, '1');
    assert.equal(form.field('b'), undefined);
  });
});
