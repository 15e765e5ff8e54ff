/**
 * Route definitions that cannot mean what they seem are refused, naming
 * poorwsgi's spelling; registering a route and method twice replaces the
 * handler and warns.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { METHOD_GET, METHOD_POST, PoorWSGIError } from '../../../src/index.ts';
import { ask, logText, makeApp } from '../../helpers/app.ts';

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof PoorWSGIError, String(error));
    assert.equal(error.code, 'PW_ERR_ROUTE');
    return error.message;
  }
  return assert.fail('not refused');
}

describe('route spellings of other routers are refused', () => {
  const cases: ReadonlyArray<[string, RegExp]> = [
    ['/notes/:id', /'\/notes\/:id': ':id' is not a parameter here: write '<id>' \(or '<id:int>', \.\.\.\)/],
    ['/notes/:id/comments', /write '<id>'/],
    ['/:lang/home', /write '<lang>'/],
    ['/files/*', /'\*' is not a wildcard here: write '<path:re:\.\*>' for the rest of the path/],
    ['/files/*rest', /'\*rest' is not a wildcard here: write '<rest:re:\.\*>'/],
    ['notes', /a route is a path and starts with '\/': '\/notes'/],
    ['', /starts with '\/'/],
    ['notes/<id:int>', /starts with '\/'/],
  ];
  for (const [uri, message] of cases) {
    test(`${JSON.stringify(uri)} is refused`, () => {
      const { app } = makeApp();
      assert.match(
        refusal(() => app.route(uri, () => 'x')),
        message,
      );
      assert.equal(app.isRoute(uri), false);
    });
  }

  test('a colon or star inside a segment is literal text, as before', async () => {
    const { app } = makeApp();
    app.route('/v1/things:batchGet', () => 'batch');
    app.route('/a*b', () => 'star');
    app.route('/time/<t:re:\\d+:\\d+>', (_req, t) => t);
    assert.equal((await ask(app, '/v1/things:batchGet')).text, 'batch');
    assert.equal((await ask(app, '/a*b')).text, 'star');
    assert.equal((await ask(app, '/time/10:30')).text, '10:30');
  });

  test('raw regular routes are regular expressions: not checked for these spellings', () => {
    const { app } = makeApp();
    app.regularRoute('/x/(.*)', () => 'x');
    assert.equal(app.isRegularRoute('/x/(.*)'), true);
  });
});

describe('registering a route and method twice', () => {
  test('replaces the handler and warns, naming the methods replaced', async () => {
    const { app, log } = makeApp();
    app.route('/r', () => 'first', METHOD_GET | METHOD_POST);
    assert.deepEqual(log.lines, []);
    app.route('/r', () => 'second', METHOD_GET);
    assert.equal((await ask(app, '/r')).text, 'second');
    assert.equal((await ask(app, '/r', { method: 'POST' })).text, 'first');
    assert.deepEqual(logText(log), ["Route '/r' for GET was registered already: replaced"]);
  });

  test('the same for routes with groups and raw regular routes', () => {
    const { app, log } = makeApp();
    app.route('/u/<id:int>', () => 'a');
    app.route('/u/<id:int>', () => 'b');
    app.regularRoute('/re/(\\d+)', () => 'a', METHOD_POST);
    app.regularRoute('/re/(\\d+)', () => 'b', METHOD_POST);
    assert.deepEqual(logText(log), [
      "Route '/u/<id:int>' for HEAD | GET was registered already: replaced",
      "Route '/re/(\\d+)' for POST was registered already: replaced",
    ]);
  });

  test('other methods of a registered route do not warn', () => {
    const { app, log } = makeApp();
    app.route('/m', () => 'get', METHOD_GET);
    app.route('/m', () => 'post', METHOD_POST);
    assert.deepEqual(log.lines, []);
  });
});
