import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { jsonDumps, PW_ERR_JSON } from '../../../src/http/json.ts';

const PY: [string, string] = [', ', ': '];

describe('jsonDumps default: exactly JSON.stringify', () => {
  const values: unknown[] = [
    null,
    true,
    false,
    0,
    -0,
    1.5,
    1e21,
    -1e-7,
    'text',
    'Ondřej Tůma',
    '"quotes" \\ and \n\t\b\f\r \u0000 \u001f \u007f \u2028 \ud83d\ude00',
    'lone \ud800 surrogate \udc00',
    [],
    {},
    [1, 'a', null, [2, [3]]],
    { a: 1, b: [true, { c: 'd' }], e: {} },
    { skipped: undefined, fn: () => 1, sym: Symbol('s'), kept: 1 },
    [undefined, () => 1, Symbol('s')],
    { date: new Date(0) },
    { n: Number.NaN, i: Number.POSITIVE_INFINITY, m: Number.NEGATIVE_INFINITY },
    [Object(1), Object('s'), Object(false)],
    new Uint8Array([1, 2]),
    Buffer.from('hi'),
    { 2: 'b', 1: 'a', z: 'z', y: 'y' },
    { toJSON: (key: string) => `key=${key}` },
    { nested: { toJSON: (key: string) => ({ at: key }) } },
    [{ toJSON: (key: string) => key }],
    new ArrayBuffer(2),
    new Error('x'),
    /re/g,
  ];
  for (const value of values) {
    test(`${typeof value}: ${String(JSON.stringify(value)).slice(0, 40)}`, () => {
      assert.equal(jsonDumps(value), JSON.stringify(value));
    });
  }

  test('undefined at the top gives null, as Python json.dumps(None)', () => {
    assert.equal(jsonDumps(undefined), 'null');
    assert.equal(
      jsonDumps(() => 1),
      'null',
    );
  });
});

describe('jsonDumps is byte-exact with Python json.dumps', () => {
  // [value, options, Python's output, its byte length]
  const cases: Array<[unknown, Parameters<typeof jsonDumps>[1], string, number]> = [
    [{ items: [0, 1, 2, 3, 4] }, { separators: PY }, '{"items": [0, 1, 2, 3, 4]}', 26],
    [{ msg: 'Message' }, { separators: PY }, '{"msg": "Message"}', 18],
    [{ name: 'Ondřej Tůma' }, { separators: PY, ensureAscii: false }, '{"name": "Ondřej Tůma"}', 25],
    [{ msg: 'Čeština' }, { separators: PY, ensureAscii: false }, '{"msg": "Čeština"}', 20],
    [
      { name: 'Ondřej Tůma', e: '😀\u007f\u2028' },
      { separators: PY, ensureAscii: true },
      '{"name": "Ond\\u0159ej T\\u016fma", "e": "\\ud83d\\ude00\\u007f\\u2028"}',
      66,
    ],
    [{ klíč: 'é' }, { ensureAscii: true }, '{"kl\\u00ed\\u010d":"\\u00e9"}', 27],
    [null, { separators: PY }, 'null', 4],
    [{ a: [1, { b: [] }, {}] }, { indent: 2 }, '{\n  "a": [\n    1,\n    {\n      "b": []\n    },\n    {}\n  ]\n}', 57],
    [{ a: [1, 2] }, { indent: 0 }, '{\n"a": [\n1,\n2\n]\n}', 17],
    [{ a: [1, 2] }, { indent: 2, separators: [';', '=>'] }, '{\n  "a"=>[\n    1;\n    2\n  ]\n}', 29],
  ];
  for (const [value, options, expected, bytes] of cases) {
    test(expected, () => {
      const text = jsonDumps(value, options);
      assert.equal(text, expected);
      assert.equal(Buffer.byteLength(text), bytes);
    });
  }

  test('separators never touch text inside strings', () => {
    const value = { 'a,b:c': 'x, y: "z", {[1,2]}', n: ['\\",:'] };
    const text = jsonDumps(value, { separators: PY });
    assert.equal(text, '{"a,b:c": "x, y: \\"z\\", {[1,2]}", "n": ["\\\\\\",:"]}');
    assert.deepEqual(JSON.parse(text), value);
  });

  test('ensureAscii does not escape ASCII separators or indentation', () => {
    const text = jsonDumps({ é: ['é'] }, { ensureAscii: true, indent: 1 });
    assert.equal(text, '{\n "\\u00e9": [\n  "\\u00e9"\n ]\n}');
    assert.match(text, /^[\x00-\x7e]*$/);
  });
});

describe('jsonDumps beyond JSON.stringify', () => {
  function* gen(): Generator<unknown> {
    yield 1;
    yield undefined;
    yield 'x';
  }
  const cases: Array<[string, unknown, string]> = [
    [
      'Map → object',
      new Map<unknown, unknown>([
        ['a', 1],
        [2, 'b'],
        [true, null],
        [null, 0],
        [3n, []],
      ]),
      '{"a":1,"2":"b","true":null,"null":0,"3":[]}',
    ],
    [
      'Map keeps insertion order',
      new Map([
        ['2', 'b'],
        ['1', 'a'],
      ]),
      '{"2":"b","1":"a"}',
    ],
    [
      'Map skips undefined values',
      new Map<string, unknown>([
        ['a', undefined],
        ['b', 1],
      ]),
      '{"b":1}',
    ],
    ['Set → array', new Set([3, 'a', null]), '[3,"a",null]'],
    ['bigint → digits', { big: 12345678901234567890n, neg: -1n }, '{"big":12345678901234567890,"neg":-1}'],
    ['boxed bigint', [Object(5n)], '[5]'],
    ['generator → array', { items: gen() }, '{"items":[1,null,"x"]}'],
    ['iterator object → array', new Map([['a', 1]]).keys(), '["a"]'],
    ['nested', new Map([['s', new Set([new Map([['k', 1n]])])]]), '{"s":[{"k":1}]}'],
    ['toJSON wins over iteration', { [Symbol.iterator]: () => [][Symbol.iterator](), toJSON: () => 'own' }, '"own"'],
    ['typed array stays an object', new Int16Array([7]), '{"0":7}'],
    ['non-finite is null', [Number.NaN, Number.NEGATIVE_INFINITY], '[null,null]'],
  ];
  for (const [name, value, expected] of cases) {
    test(name, () => assert.equal(jsonDumps(value), expected));
  }

  test('bigint toJSON is honoured', () => {
    const proto = BigInt.prototype as unknown as { toJSON?: () => string };
    proto.toJSON = function (this: bigint) {
      return `big:${this.toString()}`;
    };
    try {
      assert.equal(jsonDumps([1n]), '["big:1"]');
    } finally {
      delete proto.toJSON;
    }
    assert.equal(jsonDumps([1n]), '[1]');
  });

  test('Python separators with a Map and a generator', () => {
    assert.equal(jsonDumps(new Map([['items', gen()]]), { separators: PY }), '{"items": [1, null, "x"]}');
  });

  test('an indent above 10 is not capped, as in Python', () => {
    assert.equal(jsonDumps([1], { indent: 12 }), `[\n${' '.repeat(12)}1\n]`);
  });

  test('ensureAscii on the native path and on the encoder path agree', () => {
    const text = 'Čeština 😀';
    assert.equal(jsonDumps([text], { ensureAscii: true }), jsonDumps(new Set([text]), { ensureAscii: true }));
    assert.equal(jsonDumps([text], { ensureAscii: true }), '["\\u010ce\\u0161tina \\ud83d\\ude00"]');
  });

  test('a shared (not circular) object is written twice', () => {
    const shared = { a: 1 };
    assert.equal(jsonDumps([shared, shared]), '[{"a":1},{"a":1}]');
  });

  const errors: Array<[string, () => unknown, string]> = [
    [
      'circular object',
      () => {
        const o: Record<string, unknown> = {};
        o.self = o;
        return jsonDumps(o);
      },
      'TypeError',
    ],
    [
      'circular through a Map',
      () => {
        const m = new Map<string, unknown>();
        m.set('m', [m]);
        return jsonDumps(m);
      },
      'TypeError',
    ],
    ['object Map key', () => jsonDumps(new Map([[{}, 1]])), 'TypeError'],
    ['symbol Map key', () => jsonDumps(new Map([[Symbol('k'), 1]])), 'TypeError'],
    ['negative indent', () => jsonDumps(1, { indent: -1 }), 'RangeError'],
    ['fractional indent', () => jsonDumps(1, { indent: 1.5 }), 'RangeError'],
    ['bad separators', () => jsonDumps(1, { separators: [','] as unknown as [string, string] }), 'TypeError'],
  ];
  for (const [name, run, errorName] of errors) {
    test(`${name} throws ${errorName}`, () => assert.throws(run, { name: errorName, code: PW_ERR_JSON }));
  }
});
