/**
 * The contract every response class keeps, whatever its body: run it with
 * {@link runResponseContract} and a factory that builds a fresh response.
 * @module
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Headers, type HeadersInit } from '../../src/http/headers.ts';
import { type BaseResponse, type PreparedResponse, X_POWERED_BY } from '../../src/response/base-response.ts';

/** Builds a fresh response; `headers` is passed on as the constructor's headers argument. */
export type ResponseFactory = (headers?: HeadersInit | null) => BaseResponse;

/** What the class does with headers. */
export interface ResponseContractOptions {
  /**
   * - `'own'`: takes headers; `X-Powered-By` only when none (`undefined`/`null`) are given;
   * - `'default'`: takes no headers argument, always has `X-Powered-By` (`EmptyResponse`);
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
        assert.equal(prepared.statusCode, built.response.statusCode, built.where);
        assert.equal(prepared.reason, built.response.reason, built.where);
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
        const { body, headers } = prepare(built);
        assert.ok(headers.getAll('Content-Length').length <= 1, `one Content-Length at most (${built.where})`);
        assert.ok(headers.getAll('Content-Type').length <= 1, `one Content-Type at most (${built.where})`);
        const length = headers.get('Content-Length');
        if (body.kind === 'bytes') {
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
        // prepare() adds neither; only what the response's own headers hold is sent.
        const own = built.response.headers;
        assert.deepEqual(headers.getAll('Content-Type'), own.getAll('Content-Type'), built.where);
        assert.deepEqual(headers.getAll('Content-Length'), own.getAll('Content-Length'), built.where);
      }
    });

    test(`headers: ${mode}`, () => {
      for (const built of build(factory)) {
        const { headers } = prepare(built);
        const expected = mode === 'default' || (mode === 'own' && !built.headerCase.given);
        assert.deepEqual(headers.getAll('X-Powered-By'), expected ? [X_POWERED_BY] : [], built.where);
        const custom = mode === 'own' ? built.headerCase.custom : undefined;
        // Every given header is sent, on 204 and 304 too (PoorWSGI dropped them there).
        assert.equal(headers.get('X-Contract'), custom, built.where);
        if (mode === 'none') assert.equal(headers.size, 0, built.where);
      }
    });
  });
}
