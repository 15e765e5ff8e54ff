import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { addVary, compressResponse } from '../../../src/compress/compress-response.ts';
import { CompressedFileSource, CompressedStream } from '../../../src/compress/compress-stream.ts';
import { CompressedResponse } from '../../../src/compress/compressed-response.ts';
import { CompressionSettings } from '../../../src/compress/settings.ts';
import { Headers } from '../../../src/http/headers.ts';
import {
  BaseResponse,
  Declined,
  FileObjResponse,
  FileResponse,
  GeneratorResponse,
  JSONGeneratorResponse,
  JSONResponse,
  NoContentResponse,
  NotModifiedResponse,
  PartialResponse,
  PoorWSGIError,
  Response,
} from '../../../src/index.ts';
import { quietLogger } from '../../helpers/serve.ts';
import { bodyBytes, decode, request, text } from './helpers.ts';

const ON = new CompressionSettings();
const BODY = text(4096);
const dir = mkdtempSync(join(tmpdir(), 'poorwsgi-test-compress-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function json(size = 4096, headers?: Record<string, string>): Response {
  return new Response(text(size), 'application/json', headers ?? null);
}

describe('compressResponse: what is compressed', () => {
  test('a body in memory over the threshold: compressed now, Content-Length of the compressed bytes', async () => {
    for (const [accept, coding] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
    ] as const) {
      const original = json();
      const res = compressResponse(request(accept), original, ON);
      assert.ok(res instanceof CompressedResponse);
      assert.equal(res.coding, coding);
      assert.equal(res.statusCode, 200);
      const prepared = res.prepare();
      assert.equal(prepared.headers.get('Content-Encoding'), coding);
      assert.equal(prepared.headers.get('Vary'), 'Accept-Encoding');
      assert.equal(prepared.headers.get('Content-Type'), 'application/json');
      assert.equal(prepared.body.kind, 'bytes');
      const bytes = await bodyBytes(prepared.body);
      assert.equal(prepared.headers.get('Content-Length'), String(bytes.byteLength));
      assert.ok(bytes.byteLength < 4096 / 4, `compressed to ${bytes.byteLength}`);
      assert.equal(decode(coding, bytes).toString(), text(4096));
      // the node:http fast path sends the same
      assert.deepEqual(Buffer.from(res.wireBody() as Uint8Array), bytes);
      assert.ok(res.wireHeaders().includes('Content-Encoding'));
      assert.deepEqual(Buffer.from(res.data), bytes);
      assert.equal(res.contentLength, bytes.byteLength);
    }
  });

  test('a JSONResponse, a Uint8Array body, the status and custom headers are kept', async () => {
    const data = new JSONResponse({ list: text(3000) }, { statusCode: 201, headers: { 'X-Mine': 'yes' } });
    const res = compressResponse(request('gzip'), data, ON);
    assert.ok(res instanceof CompressedResponse);
    assert.equal(res.statusCode, 201);
    assert.equal(res.reason, 'Created');
    const prepared = res.prepare();
    assert.equal(prepared.headers.get('X-Mine'), 'yes');
    assert.equal(prepared.headers.get('Content-Type'), 'application/json; charset=utf-8');
    assert.deepEqual(JSON.parse(decode('gzip', await bodyBytes(prepared.body)).toString()), { list: text(3000) });
    const bytes = new Response(Buffer.from(BODY), 'text/plain');
    const fromBytes = compressResponse(request('br'), bytes, ON);
    assert.equal(decode('br', await bodyBytes(fromBytes.prepare().body)).toString(), BODY);
  });

  test('a body of unknown length (a generator) is compressed as it is read, whatever its size', async () => {
    const source = ['a', 'bb', 'ccc'];
    const res = compressResponse(request('gzip'), new GeneratorResponse(source, 'text/plain'), ON);
    assert.ok(res instanceof CompressedResponse);
    assert.equal(res.contentLength, undefined);
    assert.equal(res.wireBody(), undefined);
    const prepared = res.prepare();
    assert.equal(prepared.headers.has('Content-Length'), false);
    assert.equal(prepared.body.kind, 'stream');
    assert.ok((prepared.body as { source: unknown }).source instanceof CompressedStream);
    assert.equal(res.data.byteLength, 0);
    assert.equal(decode('gzip', await bodyBytes(prepared.body)).toString(), 'abbccc');
  });

  test('a JSONGeneratorResponse is streamed compressed', async () => {
    async function* numbers() {
      for (let i = 0; i < 5000; i++) yield i;
    }
    const res = compressResponse(request('br'), new JSONGeneratorResponse({ numbers: numbers() }), ON);
    const body = decode('br', await bodyBytes(res.prepare().body)).toString();
    assert.deepEqual(JSON.parse(body), { numbers: Array.from({ length: 5000 }, (_, i) => i) });
  });

  test('a known length over the threshold given to a generator: compressed, the length dropped', async () => {
    const res = compressResponse(
      request('gzip'),
      new GeneratorResponse([BODY], { contentType: 'text/plain', contentLength: 4096 }),
      ON,
    );
    const prepared = res.prepare();
    assert.equal(prepared.headers.has('Content-Length'), false);
    assert.equal(decode('gzip', await bodyBytes(prepared.body)).toString(), BODY);
  });

  test('a file: streamed, a FileSource still (opened before the status line), strong ETag made weak', async () => {
    const path = join(dir, 'data.json');
    writeFileSync(path, BODY);
    const file = new FileResponse(path);
    const etag = file.headers.get('ETag') as string;
    assert.match(etag, /^"/);
    const res = compressResponse(request('gzip'), file, ON);
    assert.ok(res instanceof CompressedResponse);
    const prepared = res.prepare();
    assert.equal(prepared.headers.get('ETag'), `W/${etag}`);
    assert.equal(prepared.headers.has('Accept-Ranges'), false, 'no ranges of the compressed bytes');
    assert.equal(prepared.headers.has('Content-Length'), false);
    assert.equal(prepared.headers.get('Last-Modified'), file.headers.get('Last-Modified'));
    const source = (prepared.body as unknown as { source: CompressedFileSource }).source;
    assert.ok(source instanceof CompressedFileSource);
    assert.equal(source.path, path);
    await source.open();
    assert.equal(decode('gzip', await bodyBytes(prepared.body)).toString(), BODY);
  });

  test('a FileObjResponse of a descriptor is a compressed file body too', async () => {
    const { openSync } = await import('node:fs');
    const path = join(dir, 'fd.txt');
    writeFileSync(path, BODY);
    const res = compressResponse(request('br'), new FileObjResponse(openSync(path, 'r'), 'text/plain'), ON);
    const prepared = res.prepare();
    assert.ok((prepared.body as { source: unknown }).source instanceof CompressedFileSource);
    assert.equal(decode('br', await bodyBytes(prepared.body)).toString(), BODY);
  });

  test('a body in memory of unknown length (a subclass of its own) is measured and compressed', async () => {
    class Unmeasured extends BaseResponse {
      override get contentLength(): number | undefined {
        return undefined;
      }
      override body() {
        return { kind: 'bytes' as const, data: Buffer.from(BODY) };
      }
    }
    const res = compressResponse(request('gzip'), new Unmeasured('text/plain'), ON);
    assert.ok(res instanceof CompressedResponse);
    assert.equal(decode('gzip', await bodyBytes(res.prepare().body)).toString(), BODY);
  });

  test('a body in memory over 256 KiB is streamed through the threadpool (no Content-Length)', async () => {
    const big = text(300 * 1024);
    const res = compressResponse(request('gzip'), new Response(big, 'text/plain'), ON);
    const prepared = res.prepare();
    assert.equal(prepared.body.kind, 'stream');
    assert.equal(prepared.headers.has('Content-Length'), false);
    assert.equal(decode('gzip', await bodyBytes(prepared.body)).toString(), big);
    const bytes = new Response(Buffer.from(big), 'text/plain');
    const fromBytes = compressResponse(request('br'), bytes, ON).prepare();
    assert.equal(decode('br', await bodyBytes(fromBytes.body)).toString(), big);
  });

  test('compressResponse with true or an options object resolves them; false does nothing', async () => {
    assert.ok(compressResponse(request('gzip'), json(), true) instanceof CompressedResponse);
    const small = compressResponse(request('gzip'), json(100), { threshold: 10, encodings: ['gzip'] });
    assert.ok(small instanceof CompressedResponse);
    assert.equal(small.coding, 'gzip');
    const original = json();
    assert.equal(compressResponse(request('gzip'), original, false), original);
    assert.throws(
      () => compressResponse(request('gzip'), json(), { threshold: -1 }),
      (err: unknown) => err instanceof PoorWSGIError && err.code === 'PW_ERR_OPTION',
    );
  });
});

describe('compressResponse: what is left alone', () => {
  const same = (res: BaseResponse, accept = 'gzip, br', method = 'GET', settings = ON) =>
    assert.equal(compressResponse(request(accept, method), res, settings), res);

  test('a body under the threshold, an empty body: untouched, no Vary', () => {
    const small = json(1023);
    same(small);
    assert.equal(small.headers.has('Vary'), false);
    same(new Response('', 'text/plain'), 'gzip', 'GET', new CompressionSettings({ threshold: 0 }));
    same(
      new GeneratorResponse([], { contentType: 'text/plain', contentLength: 0 }),
      'gzip',
      'GET',
      new CompressionSettings({ threshold: 0 }),
    );
    assert.ok(
      compressResponse(request('gzip'), json(1024), ON) instanceof CompressedResponse,
      'the threshold itself is compressed',
    );
  });

  test('types the filter refuses, and none', () => {
    const png = new Response(Buffer.alloc(4096), 'image/png');
    same(png);
    assert.equal(png.headers.has('Vary'), false);
    same(new Response(BODY, ''));
    same(new Response(BODY, 'application/octet-stream'));
    const mine = new CompressionSettings({ filter: (type) => type === 'image/png' });
    assert.ok(compressResponse(request('gzip'), png, mine) instanceof CompressedResponse);
    same(json(), 'gzip', 'GET', mine);
  });

  test('the Content-Type header wins over the response content type, parameters and case ignored', () => {
    const res = new Response(BODY, 'text/plain', { 'Content-Type': 'Image/PNG; q=1' });
    same(res);
    const typed = new Response(BODY, 'image/png', { 'Content-Type': ' TEXT/Plain ;charset=utf-8' });
    assert.ok(compressResponse(request('gzip'), typed, ON) instanceof CompressedResponse);
  });

  test('a response with a Content-Encoding already', () => {
    const res = json(4096, { 'Content-Encoding': 'gzip' });
    same(res);
    assert.equal(res.headers.has('Vary'), false);
  });

  test('Cache-Control: no-transform, in any case and place of the list', () => {
    same(json(4096, { 'Cache-Control': 'public, No-Transform' }));
    same(json(4096, { 'Cache-Control': 'no-transform' }));
    assert.ok(
      compressResponse(request('gzip'), json(4096, { 'Cache-Control': 'no-store' }), ON) instanceof CompressedResponse,
    );
  });

  test('204, 206, a 200 with ranges to serve, 1xx-free statuses; declined', () => {
    same(new NoContentResponse());
    const partial = new PartialResponse(BODY, 'text/plain');
    partial.makeRange([0, 4095], 'bytes', 8192);
    same(partial);
    const ranged = json();
    ranged.makePartial([[0, 99]]);
    same(ranged);
    assert.equal(ranged.headers.has('Vary'), false);
    same(new Declined());
  });

  test('HEAD: the plain headers, with Vary', () => {
    const res = json();
    same(res, 'gzip', 'HEAD');
    assert.equal(res.headers.get('Vary'), 'Accept-Encoding');
    assert.equal(res.prepare().headers.get('Content-Length'), '4096');
  });

  test('identity chosen for a compressible body: untouched but Vary (no header, refusals, identity preferred)', () => {
    for (const accept of [undefined, '', 'deflate', 'gzip;q=0, br;q=0', 'br;q=0.5, identity']) {
      const res = json();
      assert.equal(compressResponse(request(accept), res, ON), res);
      assert.equal(res.headers.get('Vary'), 'Accept-Encoding', String(accept));
    }
  });

  test('a 304 of a compressible file: Vary, and the weak ETag of the compressed 200 when a coding is accepted', () => {
    const path = join(dir, 'cached.json');
    writeFileSync(path, BODY);
    const file = new FileResponse(path);
    const etag = file.headers.get('ETag') as string;
    file.statusCode = 304;
    same(file, 'gzip');
    const prepared = file.prepare();
    assert.equal(prepared.headers.get('ETag'), `W/${etag}`);
    assert.equal(prepared.headers.get('Vary'), 'Accept-Encoding');
    const plain = new FileResponse(path);
    plain.statusCode = 304;
    same(plain, 'deflate');
    assert.equal(plain.headers.get('ETag'), etag, 'strong for a client that gets the plain body');
    assert.equal(plain.headers.get('Vary'), 'Accept-Encoding');
    const notModified = new NotModifiedResponse({ etag: '"x"' });
    same(notModified);
    assert.equal(notModified.headers.get('ETag'), '"x"', 'a 304 with no content type is not a compressible one');
  });

  test('a weak ETag stays as it is', async () => {
    const res = compressResponse(request('gzip'), json(4096, { ETag: 'W/"v1"' }), ON);
    assert.equal(res.prepare().headers.get('ETag'), 'W/"v1"');
  });

  test('a user Content-Length header is replaced by the compressed length', async () => {
    const res = compressResponse(request('gzip'), json(4096, { 'Content-Length': '4096' }), ON);
    const prepared = res.prepare();
    assert.equal(prepared.headers.getAll('Content-Length').length, 1);
    assert.equal(Number(prepared.headers.get('Content-Length')), (await bodyBytes(prepared.body)).byteLength);
  });

  test('a filter that throws: sent uncompressed, logged', () => {
    const log = quietLogger();
    const settings = new CompressionSettings({
      filter: () => {
        throw new Error('filter broke');
      },
    });
    const res = json();
    assert.equal(compressResponse(request('gzip'), res, settings, log), res);
    assert.equal(log.lines.length, 1);
    assert.match(String(log.lines[0]?.[0]), /Compressing the response failed/);
    assert.equal(compressResponse(request('gzip'), res, settings), res, 'no logger: quiet');
  });

  test('a response whose body() has no bytes after all is left as it is', () => {
    class Odd extends BaseResponse {
      override get contentLength(): number | undefined {
        return undefined;
      }
    }
    const res = new Odd('text/plain');
    same(res);
  });
});

describe('addVary', () => {
  test('adds, appends to one Vary (however many lines), or leaves a Vary that covers it', () => {
    const cases: Array<[Record<string, string | string[]>, string[]]> = [
      [{}, ['Accept-Encoding']],
      [{ Vary: 'Origin' }, ['Origin, Accept-Encoding']],
      [{ Vary: ['Origin', 'Cookie'] }, ['Origin, Cookie, Accept-Encoding']],
      [{ Vary: 'origin, accept-encoding' }, ['origin, accept-encoding']],
      [{ Vary: 'Origin,ACCEPT-ENCODING' }, ['Origin,ACCEPT-ENCODING']],
      [{ Vary: '*' }, ['*']],
    ];
    for (const [init, expected] of cases) {
      const headers = new Headers(init);
      addVary(headers);
      addVary(headers);
      assert.deepEqual(headers.getAll('Vary'), expected, JSON.stringify(init));
    }
  });

  test('a response object served twice gets one Vary', () => {
    const shared = json();
    compressResponse(request('gzip'), shared, ON);
    compressResponse(request('gzip'), shared, ON);
    compressResponse(request(undefined), shared, ON);
    assert.deepEqual(shared.headers.getAll('Vary'), ['Accept-Encoding']);
  });
});
