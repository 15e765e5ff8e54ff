/**
 * Type-level tests of the real `Application.route`, checked by
 * `npx tsc --noEmit -p .` (test/unit/routing/route-params.test.ts proves the
 * same mechanism fails when an expectation is removed).
 */
import { Application, type Request } from '../../src/index.ts';

const app = new Application('types');

// no annotations: id is a number, name a string, req a Request
app.route('/user/<id:int>/<name>', (req, id, name) => {
  const r: Request = req;
  const n: number = id;
  const s: string = name;
  return [r.path, n, s];
});

// annotations that agree compile
app.route('/price/<amount:float>', (_req, amount: number) => amount.toFixed(2));

// a handler may ignore parameters
app.route('/item/<id:uuid>', (req) => req.path);

// @ts-expect-error <id:int> is a number, not a string
app.route('/user/<id:int>', (_req, id: string) => id);

// @ts-expect-error <name:word> is a string, not a number
app.route('/w/<name:word>', (_req, name: number) => name);

// @ts-expect-error the route has one parameter, not two
app.route('/one/<a>', (_req, a: string, b: string) => a + b);

// the decorator form types the handler the same way
app.route('/deco/<n:int>')((_req, n) => String(n + 1));

// @ts-expect-error the decorator form checks annotations too
app.route('/deco/<n:int>')((_req, n: string) => n);

// raw regular routes give strings
app.regularRoute('^/raw/(\\d+)$', (_req, digits) => ({ length: digits.length }));
