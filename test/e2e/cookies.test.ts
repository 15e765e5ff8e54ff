/**
 * Response cookies on the wire: several `Set-Cookie` header lines, read by
 * a raw socket, curl (its cookie jar), fetch and Node's HTTP/2 client; kept
 * on a 304 of a file, on HEAD, on 204 and on compressed answers; and read
 * back from `Cookie` by `req.cookies`.
 * @module
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  Application,
  type BaseResponse,
  FileResponse,
  NoContentResponse,
  type Request,
  Response,
} from '../../src/index.ts';
import { exchange, startClear } from '../helpers/http2.ts';
import { curl, parseRaw, quietLogger, type Running, rawExchange, start } from '../helpers/serve.ts';

const EXPECTED = [
  'plain=1; Path=/',
  'quoted="a b\\073c"; HttpOnly; Max-Age=60; Path=/; SameSite=Lax',
  'gone=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/',
];

function withCookies<R extends BaseResponse>(res: R): R {
  res.setCookie('plain', '1');
  res.setCookie('quoted', 'a b;c', { httpOnly: true, maxAge: 60, sameSite: 'Lax' });
  res.clearCookie('gone');
  return res;
}

function run(file: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { encoding: 'utf8' }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

describe('response cookies on the wire', () => {
  let dir: string;
  let file: string;
  let plain: Running;
  let compressed: Running;

  function routes(app: Application): Application {
    app.route('/cookies', () => withCookies(new Response('x'.repeat(2000), 'text/plain')));
    app.route('/file', () => withCookies(new FileResponse(file, 'text/plain', { ETag: '"v1"' })));
    app.route('/empty', () => withCookies(new NoContentResponse()));
    app.route('/echo', (req: Request) => ({ ...req.cookies }));
    return app;
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'poorwsgi-test-cookies-'));
    file = join(dir, 'page.txt');
    writeFileSync(file, 'y'.repeat(4000));
    plain = await start(routes(new Application('cookies', { logger: quietLogger() })));
    compressed = await start(
      routes(new Application('cookies', { logger: quietLogger(), compression: { threshold: 100 } })),
    );
  });

  after(async () => {
    await plain.close();
    await compressed.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a raw socket sees one Set-Cookie line per cookie, in order', async () => {
    const raw = parseRaw(
      await rawExchange(plain.port, 'GET /cookies HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
    );
    assert.equal(raw.status, 200);
    assert.deepEqual(raw.headers.get('set-cookie'), EXPECTED);
  });

  test('fetch reads them apart (getSetCookie)', async () => {
    const res = await fetch(`${plain.url}/cookies`);
    await res.arrayBuffer();
    assert.deepEqual(res.headers.getSetCookie(), EXPECTED);
  });

  test('app.fetch (the Fetch transport) keeps them apart too', async () => {
    const app = routes(new Application('cookies', { logger: quietLogger() }));
    const res = await app.request('/cookies');
    assert.deepEqual(res.headers.getSetCookie(), EXPECTED);
  });

  test('curl stores them in its cookie jar and sends them back; req.cookies reads them', async () => {
    const jar = join(dir, 'jar.txt');
    await run('curl', ['-s', '-o', '/dev/null', '-c', jar, `${plain.url}/cookies`]);
    const stored = readFileSync(jar, 'utf8');
    assert.match(stored, /\tplain\t1$/m);
    assert.match(stored, /#HttpOnly_127\.0\.0\.1\t.*\tquoted\t"a b\\073c"$/m);
    assert.doesNotMatch(stored, /\tgone\t/);
    const echoed = await run('curl', ['-s', '-b', jar, `${plain.url}/echo`]);
    assert.deepEqual(JSON.parse(echoed), { plain: '1', quoted: 'a b;c' });
  });

  test('a 304 of a file keeps its cookies, and HEAD has them with no body', async () => {
    const notModified = await curl(['-H', 'If-None-Match: "v1"', `${plain.url}/file`]);
    assert.equal(notModified.status, 304);
    assert.deepEqual(notModified.headers.get('set-cookie'), EXPECTED);
    assert.equal(notModified.headers.get('etag')?.[0], '"v1"');
    const head = parseRaw(await rawExchange(plain.port, 'HEAD /file HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    assert.equal(head.status, 200);
    assert.deepEqual(head.headers.get('set-cookie'), EXPECTED);
    assert.equal(head.body, '');
    const headOfNotModified = await curl(['-I', '-H', 'If-None-Match: "v1"', `${plain.url}/file`]);
    assert.equal(headOfNotModified.status, 304);
    assert.deepEqual(headOfNotModified.headers.get('set-cookie'), EXPECTED);
  });

  test('204 keeps its cookies', async () => {
    const res = await fetch(`${plain.url}/empty`);
    assert.equal(res.status, 204);
    assert.deepEqual(res.headers.getSetCookie(), EXPECTED);
  });

  test('a compressed answer keeps its cookies', async () => {
    const res = await curl(['-H', 'Accept-Encoding: gzip', `${compressed.url}/cookies`]);
    assert.equal(res.headers.get('content-encoding')?.[0], 'gzip');
    assert.deepEqual(res.headers.get('set-cookie'), EXPECTED);
    const file304 = await curl([
      '-H',
      'Accept-Encoding: gzip',
      '-H',
      'If-None-Match: W/"v1"',
      `${compressed.url}/file`,
    ]);
    assert.equal(file304.status, 304);
    assert.deepEqual(file304.headers.get('set-cookie'), EXPECTED);
  });

  test('over HTTP/2, the cookies arrive as one field each', async () => {
    const h2 = await startClear(routes(new Application('cookies', { logger: quietLogger() })));
    const session = connect(h2.origin);
    try {
      const answer = await exchange(session, { ':path': '/cookies' });
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.headers['set-cookie'], EXPECTED);
    } finally {
      session.close();
      await h2.close();
    }
  });
});
