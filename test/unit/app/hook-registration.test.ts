import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { METHOD_POST, PoorWSGIError, type Request, tuple } from '../../../src/index.ts';
import { ask, makeApp } from '../../helpers/app.ts';

type App = ReturnType<typeof makeApp>['app'];

describe('hook registration', () => {
  const kinds: ReadonlyArray<{
    kind: string;
    add: (app: App, fn: () => void) => void;
    pop: (app: App, fn: () => void) => unknown;
    view: (app: App) => unknown[];
  }> = [
    {
      kind: 'before',
      add: (app, fn) => app.addBeforeResponse(fn),
      pop: (app, fn) => app.popBeforeResponse(fn),
      view: (app) => app.before,
    },
    {
      kind: 'after',
      add: (app, fn) => app.addAfterResponse(fn),
      pop: (app, fn) => app.popAfterResponse(fn),
      view: (app) => app.after,
    },
    {
      kind: 'before (decorator)',
      add: (app, fn) => void app.beforeResponse()(fn),
      pop: (app, fn) => app.popBeforeResponse(fn),
      view: (app) => app.before,
    },
    {
      kind: 'after (decorator)',
      add: (app, fn) => void app.afterResponse()(fn),
      pop: (app, fn) => app.popAfterResponse(fn),
      view: (app) => app.after,
    },
  ];
  const isCode = (code: string) => (err: unknown) => err instanceof PoorWSGIError && err.code === code;

  for (const k of kinds) {
    test(`${k.kind}: add, duplicate, view copy, pop, pop missing`, async () => {
      const { app } = makeApp();
      app.route('/', () => 'x');
      let runs = 0;
      const one = () => {
        runs++;
      };
      const two = () => {};
      k.add(app, one);
      k.add(app, two);
      assert.throws(() => k.add(app, one), isCode('PW_ERR_DUPLICATE'));
      const view = k.view(app);
      assert.deepEqual(view, [one, two]);
      view.length = 0;
      assert.deepEqual(k.view(app), [one, two], 'the view is a copy');
      await ask(app, '/');
      assert.equal(runs, 1);
      assert.equal(k.pop(app, one), one);
      assert.deepEqual(k.view(app), [two]);
      await ask(app, '/');
      assert.equal(runs, 1, 'a popped hook does not run');
      assert.throws(() => k.pop(app, one), isCode('PW_ERR_NOT_REGISTERED'));
    });
  }

  test('popAfterResponse pops from the after list, not the before list', () => {
    const { app } = makeApp();
    const fn = () => {};
    app.addAfterResponse(fn);
    assert.equal(app.popAfterResponse(fn), fn);
    assert.deepEqual(app.after, []);
    app.addBeforeResponse(fn);
    assert.throws(() => app.popAfterResponse(fn), isCode('PW_ERR_NOT_REGISTERED'));
    assert.deepEqual(app.before, [fn]);
  });

  test('one function may be a before-hook and an after-hook', () => {
    const { app } = makeApp();
    const fn = () => {};
    app.addBeforeResponse(fn);
    app.addAfterResponse(fn);
    app.popBeforeResponse(fn);
    assert.deepEqual(app.before, []);
    assert.deepEqual(app.after, [fn]);
  });
});

describe('decorator forms', () => {
  const { app } = makeApp();
  const trace: string[] = [];

  // biome-ignore lint/complexity/noStaticOnlyClass: TC39 decorators apply to class members only
  class Handlers {
    @app.route('/tc39')
    static tc39(req: Request) {
      return `tc39 ${req.path}`;
    }

    @app.route('/tc39/<n:int>')
    static typed(_req: Request, n: number) {
      return `n+1=${n + 1}`;
    }

    @app.beforeResponse()
    static before(req: Request) {
      trace.push(`before ${req.path}`);
    }

    @app.httpState(404)
    static missing(req: Request) {
      return tuple(`custom 404 ${req.path}`, 'text/plain');
    }
  }
  app.route('/wrapped')((req) => `wrapped ${req.method}`);
  app.route('/wrapped-post', METHOD_POST)(() => 'posted');

  const cases: ReadonlyArray<{ method?: string; url: string; status: number; body: string }> = [
    { url: '/tc39', status: 200, body: 'tc39 /tc39' },
    { url: '/tc39/41', status: 200, body: 'n+1=42' },
    { url: '/wrapped', status: 200, body: 'wrapped GET' },
    { method: 'POST', url: '/wrapped-post', status: 200, body: 'posted' },
    { url: '/none', status: 404, body: 'custom 404 /none' },
  ];
  for (const c of cases) {
    test(`${c.method ?? 'GET'} ${c.url}`, async () => {
      trace.length = 0;
      const res = await ask(app, c.url, { method: c.method ?? 'GET' });
      assert.equal(res.status, c.status);
      assert.equal(res.text, c.body);
      assert.deepEqual(trace, [`before ${c.url}`]);
    });
  }

  test('decorators return the method itself', () => {
    assert.equal(app.routes.get('/tc39')?.get(2), Handlers.tc39);
    assert.deepEqual(app.before, [Handlers.before]);
  });
});
