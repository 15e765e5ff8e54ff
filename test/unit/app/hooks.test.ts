import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type AfterHook,
  abort,
  type BaseResponse,
  type BeforeHook,
  HTTP_FORBIDDEN,
  HTTP_PAYMENT_REQUIRED,
  HTTPException,
  JSONResponse,
  METHOD_POST,
  Response,
  tuple,
} from '../../../src/index.ts';
import { ask, logText, makeApp } from '../../helpers/app.ts';

type App = ReturnType<typeof makeApp>['app'];

describe('hook order and when hooks run', () => {
  function build(extra?: (app: App, trace: string[]) => void) {
    const { app, log } = makeApp();
    const trace: string[] = [];
    app.route('/ok', () => {
      trace.push('handler');
      return 'ok';
    });
    app.route('/post', () => 'post', METHOD_POST);
    app.route('/crash', () => {
      trace.push('handler');
      throw new Error('boom');
    });
    app.addBeforeResponse((req) => {
      trace.push(`b1 ${req.uriRule}`);
    });
    app.addBeforeResponse(async (req) => {
      await Promise.resolve();
      trace.push(`b2 ${req.uriRule}`);
    });
    app.addAfterResponse((req, res) => {
      trace.push(`a1 ${req.uriRule} ${res.statusCode}`);
    });
    app.addAfterResponse(async (_req, res) => {
      await Promise.resolve();
      trace.push(`a2 ${res.statusCode}`);
    });
    extra?.(app, trace);
    return { app, log, trace };
  }

  const cases: ReadonlyArray<{ name: string; method?: string; url: string; status: number; trace: string[] }> = [
    {
      name: 'a routed request',
      url: '/ok',
      status: 200,
      trace: ['b1 /ok', 'b2 /ok', 'handler', 'a1 /ok 200', 'a2 200'],
    },
    {
      name: 'a 404: hooks once, uriRule /*',
      url: '/missing',
      status: 404,
      trace: ['b1 /*', 'b2 /*', 'a1 /* 404', 'a2 404'],
    },
    {
      name: 'a 405: hooks once, uriRule set',
      url: '/post',
      status: 405,
      trace: ['b1 /post', 'b2 /post', 'a1 /post 405', 'a2 405'],
    },
    {
      name: 'OPTIONS on a known path',
      method: 'OPTIONS',
      url: '/ok',
      status: 204,
      trace: ['b1 /ok', 'b2 /ok', 'a1 /ok 204', 'a2 204'],
    },
    {
      name: 'a crashing handler: after-hooks see the 500',
      url: '/crash',
      status: 500,
      trace: ['b1 /crash', 'b2 /crash', 'handler', 'a1 /crash 500', 'a2 500'],
    },
    {
      name: 'a 501: no route, so no before-hooks; after-hooks run',
      method: 'PROPFIND',
      url: '/ok',
      status: 501,
      trace: ['a1 undefined 501', 'a2 501'],
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const { app, trace } = build();
      const res = await ask(app, c.url, { method: c.method ?? 'GET' });
      assert.equal(res.status, c.status);
      assert.deepEqual(trace, c.trace);
    });
  }

  const beforeCases: ReadonlyArray<{
    name: string;
    hook: BeforeHook;
    status: number;
    body?: RegExp;
    trace: string[];
    logged?: RegExp;
  }> = [
    {
      name: 'a response returned by a before-hook answers: no handler; after-hooks run',
      hook: () => new Response('from hook', 'text/plain', null, 418),
      status: 418,
      body: /^from hook$/,
      trace: ['b1 /ok', 'b2 /ok', 'a1 /ok 418', 'a2 418'],
    },
    {
      name: 'a response from an async before-hook answers too',
      hook: async () => new Response('later', 'text/plain', null, 401),
      status: 401,
      body: /^later$/,
      trace: ['b1 /ok', 'b2 /ok', 'a1 /ok 401', 'a2 401'],
    },
    {
      name: 'null from a before-hook goes on, as undefined does',
      hook: () => null as never,
      status: 200,
      body: /^ok$/,
      trace: ['b1 /ok', 'b2 /ok', 'handler', 'a1 /ok 200', 'a2 200'],
    },
    {
      name: 'a value that is not a response from a before-hook is a 500, logged',
      // only a cast gets it past the compiler: the types allow nothing or a response
      hook: () => 'text' as never,
      status: 500,
      body: /500 - Internal Server Error/,
      trace: ['b1 /ok', 'b2 /ok', 'a1 /ok 500', 'a2 500'],
      logged: /A before-hook returns nothing, or a response to answer with \(got string "text"\)/,
    },
    {
      name: 'the same from an async before-hook',
      hook: async () => 7 as never,
      status: 500,
      body: /500 - Internal Server Error/,
      trace: ['b1 /ok', 'b2 /ok', 'a1 /ok 500', 'a2 500'],
      logged: /got number 7/,
    },
    {
      name: 'HTTPException from a before-hook short-circuits; after-hooks run',
      hook: () => abort(HTTP_FORBIDDEN),
      status: 403,
      body: /403 - Forbidden Access/,
      trace: ['b1 /ok', 'b2 /ok', 'a1 /ok 403', 'a2 403'],
    },
    {
      name: 'abort(Response) from an async before-hook',
      hook: async () => abort(new Response('stop', 'text/plain', null, 409)),
      status: 409,
      body: /^stop$/,
      trace: ['b1 /ok', 'b2 /ok', 'a1 /ok 409', 'a2 409'],
    },
    {
      name: 'another error in a before-hook is a 500; after-hooks run',
      hook: () => {
        throw new RangeError('hook broke');
      },
      status: 500,
      body: /500 - Internal Server Error/,
      trace: ['b1 /ok', 'b2 /ok', 'a1 /ok 500', 'a2 500'],
      logged: /RangeError: hook broke/,
    },
  ];
  for (const c of beforeCases) {
    test(c.name, async () => {
      const { app, log, trace } = build((app) => app.addBeforeResponse(c.hook));
      const res = await ask(app, '/ok');
      assert.equal(res.status, c.status);
      if (c.body) assert.match(res.text, c.body);
      assert.deepEqual(trace, c.trace);
      if (c.logged)
        assert.ok(
          logText(log).some((l) => c.logged?.test(l)),
          logText(log).join('\n'),
        );
      else assert.deepEqual(log.lines, []);
    });
  }
});

describe('after-hook return values', () => {
  const cases: ReadonlyArray<{
    name: string;
    hook: AfterHook;
    status: number;
    body: RegExp;
    type?: string;
    secondRuns: boolean;
  }> = [
    { name: 'undefined keeps the response', hook: () => undefined, status: 200, body: /^ok$/, secondRuns: true },
    {
      name: 'a mutated response is kept',
      hook: (_req, res) => {
        res.headers.set('X-Hook', '1');
      },
      status: 200,
      body: /^ok$/,
      secondRuns: true,
    },
    {
      name: 'a string replaces it',
      hook: () => 'replaced',
      status: 200,
      body: /^replaced$/,
      type: 'text/html; charset=utf-8',
      secondRuns: true,
    },
    {
      name: 'an object replaces it as JSON',
      hook: () => ({ a: 1 }),
      status: 200,
      body: /^\{"a":1\}$/,
      type: 'application/json; charset=utf-8',
      secondRuns: true,
    },
    {
      name: 'a tuple replaces it',
      hook: () => tuple('t', 'text/plain', null, 202),
      status: 202,
      body: /^t$/,
      type: 'text/plain',
      secondRuns: true,
    },
    {
      name: 'a Response replaces it',
      hook: async () => new JSONResponse({ x: true }, { statusCode: 201 }),
      status: 201,
      body: /^\{"x":true\}$/,
      secondRuns: true,
    },
    {
      name: 'HTTPException from an after-hook is honoured (its page)',
      hook: () => {
        throw new HTTPException(HTTP_PAYMENT_REQUIRED);
      },
      status: 402,
      body: /402 - Payment Required/,
      secondRuns: false,
    },
    {
      name: 'abort(Response) from an after-hook is honoured',
      hook: () => abort(new Response('pay', 'text/plain', null, HTTP_PAYMENT_REQUIRED)),
      status: 402,
      body: /^pay$/,
      secondRuns: false,
    },
    {
      name: 'another error from an after-hook is a 500',
      hook: () => {
        throw new Error('after broke');
      },
      status: 500,
      body: /500 - Internal Server Error/,
      secondRuns: false,
    },
    {
      name: 'an invalid value from an after-hook is a 500',
      // not a response value: only a cast gets it past the compiler
      hook: () => 42 as never,
      status: 500,
      body: /500 - Internal Server Error/,
      secondRuns: false,
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const { app, log } = makeApp();
      app.route('/ok', () => 'ok');
      let secondSaw: BaseResponse | undefined;
      app.addAfterResponse(c.hook);
      app.addAfterResponse((_req, res) => {
        secondSaw = res;
      });
      const res = await ask(app, '/ok');
      assert.equal(res.status, c.status);
      assert.match(res.text, c.body);
      if (c.type) assert.equal(res.headers.get('content-type'), c.type);
      assert.equal(secondSaw !== undefined, c.secondRuns);
      if (c.secondRuns) assert.equal(secondSaw?.statusCode, c.status);
      if (c.status === 500) assert.equal(log.lines.length, 1, logText(log).join('\n'));
      if (c.name.startsWith('a mutated')) assert.equal(res.headers.get('x-hook'), '1');
    });
  }

  test('after-hooks see and can replace a 404 page', async () => {
    const { app } = makeApp();
    app.addAfterResponse((req, res) =>
      res.statusCode === 404 ? tuple(`gone: ${req.path}`, 'text/plain', null, 404) : undefined,
    );
    const res = await ask(app, '/nothing');
    assert.equal(res.status, 404);
    assert.equal(res.text, 'gone: /nothing');
  });
});
