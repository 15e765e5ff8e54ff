/**
 * Type-level tests of what handlers, hooks, state and error handlers may
 * return, checked by `npx tsc --noEmit -p .`; test/unit/routing/app-route-types.test.ts
 * proves each `@ts-expect-error` below marks a line that fails without it.
 */
import { Readable } from 'node:stream';
import {
  Application,
  abort,
  DECLINED,
  type ErrorSummary,
  FileResponse,
  HTTP_NOT_FOUND,
  HTTPException,
  JSONGeneratorResponse,
  JSONResponse,
  NoContentResponse,
  Response,
  redirect,
  tuple,
} from '../../src/index.ts';

const app = new Application('results');

// ---- every documented return form compiles ----
app.route('/text', () => 'Hello');
app.route('/bytes', () => new TextEncoder().encode('Hello'));
app.route('/buffer', () => Buffer.from('Hello'));
app.route('/object', () => ({ id: 1, name: 'n', tags: ['a'], nested: { ok: true, none: null, skipped: undefined } }));
app.route('/array', () => [1, 'two', { three: 3 }]);
app.route('/empty-array', () => []);
app.route('/date', () => ({ at: new Date() }));
app.route('/date-alone', () => new Date());
app.route('/null', () => null);
app.route('/undefined', () => undefined);
app.route('/nothing', () => {});
app.route('/declined', () => DECLINED);
app.route('/response', () => new Response('x', { statusCode: 201 }));
app.route('/json-response', () => new JSONResponse({ a: 1 }));
app.route('/no-content', () => new NoContentResponse());
app.route('/file', () => new FileResponse('/etc/hostname'));
app.route('/tuple', () => tuple('Hello', 'text/plain'));
app.route('/chunks', () => [Buffer.from('a'), Buffer.from('b')]);
app.route('/readable', () => Readable.from(['a', 'b']));
app.route('/redirect', () => redirect('/text'));
app.route('/abort', () => abort(HTTP_NOT_FOUND));
app.route('/json-generator', () => new JSONGeneratorResponse({ items: [1, 2] }));
app.route('/async', async () => ({ ok: true }));
app.route('/promise', () => Promise.resolve('text'));
app.route('/generator', function* () {
  yield 'a';
  yield Buffer.from('b');
});
app.route('/async-generator', async function* () {
  yield 'a';
});
app.route('/branches', (req) => (req.path === '/' ? 'text' : { json: true }));

/** A class of the application's own that writes itself to JSON. */
class Money {
  constructor(readonly cents: number) {}
  toJSON(): string {
    return (this.cents / 100).toFixed(2);
  }
}
app.route('/to-json', () => new Money(150));
app.route('/to-json-member', () => ({ price: new Money(150) }));

// a `type` alias is a JSON object shape
type User = { id: number; name: string };
const user: User = { id: 1, name: 'u' };
app.route('/typed', (): User => user);

// ---- values that are not responses do not compile ----

// @ts-expect-error a number is not a response (only DECLINED, 0, declines)
app.route('/number', () => 42);

// @ts-expect-error a boolean is not a response
app.route('/boolean', () => true);

// @ts-expect-error a Map is not JSON: it would be written as {}
app.route('/map', () => new Map([['a', 1]]));

// @ts-expect-error a Set is not JSON
app.route('/set', () => new Set([1]));

/** A class without toJSON. */
class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}
// @ts-expect-error a class instance without toJSON is not a response
app.route('/class', () => new Point(1, 2));

// @ts-expect-error a function is not JSON, also inside an object
app.route('/function-member', () => ({ run: () => 1 }));

// @ts-expect-error a bigint is not JSON
app.route('/bigint', () => ({ big: 1n }));

// @ts-expect-error a promise of a number is not a response either
app.route('/async-number', async () => 42);

// ---- state handlers, error handlers, after-hooks: the same union ----
app.httpState(HTTP_NOT_FOUND, (req) => ({ error: `${req.path} not found` }));
app.httpState('*', (req, extra, status) => ({ status, path: req.path, ...extra }));
app.httpState(500, (_req, extra) => ({ message: (extra.error as ErrorSummary).message }));
// @ts-expect-error a state handler returning a number
app.httpState(HTTP_NOT_FOUND, () => 404);
app.errorHandler(RangeError, (_req, error) => ({ error: error.message }));
app.errorHandler(RangeError, () => undefined);
// @ts-expect-error an error handler returning a Map
app.errorHandler(RangeError, () => new Map());
app.afterResponse((_req, res) => res);
app.afterResponse(() => undefined);
// @ts-expect-error an after-hook returning a boolean
app.afterResponse(() => false);

// ---- before-hooks: nothing, or a response that answers at once ----
app.beforeResponse(() => {});
app.beforeResponse(async () => {});
app.beforeResponse((req) => {
  if (req.header('x-api-key') !== 'k') return new JSONResponse({ error: 'no key' }, { statusCode: 401 });
  return undefined;
});
app.beforeResponse(async (req) => (req.path === '/closed' ? new Response('closed', { statusCode: 503 }) : undefined));
app.beforeResponse(() => {
  throw new HTTPException(403);
});
// @ts-expect-error a before-hook answers with a response object, not a plain value
app.beforeResponse(() => ({ error: 'no key' }));
// @ts-expect-error an assignment's value is not a response: write the hook with braces
app.beforeResponse((req) => (req.user = 'x'));

// ---- the interface caveat (docs/routing.md): an interface has no index signature ----
interface Shape {
  id: number;
}
const shape: Shape = { id: 1 };
// @ts-expect-error an interface-typed value is not taken for JSON: declare it with `type`, or use JSONResponse
app.route('/interface', (): Shape => shape);
app.route('/interface-wrapped', () => new JSONResponse(shape));
