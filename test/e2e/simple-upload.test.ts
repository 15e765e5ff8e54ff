/**
 * The form and upload routes of examples/simple.ts on a real socket:
 * `curl -F` uploads to `/test/upload` (shown, then deleted from the upload
 * directory), multipart and urlencoded posts to `/test/form`, escaping of
 * what the client sent, a refused upload over an existing file, and POST
 * `/yield` reading a chunked body chunk by chunk.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../examples/simple.ts';
import { curl, quietLogger, type RawResponse, type Running, start } from '../helpers/serve.ts';
import { field, filePart, multipart } from '../helpers/upload.ts';

const work = mkdtempSync(join(tmpdir(), 'poorwsgi-simple-upload-'));
const uploadDir = join(work, 'upload');

const TEXT = 'Hello <b>world</b> & "friends"\nžluťoučký kůň\n';
const BINARY = Buffer.from(Array.from({ length: 120 }, (_, i) => (i * 37) % 256));
/** Python's `base64.encodebytes` of {@link BINARY}, without the final newline. */
const BINARY_BASE64 = BINARY.toString('base64').replace(/.{76}/g, '$&\n');

/** The body of a curl response as UTF-8 (the helper reads it as latin1). */
function html(res: RawResponse): string {
  return Buffer.from(res.body, 'latin1').toString('utf8');
}

/** HTML-escaped text as the example writes it. */
function escaped(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#x27;');
}

describe('examples/simple.ts: forms and uploads', () => {
  let srv: Running;

  before(async () => {
    // source files the client uploads, outside the upload directory
    for (const [name, data] of [
      ['a.txt', TEXT],
      ['b.bin', BINARY],
      ['taken.txt', 'the upload'],
      ['fresh.txt', 'fresh'],
    ] as const) {
      writeFileSync(join(work, name), data);
    }
    const app = createApp({ uploadDir });
    app.logger = quietLogger();
    srv = await start(app);
  });
  after(async () => {
    await srv.close();
    rmSync(work, { recursive: true, force: true });
  });

  const uploaded = () => (existsSync(uploadDir) ? readdirSync(uploadDir) : []);
  const src = (name: string) => join(work, name);

  const uploads: readonly [what: string, args: string[], expected: string[]][] = [
    [
      'a text file: its content as escaped text',
      ['-F', `file_0=@${src('a.txt')};type=text/plain`],
      [
        '<h2>a.txt</h2>',
        '<th>type</th><td><code>text/plain</code>',
        `<th>length</th><td><code>${Buffer.byteLength(TEXT)}</code>`,
        `<pre>${escaped(TEXT)}</pre>`,
      ],
    ],
    [
      'a binary file: its content in base64',
      ['-F', `file_1=@${src('b.bin')};type=application/octet-stream`],
      [
        '<h2>b.bin</h2>',
        '<th>field</th><td><code>file_1</code>',
        '<th>type</th><td><code>application/octet-stream</code>',
        `<th>length</th><td><code>${BINARY.length}</code>`,
        `<pre>${BINARY_BASE64}</pre>`,
      ],
    ],
    [
      'two files and a field at once',
      ['-F', `file_0=@${src('a.txt')};type=text/plain`, '-F', `file_2=@${src('b.bin')}`, '-F', 'note=hi'],
      ['<h2>a.txt</h2>', '<h2>b.bin</h2>', `<pre>${BINARY_BASE64}</pre>`, '<th>note getfirst</th><td><code>hi</code>'],
    ],
    [
      'a hostile file name: escaped, stored under its last segment',
      ['-F', `file_0=@${src('a.txt')};filename=../<img src=x onerror=alert(1)>.txt`],
      ['<h2>../&lt;img src=x onerror=alert(1)&gt;.txt</h2>'],
    ],
  ];
  for (const [what, args, expected] of uploads) {
    test(`/test/upload with ${what}; the stored files are deleted`, async () => {
      const res = await curl([...args, `${srv.url}/test/upload`]);
      assert.equal(res.status, 200, res.body);
      const page = html(res);
      for (const text of expected) assert.ok(page.includes(text), `${text} in\n${page}`);
      assert.ok(!page.includes('<img src'), 'nothing of the client is left unescaped');
      assert.deepEqual(uploaded(), []);
    });
  }

  test('/test/upload: an empty file input (filename="") is an empty field, not a file', async () => {
    const body = multipart([field('note', 'x'), filePart('file_0', '', '')]);
    const res = await fetch(`${srv.url}/test/upload`, {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=XyZ' },
      body,
    });
    assert.equal(res.status, 200);
    const page = await res.text();
    assert.ok(page.includes('<th>file_0 getlist</th><td><code>[&quot;&quot;]</code>'), page);
    assert.ok(!page.includes('<pre>'), 'no file is shown');
  });

  const longNames: readonly [what: string, disposition: string, shown: string][] = [
    ['filename= of 296 ASCII bytes', `filename="${'a'.repeat(296)}"`, 'a'.repeat(296)],
    ['filename= of 200 x ř', `filename="${'ř'.repeat(200)}"`, 'ř'.repeat(200)],
    ["filename*=UTF-8'' and 300 characters", `filename*=UTF-8''${'%C5%99'.repeat(300)}`, 'ř'.repeat(300)],
  ];
  for (const [what, disposition, shown] of longNames) {
    test(`/test/upload with ${what}: stored under a shortened name, shown under the client's, no 500`, async () => {
      const body = multipart([[`Content-Disposition: form-data; name="file_0"; ${disposition}`, 'long name']]);
      const res = await fetch(`${srv.url}/test/upload`, {
        method: 'POST',
        headers: { 'Content-Type': 'multipart/form-data; boundary=XyZ' },
        body,
      });
      const page = await res.text();
      assert.equal(res.status, 200, page);
      assert.ok(page.includes(`<h2>${shown}</h2>`), page);
      assert.ok(page.includes('long name'));
      assert.deepEqual(uploaded(), []);
    });
  }

  test('/test/upload over an existing file: 409, the file kept, the other upload removed', async () => {
    writeFileSync(join(uploadDir, 'taken.txt'), 'already here');
    try {
      const res = await curl([
        '-F',
        `file_0=@${src('fresh.txt')}`,
        '-F',
        `file_1=@${src('taken.txt')}`,
        `${srv.url}/test/upload`,
      ]);
      assert.equal(res.status, 409);
      // curl accepts */*: the built-in page in plain text
      assert.match(res.body, /^409 - Conflict\nA file named "taken.txt" is already in the upload directory\n$/);
      assert.equal(readFileSync(join(uploadDir, 'taken.txt'), 'utf8'), 'already here');
      assert.deepEqual(uploaded(), ['taken.txt']);
    } finally {
      rmSync(join(uploadDir, 'taken.txt'), { force: true });
    }
    const again = await curl([`${srv.url}/test/upload`]);
    assert.equal(again.status, 200, 'the server still answers');
  });

  const forms: readonly [what: string, args: string[], expected: string[]][] = [
    [
      'a multipart POST with repeated fields',
      ['-F', 'name=Ondřej', '-F', 'name=Tůma', '-F', 'age=42'],
      [
        '<th>name getvalue</th><td><code>[&quot;Ondřej&quot;,&quot;Tůma&quot;]</code>',
        '<th>name getfirst</th><td><code>Ondřej</code>',
        '<th>name getlist</th><td><code>[&quot;Ondřej&quot;,&quot;Tůma&quot;]</code>',
        '<th>age getvalue</th><td><code>42</code>',
        'keys: <code>[&quot;name&quot;,&quot;age&quot;]</code>',
      ],
    ],
    [
      'a field value with markup',
      ['--form-string', 'name=<script>alert(1)</script>', '--form-string', '<b>=bold name'],
      [
        '<th>name getfirst</th><td><code>&lt;script&gt;alert(1)&lt;/script&gt;</code>',
        '<th>&lt;b&gt; getfirst</th><td><code>bold name</code>',
      ],
    ],
    [
      'a file, shown by its size and deleted as on /test/upload',
      ['-F', `file_0=@${src('b.bin')}`, '-F', 'age=42'],
      [
        `<th>file_0 getvalue</th><td><code>&lt;${BINARY.length} bytes&gt;</code>`,
        '<th>age getfirst</th><td><code>42</code>',
      ],
    ],
    [
      'an urlencoded value with markup',
      ['--data', 'name=%3Cscript%3Ealert(1)%3C%2Fscript%3E'],
      ['<th>name getfirst</th><td><code>&lt;script&gt;alert(1)&lt;/script&gt;</code>'],
    ],
  ];
  for (const [what, args, expected] of forms) {
    test(`/test/form with ${what}`, async () => {
      const res = await curl([...args, `${srv.url}/test/form`]);
      assert.equal(res.status, 200);
      const page = html(res);
      for (const text of expected) assert.ok(page.includes(text), `${text} in\n${page}`);
      assert.ok(!page.includes('<script>alert') && !page.includes('<b>='), 'the client markup is escaped');
      assert.deepEqual(uploaded(), []);
    });
  }

  test('/test/form with an urlencoded POST and query arguments: both shown apart', async () => {
    const res = await curl(['--data', 'age=42&age=43&name=T%C5%AFma', `${srv.url}/test/form?page=2`]);
    assert.equal(res.status, 200);
    const page = html(res);
    const [args = '', form = ''] = page.split('<h2>req.form</h2>');
    assert.ok(args.includes('<th>page getfirst</th><td><code>2</code>'), args);
    assert.ok(!args.includes('<th>age getfirst'), 'the body is not in req.args');
    assert.ok(form.includes('<th>age getlist</th><td><code>[&quot;42&quot;,&quot;43&quot;]</code>'), form);
    assert.ok(form.includes('<th>name getvalue</th><td><code>Tůma</code>'), form);
    assert.ok(!form.includes('<th>page getfirst'), 'the query is not in req.form');
  });

  const refused: readonly [what: string, type: string, body: string | Buffer, status: number][] = [
    ['a multipart type without a boundary', 'multipart/form-data', 'x', 400],
    [
      'a multipart body without its final boundary',
      'multipart/form-data; boundary=XyZ',
      multipart([filePart('file_0', 'cut.txt', 'cut short', 'text/plain')], 'XyZ', false),
      400,
    ],
  ];
  for (const [what, type, body, status] of refused) {
    test(`/test/form refuses ${what} with ${status}, no file left`, async () => {
      const res = await fetch(`${srv.url}/test/form`, { method: 'POST', headers: { 'Content-Type': type }, body });
      assert.equal(res.status, status);
      await res.arrayBuffer();
      assert.ok(!readdirSync(work, { recursive: true }).some((name) => String(name).includes('cut.txt')));
    });
  }

  /** POST `chunks` to /yield, each its own HTTP chunk; resolves with the status. */
  function postChunks(chunks: readonly string[]): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = request(
        `${srv.url}/yield`,
        { method: 'POST', headers: { 'Transfer-Encoding': 'chunked' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      // the server may answer 400 and close before it read the rest: the status is what counts
      req.on('error', reject);
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });
  }

  const chunked: readonly [what: string, chunks: string[], status: number][] = [
    ['the chunks 0 to 9', Array.from({ length: 10 }, (_, i) => String(i)), 200],
    ['no chunk at all', [], 200],
    ['a wrong third chunk', ['0', '1', 'x', '3'], 400],
    ['a first chunk that is not 0', ['1'], 400],
    ['two numbers in one chunk', ['0', '12'], 400],
  ];
  for (const [what, chunks, status] of chunked) {
    test(`POST /yield with ${what}: ${status}`, { timeout: 20_000 }, async () => {
      assert.equal(await postChunks(chunks), status);
    });
  }
});
