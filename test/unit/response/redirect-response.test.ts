import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HTTPException } from '../../../src/errors/http-exception.ts';
import { PoorWSGIError } from '../../../src/errors/poorwsgi-error.ts';
import { abort } from '../../../src/response/abort.ts';
import { X_POWERED_BY } from '../../../src/response/base-response.ts';
import { redirect } from '../../../src/response/redirect.ts';
import { RedirectResponse, type RedirectStatus } from '../../../src/response/redirect-response.ts';
import { encodeRedirectTarget } from '../../../src/response/redirect-target.ts';
import { Response } from '../../../src/response/response.ts';
import { text } from '../../helpers/read-body.ts';

function throwsArgument(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof PoorWSGIError);
    assert.equal(error.code, 'PW_ERR_ARGUMENT');
    assert.match(error.message, message);
    return true;
  });
}

describe('encodeRedirectTarget', () => {
  const encoded: readonly [target: string, location: string][] = [
    ['/', '/'],
    ['', ''],
    ['/new/url', '/new/url'],
    ['relative/path', 'relative/path'],
    ['/~user/a-b_c.d', '/~user/a-b_c.d'],
    ['/search?q=a&b=c;d=e#top', '/search?q=a&b=c;d=e#top'],
    ["/it's/(a)*+,!$=@:", "/it's/(a)*+,!$=@:"],
    ['/a b', '/a%20b'],
    ['/say"hi"', '/say%22hi%22'],
    ['/<script>alert(1)</script>', '/%3Cscript%3Ealert(1)%3C/script%3E'],
    ['/café', '/caf%C3%A9'],
    ['/Čeština', '/%C4%8Ce%C5%A1tina'],
    ['/😀', '/%F0%9F%98%80'],
    ['/%41', '/%41'],
    ['/%c3%a9', '/%c3%a9'],
    ['/100%', '/100%25'],
    ['/%zz', '/%25zz'],
    ['/a%2', '/a%252'],
    ['/a\\b', '/a%5Cb'],
    ['/{x}|^`', '/%7Bx%7D%7C%5E%60'],
    ['https://example.com/a b', 'https://example.com/a%20b'],
    ['https://example.com//double', 'https://example.com//double'],
    ['http://[::1]:8080/x?y=1', 'http://[::1]:8080/x?y=1'],
    ['mailto:someone@example.com', 'mailto:someone@example.com'],
  ];
  for (const [target, location] of encoded) {
    test(`${JSON.stringify(target)} -> ${JSON.stringify(location)}`, () => {
      assert.equal(encodeRedirectTarget(target), location);
      // Encoding is idempotent: an encoded target is never encoded twice.
      assert.equal(encodeRedirectTarget(location), location);
    });
  }

  const refused: readonly [target: unknown, message: RegExp][] = [
    ['/a\r\nSet-Cookie: x=1', /control characters/],
    ['/a\nb', /control characters/],
    ['/a\rb', /control characters/],
    ['/a\0b', /control characters/],
    ['/a\tb', /control characters/],
    ['/\t/evil.example', /control characters/],
    ['/a\x7f', /control characters/],
    ['/a\x1b[31m', /control characters/],
    ['//evil.example', /another host/],
    ['//', /another host/],
    ['/\\evil.example', /another host/],
    ['\\evil.example', /another host/],
    ['\\\\evil.example', /another host/],
    ['\\/evil.example', /another host/],
    ['/\ud800', /well-formed/],
    [42, /must be a string \(got number\)/],
    [null, /must be a string/],
  ];
  for (const [target, message] of refused) {
    test(`refuses ${JSON.stringify(target)}`, () => throwsArgument(() => encodeRedirectTarget(target), message));
  }

  test('the error repeats the target, escaped', () => {
    assert.throws(() => encodeRedirectTarget('/a\r\nb'), /\(got "\/a\\r\\nb"\)/);
  });
});

describe('RedirectResponse', () => {
  const table: readonly [label: string, build: () => RedirectResponse, status: number, reason: string, body: string][] =
    [
      ['default 302', () => new RedirectResponse('/'), 302, 'Found', ''],
      ['301', () => new RedirectResponse('/', 301), 301, 'Moved Permanently', ''],
      ['303 with a message', () => new RedirectResponse('/', 303, 'See Other'), 303, 'See Other', 'See Other'],
      ['307', () => new RedirectResponse('/', 307), 307, 'Temporary Redirect', ''],
      [
        '308 with a bytes message',
        () => new RedirectResponse('/', 308, Buffer.from('moved')),
        308,
        'Permanent Redirect',
        'moved',
      ],
    ];
  for (const [label, build, status, reason, body] of table) {
    test(label, () => {
      const response = build();
      const prepared = response.prepare();
      assert.equal(prepared.statusCode, status);
      assert.equal(prepared.reason, reason);
      assert.equal(prepared.headers.get('Location'), '/');
      assert.equal(prepared.headers.get('Content-Type'), 'text/plain; charset=utf-8');
      assert.equal(prepared.headers.get('Content-Length'), String(Buffer.byteLength(body)));
      assert.equal(prepared.headers.get('X-Powered-By'), X_POWERED_BY);
      assert.equal(text(response.data), body);
    });
  }

  test('the body never holds the target', () => {
    const response = new RedirectResponse('/<script>alert(1)</script>');
    assert.equal(response.contentLength, 0);
    assert.equal(response.location, '/%3Cscript%3Ealert(1)%3C/script%3E');
    assert.equal(response.headers.get('Location'), response.location);
  });

  test('the location argument replaces a Location in the headers', () => {
    const response = new RedirectResponse('/new', 302, '', { Location: '/old', 'X-A': 'b' });
    assert.deepEqual(response.headers.items(), [
      ['X-A', 'b'],
      ['Location', '/new'],
    ]);
  });

  for (const status of [200, 300, 304, 305, 404, 302.5, true, '302']) {
    test(`refuses status ${JSON.stringify(status)}`, () => {
      throwsArgument(() => new RedirectResponse('/', status as RedirectStatus), /must be 301, 302, 303, 307 or 308/);
    });
  }

  test('refuses a bad target', () => throwsArgument(() => new RedirectResponse('//evil.example'), /another host/));
});

describe('redirect() and abort()', () => {
  function caught(fn: () => unknown): HTTPException {
    try {
      fn();
    } catch (error) {
      assert.ok(error instanceof HTTPException, `expected an HTTPException, got ${String(error)}`);
      return error;
    }
    assert.fail('nothing was thrown');
  }

  const response400 = new Response('{"reason":"no"}', 'application/json', null, 400);
  const table: readonly [label: string, fn: () => unknown, status: number, response: 'redirect' | 'none' | 'same'][] = [
    ['redirect("/")', () => redirect('/'), 302, 'redirect'],
    ['redirect("/", 301)', () => redirect('/', 301), 301, 'redirect'],
    ['redirect("/", 303, message)', () => redirect('/', 303, 'See Other', {}), 303, 'redirect'],
    ['abort(404)', () => abort(404), 404, 'none'],
    ['abort(Response 400)', () => abort(response400), 400, 'same'],
    [
      'HTTPException(500)',
      () => {
        throw new HTTPException(500);
      },
      500,
      'none',
    ],
  ];
  for (const [label, fn, status, kind] of table) {
    test(label, () => {
      const error = caught(fn);
      assert.equal(error.statusCode, status);
      if (kind === 'none') assert.equal(error.response, undefined);
      if (kind === 'same') assert.equal(error.response, response400);
      if (kind === 'redirect') {
        assert.ok(error.response instanceof RedirectResponse);
        assert.equal(error.response.headers.get('Location'), '/');
      }
    });
  }

  test('abort passes extra arguments for the state handler', () => {
    assert.deepEqual(caught(() => abort(400, { error: 'id must be a number' })).extra, {
      error: 'id must be a number',
    });
    assert.deepEqual(caught(() => abort(403)).extra, {});
  });

  test('redirect() checks its target before throwing', () => {
    throwsArgument(() => redirect('/a\r\nb'), /control characters/);
  });
});
