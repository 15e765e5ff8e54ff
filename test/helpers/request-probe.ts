/**
 * Shared fixtures of the request tests: read one request property through
 * a real application, and a route that answers what it saw of the body.
 * @module
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type ApplicationOptions,
  EmptyForm,
  FieldStorage,
  JSONResponse,
  METHOD_ALL,
  type Request,
} from '../../src/index.ts';
import { type Answer, makeApp } from './app.ts';

/** Reads something of a request. */
export type Getter = (req: Request) => unknown;

/** Ask `/p` with `init` and return what `get` read from the request. */
export async function read(
  get: Getter,
  url = '/p',
  init: RequestInit = {},
  options: Partial<ApplicationOptions> = {},
): Promise<unknown> {
  const { app } = makeApp(options);
  let value: unknown;
  app.route(
    '/p',
    (req) => {
      value = get(req);
      return 'ok';
    },
    METHOD_ALL,
  );
  const res = await app.request(url, init);
  assert.equal(res.status, 200, await res.text());
  return value;
}

/** One case of {@link run}: headers, URL, init and options of the request, and what `get` must read. */
export interface Case {
  readonly name: string;
  readonly get: Getter;
  readonly headers?: Record<string, string>;
  readonly url?: string;
  readonly init?: RequestInit;
  readonly options?: Partial<ApplicationOptions>;
  readonly expected: unknown;
}

/** One test per case: ask `/p` and compare what `get` read. */
export function run(cases: readonly Case[]): void {
  for (const c of cases) {
    test(c.name, async () => {
      const value = await read(c.get, c.url ?? '/p', { ...c.init, headers: c.headers }, c.options);
      assert.deepEqual(value, c.expected);
    });
  }
}

/** A shallow plain copy of an object (null-prototype records compare with literals). */
export const plain = (v: unknown) => (typeof v === 'object' && v !== null ? { ...v } : v);
/** The prototype of a value. */
export const protoOf = (v: unknown) => Object.getPrototypeOf(v);

/** The urlencoded form MIME type. */
export const FORM = 'application/x-www-form-urlencoded';
/** The JSON MIME type. */
export const JSON_MIME = 'application/json';

/** What a handler saw of the body. */
export interface Seen {
  form: unknown;
  json: unknown;
  data: string | null;
}

function describeForm(form: Request['form']): unknown {
  if (form instanceof EmptyForm) return 'EmptyForm';
  assert.ok(form instanceof FieldStorage);
  return Object.fromEntries(form.keys().map((k) => [k, form.getlist(k)]));
}

/** An app whose `/b` route (every method) answers what it saw of the body, reading `read` only. */
export function bodyApp(
  options: Partial<ApplicationOptions> = {},
  read: ReadonlyArray<keyof Seen> = ['form', 'json', 'data'],
) {
  const made = makeApp(options);
  let calls = 0;
  made.app.route(
    '/b',
    (req: Request) => {
      calls++;
      const seen: Partial<Seen> = {};
      if (read.includes('form')) seen.form = describeForm(req.form);
      if (read.includes('json')) {
        // a JSON document has no undefined: the string stands for it
        seen.json = req.json === undefined ? 'undefined' : req.json;
      }
      if (read.includes('data')) seen.data = req.data === null ? null : Buffer.from(req.data).toString('latin1');
      return new JSONResponse(seen);
    },
    METHOD_ALL,
  );
  return { ...made, calls: () => calls };
}

/** The body a `bodyApp` route answered (it must be a 200). */
export function seen(res: Answer): Partial<Seen> {
  assert.equal(res.status, 200, res.text);
  return JSON.parse(res.text) as Partial<Seen>;
}
