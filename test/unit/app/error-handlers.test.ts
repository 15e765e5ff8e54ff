import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  abort,
  type ErrorClass,
  type ErrorHandler,
  type ErrorSummary,
  HTTP_FORBIDDEN,
  HTTP_INTERNAL_SERVER_ERROR,
  HTTPException,
  METHOD_ALL,
  METHOD_GET,
  METHOD_POST,
  PoorWSGIError,
  Response,
  tuple,
} from '../../../src/index.ts';
import { ask, logText, makeApp } from '../../helpers/app.ts';

class AppRangeError extends RangeError {}
class DeepRangeError extends AppRangeError {}

/** Every throwable the route `/throw/<kind>` throws. */
const THROWN: Readonly<Record<string, () => unknown>> = {
  error: () => new Error('plain'),
  type: () => new TypeError('type'),
  range: () => new RangeError('range'),
  app: () => new AppRangeError('app'),
  deep: () => new DeepRangeError('deep'),
  syntax: () => new SyntaxError('syntax'),
};

const HANDLED: ReadonlyArray<[string, ErrorClass<unknown>]> = [
  ['Error', Error],
  ['TypeError', TypeError],
  ['RangeError', RangeError],
  ['AppRangeError', AppRangeError],
];

/** Every registration order of the four classes (24 of them). */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('the most specific error handler wins, whatever the order', () => {
  const expected: Readonly<Record<string, string>> = {
    error: 'Error',
    type: 'TypeError',
    range: 'RangeError',
    app: 'AppRangeError',
    deep: 'AppRangeError',
    syntax: 'Error',
  };
  for (const order of permutations(HANDLED)) {
    test(order.map(([name]) => name).join(' < '), async () => {
      const { app, log } = makeApp();
      app.route('/throw/<kind>', (_req, kind) => {
        throw (THROWN[kind] as () => unknown)();
      });
      for (const [name, cls] of order) {
        app.errorHandler(cls, (req, err) => `${name} got ${(err as Error).message} ${req.errorHandler === undefined}`);
      }
      for (const [kind, name] of Object.entries(expected)) {
        const res = await ask(app, `/throw/${kind}`);
        assert.equal(res.status, 200);
        assert.equal(res.text, `${name} got ${(THROWN[kind] as () => Error)().message} false`, kind);
      }
      assert.deepEqual(log.lines, [], 'handled errors are not logged');
    });
  }
});

describe('error handler method masks', () => {
  const cases: ReadonlyArray<{ method: string; status: number; body: RegExp }> = [
    { method: 'GET', status: 200, body: /^Error handler$/ },
    { method: 'HEAD', status: 500, body: /^$/ },
    { method: 'POST', status: 200, body: /^TypeError handler$/ },
    { method: 'PUT', status: 500, body: /500 - Internal Server Error/ },
  ];
  for (const c of cases) {
    test(`TypeError handler for POST, Error handler for GET: ${c.method}`, async () => {
      const { app, log } = makeApp();
      app.route(
        '/',
        () => {
          throw new TypeError('t');
        },
        METHOD_ALL,
      );
      app.errorHandler(TypeError, () => 'TypeError handler', METHOD_POST);
      app.errorHandler(Error, () => 'Error handler', METHOD_GET);
      const res = await ask(app, '/', { method: c.method });
      assert.equal(res.status, c.status);
      assert.match(res.text, c.body);
      assert.equal(log.lines.length, c.status === 500 ? 1 : 0);
    });
  }

  const registrations: ReadonlyArray<[string, (app: ReturnType<typeof makeApp>['app'], h: ErrorHandler) => void]> = [
    ['errorHandler(cls, fn)', (app, h) => app.errorHandler(EvalError, h)],
    ['errorHandler(cls)(fn)', (app, h) => void app.errorHandler(EvalError)(h)],
    ['setErrorHandler(cls, fn)', (app, h) => app.setErrorHandler(EvalError, h)],
  ];
  for (const [name, register] of registrations) {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      test(`${name} covers ${method} by default`, async () => {
        const { app } = makeApp();
        app.route(
          '/',
          () => {
            throw new EvalError('e');
          },
          METHOD_ALL,
        );
        register(app, (req) => `handled ${req.method}`);
        const res = await ask(app, '/', { method });
        assert.equal(res.status, 200);
        assert.equal(res.text, `handled ${method}`);
      });
    }
  }
});

describe('what an error handler returns or throws', () => {
  const cases: ReadonlyArray<{
    name: string;
    handler: ErrorHandler;
    status: number;
    body: RegExp;
    type?: string;
    logged: RegExp | null;
  }> = [
    {
      name: 'a string is a 200 HTML response',
      handler: (_req, err) => `caught ${err.message}`,
      status: 200,
      body: /^caught boom$/,
      type: 'text/html; charset=utf-8',
      logged: null,
    },
    {
      name: 'a tuple is normalised',
      handler: () => tuple('sorry', 'text/plain', { 'Retry-After': '5' }, 503),
      status: 503,
      body: /^sorry$/,
      type: 'text/plain',
      logged: null,
    },
    {
      name: 'an object is JSON',
      handler: async (_req, err) => ({ error: err.message }),
      status: 200,
      body: /^\{"error":"boom"\}$/,
      type: 'application/json; charset=utf-8',
      logged: null,
    },
    {
      name: 'a Response is used',
      handler: () => new Response('r', 'text/plain', null, 409),
      status: 409,
      body: /^r$/,
      logged: null,
    },
    {
      name: 'undefined falls back to the 500 page',
      handler: () => undefined,
      status: 500,
      body: /500 - Internal Server Error/,
      logged: /Error: boom/,
    },
    {
      name: 'HTTPException(403) gives the 403 page',
      handler: () => abort(HTTP_FORBIDDEN),
      status: 403,
      body: /403 - Forbidden Access/,
      logged: null,
    },
    {
      name: 'abort(Response) gives that response',
      handler: async () => abort(new Response('no', 'text/plain', null, 451)),
      status: 451,
      body: /^no$/,
      logged: null,
    },
    {
      name: 'another error gives the built-in 500, logged',
      handler: () => {
        throw new Error('handler broke');
      },
      status: 500,
      body: /500 - Internal Server Error/,
      logged: /Error: handler broke/,
    },
    {
      name: 'an invalid value gives the built-in 500, logged',
      // not a response value: only a cast gets it past the compiler
      handler: () => 3.14 as never,
      status: 500,
      body: /500 - Internal Server Error/,
      logged: /PoorWSGIError/,
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const { app, log } = makeApp();
      app.route('/', () => {
        throw new Error('boom');
      });
      app.errorHandler(Error, c.handler);
      const res = await ask(app, '/');
      assert.equal(res.status, c.status);
      assert.match(res.text, c.body);
      if (c.type) assert.equal(res.headers.get('content-type'), c.type);
      const lines = logText(log);
      if (c.logged === null) assert.deepEqual(lines, []);
      else
        assert.ok(
          lines.some((l) => c.logged?.test(l)),
          lines.join('\n'),
        );
    });
  }

  test('a user 500 state handler is used when an error handler returns nothing', async () => {
    const { app } = makeApp();
    app.route('/', () => {
      throw new Error('boom');
    });
    app.errorHandler(Error, () => undefined);
    app.httpState(HTTP_INTERNAL_SERVER_ERROR, (_req, extra) => `state ${(extra.error as ErrorSummary).message}`);
    const res = await ask(app, '/');
    assert.equal(res.status, 500);
    assert.equal(res.text, 'state boom');
  });
});

describe('errors without a handler', () => {
  const thrown: ReadonlyArray<[string, () => unknown, RegExp]> = [
    ['a string', () => 'x', /GET \/: x/],
    ['a number', () => 42, /GET \/: 42/],
    ['null', () => null, /GET \/: null/],
    ['an Error', () => new Error('e'), /GET \/: Error: e/],
    ['a rejected promise', () => Promise.reject(new TypeError('async')), /GET \/: TypeError: async/],
  ];
  for (const [name, make, logged] of thrown) {
    test(`throwing ${name} gives the built-in 500 and is logged`, async () => {
      const { app, log } = makeApp();
      app.errorHandler(SyntaxError, () => 'not this one');
      app.route('/', async () => {
        const value = make();
        if (value instanceof Promise) return value;
        throw value;
      });
      const res = await ask(app, '/');
      assert.equal(res.status, 500);
      assert.match(res.text, /500 - Internal Server Error/);
      assert.ok(
        logText(log).some((l) => logged.test(l)),
        logText(log).join('\n'),
      );
    });
  }

  test('HTTPException never reaches an error handler', async () => {
    const { app } = makeApp();
    app.errorHandler(Error, () => 'Error handler');
    app.errorHandler(HTTPException, () => 'HTTPException handler');
    app.route('/', () => abort(HTTP_FORBIDDEN));
    const res = await ask(app, '/');
    assert.equal(res.status, 403);
    assert.match(res.text, /403 - Forbidden Access/);
  });
});

describe('popErrorHandler and the errors view', () => {
  test('pop one method, then the class is gone', async () => {
    const { app } = makeApp();
    const handler: ErrorHandler<TypeError> = () => 'handled';
    app.errorHandler(TypeError, handler, METHOD_GET | METHOD_POST);
    app.route(
      '/',
      () => {
        throw new TypeError('t');
      },
      METHOD_GET | METHOD_POST,
    );
    assert.equal(app.popErrorHandler(TypeError, METHOD_GET), handler);
    assert.equal((await ask(app, '/')).status, 500);
    assert.equal((await ask(app, '/', { method: 'POST' })).text, 'handled');
    const view = app.errors;
    assert.deepEqual([...(view.get(TypeError)?.keys() ?? [])], [METHOD_POST]);
    view.clear();
    assert.equal(app.errors.size, 1, 'the view is a copy');
    app.popErrorHandler(TypeError, METHOD_POST);
    assert.equal(app.errors.size, 0);
    assert.throws(
      () => app.popErrorHandler(TypeError, METHOD_POST),
      (err: unknown) => err instanceof PoorWSGIError && err.code === 'PW_ERR_NOT_REGISTERED',
    );
  });

  const bad: ReadonlyArray<[string, () => void, string]> = [
    ['not a class', () => makeApp().app.setErrorHandler('Error' as unknown as ErrorClass, () => ''), 'PW_ERR_ARGUMENT'],
    ['a mask naming no method', () => makeApp().app.setErrorHandler(Error, () => '', 4096), 'PW_ERR_METHOD'],
  ];
  for (const [name, run, code] of bad) {
    test(`setErrorHandler with ${name} throws ${code}`, () => {
      assert.throws(run, (err: unknown) => err instanceof PoorWSGIError && err.code === code);
    });
  }
});
