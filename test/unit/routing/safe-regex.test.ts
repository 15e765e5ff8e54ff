import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PoorWSGIError } from '../../../src/errors/poorwsgi-error.ts';
import { analyzeRegex, checkSafeRegex } from '../../../src/routing/safe-regex.ts';

const safe = [
  '[a-z]+',
  '\\d{4}-\\d{2}-\\d{2}',
  '[a-fA-F\\d]+',
  '[\\w.\\-]+@[\\w.\\-]+',
  '(?:jpg|png|gif)',
  '(?:a|b)+',
  '(?:\\.[a-z]+)?',
  '(?:ab){3}',
  '(?:a{2})+',
  '(x)(y)?',
  '(?<year>\\d{4})',
  '(?=a)[a-z]+',
  '(?!admin)[a-z]+',
  '\\p{L}+',
  '[^/]+',
  'a|aa',
  '\\u{1F600}+',
  '😀+',
];

const unsafe: Array<[string, RegExp]> = [
  ['(a+)+', /nested quantifiers/],
  ['(a*)*', /nested quantifiers/],
  ['(?:a+)*b', /nested quantifiers/],
  ['(?:\\w+\\s?)+$', /nested quantifiers/],
  ['((?:a+))+', /nested quantifiers/],
  ['(?:ab?)+', /nested quantifiers/],
  ['(?:a{1,2})+', /nested quantifiers/],
  ['(a+){2}', /nested quantifiers/],
  ['(?:a|aa)+', /may start alike/],
  ['(?:a|a)*', /may start alike/],
  ['(?:\\d|[0-9])+', /may start alike/],
  ['(?:x|)+', /may start alike/],
  ['(?:(?:a|ab))+', /may start alike/],
  ['(a)\\1', /backreferences/],
  ['(?<n>a)\\k<n>', /named backreferences/],
  ['(?<=a)b', /lookbehind/],
  ['(?<!a)b', /lookbehind/],
  ['[a-z', /does not compile with the u flag/],
  ['\\-', /does not compile with the u flag/],
  ['a{', /does not compile with the u flag/],
  ['(', /does not compile with the u flag/],
];

describe('checkSafeRegex', () => {
  for (const source of safe) test(`accepts ${source}`, () => assert.doesNotThrow(() => checkSafeRegex(source)));

  for (const [source, reason] of unsafe) {
    test(`rejects ${source}`, () => {
      assert.throws(
        () => checkSafeRegex(source),
        (error: unknown) =>
          error instanceof PoorWSGIError &&
          error.code === 'PW_ERR_ROUTE_UNSAFE' &&
          error.message.startsWith(`Unsafe regular expression '${source}': `) &&
          reason.test(error.message),
      );
    });
  }
});

describe('analyzeRegex', () => {
  const boundedCases: Array<[string, boolean]> = [
    ['\\d{1,15}', true],
    ['[0-9a-f]{8}-[0-9a-f]{4}', true],
    ['a?b?', true],
    ['a+', false],
    ['a*', false],
    ['a{2,}', false],
    ['(?:ab)?c+?', false],
  ];
  for (const [source, bounded] of boundedCases) {
    test(`${source} is ${bounded ? '' : 'not '}bounded`, () => assert.equal(analyzeRegex(source).bounded, bounded));
  }

  const rewrites: Array<[string, string]> = [
    ['(a)(b)', '(?:a)(?:b)'],
    ['(?<name>a)', '(?:a)'],
    ['(?:a)(?=b)(?!c)', '(?:a)(?=b)(?!c)'],
    ['\\(a\\)', '\\(a\\)'],
    ['[(]a[)]', '[(]a[)]'],
    ['[\\]()]', '[\\]()]'],
    ['\\p{Lu}(x)', '\\p{Lu}(?:x)'],
  ];
  for (const [source, expected] of rewrites) {
    test(`makes groups of ${source} non-capturing`, () => {
      const { nonCapturing } = analyzeRegex(source);
      assert.equal(nonCapturing, expected);
      // An empty alternative always matches, and the result's length is 1 + the number of groups.
      assert.equal(new RegExp(`${nonCapturing}|`, 'u').exec('')?.length, 1);
    });
  }

  test('names the culprit given by the caller', () => {
    assert.throws(() => analyzeRegex('(a+)+', "filter 'f'"), /^PoorWSGIError: Unsafe filter 'f' '\(a\+\)\+'/);
  });
});
