import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { trimOws } from '../../../src/http/grammar.ts';
import { decodeHeaderUtf8 } from '../../../src/http/header-utf8.ts';

describe('decodeHeaderUtf8 (PoorWSGI Headers.utf8)', () => {
  const cases: Array<[string, string]> = [
    ['plain', 'plain'],
    ['', ''],
    ['caf\xc3\xa9', 'café'],
    ['\xf0\x9f\x98\x80', '😀'],
    // not UTF-8: unchanged
    ['\x80', '\x80'],
    ['caf\xe9', 'caf\xe9'],
    // not latin-1 at all: unchanged
    ['café\u0159', 'café\u0159'],
  ];
  for (const [input, expected] of cases) {
    test(JSON.stringify(input), () => assert.equal(decodeHeaderUtf8(input), expected));
  }
});

describe('trimOws', () => {
  const cases: Array<[string, string]> = [
    ['  a b \t', 'a b'],
    ['\t\t', ''],
    ['', ''],
    ['a', 'a'],
    // only SP and HTAB are OWS
    ['\r\na\n', '\r\na\n'],
    ['\u00a0a\u00a0', '\u00a0a\u00a0'],
  ];
  for (const [input, expected] of cases) {
    test(JSON.stringify(input), () => assert.equal(trimOws(input), expected));
  }
});
