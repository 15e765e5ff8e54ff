/**
 * CORS on the wire: the exact header lines of preflights and actual answers
 * as raw sockets, Node's fetch and curl receive them from a real server, a
 * preflight and its actual request on one keep-alive connection, and the
 * before-hook that a preflight never meets.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  Application,
  HTTP_UNAUTHORIZED,
  HTTPException,
  JSONResponse,
  METHOD_GET,
  METHOD_PUT,
  type Request,
} from '../../src/index.ts';
import { rawRequest } from '../helpers/raw-request.ts';
import { curl, parseRaw, quietLogger, type Running, splitResponses, start } from '../helpers/serve.ts';

const A = 'http://app.example.com';
const B = 'http://evil.example.net';

/** The status line and the CORS header lines of one raw response, exactly as sent. */
function corsLines(text: string): string[] {
  const head = text.slice(0, text.indexOf('\r\n\r\n'));
  const [status = '', ...lines] = head.split('\r\n');
  return [status, ...lines.filter((line) => /^(access-control-|vary:)/i.test(line))];
}

function makeApi(): { app: Application; seen: string[] } {
  const app = new Application('cors-wire', {
    logger: quietLogger(),
    cors: { origin: [A], credentials: true, exposedHeaders: ['X-Total-Count'], maxAge: 600 },
  });
  const seen: string[] = [];
  app.addBeforeResponse((req: Request) => {
    seen.push(`${req.method} ${req.path}`);
    if (req.path.startsWith('/keyed/') && req.header('x-api-key') !== 'secret') {
      throw new HTTPException(HTTP_UNAUTHORIZED, { error: 'X-Api-Key required' });
    }
  });
  app.route(
    '/keyed/items/<id:int>',
    (req: Request, id) => {
      const res = new JSONResponse({ id, body: req.json ?? null });
      res.headers.set('X-Total-Count', '1');
      return res;
    },
    METHOD_GET | METHOD_PUT,
  );
  app.route('/open', () => 'open');
  return { app, seen };
}

describe('CORS on the wire', () => {
  let srv: Running;
  let seen: string[];
  before(async () => {
    const api = makeApi();
    seen = api.seen;
    srv = await start(api.app);
  });
  after(() => srv.close());

  test('a preflight: 204 and its exact header lines, no body, no hook run', async () => {
    seen.length = 0;
    const text = await rawRequest(
      srv.port,
      'OPTIONS /keyed/items/7 HTTP/1.1\r\nHost: api\r\nOrigin: http://app.example.com\r\n' +
        'Access-Control-Request-Method: PUT\r\nAccess-Control-Request-Headers: content-type,x-api-key\r\n' +
        'Connection: close\r\n\r\n',
    );
    assert.deepEqual(corsLines(text), [
      'HTTP/1.1 204 No Content',
      'Access-Control-Allow-Origin: http://app.example.com',
      'Access-Control-Allow-Credentials: true',
      'Access-Control-Allow-Methods: GET, HEAD, PUT, PATCH, POST, DELETE',
      'Access-Control-Allow-Headers: content-type,x-api-key',
      'Access-Control-Max-Age: 600',
      'Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
    ]);
    assert.ok(text.endsWith('\r\n\r\n'), 'a 204 has no body');
    assert.doesNotMatch(text, /content-length/i);
    assert.deepEqual(seen, []);
  });

  test('a preflight from an origin not allowed: 403 and no Access-Control-Allow-* line', async () => {
    const text = await rawRequest(
      srv.port,
      `OPTIONS /keyed/items/7 HTTP/1.1\r\nHost: api\r\nOrigin: ${B}\r\nAccess-Control-Request-Method: PUT\r\nConnection: close\r\n\r\n`,
    );
    assert.deepEqual(corsLines(text), [
      'HTTP/1.1 403 Forbidden',
      'Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
    ]);
    assert.ok(text.endsWith('\r\n\r\nCORS preflight refused: origin not allowed\n'));
  });

  test('a preflight and its actual PUT with a JSON body on one keep-alive connection', async () => {
    seen.length = 0;
    const body = '{"name":"chair"}';
    const text = await rawRequest(
      srv.port,
      `OPTIONS /keyed/items/9 HTTP/1.1\r\nHost: api\r\nOrigin: ${A}\r\nAccess-Control-Request-Method: PUT\r\n` +
        'Access-Control-Request-Headers: content-type,x-api-key\r\n\r\n' +
        `PUT /keyed/items/9 HTTP/1.1\r\nHost: api\r\nOrigin: ${A}\r\nX-Api-Key: secret\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    // a 204 ends with its head (no Content-Length to frame it by)
    const cut = text.indexOf('\r\n\r\n') + 4;
    const preflight = parseRaw(text.slice(0, cut));
    const [actual, ...more] = splitResponses(text.slice(cut));
    assert.deepEqual(more, []);
    assert.equal(preflight.status, 204);
    assert.deepEqual(preflight.headers.get('access-control-allow-origin'), [A]);
    assert.equal(actual?.status, 200);
    assert.deepEqual(JSON.parse(actual?.body ?? ''), { id: 9, body: { name: 'chair' } });
    assert.deepEqual(actual?.headers.get('access-control-allow-origin'), [A]);
    assert.deepEqual(actual?.headers.get('access-control-allow-credentials'), ['true']);
    assert.deepEqual(actual?.headers.get('access-control-expose-headers'), ['X-Total-Count']);
    assert.deepEqual(actual?.headers.get('vary'), ['Origin']);
    assert.deepEqual(seen, ['PUT /keyed/items/9']);
  });

  test('the actual request without the key: a 401 that carries the CORS headers', async () => {
    const text = await rawRequest(
      srv.port,
      `PUT /keyed/items/9 HTTP/1.1\r\nHost: api\r\nOrigin: ${A}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
    );
    const lines = corsLines(text);
    assert.equal(lines[0], 'HTTP/1.1 401 Unauthorized');
    assert.deepEqual(lines.filter((line) => line.startsWith('Access-Control-')).sort(), [
      'Access-Control-Allow-Credentials: true',
      `Access-Control-Allow-Origin: ${A}`,
      'Access-Control-Expose-Headers: X-Total-Count',
    ]);
    assert.match(lines.find((line) => line.startsWith('Vary: ')) ?? '', /^Vary: (.*, )?Origin$/);
  });

  test("Node's fetch: an allowed origin, another one, none; a 404", async () => {
    const allowed = await fetch(`${srv.url}/open`, { headers: { Origin: A } });
    assert.equal(await allowed.text(), 'open');
    assert.equal(allowed.headers.get('access-control-allow-origin'), A);
    assert.equal(allowed.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(allowed.headers.get('vary'), 'Origin');
    for (const headers of [{ Origin: B }, {}] as Record<string, string>[]) {
      const other = await fetch(`${srv.url}/open`, { headers });
      assert.equal(await other.text(), 'open');
      assert.equal(other.headers.get('access-control-allow-origin'), null);
      assert.equal(other.headers.get('access-control-allow-credentials'), null);
      assert.equal(other.headers.get('vary'), 'Origin');
    }
    const missing = await fetch(`${srv.url}/missing`, { headers: { Origin: A } });
    await missing.arrayBuffer();
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('access-control-allow-origin'), A);
  });

  test('curl: a preflight as a browser sends it', async () => {
    const got = await curl([
      '-X',
      'OPTIONS',
      '-H',
      `Origin: ${A}`,
      '-H',
      'Access-Control-Request-Method: DELETE',
      `${srv.url}/keyed/items/1`,
    ]);
    assert.equal(got.status, 204);
    assert.deepEqual(got.headers.get('access-control-allow-origin'), [A]);
    assert.deepEqual(got.headers.get('access-control-allow-methods'), ['GET, HEAD, PUT, PATCH, POST, DELETE']);
    assert.equal(got.headers.get('access-control-allow-headers'), undefined);
  });
});
