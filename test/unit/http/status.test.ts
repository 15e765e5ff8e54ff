import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as status from '../../../src/http/status.ts';

describe('status codes and phrases', () => {
  const phrases: Array<[number, string | undefined]> = [
    [200, 'OK'],
    [302, 'Found'],
    [404, 'Not Found'],
    [408, 'Request Timeout'],
    [413, 'Request Entity Too Large'],
    [414, 'Request-URI Too Long'],
    [416, 'Requested Range Not Satisfiable'],
    [418, "I'm a teapot"],
    [500, 'Internal Server Error'],
    [511, 'Network Authentication Required'],
    [444, undefined],
    [499, undefined],
    [599, undefined],
    [0, undefined],
    [299, undefined],
  ];
  for (const [code, phrase] of phrases) {
    test(`${code} → ${String(phrase)}`, () => {
      assert.equal(status.reasonPhrase(code), phrase);
      assert.equal(status.STATUS_PHRASES.get(code), phrase);
    });
  }

  const constants: Array<[number, number]> = [
    [status.DECLINED, 0],
    [status.HTTP_OK, 200],
    [status.HTTP_NO_CONTENT, 204],
    [status.HTTP_PARTIAL_CONTENT, 206],
    [status.HTTP_MOVED_PERMANENTLY, 301],
    [status.HTTP_MOVED_TEMPORARILY, 302],
    [status.HTTP_NOT_MODIFIED, 304],
    [status.HTTP_BAD_REQUEST, 400],
    [status.HTTP_UNAUTHORIZED, 401],
    [status.HTTP_FORBIDDEN, 403],
    [status.HTTP_NOT_FOUND, 404],
    [status.HTTP_METHOD_NOT_ALLOWED, 405],
    [status.HTTP_RANGE_NOT_SATISFIABLE, 416],
    [status.HTTP_I_AM_A_TEAPOT, 418],
    [status.HTTP_CONNECTION_CLOSED_WITHOUT_RESPONSE, 444],
    [status.HTTP_INTERNAL_SERVER_ERROR, 500],
    [status.HTTP_NOT_IMPLEMENTED, 501],
  ];
  for (const [value, expected] of constants) {
    test(`constant ${expected}`, () => assert.equal(value, expected));
  }

  test('every HTTP_* constant but 444, 499 and 599 has a phrase', () => {
    const missing = Object.entries(status)
      .filter(([name, code]) => name.startsWith('HTTP_') && status.reasonPhrase(code as number) === undefined)
      .map(([, code]) => code);
    assert.deepEqual(missing.sort(), [444, 499, 599]);
  });
});
