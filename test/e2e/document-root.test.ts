import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { normalizeDocumentPath } from '../../src/app/document-root.ts';
import { timeToHttp } from '../../src/http/dates.ts';
import { Application, fromEnv, type Request } from '../../src/index.ts';
import { boundaryOf, parseByteranges } from '../helpers/multipart-parse.ts';
import { rawRequest } from '../helpers/raw-request.ts';
import { curl, parseRaw, quietLogger, type Running, start } from '../helpers/serve.ts';

const base = mkdtempSync(join(tmpdir(), 'poorwsgi-docroot-'));
const root = join(base, 'root');
const outside = join(base, 'outside');
const SECRET = 'TOP-SECRET-OUTSIDE-THE-ROOT';
const A_TEXT = 'Hello from a.txt\n'.repeat(100);
const MTIME = 1_600_000_000;
const BIG = Buffer.alloc(8 * 1024 * 1024, 120);

mkdirSync(join(root, 'sub', 'deeper'), { recursive: true });
mkdirSync(outside);
writeFileSync(join(outside, 'secret.txt'), SECRET);
writeFileSync(join(root, 'a.txt'), A_TEXT);
utimesSync(join(root, 'a.txt'), MTIME, MTIME);
writeFileSync(join(root, 'index.html'), '<h1>index</h1>');
writeFileSync(join(root, 'big.bin'), BIG);
writeFileSync(join(root, 'sub', 'b.txt'), 'b');
writeFileSync(join(root, 'with space & <tag>.txt'), 'spaced');
writeFileSync(join(root, '%2e%2e'), 'a file named %2e%2e');
writeFileSync(join(root, '.hidden'), 'hidden');
writeFileSync(join(root, 'backup~'), 'backup');
symlinkSync(join(root, 'a.txt'), join(root, 'link-inside'));
symlinkSync(join(outside, 'secret.txt'), join(root, 'link-out'));
symlinkSync(outside, join(root, 'dirlink-out'));
execFileSync('mkfifo', [join(root, 'fifo')]);
after(() => rmSync(base, { recursive: true, force: true }));

const openDescriptors = (): number => readdirSync('/proc/self/fd').length;

describe('normalizeDocumentPath', () => {
  const table: readonly [path: string, raw: string, expected: string | undefined][] = [
    ['/a.txt', '/a.txt', '/a.txt'],
    ['/', '/', '/'],
    ['/sub//b.txt', '/sub//b.txt', '/sub/b.txt'],
    ['//a.txt', '//a.txt', '/a.txt'],
    ['/sub/./b.txt', '/sub/./b.txt', '/sub/b.txt'],
    ['/sub/../a.txt', '/sub/../a.txt', '/a.txt'],
    ['/../../etc/passwd', '/../../etc/passwd', '/etc/passwd'],
    ['/sub/', '/sub/?x=1', '/sub'],
    ['/a/b', '/a%2Fb', undefined],
    ['/a/b', '/a%2fb', undefined],
    ['/a\\b', '/a%5cb', undefined],
    ['/a\\b', '/a\\b', undefined],
    ['/a\0', '/a%00', undefined],
    ['*', '*', undefined],
    ['/%2e%2e/x', '/%252e%252e/x', '/%2e%2e/x'],
    ['/x', '/x?next=%2F', '/x'],
  ];
  for (const [path, raw, expected] of table) {
    test(`${JSON.stringify(raw)} → ${JSON.stringify(expected)}`, () =>
      assert.equal(normalizeDocumentPath(path, raw), expected));
  }
});

describe('fromEnv: poor_DocumentRoot and poor_DocumentIndex', () => {
  const table: readonly [env: NodeJS.ProcessEnv, expected: Record<string, unknown>][] = [
    [
      { poor_DocumentRoot: '/srv', poor_DocumentIndex: 'On' },
      { documentRoot: '/srv', documentIndex: true },
    ],
    [
      { poor_DocumentRoot: '', poor_DocumentIndex: 'off' },
      { documentRoot: '', documentIndex: false },
    ],
    [{}, {}],
  ];
  for (const [env, expected] of table) {
    test(JSON.stringify(env), () => {
      const options = fromEnv(env);
      for (const [key, value] of Object.entries(expected)) assert.equal(options[key as keyof typeof options], value);
      if (Object.keys(expected).length === 0) assert.equal('documentRoot' in options, false);
    });
  }

  test('an option with a NUL is refused', () => {
    assert.throws(() => new Application('x', { documentRoot: 'a\0b' }), /documentRoot/);
  });
});

describe('document root on a real socket', () => {
  let srv: Running;
  let app: Application;
  const hooked: string[] = [];

  before(async () => {
    app = new Application('docroot');
    app.logger = quietLogger();
    app.documentRoot = root;
    app.documentIndex = true;
    app.route('/index.html', () => 'the route wins');
    app.setDefault((req) => `default handler for ${req.path}`);
    app.beforeResponse((req: Request) => {
      hooked.push(`${req.path} ${req.uriRule}`);
    });
    srv = await start(app);
  });
  after(() => srv.close());

  test('GET a file: its bytes, type, length, Last-Modified (mtime), ETag, Accept-Ranges', async () => {
    hooked.length = 0;
    const res = await fetch(`${srv.url}/a.txt`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), A_TEXT);
    assert.equal(res.headers.get('content-type'), 'text/plain');
    assert.equal(res.headers.get('content-length'), String(A_TEXT.length));
    assert.equal(res.headers.get('last-modified'), timeToHttp(MTIME));
    assert.match(res.headers.get('etag') ?? '', /^"[0-9a-f]+-[0-9a-f]+"$/);
    assert.equal(res.headers.get('accept-ranges'), 'bytes');
    assert.deepEqual(hooked, ['/a.txt /*'], 'before-hooks run once, after the route is resolved');
  });

  test('HEAD a file: the same headers, no body', async () => {
    const get = parseRaw(await rawRequest(srv.port, 'GET /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    const head = parseRaw(await rawRequest(srv.port, 'HEAD /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    get.headers.delete('date');
    head.headers.delete('date');
    assert.deepEqual(head.headers, get.headers);
  });

  const served: readonly [path: string, body: string][] = [
    ['/sub//b.txt', 'b'],
    ['/sub/./b.txt', 'b'],
    ['/sub/deeper/../b.txt', 'b'],
    ['/sub/%2e%2e/a.txt', A_TEXT],
    ['/link-inside', A_TEXT],
    ['/with%20space%20%26%20%3Ctag%3E.txt', 'spaced'],
    ['/%252e%252e', 'a file named %2e%2e'],
  ];
  for (const [path, body] of served) {
    test(`GET ${path} (curl --path-as-is): served`, async () => {
      const res = await curl(['--path-as-is', `${srv.url}${path}`]);
      assert.equal(res.status, 200);
      assert.equal(res.body, body);
    });
  }

  for (const path of ['/a.txt/', '/sub/b.txt/', '/a.txt/.', '/a.txt//', '/link-inside/']) {
    test(`GET ${path} (curl --path-as-is): a file looked up as a directory is not found`, async () => {
      const res = await curl(['--path-as-is', `${srv.url}${path}`]);
      assert.notEqual(res.body, A_TEXT);
      assert.notEqual(res.body, 'b');
      assert.match(res.body, /^default handler for /);
    });
  }

  test('GET /.hidden (curl --path-as-is): hidden files are never served, the default handler answers', async () => {
    const res = await curl(['--path-as-is', `${srv.url}/.hidden`]);
    assert.notEqual(res.body, 'hidden');
    assert.equal(res.body, 'default handler for /.hidden');
  });

  test('a route comes before the document root, the document root before the default handler', async () => {
    assert.equal(await (await fetch(`${srv.url}/index.html`)).text(), 'the route wins');
    assert.equal(await (await fetch(`${srv.url}/missing.txt`)).text(), 'default handler for /missing.txt');
    const post = await fetch(`${srv.url}/a.txt`, { method: 'POST', body: 'x' });
    assert.equal(post.status, 404, 'only GET and HEAD are served from the document root');
  });

  const escapes: readonly string[] = [
    '/../outside/secret.txt',
    '/../../../../../../etc/passwd',
    '/sub/../../outside/secret.txt',
    '/%2e%2e/outside/secret.txt',
    '/%2E%2E/%2E%2E/outside/secret.txt',
    '/%252e%252e/outside/secret.txt',
    '/%252e%252e%252foutside%252fsecret.txt',
    '/..%2foutside%2fsecret.txt',
    '/..%2Foutside/secret.txt',
    '/..%5coutside%5csecret.txt',
    '/..%255coutside%255csecret.txt',
    '/sub/..%5c..%5coutside%5csecret.txt',
    '/link-out',
    '/dirlink-out/secret.txt',
    '//../outside/secret.txt',
    `/${'../'.repeat(20)}${outside.slice(1)}/secret.txt`,
  ];
  for (const path of escapes) {
    test(`escape attempt ${path}: not served`, async () => {
      const res = await curl(['--path-as-is', `${srv.url}${path}`]);
      assert.ok([400, 403, 404].includes(res.status) || res.body.startsWith('default handler'), `status ${res.status}`);
      assert.ok(!res.body.includes(SECRET), 'the secret stays secret');
    });
  }

  const rawEscapes = [
    '/..\\outside\\secret.txt',
    '/sub\\..\\..\\outside\\secret.txt',
    '/a.txt%00',
    '/a.txt\\',
    `${outside}/secret.txt`,
  ];
  for (const path of rawEscapes) {
    test(`raw request target ${JSON.stringify(path)}: not served`, async () => {
      const raw = await rawRequest(srv.port, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      assert.ok(!raw.includes(SECRET), 'the secret stays secret');
      if (raw !== '') {
        const res = parseRaw(raw);
        assert.ok(res.status === 400 || res.status === 404 || res.body.startsWith('default handler'), `${res.status}`);
        assert.notEqual(res.body, A_TEXT);
      }
    });
  }

  test('a FIFO is 403, never read', async () => {
    assert.equal((await fetch(`${srv.url}/fifo`)).status, 403);
  });

  test('directory listing: escaped names and links, hidden and backup files left out (bug 1 fixed)', async () => {
    const res = await fetch(`${srv.url}/`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.ok(res.headers.get('last-modified'));
    const html = await res.text();
    assert.match(html, /<title>Index of \/<\/title>/);
    assert.match(html, /<a href="\/a\.txt">a\.txt<\/a>/);
    assert.match(html, /<a href="\/sub\/">sub\/<\/a>/);
    assert.match(html, /<a href="\/with%20space%20%26%20%3Ctag%3E\.txt">with space &amp; &lt;tag&gt;\.txt<\/a>/);
    assert.match(html, /<a href="\/%252e%252e">%2e%2e<\/a>/);
    assert.doesNotMatch(html, /\.hidden|backup~|>\.\.</);
    assert.doesNotMatch(html, /fifo/, 'special files are not listed');
    assert.match(html, /<td>8\.0M<\/td><td>application\/octet-stream<\/td>/);
  });

  test('directory listing of a subdirectory has a parent link, without a trailing slash too', async () => {
    for (const path of ['/sub/', '/sub', '/sub//']) {
      const res = await fetch(`${srv.url}${path}`);
      assert.equal(res.status, 200, path);
      const html = await res.text();
      assert.match(html, /<title>Index of \/sub<\/title>/);
      assert.match(html, /<a href="\/">\.\.<\/a>/);
      assert.match(html, /<a href="\/sub\/b\.txt">b\.txt<\/a>/);
      assert.match(html, /<a href="\/sub\/deeper\/">deeper\/<\/a>/);
    }
  });

  test('a directory with documentIndex off is 403', async () => {
    app.documentIndex = false;
    try {
      assert.equal((await fetch(`${srv.url}/sub/`)).status, 403);
    } finally {
      app.documentIndex = true;
    }
  });

  describe('ranges (curl -r)', () => {
    test('one range: 206 with Content-Range', async () => {
      const res = await curl(['-r', '6-9', `${srv.url}/a.txt`]);
      assert.equal(res.status, 206);
      assert.deepEqual(res.headers.get('content-range'), [`bytes 6-9/${A_TEXT.length}`]);
      assert.equal(res.body, A_TEXT.slice(6, 10));
    });

    test('a suffix range', async () => {
      const res = await curl(['-r', '-5', `${srv.url}/a.txt`]);
      assert.equal(res.status, 206);
      assert.equal(res.body, A_TEXT.slice(-5));
    });

    test('several ranges: multipart/byteranges', async () => {
      const res = await curl(['-r', '0-4,20-24,-3', `${srv.url}/a.txt`]);
      assert.equal(res.status, 206);
      const parts = parseByteranges(res.body, boundaryOf(res.headers.get('content-type')?.[0]));
      const length = A_TEXT.length;
      assert.deepEqual(
        parts.map((p) => [p.headers['content-type'], p.headers['content-range'], p.body]),
        [
          ['text/plain', `bytes 0-4/${length}`, A_TEXT.slice(0, 5)],
          ['text/plain', `bytes 20-24/${length}`, A_TEXT.slice(20, 25)],
          ['text/plain', `bytes ${length - 3}-${length - 1}/${length}`, A_TEXT.slice(-3)],
        ],
      );
      assert.equal(res.headers.get('content-length')?.[0], String(Buffer.byteLength(res.body, 'latin1')));
    });

    test('unsatisfiable: 416 with Content-Range: bytes */length (bug 20 fixed)', async () => {
      const res = await curl(['-r', `${A_TEXT.length}-`, `${srv.url}/a.txt`]);
      assert.equal(res.status, 416);
      assert.deepEqual(res.headers.get('content-range'), [`bytes */${A_TEXT.length}`]);
    });

    test('a Range in other units, or malformed, gives the whole file', async () => {
      for (const range of ['lines=0-1', 'bytes=abc', 'bytes 0-1']) {
        const res = await curl(['-H', `Range: ${range}`, `${srv.url}/a.txt`]);
        assert.equal(res.status, 200, range);
        assert.equal(res.body, A_TEXT, range);
      }
    });

    test('HEAD ignores Range (RFC 9110 §14.2): the 200 headers', async () => {
      const res = await curl(['-I', '-r', '0-1', `${srv.url}/a.txt`]);
      assert.equal(res.status, 200);
      assert.deepEqual(res.headers.get('content-length'), [String(A_TEXT.length)]);
    });

    test('If-Range with the current ETag: 206; with another: the whole 200', async () => {
      const etag = (await fetch(`${srv.url}/a.txt`)).headers.get('etag') ?? '';
      const fresh = await curl(['-r', '0-1', '-H', `If-Range: ${etag}`, `${srv.url}/a.txt`]);
      assert.equal(fresh.status, 206);
      const stale = await curl(['-r', '0-1', '-H', 'If-Range: "old"', `${srv.url}/a.txt`]);
      assert.equal(stale.status, 200);
      assert.equal(stale.body, A_TEXT);
      const date = await curl(['-r', '0-1', '-H', `If-Range: ${timeToHttp(MTIME)}`, `${srv.url}/a.txt`]);
      assert.equal(date.status, 206);
    });
  });

  describe('conditional requests', () => {
    const cases: readonly [label: string, headers: (etag: string) => Record<string, string>, status: number][] = [
      ['If-None-Match with the ETag', (etag) => ({ 'If-None-Match': etag }), 304],
      ['If-None-Match with a weak form of it', (etag) => ({ 'If-None-Match': `W/${etag}` }), 304],
      ['If-None-Match: *', () => ({ 'If-None-Match': '*' }), 304],
      ['If-None-Match with another ETag', () => ({ 'If-None-Match': '"other"' }), 200],
      ['If-Modified-Since the mtime', () => ({ 'If-Modified-Since': timeToHttp(MTIME) }), 304],
      ['If-Modified-Since before the mtime', () => ({ 'If-Modified-Since': timeToHttp(MTIME - 1) }), 200],
      ['If-Match with the ETag', (etag) => ({ 'If-Match': etag }), 200],
      ['If-Match with another ETag', () => ({ 'If-Match': '"other"' }), 412],
      ['If-Unmodified-Since before the mtime', () => ({ 'If-Unmodified-Since': timeToHttp(MTIME - 1) }), 412],
      ['If-Unmodified-Since the mtime', () => ({ 'If-Unmodified-Since': timeToHttp(MTIME) }), 200],
    ];
    for (const [label, headers, status] of cases) {
      test(`${label}: ${status}`, async () => {
        const etag = (await fetch(`${srv.url}/a.txt`)).headers.get('etag') ?? '';
        const args = Object.entries(headers(etag)).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
        const res = await curl([...args, `${srv.url}/a.txt`]);
        assert.equal(res.status, status);
        if (status === 304) {
          assert.deepEqual(res.headers.get('etag'), [etag], 'a 304 keeps the ETag (bug 2 fixed)');
          assert.deepEqual(res.headers.get('last-modified'), [timeToHttp(MTIME)]);
          assert.ok(res.headers.has('date'));
          assert.equal(res.headers.has('content-type'), false);
          assert.equal(res.headers.has('content-length'), false);
          assert.equal(res.body, '');
        }
      });
    }

    test('HEAD with If-None-Match: 304 too', async () => {
      const etag = (await fetch(`${srv.url}/a.txt`)).headers.get('etag') ?? '';
      const res = await curl(['-I', '-H', `If-None-Match: ${etag}`, `${srv.url}/a.txt`]);
      assert.equal(res.status, 304);
    });
  });

  test('no descriptor is left open: whole files, ranges, HEAD, 304 and clients that go away', async () => {
    await fetch(`${srv.url}/a.txt`).then((r) => r.text());
    const before = openDescriptors();
    const requests = [
      'GET /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      'HEAD /big.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      'GET /a.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=0-1,5-9\r\nConnection: close\r\n\r\n',
      'GET /a.txt HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: Thu, 01 Jan 2099 00:00:00 GMT\r\nConnection: close\r\n\r\n',
      'GET /a.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=99999-\r\nConnection: close\r\n\r\n',
    ];
    for (let i = 0; i < 10; i++) for (const request of requests) await rawRequest(srv.port, request);
    for (let i = 0; i < 10; i++) {
      await new Promise<void>((resolve, reject) => {
        const socket = connect(srv.port, '127.0.0.1');
        let received = 0;
        socket.on('data', (chunk: Buffer) => {
          received += chunk.byteLength;
          if (received > 256 * 1024) socket.destroy();
        });
        socket.on('close', () => resolve());
        socket.on('error', reject);
        socket.write('GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n');
      });
    }
    // the server closes its side and the file when it sees the client gone
    for (let i = 0; i < 200 && openDescriptors() > before; i++) await new Promise((r) => setTimeout(r, 10));
    // a keep-alive socket of an earlier fetch may have closed meanwhile: fewer is fine, more is a leak
    assert.ok(openDescriptors() <= before, `${openDescriptors()} descriptors open, ${before} before`);
  });
});
