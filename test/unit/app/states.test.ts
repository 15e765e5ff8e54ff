import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  abort,
  DECLINED,
  HTTP_BAD_REQUEST,
  HTTP_FORBIDDEN,
  HTTP_INTERNAL_SERVER_ERROR,
  HTTP_METHOD_NOT_ALLOWED,
  HTTP_NOT_FOUND,
  HTTP_NOT_IMPLEMENTED,
  JSONResponse,
  METHOD_ALL,
  METHOD_GET,
  METHOD_POST,
  METHOD_PUT,
  PoorWSGIError,
  Response,
  type StateHandler,
  tuple,
} from '../../../src/index.ts';
import { ask, logText, makeApp } from '../../helpers/app.ts';

describe('user state handlers', () => {
  const everyMethod = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
  for (const method of everyMethod) {
    test(`httpState(404, handler) covers ${method} by default`, async () => {
      const { app } = makeApp();
      app.httpState(HTTP_NOT_FOUND, (req) => tuple(`no ${req.method} ${req.path}`, 'text/plain'));
      const res = await ask(app, '/missing', { method });
      assert.equal(res.status, 404);
      assert.equal(res.headers.get('content-type'), 'text/plain');
      assert.equal(res.text, method === 'HEAD' ? '' : `no ${method} /missing`);
    });
  }

  const masked: ReadonlyArray<{ method: string; custom: boolean }> = [
    { method: 'GET', custom: true },
    { method: 'HEAD', custom: false },
    { method: 'PUT', custom: false },
    { method: 'POST', custom: true },
  ];
  for (const c of masked) {
    test(`a state handler for GET|POST only: ${c.method} ${c.custom ? 'uses it' : 'gets the built-in page'}`, async () => {
      const { app } = makeApp();
      app.setHttpState(HTTP_NOT_FOUND, () => 'custom', METHOD_GET | METHOD_POST);
      const res = await ask(app, '/missing', { method: c.method });
      assert.equal(res.status, 404);
      if (c.method !== 'HEAD') assert.equal(res.text === 'custom', c.custom);
      assert.equal(res.headers.get('content-length') === '6', c.custom);
    });
  }

  const forced: ReadonlyArray<{ name: string; handler: StateHandler; type: string; body: string }> = [
    { name: 'a plain string', handler: () => 'not here', type: 'text/html; charset=utf-8', body: 'not here' },
    {
      name: 'a tuple with status 200',
      handler: () => tuple('t', 'text/plain', null, 200),
      type: 'text/plain',
      body: 't',
    },
    {
      name: 'a JSONResponse with status 200',
      handler: () => new JSONResponse({ error: 'missing' }),
      type: 'application/json; charset=utf-8',
      body: '{"error":"missing"}',
    },
    {
      name: 'an object, async',
      handler: async () => ({ a: 1 }),
      type: 'application/json; charset=utf-8',
      body: '{"a":1}',
    },
  ];
  for (const c of forced) {
    test(`a user 404 handler returning ${c.name} answers 404`, async () => {
      const { app } = makeApp();
      app.httpState(HTTP_NOT_FOUND, c.handler);
      const res = await ask(app, '/x');
      assert.equal(res.status, 404);
      assert.equal(res.headers.get('content-type'), c.type);
      assert.equal(res.text, c.body);
    });
  }

  const extras: ReadonlyArray<{
    name: string;
    code: number;
    setup: (app: ReturnType<typeof makeApp>['app']) => void;
    init?: RequestInit;
    url: string;
    extra: Record<string, unknown>;
    allow?: string;
  }> = [
    {
      name: 'the kwargs of an HTTPException',
      code: HTTP_FORBIDDEN,
      setup: (app) => app.route('/f', () => abort(HTTP_FORBIDDEN, { reason: 'no', level: 2 })),
      url: '/f',
      extra: { reason: 'no', level: 2 },
    },
    {
      name: 'allowed for a 405 (and Allow is still sent)',
      code: HTTP_METHOD_NOT_ALLOWED,
      setup: (app) => app.route('/g', () => 'g'),
      init: { method: 'PUT' },
      url: '/g',
      // method names, not the mask: the extra is plain data a JSON handler can send as it is
      extra: { allowed: ['HEAD', 'GET', 'OPTIONS'] },
      allow: 'HEAD, GET, OPTIONS',
    },
    {
      name: 'error for a bad path',
      code: HTTP_BAD_REQUEST,
      setup: () => {},
      url: '/%C3%28',
      extra: { error: 'Invalid path encoding' },
    },
    { name: 'nothing for a plain 404', code: HTTP_NOT_FOUND, setup: () => {}, url: '/none', extra: {} },
  ];
  for (const c of extras) {
    test(`a state handler receives ${c.name}`, async () => {
      const { app } = makeApp();
      c.setup(app);
      let got: unknown;
      let handlerSeen: unknown;
      const handler: StateHandler = (req, extra) => {
        got = { ...extra };
        handlerSeen = req.errorHandler;
        return 'state';
      };
      app.httpState(c.code, handler);
      const res = await ask(app, c.url, c.init);
      assert.equal(res.status, c.code);
      assert.equal(res.text, 'state');
      assert.deepEqual(got, c.extra);
      assert.equal(handlerSeen, handler, 'req.errorHandler is the state handler');
      if (c.allow) assert.equal(res.headers.get('allow'), c.allow);
    });
  }

  const throwing: ReadonlyArray<{
    name: string;
    handler: StateHandler;
    status: number;
    body: RegExp;
    logged: boolean;
  }> = [
    {
      name: 'HTTPException(403): the 403 page',
      handler: () => abort(HTTP_FORBIDDEN),
      status: 403,
      body: /403 - Forbidden Access/,
      logged: false,
    },
    {
      name: 'abort(Response): that response',
      handler: () => abort(new Response('mine', 'text/plain', null, 410)),
      status: 410,
      body: /^mine$/,
      logged: false,
    },
    {
      name: 'HTTPException(204): 204',
      handler: () => abort(204),
      status: 204,
      body: /^$/,
      logged: false,
    },
    {
      name: 'abort(DECLINED): declined (a bare 204 through fetch)',
      handler: () => abort(DECLINED),
      status: 204,
      body: /^$/,
      logged: false,
    },
    {
      name: 'a TypeError: the built-in 500, logged',
      handler: () => {
        throw new TypeError('state broke');
      },
      status: 500,
      body: /500 - Internal Server Error/,
      logged: true,
    },
    {
      name: 'a rejected promise: the built-in 500, logged',
      handler: async () => {
        throw new Error('async state broke');
      },
      status: 500,
      body: /500 - Internal Server Error/,
      logged: true,
    },
    {
      name: 'an invalid value: the built-in 500, logged',
      // only a cast gets a Map past the compiler
      handler: () => new Map() as never,
      status: 500,
      body: /500 - Internal Server Error/,
      logged: true,
    },
  ];
  for (const c of throwing) {
    test(`a 404 state handler throwing ${c.name}`, async () => {
      const { app, log } = makeApp();
      app.httpState(HTTP_NOT_FOUND, c.handler);
      const res = await ask(app, '/missing');
      assert.equal(res.status, c.status);
      assert.match(res.text, c.body);
      if (c.status === 204)
        assert.equal(res.headers.get('x-powered-by'), c.name.includes('DECLINED') ? null : 'Poor WSGI for TypeScript');
      assert.equal(log.lines.length > 0, c.logged, logText(log).join('\n'));
    });
  }

  test('a crashing 500 state handler falls back to the built-in 500', async () => {
    const { app, log } = makeApp();
    app.route('/crash', () => {
      throw new Error('first');
    });
    app.httpState(HTTP_INTERNAL_SERVER_ERROR, () => {
      throw new Error('second');
    });
    const res = await ask(app, '/crash');
    assert.equal(res.status, 500);
    assert.match(res.text, /500 - Internal Server Error/);
    const text = logText(log).join('\n');
    assert.match(text, /Error: first/);
    assert.match(text, /Error: second/);
  });

  test('a user 500 handler receives the error', async () => {
    const { app } = makeApp();
    app.route('/crash', () => {
      throw new RangeError('out');
    });
    app.httpState(HTTP_INTERNAL_SERVER_ERROR, (_req, extra) => ({ got: extra }));
    const res = await ask(app, '/crash');
    assert.equal(res.status, 500);
    // a summary JSON can carry, without the stack outside debug mode
    assert.deepEqual(JSON.parse(res.text), { got: { error: { name: 'RangeError', message: 'out' } } });
  });

  test('in debug mode the error summary has the stack, and a string code', async () => {
    const { app } = makeApp({ debug: true });
    app.route('/crash', () => {
      throw Object.assign(new Error('gone'), { code: 'ENOENT' });
    });
    app.httpState(HTTP_INTERNAL_SERVER_ERROR, (_req, extra) => ({ got: extra }));
    const res = await ask(app, '/crash');
    const error = JSON.parse(res.text).got.error;
    assert.equal(error.name, 'Error');
    assert.equal(error.message, 'gone');
    assert.equal(error.code, 'ENOENT');
    assert.match(error.stack, /^Error: gone\n\s+at /);
  });

  test('a user 501 handler registered for every method covers unknown methods', async () => {
    const { app } = makeApp();
    app.httpState(HTTP_NOT_IMPLEMENTED, (req) => `no ${req.method}`);
    const res = await ask(app, '/', { method: 'PROPFIND' });
    assert.equal(res.status, 501);
    assert.equal(res.text, 'no PROPFIND');
  });

  test('a user 501 handler for some methods only does not cover unknown methods', async () => {
    const { app } = makeApp();
    app.httpState(HTTP_NOT_IMPLEMENTED, (req) => `no ${req.method}`, METHOD_GET);
    const res = await ask(app, '/', { method: 'PROPFIND' });
    assert.equal(res.status, 501);
    assert.match(res.text, /501 - Not Implemented/);
  });

  test('popHttpState removes one method; the built-in page comes back', async () => {
    const { app } = makeApp();
    const handler: StateHandler = () => 'custom';
    app.httpState(HTTP_NOT_FOUND, handler, METHOD_GET | METHOD_PUT);
    assert.equal(app.popHttpState(HTTP_NOT_FOUND, METHOD_GET), handler);
    assert.match((await ask(app, '/x')).text, /404 - Page Not Found/);
    assert.equal((await ask(app, '/x', { method: 'PUT' })).text, 'custom');
    assert.deepEqual([...(app.states.get(HTTP_NOT_FOUND)?.keys() ?? [])], [METHOD_PUT]);
    assert.throws(
      () => app.popHttpState(HTTP_NOT_FOUND, METHOD_GET),
      (err: unknown) => err instanceof PoorWSGIError && err.code === 'PW_ERR_NOT_REGISTERED',
    );
  });

  const badCodes: ReadonlyArray<[unknown, string]> = [
    [99, 'PW_ERR_STATUS'],
    [600, 'PW_ERR_STATUS'],
    [404.5, 'PW_ERR_STATUS'],
  ];
  for (const [code, errCode] of badCodes) {
    test(`setHttpState(${String(code)}) throws ${errCode}`, () => {
      const { app } = makeApp();
      assert.throws(
        () => app.setHttpState(code as number, () => ''),
        (err: unknown) => err instanceof PoorWSGIError && err.code === errCode && err.message.includes(String(code)),
      );
    });
  }

  test('setHttpState with a mask naming no method throws PW_ERR_METHOD', () => {
    const { app } = makeApp();
    assert.throws(
      () => app.setHttpState(404, () => '', 1024),
      (err: unknown) => err instanceof PoorWSGIError && err.code === 'PW_ERR_METHOD',
    );
    assert.equal(app.states.size, 0);
    app.setHttpState(404, () => '', METHOD_ALL);
    assert.equal(app.states.get(404)?.size, 9);
  });
});
