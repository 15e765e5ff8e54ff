import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderNegotiation as fromHeaders } from '../../../src/http/headers.ts';
import { acceptsMime, mediaQuality, parseNegotiation, renderNegotiation } from '../../../src/http/negotiation.ts';

describe('parseNegotiation (PoorWSGI parse_negotiation)', () => {
  const cases: Array<[string, Array<[string, number]>]> = [
    ['gzip', [['gzip', 1]]],
    [
      'gzip;q=1.0, identity;q=0.5, *;q=0',
      [
        ['gzip', 1],
        ['identity', 0.5],
        ['*', 0],
      ],
    ],
    [
      'text/html;level=1, text/html;level=2;q=0.5',
      [
        ['text/html;level=1', 1],
        ['text/html;level=2', 0.5],
      ],
    ],
    ['br;q=bad', [['br', 1]]],
    ['', [['', 1]]],
    [
      'a, ,b',
      [
        ['a', 1],
        ['', 1],
        ['b', 1],
      ],
    ],
    // not sorted, kept in the order sent
    [
      'a;q=0.1, b;q=0.9',
      [
        ['a', 0.1],
        ['b', 0.9],
      ],
    ],
    // only the literal ";q=" splits; "; q=" does not
    ['a; q=0.5', [['a; q=0.5', 1]]],
    ['a;Q=0.5', [['a;Q=0.5', 1]]],
    // Python float(): whitespace, sign, exponent, underscores
    ['a;q= 0.5 ', [['a', 0.5]]],
    ['a;q=.5', [['a', 0.5]]],
    ['a;q=5e-1', [['a', 0.5]]],
    ['a;q=+1', [['a', 1]]],
    ['a;q=1_0', [['a', 10]]],
    ['a;q=-0.5', [['a', -0.5]]],
    // text after the second ";q=" is ignored, as pair[1] only is read
    ['a;q=0.3;q=0.7', [['a', 0.3]]],
    // not finite or not a number: 1
    ['a;q=inf', [['a', 1]]],
    ['a;q=nan', [['a', 1]]],
    ['a;q=1e999', [['a', 1]]],
    ['a;q=', [['a', 1]]],
    ['a;q=0x1', [['a', 1]]],
    ['a;q=1__0', [['a', 1]]],
    ['a;q=0.5;level=1', [['a', 1]]],
  ];
  for (const [value, expected] of cases) {
    test(JSON.stringify(value), () => assert.deepEqual(parseNegotiation(value), expected));
  }
});

describe('renderNegotiation', () => {
  test('is the one from headers.ts', () => assert.equal(renderNegotiation, fromHeaders));
  const cases: Array<[Array<[string, number?]>, string]> = [
    [
      [
        ['gzip', 1],
        ['*', 0],
      ],
      'gzip;q=1.0, *;q=0',
    ],
    [[['gzip', 1], ['compress']], 'gzip;q=1.0, compress'],
    [[['text/html;level=1'], ['text/html;level=2', 0.5]], 'text/html;level=1, text/html;level=2;q=0.5'],
  ];
  for (const [list, expected] of cases) {
    test(expected, () => assert.equal(renderNegotiation(list), expected));
  }
});

describe('acceptsMime', () => {
  const cases: Array<[string, string, boolean]> = [
    ['text/html', 'text/html', true],
    ['text/html,application/xhtml+xml;q=0.9', 'application/xhtml+xml', true],
    ['application/json;q=0.9', 'application/json', true],
    ['text/html;level=1', 'text/html', false],
    ['text/*', 'text/html', false],
    ['*/*', 'text/html', false],
    ['TEXT/HTML', 'text/html', false],
    ['text/html;q=0', 'text/html', false],
    ['text/html;q=0, text/html;q=0.1', 'text/html', true],
    ['text/html;q=0.001', 'text/html', true],
    ['', 'text/html', false],
    ['application/json, text/html;q=0', 'text/html', false],
  ];
  for (const [accept, mime, expected] of cases) {
    test(`${JSON.stringify(accept)} ${expected ? 'accepts' : 'does not accept'} ${mime}`, () => {
      assert.equal(acceptsMime(parseNegotiation(accept), mime), expected);
    });
  }
});

describe('mediaQuality (RFC 9110 §12.5.1: the most specific range decides)', () => {
  const cases: Array<[string, string, number]> = [
    ['', 'application/json', 1],
    ['*/*', 'application/json', 1],
    ['text/html', 'application/json', 0],
    ['text/*;q=0.5, text/html', 'text/html', 1],
    ['text/*;q=0.5, text/html', 'text/plain', 0.5],
    ['text/html, */*;q=0.1', 'application/json', 0.1],
    // the specific range wins over a better wildcard, in any order
    ['application/json;q=0, */*', 'application/json', 0],
    ['*/*, application/json;q=0.2', 'application/json', 0.2],
    // parameters of a range are not compared; the same range twice: the better counts
    ['text/html;level=1;q=0.3, text/html;level=2;q=0.7', 'text/html', 0.7],
    ['TEXT/HTML', 'text/html', 1],
    ['image/png', 'text/plain', 0],
    // out-of-range qualities are clamped
    ['text/plain;q=7', 'text/plain', 1],
    ['text/plain;q=-1', 'text/plain', 0],
  ];
  for (const [accept, mime, expected] of cases) {
    test(`${JSON.stringify(accept)} gives ${mime} ${expected}`, () => {
      assert.equal(mediaQuality(parseNegotiation(accept), mime), expected);
    });
  }
});
