import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fakeRequest } from '../../helpers/fake-request.ts';

describe('req.header(name) and req.target (a request with no application)', () => {
  const cases: [what: string, headers: [string, string][], name: string, expected: string | undefined][] = [
    ['a header, asked in another case', [['If-None-Match', '"a"']], 'if-none-match', '"a"'],
    ['asked in mixed case', [['x-thing', 'v']], 'X-Thing', 'v'],
    [
      'a repeated header: values joined with ", "',
      [
        ['Accept', 'text/html'],
        ['accept', 'application/json'],
      ],
      'Accept',
      'text/html, application/json',
    ],
    [
      'a repeated Set-Cookie (an array in Node): joined too',
      [
        ['Set-Cookie', 'a=1'],
        ['Set-Cookie', 'b=2'],
      ],
      'set-cookie',
      'a=1, b=2',
    ],
    ['absent', [['Host', 'x']], 'Referer', undefined],
  ];
  for (const [what, headers, name, expected] of cases) {
    test(what, () => {
      assert.equal(fakeRequest({ headers }).header(name), expected);
    });
  }

  test('the target is the request line as sent, not decoded; the path is decoded once', () => {
    const req = fakeRequest({ url: '/a%20b/%2e%2e?q=%41' });
    assert.equal(req.target, '/a%20b/%2e%2e?q=%41');
    assert.equal(req.path, '/a b/..');
  });

  test('settings reach the request without an application', () => {
    const req = fakeRequest({ url: '/?a=&b=1', settings: { keepBlankValues: true } });
    assert.deepEqual(req.args.keys(), ['a', 'b']);
    assert.deepEqual(fakeRequest({ url: '/?a=&b=1' }).args.keys(), ['b']);
  });
});
