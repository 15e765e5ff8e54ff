import * as assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { asBuffer, decodeUtf8, decodeUtf8Strict } from '../../../src/http/bytes.ts';
import { percentDecodeBytes, unquote, unquotePlus } from '../../../src/http/percent.ts';

// Expected values are Python 3.11's urllib.parse.unquote / unquote_plus output.
const UNQUOTE_CASES: ReadonlyArray<[input: string, expected: string]> = [
  ['', ''],
  ['plain', 'plain'],
  ['a+b', 'a+b'],
  ['Ond%C5%99ej', 'Ondřej'],
  ['%c5%99', 'ř'],
  ['%zz', '%zz'],
  ['%', '%'],
  ['%4', '%4'],
  ['%%41%4', '%A%4'],
  ['%C5', '\uFFFD'],
  ['%C5%99%C5', 'ř\uFFFD'],
  ['%E2%82', '\uFFFD'],
  ['%F0%80%80', '\uFFFD\uFFFD\uFFFD'],
  ['%ED%A0%80', '\uFFFD\uFFFD\uFFFD'],
  ['%C0%AF', '\uFFFD\uFFFD'],
  ['é%A9', 'é\uFFFD'],
  ['%C3%A9ř', 'éř'],
  ['%EF%BB%BFb', '\uFEFFb'],
  ['%00', '\u0000'],
  ['%F0%9F%98%80', '😀'],
];

describe('unquote', () => {
  for (const [input, expected] of UNQUOTE_CASES) {
    it(`${JSON.stringify(input)} -> ${JSON.stringify(expected)}`, () => {
      assert.equal(unquote(input), expected);
    });
  }
});

const UNQUOTE_PLUS_CASES: ReadonlyArray<[input: string, expected: string]> = [
  ['hello+world', 'hello world'],
  ['%2B+%20', '+  '],
  ['++', '  '],
  ['a%2Bb', 'a+b'],
];

describe('unquotePlus', () => {
  for (const [input, expected] of UNQUOTE_PLUS_CASES) {
    it(`${JSON.stringify(input)} -> ${JSON.stringify(expected)}`, () => {
      assert.equal(unquotePlus(input), expected);
    });
  }
});

describe('decodeUtf8', () => {
  const cases: ReadonlyArray<[bytes: number[], expected: string]> = [
    [[0x61, 0xc5, 0x99], 'ař'],
    [[0xef, 0xbb, 0xbf, 0x61], '\uFEFFa'],
    [[0xff, 0x61], '\uFFFDa'],
  ];
  for (const [bytes, expected] of cases) {
    it(`${bytes.join(',')} -> ${JSON.stringify(expected)}`, () => {
      assert.equal(decodeUtf8(Uint8Array.from(bytes)), expected);
    });
  }
});

test('percentDecodeBytes: escapes to bytes, literal characters as UTF-8, a bad escape kept', () => {
  assert.deepEqual([...percentDecodeBytes('%C5%99e')], [0xc5, 0x99, 0x65]);
  assert.deepEqual([...percentDecodeBytes('ř%zz%4')], [0xc5, 0x99, 0x25, 0x7a, 0x7a, 0x25, 0x34]);
  assert.deepEqual([...percentDecodeBytes('%ff')], [0xff]);
});

test('decodeUtf8Strict throws on invalid bytes, decodeUtf8 replaces them; asBuffer views without copying', () => {
  assert.equal(decodeUtf8Strict(Buffer.from('řek')), 'řek');
  assert.throws(() => decodeUtf8Strict(Uint8Array.of(0x61, 0xff)), TypeError);
  assert.equal(decodeUtf8(Uint8Array.of(0x61, 0xff)), 'a\uFFFD');
  const plain = Uint8Array.of(1, 2, 3, 4).subarray(1, 3);
  const view = asBuffer(plain);
  assert.ok(Buffer.isBuffer(view));
  view[0] = 9;
  assert.equal(plain[0], 9);
  const buffer = Buffer.from('x');
  assert.equal(asBuffer(buffer), buffer);
});
