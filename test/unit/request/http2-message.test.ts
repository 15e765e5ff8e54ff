/**
 * A request of Node's HTTP/2 compatibility API as the application sees it
 * (src/request/request-message.ts): its pseudo-header fields are no
 * headers, `:authority` is the Host, and a body without Content-Length is
 * read as a chunked one. The raw requests are plain objects shaped as Node's
 * `Http2ServerRequest` (test/e2e/http2*.test.ts serve real ones).
 * @module
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RawRequest } from '../../../src/request/raw-request.ts';
import { Request } from '../../../src/request/request.ts';
import { fakeApp, fakeRaw } from '../../helpers/fake-request.ts';

/** An HTTP/2 request: pseudo-header fields first, as Node lists them; `body` says whether DATA follows the headers. */
function http2Raw(fields: readonly (readonly [string, string])[], body: boolean): RawRequest {
  const raw = fakeRaw({ headers: fields, httpVersion: '2.0' });
  const method = fields.find(([name]) => name === ':method')?.[1];
  const path = fields.find(([name]) => name === ':path')?.[1];
  return { ...raw, method, url: path, httpVersionMajor: 2, stream: { endAfterHeaders: !body } };
}

const PSEUDO = [
  [':method', 'POST'],
  [':path', '/items?x=1'],
  [':scheme', 'https'],
  [':authority', 'example.org:8443'],
] as const;

describe('an HTTP/2 request', () => {
  test('no pseudo-header field among the headers; :authority is the Host', () => {
    const req = new Request(http2Raw([...PSEUDO, ['user-agent', 'h2 client'], ['accept', '*/*']], false), fakeApp());
    assert.deepEqual(
      [...req.headers],
      [
        ['Host', 'example.org:8443'],
        ['user-agent', 'h2 client'],
        ['accept', '*/*'],
      ],
    );
    assert.equal(req.headers.get('host'), 'example.org:8443');
    assert.equal(req.header('Host'), 'example.org:8443');
    assert.equal(req.header(':path'), undefined);
    assert.equal(req.header(':authority'), undefined);
    assert.equal(req.header('x-missing'), undefined);
    assert.equal(req.host, 'example.org:8443');
    assert.equal(req.hostname, 'example.org');
    assert.equal(req.hostPort, 8443);
    assert.equal(req.path, '/items');
    assert.equal(req.protocol, 'HTTP/2.0');
  });

  test('a Host field sent too is kept as sent, and not doubled', () => {
    const req = new Request(http2Raw([...PSEUDO, ['host', 'example.org:8443']], false), fakeApp());
    assert.deepEqual([...req.headers], [['host', 'example.org:8443']]);
    assert.equal(req.host, 'example.org:8443');
  });

  test('without :authority nor Host, the server address, as over HTTP/1.1', () => {
    const req = new Request(
      http2Raw(
        [
          [':method', 'GET'],
          [':path', '/'],
        ],
        false,
      ),
      fakeApp(),
    );
    assert.deepEqual([...req.headers], []);
    assert.equal(req.host, `${req.serverHostname}:8080`);
    assert.equal(req.header('host'), undefined);
  });

  test('a body without Content-Length is a body of unknown length (chunked); none, or a length, as given', () => {
    const unsized = new Request(http2Raw([...PSEUDO], true), fakeApp());
    assert.equal(unsized.isChunked, true);
    assert.equal(unsized.isBodyRequest, true);
    assert.equal(unsized.contentLength, -1);
    const none = new Request(http2Raw([...PSEUDO], false), fakeApp());
    assert.equal(none.isChunked, false);
    assert.equal(none.isBodyRequest, false);
    const sized = new Request(http2Raw([...PSEUDO, ['content-length', '12']], true), fakeApp());
    assert.equal(sized.isChunked, false);
    assert.equal(sized.contentLength, 12);
    assert.equal(sized.isBodyRequest, true);
    const empty = new Request(http2Raw([...PSEUDO, ['content-length', '0']], true), fakeApp());
    assert.equal(empty.isBodyRequest, false);
  });

  test('an HTTP/1.1 request without a body is not taken for one', () => {
    const req = new Request(fakeRaw({ method: 'POST', headers: [['Host', 'h']] }), fakeApp());
    assert.equal(req.isChunked, false);
    assert.equal(req.isBodyRequest, false);
  });
});
