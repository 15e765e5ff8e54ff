import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { negotiateEncoding, parseAcceptEncoding } from '../../../src/compress/accept-encoding.ts';
import type { ContentCoding } from '../../../src/compress/settings.ts';

const SERVER: readonly ContentCoding[] = ['br', 'gzip'];

describe('parseAcceptEncoding (RFC 9110 §12.5.3)', () => {
  test('codings with and without weights, in order, lower-cased', () => {
    assert.deepEqual(parseAcceptEncoding('gzip; q=0.5, BR, *;q=0'), [
      { coding: 'gzip', q: 0.5 },
      { coding: 'br', q: 1 },
      { coding: '*', q: 0 },
    ]);
  });

  test('OWS around the semicolon and the equals sign, Q in upper case, other parameters ignored', () => {
    assert.deepEqual(parseAcceptEncoding('gzip\t ;\tQ = 0.25 ;level=1 , br;foo=bar'), [
      { coding: 'gzip', q: 0.25 },
      { coding: 'br', q: 1 },
    ]);
  });

  test('every qvalue form the grammar allows', () => {
    const q = (text: string) => parseAcceptEncoding(`gzip;q=${text}`)[0]?.q;
    assert.equal(q('0'), 0);
    assert.equal(q('0.'), 0);
    assert.equal(q('0.001'), 0.001);
    assert.equal(q('1'), 1);
    assert.equal(q('1.000'), 1);
  });

  test('members with a malformed weight or coding are skipped, empty members allowed', () => {
    for (const bad of ['2', '1.5', '1.001', '0.0001', '-0', 'x', '', '.5', '0.5a']) {
      assert.deepEqual(parseAcceptEncoding(`gzip;q=${bad}, br`), [{ coding: 'br', q: 1 }], bad);
    }
    assert.deepEqual(parseAcceptEncoding('a b, br'), [{ coding: 'br', q: 1 }]);
    assert.deepEqual(parseAcceptEncoding('gzip,, ,br'), [
      { coding: 'gzip', q: 1 },
      { coding: 'br', q: 1 },
    ]);
    assert.deepEqual(parseAcceptEncoding(''), []);
  });

  test('x-gzip is gzip (RFC 9110 §8.4.1.3)', () => {
    assert.deepEqual(parseAcceptEncoding('x-gzip;q=0.5'), [{ coding: 'gzip', q: 0.5 }]);
  });
});

describe('negotiateEncoding', () => {
  const cases: Array<[header: string | undefined, expected: string, why: string]> = [
    [undefined, 'identity', 'no header: no coding'],
    ['', 'identity', 'an empty header asks for none'],
    ['gzip, deflate, br', 'br', "the server's order breaks the tie"],
    ['gzip, deflate, br, zstd', 'br', "a browser's header"],
    ['gzip', 'gzip', 'the only one offered'],
    ['deflate', 'identity', 'nothing the server has'],
    ['gzip;q=1, br;q=0.5', 'gzip', 'the higher quality wins over the server order'],
    ['br;q=0.2, gzip;q=0.1', 'br', 'low qualities still count'],
    ['gzip;q=0, br;q=0', 'identity', 'both refused'],
    ['gzip;q=0', 'identity', 'gzip refused'],
    ['GZIP; Q=0, br', 'br', 'case-insensitive refusal'],
    ['gzip; q=0, *', 'br', '* gives br, gzip refused by name'],
    ['*', 'br', '* accepts anything: the server picks'],
    ['*;q=0', 'identity', '* refused'],
    ['*;q=0, gzip', 'gzip', 'a named coding beats *'],
    ['br;q=0.5, identity', 'identity', 'identity preferred by quality'],
    ['br, identity;q=0.5', 'br', 'identity lower'],
    ['br;q=0.5, identity;q=0.5', 'br', 'a tie with identity goes to the coding'],
    ['identity;q=0', 'identity', 'refusing identity but accepting nothing offered: identity anyway'],
    ['gzip, gzip;q=0', 'gzip', 'the first of a repeated coding counts'],
    ['x-gzip', 'gzip', 'x-gzip'],
    ['gzip;q=1.5, br;q=0.1', 'br', 'a malformed member is skipped, not read as q=1'],
  ];
  for (const [header, expected, why] of cases) {
    test(`${JSON.stringify(header)} → ${expected} (${why})`, () => {
      assert.equal(negotiateEncoding(header, SERVER), expected);
    });
  }

  test("the server's own order decides ties", () => {
    assert.equal(negotiateEncoding('br, gzip', ['gzip', 'br']), 'gzip');
    assert.equal(negotiateEncoding('br, gzip', ['br', 'gzip']), 'br');
  });

  test('the remembered last answer is per header and per list of codings', () => {
    const gzipOnly: readonly ContentCoding[] = ['gzip'];
    assert.equal(negotiateEncoding('br, gzip', SERVER), 'br');
    assert.equal(negotiateEncoding('br, gzip', SERVER), 'br');
    assert.equal(negotiateEncoding('br, gzip', gzipOnly), 'gzip');
    assert.equal(negotiateEncoding('gzip;q=0, br', SERVER), 'br');
    assert.equal(negotiateEncoding('gzip;q=0, br', gzipOnly), 'identity');
  });
});
