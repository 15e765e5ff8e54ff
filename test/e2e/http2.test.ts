/**
 * The application served over HTTP/2 by Node's `node:http2` compatibility
 * API, talked to by the real curl (nghttp2): `--http2` over TLS (ALPN) and
 * `--http2-prior-knowledge` in clear text, every answer checked to be
 * HTTP/2 (`%{http_version}`), and HTTP/1.1 on the same TLS server
 * (`allowHTTP1`). test/e2e/http2-streams.test.ts checks what only Node's
 * own client shows (exact header fields, resets, `100 Continue`).
 * @module
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:http2';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  Application,
  type FieldStorage,
  type FieldValue,
  FileResponse,
  GeneratorResponse,
  type Http2ListenOptions,
  METHOD_POST,
  type Request,
  serverPort,
  tuple,
} from '../../src/index.ts';
import {
  type CertDir,
  collect,
  curlHttp,
  type Http2Running,
  makeCertDir,
  startClear,
  startSecure,
} from '../helpers/http2.ts';
import { quietLogger } from '../helpers/serve.ts';
import { eventually } from '../helpers/upload.ts';

/** The connection-specific header fields of RFC 9113 §8.2.2 that `/hop` sets. */
const HOP_HEADERS = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade'];

const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

function makeApp(dataFile: string, uploads: string): Application {
  const app = new Application('http2', { logger: quietLogger(), tempDir: uploads });
  app.route('/', () => tuple('Hello HTTP/2', 'text/plain'));
  app.route('/user/<id:int>', (_req, id) => ({ id, double: id * 2 }));
  app.route('/request', (req) => ({
    protocol: req.protocol,
    scheme: req.scheme,
    host: req.host,
    hostname: req.hostname,
    hostHeader: req.header('Host') ?? null,
    pseudo: req.header(':path') ?? null,
    names: [...req.headers].map(([name]) => name),
    url: req.constructUrl('/x'),
  }));
  app.route(
    '/stream',
    () =>
      new GeneratorResponse(
        (function* () {
          for (let i = 0; i < 50; i++) yield `chunk ${i}\n`;
        })(),
        'text/plain',
      ),
  );
  app.route('/file', () => new FileResponse(dataFile));
  app.route('/json', (req) => ({ received: req.json ?? null }), METHOD_POST);
  app.route(
    '/upload',
    async (req: Request) => {
      const form = req.form as FieldStorage<FieldValue>;
      const file = form.field('file');
      const bytes = (await file?.bytes()) ?? Buffer.alloc(0);
      return {
        name: form.field('name')?.value ?? null,
        filename: file?.filename,
        size: bytes.length,
        sha: sha256(bytes),
      };
    },
    METHOD_POST,
  );
  // a handler that sets every connection-specific header field (a streamed body: chunked on HTTP/1.1)
  app.route(
    '/hop',
    () =>
      new GeneratorResponse(['one ', 'two'], {
        contentType: 'text/plain',
        headers: [
          ['Connection', 'close'],
          ['Keep-Alive', 'timeout=5'],
          ['Proxy-Connection', 'keep-alive'],
          ['Transfer-Encoding', 'chunked'],
          ['Upgrade', 'websocket'],
          ['X-Kept', 'yes'],
        ],
      }),
  );
  app.route('/boom', () => {
    throw new Error('boom');
  });
  return app;
}

describe('HTTP/2 with curl', () => {
  let certs: CertDir;
  let uploads: string;
  let dataFile: string;
  let data: Buffer;
  let secure: Http2Running<import('node:http2').Http2SecureServer>;
  let clear: Http2Running<import('node:http2').Http2Server>;
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);

  before(async () => {
    process.on('warning', onWarning);
    certs = makeCertDir();
    uploads = join(certs.dir, 'uploads');
    mkdirSync(uploads);
    dataFile = join(certs.dir, 'data.bin');
    data = Buffer.from(Array.from({ length: 1000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join(''));
    writeFileSync(dataFile, data);
    const app = makeApp(dataFile, uploads);
    secure = await startSecure(app, certs);
    clear = await startClear(app);
  });

  after(async () => {
    process.off('warning', onWarning);
    await secure.close();
    await clear.close();
    certs.remove();
    assert.equal(existsSync(certs.dir), false);
  });

  /** curl over TLS with ALPN h2 and in clear text with prior knowledge: both must say HTTP/2. */
  async function both(path: string, args: readonly string[] = []) {
    const overTls = await curlHttp(['--http2', ...args, `${secure.origin}${path}`]);
    const cleartext = await curlHttp(['--http2-prior-knowledge', ...args, `${clear.origin}${path}`]);
    assert.equal(overTls.version, '2', `${path} over TLS`);
    assert.equal(cleartext.version, '2', `${path} in clear text`);
    return [overTls, cleartext] as const;
  }

  test('routes and path parameters answer over TLS (ALPN h2) and in clear text (prior knowledge)', async () => {
    for (const answer of await both('/')) {
      assert.equal(answer.status, 200);
      assert.equal(answer.body, 'Hello HTTP/2');
      assert.equal(answer.headers.get('content-length')?.[0], '12');
    }
    for (const answer of await both('/user/21')) {
      assert.equal(answer.status, 200);
      assert.deepEqual(JSON.parse(answer.body), { id: 21, double: 42 });
    }
  });

  test('the request: no pseudo-header fields among the headers, Host from :authority, the scheme of the connection', async () => {
    const [overTls, cleartext] = await both('/request');
    const tls = JSON.parse(overTls.body);
    assert.equal(tls.protocol, 'HTTP/2.0');
    assert.equal(tls.scheme, 'https');
    assert.equal(tls.host, `127.0.0.1:${secure.port}`);
    assert.equal(tls.hostname, '127.0.0.1');
    assert.equal(tls.hostHeader, `127.0.0.1:${secure.port}`);
    assert.equal(tls.pseudo, null);
    assert.equal(tls.url, `https://127.0.0.1:${secure.port}/x`);
    assert.equal(tls.names[0], 'Host');
    assert.deepEqual(
      tls.names.filter((name: string) => name.startsWith(':')),
      [],
    );
    assert.ok(tls.names.includes('user-agent'));
    const plain = JSON.parse(cleartext.body);
    assert.equal(plain.scheme, 'http');
    assert.equal(plain.host, `127.0.0.1:${clear.port}`);
  });

  test('a streamed generator arrives whole', async () => {
    const expected = Array.from({ length: 50 }, (_, i) => `chunk ${i}\n`).join('');
    for (const answer of await both('/stream')) {
      assert.equal(answer.status, 200);
      assert.equal(answer.body, expected);
      assert.equal(answer.headers.has('content-length'), false);
    }
  });

  test('a file: a Range is a 206 with Content-Range, several a multipart/byteranges 206', async () => {
    for (const answer of await both('/file', ['-r', '10-19'])) {
      assert.equal(answer.status, 206);
      assert.equal(answer.headers.get('content-range')?.[0], `bytes 10-19/${data.length}`);
      assert.equal(answer.body, data.subarray(10, 20).toString('latin1'));
    }
    for (const answer of await both('/file', ['-r', '0-4,900-909'])) {
      assert.equal(answer.status, 206);
      const type = answer.headers.get('content-type')?.[0] ?? '';
      const boundary = /^multipart\/byteranges; boundary=(\S+)$/.exec(type)?.[1];
      assert.ok(boundary, type);
      const parts = answer.body.split(`--${boundary}`).slice(1, -1);
      assert.equal(parts.length, 2);
      assert.match(parts[0] ?? '', new RegExp(`Content-Range: bytes 0-4/${data.length}\\r\\n\\r\\nabcde\\r\\n$`));
      assert.match(
        parts[1] ?? '',
        new RegExp(`Content-Range: bytes 900-909/${data.length}\\r\\n\\r\\n${data.subarray(900, 910)}\\r\\n$`),
      );
    }
  });

  test('304 for a file’s ETag; HEAD with the headers of GET and no body', async () => {
    const [first] = await both('/file');
    assert.equal(first.body, data.toString('latin1'));
    const etag = first.headers.get('etag')?.[0];
    assert.ok(etag);
    for (const answer of await both('/file', ['-H', `If-None-Match: ${etag}`])) {
      assert.equal(answer.status, 304);
      assert.equal(answer.body, '');
      assert.equal(answer.headers.get('etag')?.[0], etag);
    }
    for (const answer of await both('/file', ['-I'])) {
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get('content-length')?.[0], String(data.length));
      assert.equal(answer.body, '');
    }
    // an answer in memory too
    for (const answer of await both('/', ['-I'])) {
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get('content-length')?.[0], '12');
      assert.equal(answer.body, '');
    }
  });

  test('a JSON POST body (collected) and a multipart upload (streamed to a temporary file)', async () => {
    const json = ['-H', 'Content-Type: application/json', '--data-binary', '{"a":[1,2,{"b":"ç"}]}'];
    for (const answer of await both('/json', json)) {
      assert.equal(answer.status, 200);
      assert.deepEqual(JSON.parse(Buffer.from(answer.body, 'latin1').toString('utf8')), {
        received: { a: [1, 2, { b: 'ç' }] },
      });
    }
    const form = ['-F', 'name=value', '-F', `file=@${dataFile};filename=data.bin`];
    for (const answer of await both('/upload', form)) {
      assert.equal(answer.status, 200);
      assert.deepEqual(JSON.parse(answer.body), { name: 'value', filename: 'data.bin', size: 1000, sha: sha256(data) });
    }
    await eventually(() => readdirSync(uploads).length === 0, 'temporary files removed');
  });

  test('404, 405 with Allow, and a failing handler as 500', async () => {
    for (const answer of await both('/nowhere')) assert.equal(answer.status, 404);
    for (const answer of await both('/', ['-X', 'DELETE'])) {
      assert.equal(answer.status, 405);
      assert.equal(answer.headers.get('allow')?.[0], 'HEAD, GET, OPTIONS');
    }
    for (const answer of await both('/boom')) assert.equal(answer.status, 500);
  });

  test('connection-specific headers set by a handler: dropped on HTTP/2, sent on HTTP/1.1', async () => {
    for (const answer of await both('/hop')) {
      assert.equal(answer.status, 200);
      assert.equal(answer.body, 'one two');
      assert.equal(answer.headers.get('x-kept')?.[0], 'yes');
      for (const name of HOP_HEADERS) assert.equal(answer.headers.has(name), false, name);
    }
    const http1 = await curlHttp(['--http1.1', `${secure.origin}/hop`]);
    assert.equal(http1.version, '1.1');
    assert.equal(http1.status, 200);
    assert.equal(http1.body, 'one two');
    assert.equal(http1.headers.get('connection')?.[0], 'close');
    assert.equal(http1.headers.get('keep-alive')?.[0], 'timeout=5');
    assert.equal(http1.headers.get('transfer-encoding')?.[0], 'chunked');
  });

  test('HTTP/1.1 on the allowHTTP1 server still works', async () => {
    const answer = await curlHttp(['--http1.1', `${secure.origin}/user/5`]);
    assert.equal(answer.version, '1.1');
    assert.deepEqual(JSON.parse(answer.body), { id: 5, double: 10 });
    const request = JSON.parse((await curlHttp(['--http1.1', `${secure.origin}/request`])).body);
    assert.equal(request.protocol, 'HTTP/1.1');
    assert.equal(request.scheme, 'https');
    const posted = await curlHttp([
      '--http1.1',
      '-H',
      'Content-Type: application/json',
      '-d',
      '[1]',
      `${secure.origin}/json`,
    ]);
    assert.deepEqual(JSON.parse(posted.body), { received: [1] });
  });

  test('Node warned of nothing: no reason phrase, no connection header reached node:http2', () => {
    assert.deepEqual(
      warnings.map((w) => w.message),
      [],
    );
  });
});

describe('CORS and compression over HTTP/2', () => {
  test('the CORS headers and a compressed body (in memory and streamed) reach curl', async () => {
    const app = new Application('http2-cors', {
      logger: quietLogger(),
      compression: true,
      cors: { origin: ['https://app.example'] },
    });
    const document = JSON.stringify({ text: 'x'.repeat(5000) });
    app.route('/doc', () => tuple(document, 'application/json'));
    app.route(
      '/lines',
      () =>
        new GeneratorResponse(
          Array.from({ length: 200 }, (_, i) => `line ${i}\n`),
          'text/plain',
        ),
    );
    const server = await startClear(app);
    try {
      for (const [path, expected] of [
        ['/doc', document],
        ['/lines', Array.from({ length: 200 }, (_, i) => `line ${i}\n`).join('')],
      ] as const) {
        const args = ['--http2-prior-knowledge', '--compressed', '-H', 'Origin: https://app.example'];
        const answer = await curlHttp([...args, `${server.origin}${path}`]);
        assert.equal(answer.version, '2');
        assert.equal(answer.status, 200);
        assert.equal(answer.headers.get('access-control-allow-origin')?.[0], 'https://app.example');
        assert.match(answer.headers.get('content-encoding')?.[0] ?? '', /^(br|gzip|zstd)$/);
        assert.equal(answer.body, expected);
      }
    } finally {
      await server.close();
    }
  });
});

describe('app.listen({ http2: true, key, cert })', () => {
  test('HTTP/2 and HTTP/1.1 over TLS on one port, 100 Continue only for a body that is read', async () => {
    const certs = makeCertDir();
    try {
      const app = new Application('listen-http2', { logger: quietLogger() });
      app.route('/', () => tuple('listened', 'text/plain'));
      const server = await app.listen({ port: 0, http2: true, key: certs.key, cert: certs.cert });
      const origin = `https://127.0.0.1:${serverPort(server)}`;
      const session = connect(origin, { rejectUnauthorized: false });
      try {
        const h2 = await curlHttp(['--http2', `${origin}/`]);
        assert.equal(h2.version, '2');
        assert.equal(h2.body, 'listened');
        const h1 = await curlHttp(['--http1.1', `${origin}/`]);
        assert.equal(h1.version, '1.1');
        assert.equal(h1.body, 'listened');
        // app.checkContinue is the server's: without it Node would send 100 Continue to every client
        const waiting = session.request(
          { ':method': 'POST', ':path': '/nowhere', 'content-length': '10', expect: '100-continue' },
          { endStream: false },
        );
        const refused = await collect(waiting);
        assert.equal(refused.status, 404);
        assert.equal(refused.continued, false);
      } finally {
        session.close();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      for (const incomplete of [{ http2: true }, { http2: true, key: certs.key }]) {
        await assert.rejects(app.listen({ port: 0, ...incomplete } as unknown as Http2ListenOptions), {
          code: 'PW_ERR_ARGUMENT',
        });
      }
    } finally {
      certs.remove();
    }
  });
});
