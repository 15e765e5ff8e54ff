import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HTTPException } from '../../../src/errors/http-exception.ts';
import { Args } from '../../../src/forms/args.ts';

describe('Args: grouping as PoorWSGI dict', () => {
  const cases: ReadonlyArray<[query: string, expected: Record<string, string | string[]>]> = [
    ['a=1&a=2&b=&c=3', { a: ['1', '2'], c: '3' }],
    ['', {}],
    ['x=1', { x: '1' }],
    ['color=red&size=L&color=blue', { color: ['red', 'blue'], size: 'L' }],
    ['a[b]=c', { 'a[b]': 'c' }],
    ['a.b=1&a%5Bb%5D=2', { 'a.b': '1', 'a[b]': '2' }],
  ];
  for (const [query, expected] of cases) {
    it(JSON.stringify(query), () => {
      assert.deepEqual({ ...new Args(query).toJSON() }, expected);
    });
  }
  it('keys keep first-seen order across repeats', () => {
    assert.deepEqual(new Args('b=1&a=2&b=3').keys(), ['b', 'a']);
  });
  it('JSON.stringify uses toJSON', () => {
    assert.equal(JSON.stringify(new Args('a=1&a=2&c=3')), '{"a":["1","2"],"c":"3"}');
  });
});

describe('Args: options', () => {
  const cases: ReadonlyArray<[query: string, options: object, expected: Record<string, string | string[]>]> = [
    ['a=1&b=&c', { keepBlankValues: true }, { a: '1', b: '', c: '' }],
    ['a=1;b=2', { separator: ';' }, { a: '1', b: '2' }],
  ];
  for (const [query, options, expected] of cases) {
    it(`${JSON.stringify(query)} ${JSON.stringify(options)}`, () => {
      assert.deepEqual({ ...new Args(query, options).toJSON() }, expected);
    });
  }
  const errors: ReadonlyArray<[query: string, options: object, status: number]> = [
    ['a=1&b', { strictParsing: true }, 400],
    ['a=1&b=2&c=3', { maxFields: 2 }, 413],
    ['abc=1', { maxNameLength: 2 }, 413],
  ];
  for (const [query, options, status] of errors) {
    it(`${JSON.stringify(query)} ${JSON.stringify(options)} -> ${status}`, () => {
      assert.throws(
        () => new Args(query, options),
        (error: unknown) =>
          error instanceof HTTPException && error.statusCode === status && typeof error.extra.error === 'string',
      );
    });
  }
});

describe('Args: names from the client pollute nothing', () => {
  const query = 'a[__proto__]=b&__proto__=x&constructor=y&toString=z&hasOwnProperty=w&valueOf=v';
  const expected: ReadonlyArray<[name: string, value: string]> = [
    ['a[__proto__]', 'b'],
    ['__proto__', 'x'],
    ['constructor', 'y'],
    ['toString', 'z'],
    ['hasOwnProperty', 'w'],
    ['valueOf', 'v'],
  ];
  const args = new Args(query);
  for (const [name, value] of expected) {
    it(`${name} is an ordinary key`, () => {
      assert.equal(args.has(name), true);
      assert.equal(args.getfirst(name), value);
      assert.equal(args.get(name), value);
      assert.equal(Object.hasOwn(args.toJSON(), name), true);
      assert.equal(args.toJSON()[name], value);
    });
  }
  it('keys are exactly the sent names', () => {
    assert.deepEqual(
      args.keys(),
      expected.map(([name]) => name),
    );
  });
  it('Object.prototype is untouched', () => {
    const probe: Record<string, unknown> = {};
    assert.equal(probe.x, undefined);
    assert.equal(probe.b, undefined);
    assert.equal(typeof probe.toString, 'function');
    assert.equal(Object.getPrototypeOf(probe), Object.prototype);
  });
  it('inherited names are not keys of an ordinary query', () => {
    const plain = new Args('a=1');
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      assert.equal(plain.has(name), false, name);
      assert.equal(plain.getfirst(name), undefined, name);
      assert.deepEqual(plain.getlist(name), [], name);
    }
  });
  it('toJSON round-trips through JSON with __proto__ as data', () => {
    const json = JSON.stringify(args);
    assert.match(json, /"__proto__":"x"/);
    const back: unknown = JSON.parse(json);
    assert.equal(Object.getPrototypeOf(back), Object.prototype);
  });
});
