/**
 * The contract every response class keeps, whatever its body: run it with
 * {@link runResponseContract} and a factory that builds a fresh response.
 * @module
 */
import * as assert from 'node:assert/strict';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Headers, type HeadersInit } from '../../src/http/headers.ts';
import {
  type BaseResponse,
  NOT_MODIFIED_DENY,
  type PreparedResponse,
  X_POWERED_BY,
} from '../../src/response/base-response.ts';
import { sendNode } from '../../src/server/send-node.ts';

/** Builds a fresh response; `headers` is passed on as the constructor's headers argument. */
export type ResponseFactory = (headers?: HeadersInit | null) => BaseResponse;

/** What the class does with headers. */
export interface ResponseContractOptions {
  /**
   * - `'own'`: takes headers (`X-Powered-By` is added when prepared, whatever they are);
   * - `'default'`: takes no headers argument (`EmptyResponse`);
   * - `'none'`: never has a header (`Declined`).
   * @default 'own'
   */
  headers?: 'own' | 'default' | 'none';
}

interface HeaderCase {
  readonly label: string;
  readonly headers: HeadersInit | null | undefined;
  /** Whether headers were given (an explicit collection, even an empty one). */
  readonly given: boolean;
  /** The custom header it carries, if any. */
  readonly custom?: string;
}

const HEADER_CASES: readonly HeaderCase[] = [
  { label: 'headers omitted', headers: undefined, given: false },
  { label: 'headers null', headers: null, given: false },
  { label: 'empty record', headers: {}, given: true },
  { label: 'pairs', headers: [['X-Contract', 'pairs']], given: true, custom: 'pairs' },
  { label: 'record', headers: { 'X-Contract': 'record' }, given: true, custom: 'record' },
];
/** `undefined` keeps the status the factory built. */
const STATUSES: readonly (number | undefined)[] = [undefined, 200, 201, 204, 304, 404, 500];

interface Built {
  readonly where: string;
  readonly response: BaseResponse;
  readonly headerCase: HeaderCase;
}

function* build(factory: ResponseFactory): Generator<Built> {
  for (const headerCase of HEADER_CASES) {
    for (const status of STATUSES) {
      // A new Headers each time: a Headers instance is used by reference.
      const init = headerCase.headers instanceof Headers ? headerCase.headers.clone() : headerCase.headers;
      const response = init === undefined ? factory() : factory(init);
      if (status !== undefined) response.statusCode = status;
      yield { where: `${headerCase.label}, status ${response.statusCode}`, response, headerCase };
    }
  }
}

/** Whether ranges from makePartial were applied: the prepared status is the range's, not the response's. */
function isRanged(built: Built, prepared: PreparedResponse): boolean {
  return built.response.ranges.length > 0 && (prepared.statusCode === 206 || prepared.statusCode === 416);
}

function prepare(built: Built): PreparedResponse {
  try {
    return built.response.prepare();
  } catch (error) {
    assert.fail(`prepare() threw with ${built.where}: ${String(error)}`);
  }
}

/**
 * Register the response contract tests for one class.
 * @example
 * runResponseContract('TextResponse', (headers) => new TextResponse('Hi', 'utf-8', headers));
 */
export function runResponseContract(
  name: string,
  factory: ResponseFactory,
  options: ResponseContractOptions = {},
): void {
  const mode = options.headers ?? 'own';

  describe(`${name}: response contract`, () => {
    test('prepare() never throws and reports the status and reason', () => {
      for (const built of build(factory)) {
        const prepared = prepare(built);
        if (isRanged(built, prepared)) {
          // makePartial turns a 200 into the 206 of the ranges, or 416 when none is satisfiable
          assert.equal(built.response.statusCode, 200, built.where);
          assert.equal(
            prepared.reason,
            prepared.statusCode === 206 ? 'Partial Content' : 'Requested Range Not Satisfiable',
          );
        } else {
          assert.equal(prepared.statusCode, built.response.statusCode, built.where);
          assert.equal(prepared.reason, built.response.reason, built.where);
        }
        assert.match(`${prepared.statusCode} ${prepared.reason}`, /^\d{3} \S/, built.where);
      }
    });

    test('prepared headers are a copy: changing them leaves the response alone', () => {
      for (const built of build(factory)) {
        const before = built.response.headers.items();
        const prepared = prepare(built);
        assert.notEqual(prepared.headers, built.response.headers, built.where);
        prepared.headers.set('X-Contract-Changed', 'yes');
        for (const headerName of prepared.headers.keys()) prepared.headers.delete(headerName);
        prepared.headers.set('X-Contract-Changed', 'yes');
        assert.deepEqual(built.response.headers.items(), before, built.where);
        assert.equal(built.response.headers.has('X-Contract-Changed'), false, built.where);
        assert.equal(prepare(built).headers.has('X-Contract-Changed'), false, built.where);
      }
    });

    test('prepare() twice gives the same status line and headers', () => {
      for (const built of build(factory)) {
        const first = prepare(built);
        const second = prepare(built);
        assert.equal(second.statusCode, first.statusCode, built.where);
        assert.deepEqual(second.headers.items(), first.headers.items(), built.where);
        assert.equal(second.body.kind, first.body.kind, built.where);
      }
    });

    test('Content-Length is the body byte length when it is known', () => {
      for (const built of build(factory)) {
        const prepared = prepare(built);
        const { body, headers } = prepared;
        assert.ok(headers.getAll('Content-Length').length <= 1, `one Content-Length at most (${built.where})`);
        assert.ok(headers.getAll('Content-Type').length <= 1, `one Content-Type at most (${built.where})`);
        const length = headers.get('Content-Length');
        if (isRanged(built, prepared)) {
          // a part's length: checked against the bytes sent in the socket test below
          assert.notEqual(length, undefined, built.where);
          if (body.kind === 'bytes') assert.equal(length, String(body.data.byteLength), built.where);
        } else if (body.kind === 'bytes') {
          assert.equal(length, String(body.data.byteLength), built.where);
          assert.equal(built.response.contentLength, body.data.byteLength, built.where);
        } else if (body.kind === 'stream') {
          const known = built.response.contentLength;
          assert.equal(length, known === undefined ? undefined : String(known), built.where);
        } else if (length !== undefined) {
          assert.equal(length, '0', `an empty body can only have Content-Length: 0 (${built.where})`);
        }
      }
    });

    test('204 and 304 have no body and get no Content-Type or Content-Length', () => {
      for (const built of build(factory)) {
        const status = built.response.statusCode;
        if (status !== 204 && status !== 304) continue;
        const { body, headers } = prepare(built);
        assert.equal(body.kind, 'none', built.where);
        assert.equal(headers.has('Content-Length'), false, built.where);
        // prepare() adds no Content-Type; a 204 sends the one its own headers hold, a 304 never one
        const own = built.response.headers;
        assert.deepEqual(headers.getAll('Content-Type'), status === 304 ? [] : own.getAll('Content-Type'), built.where);
      }
    });

    test('304 drops the representation metadata and keeps every other header', () => {
      for (const built of build(factory)) {
        if (built.response.statusCode !== 304) continue;
        built.response.headers.set('Content-Range', 'bytes 0-1/2');
        built.response.headers.set('Content-Encoding', 'gzip');
        built.response.headers.set('Cache-Control', 'max-age=60');
        const { headers } = prepare(built);
        for (const name of NOT_MODIFIED_DENY) assert.equal(headers.has(name), false, `${name}, ${built.where}`);
        const deny = new Set(NOT_MODIFIED_DENY.map((name) => name.toLowerCase()));
        const kept = built.response.headers.items().filter(([name]) => !deny.has(name.toLowerCase()));
        // X-Powered-By is added on the wire, to every response that does not set it
        const sent = headers.items().filter(([name]) => name !== 'X-Powered-By');
        assert.deepEqual(sent, kept, built.where);
      }
    });

    test(`headers: ${mode}`, () => {
      for (const built of build(factory)) {
        const { headers } = prepare(built);
        // sent with every response, whatever headers it was given; a declined one sends nothing
        assert.deepEqual(headers.getAll('X-Powered-By'), mode === 'none' ? [] : [X_POWERED_BY], built.where);
        const custom = mode === 'own' ? built.headerCase.custom : undefined;
        // Every given header is sent, on 204 and 304 too (PoorWSGI dropped them there).
        assert.equal(headers.get('X-Contract'), custom, built.where);
        if (mode === 'none') assert.equal(headers.size, 0, built.where);
      }
    });

    test("the node:http fast path: when wireBody() is defined, wireHeaders() and its bytes are prepare()'s", () => {
      let fast = 0;
      for (const built of build(factory)) {
        const data = built.response.wireBody();
        if (data === undefined) continue;
        fast++;
        const prepared = prepare(built);
        assert.deepEqual(built.response.wireHeaders(), prepared.headers.toWire(), built.where);
        assert.equal(prepared.body.kind, 'bytes', built.where);
        if (prepared.body.kind !== 'bytes') continue;
        const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
        assert.deepEqual(bytes, Buffer.from(prepared.body.data), built.where);
      }
      // every response with a body in memory takes the fast path at least once: the case above is not empty
      const sample = factory();
      if (sample.prepare().body.kind === 'bytes' && sample.statusCode !== 204 && sample.statusCode !== 304) {
        assert.ok(fast > 0, 'no case took the fast path');
      }
    });

    if (mode !== 'none') describe('on a real socket', () => headOverSocket(factory));
  });
}

/** Headers a client sees that the server adds by itself. */
const TRANSPORT = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

interface Exchange {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** HEAD answers the headers of GET and no body, whatever the response class. */
function headOverSocket(factory: ResponseFactory): void {
  let port = 0;
  const server = createServer((req, res) => {
    // every exchange gets a fresh response: stream bodies can be read once
    void sendNode(factory(), res, { isHead: req.method === 'HEAD', logger: console });
  });
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const exchange = (method: string): Promise<Exchange> =>
    new Promise((resolve, reject) => {
      const req = httpRequest({ port, host: '127.0.0.1', method, path: '/', agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });

  const comparable = (headers: IncomingHttpHeaders) =>
    Object.entries(headers).filter(([name]) => !TRANSPORT.has(name) && !name.startsWith('x-contract'));

  test('HEAD: the status and headers of GET, no body', async () => {
    const get = await exchange('GET');
    const head = await exchange('HEAD');
    assert.equal(head.status, get.status);
    const boundary = /boundary=[^;]+/;
    const strip = (entries: [string, unknown][]) =>
      entries.map(([name, value]) => [name, String(value).replace(boundary, 'boundary=B')]);
    assert.deepEqual(strip(comparable(head.headers)), strip(comparable(get.headers)));
    assert.equal(head.body.byteLength, 0);
    const length = get.headers['content-length'];
    if (length !== undefined) assert.equal(get.body.byteLength, Number(length), 'GET sends Content-Length bytes');
  });
}
