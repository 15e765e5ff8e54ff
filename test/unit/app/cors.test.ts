/**
 * The `cors` option of an application, in process (`app.request`, the Fetch
 * transport): set and checked, preflights answered before the before-hooks,
 * and the CORS headers on every other answer, errors and 404s included.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CorsPolicy } from '../../../src/cors/index.ts';
import {
  Application,
  DEFAULT_OPTIONS,
  HTTP_BAD_REQUEST,
  HTTP_I_AM_A_TEAPOT,
  HTTP_UNAUTHORIZED,
  HTTPException,
  JSONResponse,
  METHOD_POST,
  METHOD_PUT,
  PoorWSGIError,
  type Request,
} from '../../../src/index.ts';
import { type Answer, ask, logText, makeApp } from '../../helpers/app.ts';

const A = 'https://app.example.com';
const B = 'https://evil.example.net';
const PREFLIGHT_VARY = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers';

/** The CORS headers of an answer, names in lower case, in a stable order. */
function cors(answer: Answer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of answer.headers) if (/^access-control-/.test(name)) out[name] = value;
  return out;
}

function preflight(app: Application, url: string, origin: string, headers: Record<string, string> = {}) {
  return ask(app, url, {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': 'PUT', ...headers },
  });
}

function optionError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof PoorWSGIError, String(err));
    assert.equal(err.code, 'PW_ERR_OPTION');
    return err.message;
  }
  assert.fail('no error');
}

describe('the cors option', () => {
  test('is off (null) by default', () => {
    assert.equal(DEFAULT_OPTIONS.cors, null);
    assert.equal(new Application('x').cors, null);
  });

  test('is compiled into a frozen CorsPolicy from the constructor and the setter', () => {
    const fromConstructor = new Application('x', { cors: { origin: [A], credentials: true } });
    assert.ok(fromConstructor.cors instanceof CorsPolicy);
    assert.deepEqual(fromConstructor.cors.origin, [A]);
    assert.equal(fromConstructor.cors.credentials, true);
    const app = new Application('y');
    app.cors = { origin: [A], credentials: true };
    assert.ok(app.cors instanceof CorsPolicy);
    assert.ok(Object.isFrozen(app.cors));
    assert.deepEqual(app.options.cors, app.cors);
    // a policy given again is kept as it is
    const policy = app.cors;
    app.cors = policy;
    assert.equal(app.cors, policy);
    app.cors = null;
    assert.equal(app.cors, null);
  });

  test('refuses bad values with PW_ERR_OPTION, from the setter and the constructor', () => {
    const app = new Application('x');
    assert.match(
      optionError(() => {
        app.cors = { origin: 'https://app.example.com' } as never;
      }),
      /^Option cors\.origin must be a list of origins, a function \(origin, req\) => boolean or '\*'/,
    );
    assert.match(
      optionError(() => {
        app.cors = 'yes' as never;
      }),
      /^Option cors must be an object/,
    );
    assert.match(
      optionError(() => new Application('x', { cors: { origin: [A], maxAge: -5 } })),
      /^Option cors\.maxAge/,
    );
    assert.match(
      optionError(() => new Application('x', { cors: { origin: '*', credentials: true } })),
      /^Option cors\.origin cannot be '\*' with credentials: true: browsers refuse/,
    );
    assert.equal(app.cors, null);
  });
});

describe('with cors off', () => {
  test('answers carry no CORS header and no Vary, and OPTIONS goes through routing and hooks', async () => {
    const { app } = makeApp();
    const trace: string[] = [];
    app.addBeforeResponse(() => {
      trace.push('before');
    });
    app.route('/items', () => ({ ok: true }), METHOD_PUT);
    const got = await ask(app, '/items', { method: 'PUT', headers: { Origin: A } });
    assert.equal(got.status, 200);
    assert.deepEqual(cors(got), {});
    assert.equal(got.headers.get('vary'), null);
    const options = await preflight(app, '/items', A);
    assert.equal(options.status, 204);
    assert.equal(options.headers.get('allow'), 'PUT, OPTIONS');
    assert.deepEqual(cors(options), {});
    assert.deepEqual(trace, ['before', 'before']);
  });
});

describe('preflights', () => {
  /** An API whose before-hook requires X-Api-Key (401 without it), with hook traces. */
  function keyedApi() {
    const { app, log } = makeApp({
      cors: { origin: [A], credentials: true, exposedHeaders: ['X-Total-Count'], maxAge: 600 },
    });
    const trace: string[] = [];
    app.addBeforeResponse((req: Request) => {
      trace.push(`before ${req.method}`);
      if (req.header('x-api-key') !== 'secret') {
        throw new HTTPException(HTTP_UNAUTHORIZED, { error: 'X-Api-Key required' });
      }
    });
    app.addAfterResponse((req: Request, res) => {
      trace.push(`after ${req.method} ${res.statusCode}`);
    });
    app.route(
      '/items/<id:int>',
      (req: Request, id) => {
        const res = new JSONResponse({ id, method: req.method });
        res.headers.set('X-Total-Count', '42');
        return res;
      },
      METHOD_PUT | METHOD_POST,
    );
    return { app, log, trace };
  }

  test('are answered 204 before the before-hooks, which would refuse them, and skip the after-hooks', async () => {
    const { app, trace } = keyedApi();
    const got = await preflight(app, '/items/7', A, { 'Access-Control-Request-Headers': 'content-type,x-api-key' });
    assert.equal(got.status, 204);
    assert.equal(got.text, '');
    assert.deepEqual(cors(got), {
      'access-control-allow-credentials': 'true',
      'access-control-allow-headers': 'content-type,x-api-key',
      'access-control-allow-methods': 'GET, HEAD, PUT, PATCH, POST, DELETE',
      'access-control-allow-origin': A,
      'access-control-max-age': '600',
    });
    assert.equal(got.headers.get('vary'), PREFLIGHT_VARY);
    assert.deepEqual(trace, []);
  });

  test('the actual request then meets the hook: 401 without the key (readable), 200 with it', async () => {
    const { app, trace } = keyedApi();
    const refused = await ask(app, '/items/7', { method: 'PUT', headers: { Origin: A } });
    assert.equal(refused.status, HTTP_UNAUTHORIZED);
    assert.deepEqual(cors(refused), {
      'access-control-allow-credentials': 'true',
      'access-control-allow-origin': A,
      'access-control-expose-headers': 'X-Total-Count',
    });
    assert.match(refused.headers.get('vary') ?? '', /\bOrigin$/);
    const done = await ask(app, '/items/7', { method: 'PUT', headers: { Origin: A, 'X-Api-Key': 'secret' } });
    assert.equal(done.status, 200);
    assert.deepEqual(JSON.parse(done.text), { id: 7, method: 'PUT' });
    assert.equal(done.headers.get('access-control-allow-origin'), A);
    assert.equal(done.headers.get('x-total-count'), '42');
    assert.equal(done.headers.get('vary'), 'Origin');
    assert.deepEqual(trace, ['before PUT', 'after PUT 401', 'before PUT', 'after PUT 200']);
  });

  test('from an origin not allowed: 403 without Access-Control-Allow-*, hooks not run', async () => {
    const { app, trace } = keyedApi();
    for (const origin of [B, 'null']) {
      const got = await preflight(app, '/items/7', origin, { 'Access-Control-Request-Headers': 'x-api-key' });
      assert.equal(got.status, 403);
      assert.deepEqual(cors(got), {});
      assert.equal(got.headers.get('vary'), PREFLIGHT_VARY);
      assert.equal(got.text, 'CORS preflight refused: origin not allowed\n');
    }
    assert.deepEqual(trace, []);
  });

  test('are answered for any path, routed or not: what the path holds is the actual request’s to say', async () => {
    const { app } = keyedApi();
    const got = await preflight(app, '/nowhere', A);
    assert.equal(got.status, 204);
    assert.equal(got.headers.get('access-control-allow-origin'), A);
  });

  test('an OPTIONS request that is no preflight (no Access-Control-Request-Method) is routed, with CORS headers', async () => {
    const { app, trace } = keyedApi();
    const got = await ask(app, '/items/7', { method: 'OPTIONS', headers: { Origin: A, 'X-Api-Key': 'secret' } });
    assert.equal(got.status, 204);
    assert.equal(got.headers.get('allow'), 'POST, PUT, OPTIONS');
    assert.equal(got.headers.get('access-control-allow-origin'), A);
    assert.equal(got.headers.has('access-control-allow-methods'), false);
    assert.deepEqual(trace, ['before OPTIONS', 'after OPTIONS 204']);
  });
});

describe('every answer gets the CORS headers, errors and 404s included', () => {
  function api() {
    const { app, log } = makeApp({ cors: { origin: [A], exposedHeaders: ['X-Request-Id'] } });
    class Teapot extends Error {}
    app.route('/ok', () => 'ok');
    app.route('/async', async () => {
      await Promise.resolve();
      return { async: true };
    });
    app.route('/bad', () => {
      throw new HTTPException(HTTP_BAD_REQUEST, { error: 'missing field name' });
    });
    app.route('/crash', () => {
      throw new Error('boom');
    });
    app.route('/teapot', () => {
      throw new Teapot('short and stout');
    });
    app.errorHandler(Teapot, () => new JSONResponse({ teapot: true }, { statusCode: HTTP_I_AM_A_TEAPOT }));
    app.route('/own', () => {
      throw new HTTPException(new JSONResponse({ own: true }, { statusCode: 409 }));
    });
    app.route('/hook-fails', () => 'fine');
    app.addAfterResponse((req: Request) => {
      if (req.path === '/hook-fails') throw new Error('after-hook failed');
    });
    return { app, log };
  }

  const cases: ReadonlyArray<[string, string, number, RequestInit?]> = [
    ['a plain answer', '/ok', 200],
    ['an async handler', '/async', 200],
    ['a 400 raised by the handler', '/bad', 400],
    ['a 404', '/missing', 404],
    ['a 405', '/ok', 405, { method: 'POST' }],
    ['a 500 from a thrown error', '/crash', 500],
    ["an error handler's answer", '/teapot', 418],
    ["an HTTPException's own response", '/own', 409],
    ['a 500 from a failing after-hook', '/hook-fails', 500],
    ['a HEAD', '/ok', 200, { method: 'HEAD' }],
  ];
  for (const [name, url, status, init] of cases) {
    test(`${name} (${status})`, async () => {
      const { app } = api();
      const got = await ask(app, url, { ...init, headers: { Origin: A } });
      assert.equal(got.status, status);
      assert.deepEqual(cors(got), {
        'access-control-allow-origin': A,
        'access-control-expose-headers': 'X-Request-Id',
      });
      // Origin joins what the answer varies by already (the built-in pages may vary by Accept)
      assert.match(got.headers.get('vary') ?? '', /(^|, )Origin$/);
      const other = await ask(app, url, { ...init, headers: { Origin: B } });
      assert.equal(other.status, status);
      assert.deepEqual(cors(other), {});
      assert.match(other.headers.get('vary') ?? '', /(^|, )Origin$/);
    });
  }

  test("'*': Access-Control-Allow-Origin: * and no Vary of its own", async () => {
    const { app } = makeApp({ cors: { origin: '*' } });
    app.route('/ok', () => 'ok');
    for (const headers of [{ Origin: B }, {}] as Record<string, string>[]) {
      const got = await ask(app, '/ok', { headers });
      assert.deepEqual(cors(got), { 'access-control-allow-origin': '*' });
      assert.equal(got.headers.get('vary'), null);
    }
  });

  test('a function policy sees the request; one that throws refuses and is logged', async () => {
    const { app, log } = makeApp({
      cors: {
        origin: (origin, req) => {
          if (req.path === '/boom') throw new Error('policy down');
          return origin.endsWith('.example.com');
        },
      },
    });
    app.route('/ok', () => 'ok');
    app.route('/boom', () => 'boom');
    assert.equal((await ask(app, '/ok', { headers: { Origin: A } })).headers.get('access-control-allow-origin'), A);
    assert.equal((await ask(app, '/ok', { headers: { Origin: B } })).headers.get('access-control-allow-origin'), null);
    const failed = await ask(app, '/boom', { headers: { Origin: A } });
    assert.equal(failed.status, 200);
    assert.equal(failed.headers.get('access-control-allow-origin'), null);
    assert.deepEqual(logText(log), [`CORS origin check failed, origin ${A} refused: Error: policy down`]);
  });

  test('set and unset at run time', async () => {
    const { app } = makeApp();
    app.route('/ok', () => 'ok');
    assert.equal((await ask(app, '/ok', { headers: { Origin: A } })).headers.get('access-control-allow-origin'), null);
    app.cors = { origin: [A] };
    assert.equal((await ask(app, '/ok', { headers: { Origin: A } })).headers.get('access-control-allow-origin'), A);
    app.cors = null;
    assert.equal((await ask(app, '/ok', { headers: { Origin: A } })).headers.get('access-control-allow-origin'), null);
  });
});
