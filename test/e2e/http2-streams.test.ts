/**
 * HTTP/2 streams seen through Node's own `http2.connect` client, which shows
 * what curl hides: the exact header fields of a response, how each stream
 * ended (RST_STREAM codes), `100 Continue`, bodies without Content-Length,
 * and clients that reset a stream mid-body or mid-response. Nothing waits for
 * a clock: hooks and the server's own events say when it got there.
 * @module
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdirSync, readdirSync } from 'node:fs';
import { type ClientHttp2Session, connect, constants } from 'node:http2';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  Application,
  type FieldStorage,
  type FieldValue,
  GeneratorResponse,
  METHOD_POST,
  tuple,
} from '../../src/index.ts';
import { type CertDir, collect, exchange, type Http2Running, makeCertDir, startClear } from '../helpers/http2.ts';
import { quietLogger } from '../helpers/serve.ts';
import { eventually, field, filePart, multipart } from '../helpers/upload.ts';

/** Header fields never sent on HTTP/2 (connection-specific, and those Node refuses in responses). */
const NEVER_ON_HTTP2 = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host', 'te'];

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** The application and what the tests learn from inside it. */
function makeApp(uploads: string) {
  // dataSize: a raw body of 100 kB is read before the handler (the collector's path)
  const app = new Application('http2-streams', { logger: quietLogger(), tempDir: uploads, dataSize: 1024 * 1024 });
  const routedBy = new Map<string, Deferred<void>>();
  const answeredBy = new Map<string, Deferred<number>>();
  const seen = {
    /** The first request to `path` is routed (its body not read yet). */
    routed(path: string): Deferred<void> {
      if (!routedBy.has(path)) routedBy.set(path, deferred());
      return routedBy.get(path) as Deferred<void>;
    },
    /** The final status of the first request to `path`, from an after-hook. */
    answered(path: string): Deferred<number> {
      if (!answeredBy.has(path)) answeredBy.set(path, deferred<number>());
      return answeredBy.get(path) as Deferred<number>;
    },
    rawCalls: 0,
    generatorEnded: deferred<string>(),
  };
  app.beforeResponse((req) => {
    seen.routed(req.path).resolve();
  });
  app.afterResponse((req, res) => {
    seen.answered(req.path).resolve(res.statusCode);
    return res;
  });
  app.route('/', () => tuple('root', 'text/plain'));
  app.route('/hop', () =>
    tuple('hop', 'text/plain', [
      ['Connection', 'keep-alive'],
      ['Keep-Alive', 'timeout=5'],
      ['Proxy-Connection', 'keep-alive'],
      ['Transfer-Encoding', 'identity'],
      ['Upgrade', 'h2c'],
      ['Host', 'example.org'],
      ['TE', 'gzip'],
      ['X-Kept', 'yes'],
    ]),
  );
  app.route('/many', () =>
    tuple('many', 'text/plain', [
      ['Set-Cookie', 'a=1'],
      ['Set-Cookie', 'b=2'],
      // a singleton field given twice: Node refuses an array of it on HTTP/2
      ['Content-Language', 'en'],
      ['Content-Language', 'cs'],
    ]),
  );
  app.route('/json', (req) => ({ received: req.json ?? null, chunked: req.isChunked }), METHOD_POST);
  app.route(
    '/raw',
    (req) => {
      seen.rawCalls++;
      return tuple(String(req.data?.length), 'text/plain');
    },
    METHOD_POST,
  );
  app.route(
    '/upload',
    (req) => {
      const form = req.form as FieldStorage<FieldValue>;
      return { size: form.field('file')?.byteLength ?? null };
    },
    METHOD_POST,
  );
  // reads one chunk of a body and answers: the rest stays unread
  app.route(
    '/partial',
    async (req) => {
      const first = await req.readChunk();
      const size = Number(req.args.getfirst('size') ?? '0');
      return tuple(size > 0 ? Buffer.alloc(size, 120) : `read ${first.length > 0}`, 'application/octet-stream');
    },
    METHOD_POST,
  );
  app.route('/big', () => {
    const chunk = Buffer.alloc(64 * 1024, 121);
    return new GeneratorResponse(
      (function* () {
        let done = false;
        try {
          for (let i = 0; i < 1000; i++) yield chunk;
          done = true;
        } finally {
          seen.generatorEnded.resolve(done ? 'done' : 'released');
        }
      })(),
      'application/octet-stream',
    );
  });
  app.route(
    '/broken',
    () =>
      new GeneratorResponse(
        (async function* () {
          yield 'first';
          throw new Error('the source failed');
        })(),
        'text/plain',
      ),
  );
  return { app, seen };
}

describe('HTTP/2 streams with Node’s client', () => {
  let certs: CertDir;
  let uploads: string;
  let server: Http2Running<import('node:http2').Http2Server>;
  let seen: ReturnType<typeof makeApp>['seen'];
  let session: ClientHttp2Session;

  before(async () => {
    certs = makeCertDir();
    uploads = join(certs.dir, 'uploads');
    mkdirSync(uploads);
    const made = makeApp(uploads);
    seen = made.seen;
    server = await startClear(made.app);
    session = connect(server.origin);
  });

  after(async () => {
    session.close();
    await server.close();
    assert.deepEqual(readdirSync(uploads), []);
    certs.remove();
  });

  const get = (path: string) => exchange(session, { ':path': path });
  /** The session is still usable after whatever a test did to one of its streams. */
  async function sessionAlive(): Promise<void> {
    const answer = await get('/');
    assert.equal(answer.status, 200);
    assert.equal(answer.body.toString(), 'root');
  }

  test('no connection-specific header field is ever sent, whoever set it', async () => {
    const answer = await get('/hop');
    assert.equal(answer.status, 200);
    assert.equal(answer.body.toString(), 'hop');
    assert.equal(answer.headers['x-kept'], 'yes');
    for (const name of NEVER_ON_HTTP2) assert.equal(answer.headers[name], undefined, name);
  });

  test('repeated fields: one Set-Cookie per cookie, the values of another field joined', async () => {
    const answer = await get('/many');
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.headers['set-cookie'], ['a=1', 'b=2']);
    assert.equal(answer.headers['content-language'], 'en, cs');
  });

  test('a body without Content-Length is read to the end of the stream', async () => {
    const stream = session.request({ ':method': 'POST', ':path': '/json', 'content-type': 'application/json' });
    const answer = collect(stream);
    stream.write('{"list": [1, ');
    stream.end('2, 3]}');
    const { status, body } = await answer;
    assert.equal(status, 200);
    assert.deepEqual(JSON.parse(body.toString()), { received: { list: [1, 2, 3] }, chunked: true });
    const empty = await exchange(session, { ':method': 'POST', ':path': '/json', 'content-type': 'application/json' });
    assert.deepEqual(JSON.parse(empty.body.toString()), { received: null, chunked: false });
  });

  test('Expect: 100-continue: 100 when the body is read, the final status alone when it is not', async () => {
    const body = '{"go":true}';
    const stream = session.request(
      { ':method': 'POST', ':path': '/json', 'content-type': 'application/json', expect: '100-continue' },
      { endStream: false },
    );
    const answer = collect(stream);
    stream.once('continue', () => stream.end(body));
    const continued = await answer;
    assert.equal(continued.continued, true);
    assert.equal(continued.status, 200);
    assert.deepEqual(JSON.parse(continued.body.toString()).received, { go: true });

    const refused = session.request(
      { ':method': 'POST', ':path': '/nowhere', 'content-length': '1000000', expect: '100-continue' },
      { endStream: false },
    );
    const notFound = await collect(refused);
    assert.equal(notFound.continued, false);
    assert.equal(notFound.status, 404);
    await sessionAlive();
  });

  test('a stream reset by the client mid-body (known length): 400 inside, the handler never called', async () => {
    const stream = session.request({
      ':method': 'POST',
      ':path': '/raw',
      'content-type': 'application/octet-stream',
      'content-length': '100000',
    });
    const closed = collect(stream);
    stream.write(Buffer.alloc(1000, 97));
    await seen.routed('/raw').promise;
    stream.close(constants.NGHTTP2_CANCEL);
    await closed;
    assert.equal(await seen.answered('/raw').promise, 400);
    assert.equal(seen.rawCalls, 0, 'a truncated body reached the handler');
    // the same body sent whole is read
    const whole = await exchange(
      session,
      { ':method': 'POST', ':path': '/raw', 'content-type': 'application/octet-stream', 'content-length': '100000' },
      Buffer.alloc(100000, 97),
    );
    assert.equal(whole.body.toString(), '100000');
    await sessionAlive();
  });

  test('a stream reset by the client mid-upload: 400 inside, its temporary files removed', async () => {
    // over dataSize: streamed to its parts, not loaded whole first
    const body = multipart([field('name', 'x'), filePart('file', 'f.bin', Buffer.alloc(2_000_000, 98))]);
    const stream = session.request({
      ':method': 'POST',
      ':path': '/upload',
      'content-type': 'multipart/form-data; boundary=XyZ',
      'content-length': String(body.length),
    });
    const closed = collect(stream);
    stream.write(body.subarray(0, 100_000));
    await eventually(() => readdirSync(uploads).length > 0, 'the upload has a temporary file');
    stream.close(constants.NGHTTP2_CANCEL);
    await closed;
    assert.equal(await seen.answered('/upload').promise, 400);
    await eventually(() => readdirSync(uploads).length === 0, 'temporary files removed');
    const whole = await exchange(
      session,
      { ':method': 'POST', ':path': '/upload', 'content-type': 'multipart/form-data; boundary=XyZ' },
      body,
    );
    assert.deepEqual(JSON.parse(whole.body.toString()), { size: 2_000_000 });
    await sessionAlive();
  });

  test('a stream reset by the client mid-response releases the generator', async () => {
    const stream = session.request({ ':path': '/big' });
    stream.once('data', () => stream.close(constants.NGHTTP2_CANCEL));
    const answer = await collect(stream);
    assert.equal(answer.status, 200);
    assert.equal(answer.rstCode, constants.NGHTTP2_CANCEL);
    assert.equal(await seen.generatorEnded.promise, 'released');
    await sessionAlive();
  });

  /** Send `total` more bytes as flow control lets them go, and end: only a server that reads lets MiBs through. */
  async function sendAll(stream: ReturnType<ClientHttp2Session['request']>, total: number): Promise<void> {
    const piece = Buffer.alloc(64 * 1024, 98);
    for (let sent = 0; sent < total; sent += piece.length) {
      if (!stream.write(piece)) await once(stream, 'drain');
    }
    stream.end();
  }

  test('a body left unread is read away after the response: the client finishes its upload, the stream ends', async () => {
    const rest = 4 * 1024 * 1024;
    const cases: Array<[path: string, length: number | undefined, expected: string | number]> = [
      // a handler that read one chunk: its reader is released when the response is complete
      ['/partial?size=0', undefined, 'read true'],
      ['/partial?size=4194304', undefined, 4 * 1024 * 1024],
      // a body nobody began to read
      ['/nowhere', 16 * 1024 + rest, 404],
    ];
    for (const [path, length, expected] of cases) {
      const stream = session.request(
        {
          ':method': 'POST',
          ':path': path,
          'content-type': 'application/octet-stream',
          ...(length === undefined ? {} : { 'content-length': String(length) }),
        },
        { endStream: false },
      );
      const closed = collect(stream);
      const responseEnd = once(stream, 'end');
      stream.write(Buffer.alloc(16 * 1024, 97));
      // the whole response first, while the body is still being sent
      await responseEnd;
      await sendAll(stream, rest);
      const answer = await closed;
      assert.equal(answer.rstCode, constants.NGHTTP2_NO_ERROR);
      if (typeof expected === 'number' && expected < 1000) assert.equal(answer.status, expected);
      else if (typeof expected === 'number') assert.equal(answer.body.length, expected);
      else assert.equal(answer.body.toString(), expected);
    }
    await sessionAlive();
  });

  test('a response that fails half-way resets its stream with INTERNAL_ERROR, and only that stream', async () => {
    const answer = await get('/broken');
    assert.equal(answer.status, 200);
    assert.equal(answer.rstCode, constants.NGHTTP2_INTERNAL_ERROR);
    assert.equal(answer.body.toString(), 'first');
    await sessionAlive();
  });
});
