/**
 * The CORS policy as a unit: the check of the `cors` option, which origins
 * it allows, its preflight answers and the headers it adds to the others,
 * on requests with no application and no transport.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  appendVary,
  type CorsOptions,
  CorsPolicy,
  checkCorsOptions,
  DEFAULT_CORS_METHODS,
} from '../../../src/cors/index.ts';
import { PoorWSGIError } from '../../../src/errors/poorwsgi-error.ts';
import { Headers } from '../../../src/http/headers.ts';
import type { Request } from '../../../src/request/request.ts';
import { JSONResponse } from '../../../src/response/json-response.ts';
import { Response } from '../../../src/response/response.ts';
import { fakeRequest } from '../../helpers/fake-request.ts';

const A = 'https://app.example.com';
const B = 'https://evil.example.net';

/** A logger that keeps its lines. */
function keptLogger(): { lines: unknown[][]; error(...args: unknown[]): void } {
  const lines: unknown[][] = [];
  return { lines, error: (...args: unknown[]) => lines.push(args) };
}

function request(headers: Record<string, string>, method = 'GET'): Request {
  return fakeRequest({ method, url: '/items/1', headers: Object.entries(headers) });
}

function preflightOf(origin: string, extra: Record<string, string> = {}): Request {
  return request({ Origin: origin, 'Access-Control-Request-Method': 'PUT', ...extra }, 'OPTIONS');
}

/** The CORS-related headers of a response, in order, names as written. */
function corsHeaders(headers: Headers): string[][] {
  return headers.items().filter(([name]) => /^(access-control-|vary$)/i.test(name)) as unknown as string[][];
}

function optionError(value: unknown): string {
  try {
    checkCorsOptions(value);
  } catch (err) {
    assert.ok(err instanceof PoorWSGIError, String(err));
    assert.equal(err.code, 'PW_ERR_OPTION');
    return err.message;
  }
  assert.fail(`accepted ${JSON.stringify(value)}`);
}

describe('checkCorsOptions', () => {
  test('fills in every default', () => {
    assert.deepEqual(checkCorsOptions({ origin: [A] }), {
      origin: [A],
      methods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'],
      allowedHeaders: null,
      exposedHeaders: [],
      credentials: false,
      maxAge: null,
    });
    assert.equal(checkCorsOptions({ origin: '*' }).methods, DEFAULT_CORS_METHODS);
    assert.equal(checkCorsOptions({ origin: '*', maxAge: null }).maxAge, null);
  });

  test('keeps every field given, as frozen copies', () => {
    const origins = [A, 'null', 'chrome-extension://abcdefgh', 'http://[::1]:8080'];
    const allowed = ['Content-Type', 'X-Api-Key'];
    const checked = checkCorsOptions({
      origin: origins,
      methods: ['GET', 'PUT'],
      allowedHeaders: allowed,
      exposedHeaders: ['X-Total-Count'],
      credentials: true,
      maxAge: 600,
    });
    assert.deepEqual(checked, {
      origin: origins,
      methods: ['GET', 'PUT'],
      allowedHeaders: allowed,
      exposedHeaders: ['X-Total-Count'],
      credentials: true,
      maxAge: 600,
    });
    origins.push(B);
    allowed.push('X-Other');
    assert.deepEqual(checked.origin, [A, 'null', 'chrome-extension://abcdefgh', 'http://[::1]:8080']);
    assert.deepEqual(checked.allowedHeaders, ['Content-Type', 'X-Api-Key']);
    for (const list of [checked.origin, checked.methods, checked.allowedHeaders, checked.exposedHeaders]) {
      assert.ok(Object.isFrozen(list));
    }
  });

  test("takes a function, '*', null headers, maxAge 0 and '*' lists without credentials", () => {
    const check = (origin: string) => origin.endsWith('.example.com');
    assert.equal(checkCorsOptions({ origin: check }).origin, check);
    const open = checkCorsOptions({
      origin: '*',
      allowedHeaders: null,
      methods: ['*'],
      exposedHeaders: ['*'],
      maxAge: 0,
    });
    assert.deepEqual(
      [open.origin, open.allowedHeaders, open.methods, open.exposedHeaders, open.maxAge],
      ['*', null, ['*'], ['*'], 0],
    );
  });

  const refused: ReadonlyArray<[string, unknown, RegExp]> = [
    [
      'null',
      null,
      /^Option cors must be an object such as \{ origin: \['https:\/\/app\.example\.com'\] \} or null \(got null\)$/,
    ],
    ['a list', [A], /^Option cors must be an object/],
    ['a string', A, /^Option cors must be an object .*\(got string "https:\/\/app\.example\.com"\)$/],
    [
      'a misspelt field',
      { origin: [A], credential: true },
      /^Option cors has no field credential \(it has origin, methods, allowedHeaders, exposedHeaders, credentials, maxAge\)$/,
    ],
    [
      'no origin',
      {},
      /^Option cors\.origin must be a list of origins, a function \(origin, req\) => boolean or '\*' \(got undefined\)$/,
    ],
    ['origin true', { origin: true }, /^Option cors\.origin must be a list of origins/],
    [
      'an origin with a path',
      { origin: ['https://app.example.com/'] },
      /^Option cors\.origin must be a list of origins as browsers send them \(write 'https:\/\/app\.example\.com'\) \(got string "https:\/\/app\.example\.com\/"\)$/,
    ],
    ['an origin with the default port', { origin: ['http://a.test:80'] }, /\(write 'http:\/\/a\.test'\)/],
    ['an origin in upper case', { origin: ['https://App.Example.com'] }, /\(write 'https:\/\/app\.example\.com'\)/],
    ['an origin with user info', { origin: ['https://u@a.test'] }, /\(write 'https:\/\/a\.test'\)/],
    [
      'an http origin that does not parse',
      { origin: ['http://:80'] },
      /as browsers send them \(got string "http:\/\/:80"\)$/,
    ],
    ['a bare host', { origin: ['app.example.com'] }, /scheme:\/\/host\[:port\]\) \(got string "app\.example\.com"\)$/],
    ['an upper-case scheme', { origin: ['HTTPS://a.test'] }, /scheme:\/\/host\[:port\]/],
    ['a non-string origin', { origin: [A, 5] }, /\(got number 5\)$/],
    ['a regular expression', { origin: /example/ }, /^Option cors\.origin must be a list of origins, a function/],
    [
      'a method with a space',
      { origin: [A], methods: ['GE T'] },
      /^Option cors\.methods must be a list of methods \(RFC 9110 tokens\)/,
    ],
    ['methods as a string', { origin: [A], methods: 'GET' }, /^Option cors\.methods must be a list/],
    [
      'a header name with a colon',
      { origin: [A], allowedHeaders: ['X-A:'] },
      /^Option cors\.allowedHeaders must be a list of header names/,
    ],
    [
      'an exposed header number',
      { origin: [A], exposedHeaders: [1] },
      /^Option cors\.exposedHeaders must be a list of header names/,
    ],
    [
      'credentials "yes"',
      { origin: [A], credentials: 'yes' },
      /^Option cors\.credentials must be a boolean \(got string "yes"\)$/,
    ],
    [
      'a negative maxAge',
      { origin: [A], maxAge: -1 },
      /^Option cors\.maxAge must be a whole number of seconds >= 0 or null \(got number -1\)$/,
    ],
    ['a fractional maxAge', { origin: [A], maxAge: 1.5 }, /^Option cors\.maxAge/],
    ['maxAge as a string', { origin: [A], maxAge: '600' }, /^Option cors\.maxAge/],
    ['maxAge Infinity', { origin: [A], maxAge: Number.POSITIVE_INFINITY }, /^Option cors\.maxAge/],
  ];
  for (const [name, value, message] of refused) {
    test(`refuses ${name}`, () => {
      assert.match(optionError(value), message);
    });
  }

  test("refuses origin '*' with credentials, and says why", () => {
    const message = optionError({ origin: '*', credentials: true });
    assert.match(message, /^Option cors\.origin cannot be '\*' with credentials: true: /);
    assert.match(message, /browsers refuse a credentialed answer with Access-Control-Allow-Origin: \*/);
    assert.match(message, /let any site act with the user's cookies; list the origins$/);
  });

  for (const field of ['methods', 'allowedHeaders', 'exposedHeaders'] as const) {
    test(`refuses '*' in ${field} with credentials: browsers take it as a name then`, () => {
      assert.match(
        optionError({ origin: [A], credentials: true, [field]: ['X-A', '*'] }),
        new RegExp(
          `^Option cors\\.${field} cannot hold '\\*' with credentials: true: browsers take '\\*' as a wildcard only`,
        ),
      );
    });
  }
});

describe('CorsPolicy', () => {
  test('holds the checked fields, frozen', () => {
    const policy = new CorsPolicy({ origin: [A], credentials: true, maxAge: 60 });
    assert.deepEqual(
      { ...policy },
      {
        origin: [A],
        methods: [...DEFAULT_CORS_METHODS],
        allowedHeaders: null,
        exposedHeaders: [],
        credentials: true,
        maxAge: 60,
      },
    );
    assert.ok(Object.isFrozen(policy));
    assert.throws(() => {
      (policy as { credentials: boolean }).credentials = false;
    }, TypeError);
  });

  test('from() keeps a policy and compiles anything else', () => {
    const policy = new CorsPolicy({ origin: [A] });
    assert.equal(CorsPolicy.from(policy), policy);
    const made = CorsPolicy.from({ origin: '*' });
    assert.ok(made instanceof CorsPolicy);
    assert.equal(made.origin, '*');
    assert.throws(() => CorsPolicy.from({ origin: '*', credentials: true }), { code: 'PW_ERR_OPTION' });
  });

  describe('allows()', () => {
    const req = request({});
    test('a list: exact serialized origins only', () => {
      const policy = new CorsPolicy({ origin: [A, 'http://localhost:5173'] });
      const log = keptLogger();
      assert.equal(policy.allows(A, req, log), true);
      assert.equal(policy.allows('http://localhost:5173', req, log), true);
      for (const other of [B, `${A}/`, 'https://APP.example.com', 'http://app.example.com', 'null', '', `${A}, ${B}`]) {
        assert.equal(policy.allows(other, req, log), false, other);
      }
    });

    test("'null' only when listed", () => {
      const log = keptLogger();
      assert.equal(new CorsPolicy({ origin: [A] }).allows('null', req, log), false);
      assert.equal(new CorsPolicy({ origin: ['null'] }).allows('null', req, log), true);
      assert.equal(new CorsPolicy({ origin: () => true }).allows('null', req, log), false);
    });

    test("'*': any origin", () => {
      assert.equal(new CorsPolicy({ origin: '*' }).allows(B, req, keptLogger()), true);
    });

    test('a function: asked with the origin and the request, only about well-formed origins', () => {
      const asked: [string, Request][] = [];
      const policy = new CorsPolicy({
        origin: (origin, r) => {
          asked.push([origin, r]);
          return origin.endsWith('.example.com');
        },
      });
      const log = keptLogger();
      assert.equal(policy.allows(A, req, log), true);
      assert.equal(policy.allows(B, req, log), false);
      for (const malformed of ['null', 'app.example.com', `${A}/x`, 'https://a b.example.com', '']) {
        assert.equal(policy.allows(malformed, req, log), false, malformed);
      }
      assert.deepEqual(asked, [
        [A, req],
        [B, req],
      ]);
      assert.deepEqual(log.lines, []);
    });

    test('a function that throws refuses, and is logged', () => {
      const boom = new Error('lookup failed');
      const policy = new CorsPolicy({
        origin: () => {
          throw boom;
        },
      });
      const log = keptLogger();
      assert.equal(policy.allows(A, req, log), false);
      assert.deepEqual(log.lines, [[`CORS origin check failed, origin ${A} refused:`, boom]]);
    });

    test('a function that answers a promise (or anything but a boolean) refuses, and is logged', () => {
      const policy = new CorsPolicy({ origin: (async () => true) as unknown as CorsOptions['origin'] });
      const log = keptLogger();
      assert.equal(policy.allows(A, req, log), false);
      assert.deepEqual(log.lines, [
        [`CORS origin check must return a boolean synchronously (got Promise object), origin ${A} refused`],
      ]);
    });
  });

  describe('preflight()', () => {
    const policy = new CorsPolicy({ origin: [A] });
    const log = keptLogger();

    test('is no answer to a request that is not a preflight', () => {
      assert.equal(policy.preflight(request({ Origin: A }, 'OPTIONS'), log), undefined);
      assert.equal(policy.preflight(request({ 'Access-Control-Request-Method': 'PUT' }, 'OPTIONS'), log), undefined);
    });

    test('an allowed origin: 204 with the Access-Control-Allow-* headers and Vary', () => {
      const answer = policy.preflight(
        preflightOf(A, { 'Access-Control-Request-Headers': 'content-type,x-api-key' }),
        log,
      );
      assert.ok(answer !== undefined);
      assert.equal(answer.statusCode, 204);
      assert.deepEqual(corsHeaders(answer.headers), [
        ['Access-Control-Allow-Origin', A],
        ['Access-Control-Allow-Methods', 'GET, HEAD, PUT, PATCH, POST, DELETE'],
        ['Access-Control-Allow-Headers', 'content-type,x-api-key'],
        ['Vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers'],
      ]);
    });

    test('reflects the requested headers normalised: trimmed, lower case, empty elements dropped', () => {
      const answer = policy.preflight(
        preflightOf(A, { 'Access-Control-Request-Headers': ' X-Api-Key ,\tContent-Type,, ' }),
        log,
      );
      assert.equal(answer?.headers.get('Access-Control-Allow-Headers'), 'x-api-key,content-type');
    });

    test('allows no headers when a requested name is not a token, or none was requested', () => {
      for (const extra of [{ 'Access-Control-Request-Headers': 'x-a, x b' }, {}] as Record<string, string>[]) {
        const answer = policy.preflight(preflightOf(A, extra), log);
        assert.equal(answer?.statusCode, 204);
        assert.equal(answer?.headers.has('Access-Control-Allow-Headers'), false);
      }
    });

    test('every option: credentials, a header list, methods, max-age', () => {
      const full = new CorsPolicy({
        origin: [A],
        credentials: true,
        methods: ['GET', 'PUT'],
        allowedHeaders: ['Content-Type', 'X-Api-Key'],
        exposedHeaders: ['X-Total-Count'],
        maxAge: 600,
      });
      const answer = full.preflight(preflightOf(A, { 'Access-Control-Request-Headers': 'x-other' }), log);
      assert.deepEqual(corsHeaders(answer?.headers ?? new Headers()), [
        ['Access-Control-Allow-Origin', A],
        ['Access-Control-Allow-Credentials', 'true'],
        ['Access-Control-Allow-Methods', 'GET, PUT'],
        ['Access-Control-Allow-Headers', 'Content-Type, X-Api-Key'],
        ['Access-Control-Max-Age', '600'],
        ['Vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers'],
      ]);
    });

    test('empty lists and max-age 0', () => {
      const bare = new CorsPolicy({ origin: [A], methods: [], allowedHeaders: [], maxAge: 0 });
      const answer = bare.preflight(preflightOf(A, { 'Access-Control-Request-Headers': 'x-a' }), log);
      assert.deepEqual(corsHeaders(answer?.headers ?? new Headers()), [
        ['Access-Control-Allow-Origin', A],
        ['Access-Control-Max-Age', '0'],
        ['Vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers'],
      ]);
    });

    test("'*': Access-Control-Allow-Origin: * for any origin", () => {
      const answer = new CorsPolicy({ origin: '*' }).preflight(preflightOf(B), log);
      assert.equal(answer?.statusCode, 204);
      assert.equal(answer?.headers.get('Access-Control-Allow-Origin'), '*');
    });

    test('an origin not allowed: 403 with Vary and no Access-Control-Allow-* header', async () => {
      for (const origin of [B, 'null', `${A}/`]) {
        const answer = policy.preflight(preflightOf(origin), log);
        assert.ok(answer instanceof Response);
        assert.equal(answer.statusCode, 403);
        assert.deepEqual(corsHeaders(answer.headers), [
          ['Vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers'],
        ]);
        assert.equal(Buffer.from(answer.data).toString(), 'CORS preflight refused: origin not allowed\n');
      }
      assert.deepEqual(log.lines, []);
    });
  });

  describe('decorate()', () => {
    const log = keptLogger();
    const withCredentials = new CorsPolicy({
      origin: [A],
      credentials: true,
      exposedHeaders: ['X-Total-Count', 'ETag'],
    });

    test('an allowed origin: its origin, credentials, exposed headers, Vary: Origin', () => {
      const res = new JSONResponse({ ok: true });
      withCredentials.decorate(request({ Origin: A }), res, log);
      assert.deepEqual(corsHeaders(res.headers), [
        ['Vary', 'Origin'],
        ['Access-Control-Allow-Origin', A],
        ['Access-Control-Allow-Credentials', 'true'],
        ['Access-Control-Expose-Headers', 'X-Total-Count, ETag'],
      ]);
    });

    test('no credentials and nothing exposed: only the origin and Vary', () => {
      const res = new JSONResponse({});
      new CorsPolicy({ origin: [A] }).decorate(request({ Origin: A }), res, log);
      assert.deepEqual(corsHeaders(res.headers), [
        ['Vary', 'Origin'],
        ['Access-Control-Allow-Origin', A],
      ]);
    });

    test('an origin not allowed, or no Origin at all: Vary: Origin and nothing else', () => {
      for (const headers of [{ Origin: B }, { Origin: 'null' }, {}] as Record<string, string>[]) {
        const res = new JSONResponse({});
        withCredentials.decorate(request(headers), res, log);
        assert.deepEqual(corsHeaders(res.headers), [['Vary', 'Origin']], JSON.stringify(headers));
      }
    });

    test("'*': a fixed Access-Control-Allow-Origin: *, exposed headers, no Vary", () => {
      const open = new CorsPolicy({ origin: '*', exposedHeaders: ['X-Total-Count'] });
      for (const headers of [{ Origin: B }, {}] as Record<string, string>[]) {
        const res = new JSONResponse({});
        open.decorate(request(headers), res, log);
        assert.deepEqual(corsHeaders(res.headers), [
          ['Access-Control-Allow-Origin', '*'],
          ['Access-Control-Expose-Headers', 'X-Total-Count'],
        ]);
      }
      const res = new JSONResponse({});
      new CorsPolicy({ origin: '*' }).decorate(request({ Origin: B }), res, log);
      assert.deepEqual(corsHeaders(res.headers), [['Access-Control-Allow-Origin', '*']]);
    });

    test("replaces a handler's own values for an allowed origin, leaves them for another", () => {
      const mine = () => new JSONResponse({}, { headers: { 'Access-Control-Allow-Origin': '*', Vary: 'Accept' } });
      const allowed = mine();
      withCredentials.decorate(request({ Origin: A }), allowed, log);
      assert.equal(allowed.headers.get('Access-Control-Allow-Origin'), A);
      assert.equal(allowed.headers.get('Vary'), 'Accept, Origin');
      const other = mine();
      withCredentials.decorate(request({ Origin: B }), other, log);
      assert.equal(other.headers.get('Access-Control-Allow-Origin'), '*');
    });

    test('asks a function policy with the request', () => {
      const policy = new CorsPolicy({ origin: (_origin, req) => req.header('x-tenant') === 'on' });
      const on = new JSONResponse({});
      policy.decorate(request({ Origin: B, 'X-Tenant': 'on' }), on, log);
      assert.equal(on.headers.get('Access-Control-Allow-Origin'), B);
      const off = new JSONResponse({});
      policy.decorate(request({ Origin: B }), off, log);
      assert.equal(off.headers.has('Access-Control-Allow-Origin'), false);
    });
  });
});

describe('appendVary', () => {
  const cases: ReadonlyArray<[string, readonly string[], readonly string[]]> = [
    ['none', [], ['Origin']],
    ['another name', ['Accept'], ['Accept, Origin']],
    ['two field lines', ['Accept', 'Accept-Encoding'], ['Accept, Accept-Encoding, Origin']],
    ['the name already, any case', ['accept, origin'], ['accept, origin']],
    ['the name on the second line', ['Accept', ' ORIGIN '], ['Accept', ' ORIGIN ']],
    ['*', ['*'], ['*']],
  ];
  for (const [name, before, after] of cases) {
    test(`${name}: ${JSON.stringify(before)} → ${JSON.stringify(after)}`, () => {
      const headers = new Headers(before.map((value) => ['Vary', value] as const));
      appendVary(headers, 'Origin');
      assert.deepEqual(headers.getAll('Vary'), after);
    });
  }
});
