import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  encodeHeaderValue,
  Headers,
  PW_ERR_HEADER,
  validateHeaderName,
  validateHeaderValue,
} from '../../../src/http/headers.ts';

const HEADER_ERROR = { name: 'TypeError', code: PW_ERR_HEADER };

describe('Headers construction', () => {
  const empty: Array<[string, ConstructorParameters<typeof Headers>[0]]> = [
    ['undefined', undefined],
    ['null', null],
    ['[]', []],
    ['{}', {}],
    ['new Set()', new Set<[string, string]>()],
    ['new Headers()', new Headers()],
  ];
  for (const [name, init] of empty) {
    test(`empty from ${name}`, () => assert.equal(new Headers(init).size, 0));
  }

  const built: Array<[string, ConstructorParameters<typeof Headers>[0], Array<[string, string]>]> = [
    ['pairs', [['X-Test', 'Ok']], [['X-Test', 'Ok']]],
    [
      'a record',
      { 'X-Test': 'Ok', 'Content-Length': 10 },
      [
        ['X-Test', 'Ok'],
        ['Content-Length', '10'],
      ],
    ],
    [
      'a record with an array',
      { 'Set-Cookie': ['a=1', 'b=2'] },
      [
        ['Set-Cookie', 'a=1'],
        ['Set-Cookie', 'b=2'],
      ],
    ],
    ['a Map', new Map([['X-A', '1']]), [['X-A', '1']]],
    [
      'another Headers',
      new Headers([
        ['X-A', '1'],
        ['x-a', '2'],
      ]),
      [
        ['X-A', '1'],
        ['x-a', '2'],
      ],
    ],
  ];
  for (const [name, init, pairs] of built) {
    test(`from ${name}`, () => assert.deepEqual(new Headers(init).items(), pairs));
  }

  test('Headers(h.items()) copies', () => {
    const h = new Headers({ 'X-Test': 'Ok' });
    assert.deepEqual(new Headers(h.items()).items(), [['X-Test', 'Ok']]);
  });

  const bad: Array<[string, () => unknown]> = [
    ['a string', () => new Headers('Value' as unknown as [])],
    ['a number', () => new Headers(5 as unknown as [])],
    ['non-pairs', () => new Headers(['a', 'b'] as unknown as Array<[string, string]>)],
    ['a triple', () => new Headers([['a', 'b', 'c']] as unknown as Array<[string, string]>)],
    ['a null value', () => new Headers({ None: null } as unknown as Record<string, string>)],
    ['a bad name', () => new Headers([['Bad Name', 'x']])],
    ['a CRLF value', () => new Headers([['X-A', 'a\r\nSet-Cookie: x=1']])],
  ];
  for (const [name, run] of bad) {
    test(`refuses ${name}`, () => assert.throws(run, HEADER_ERROR));
  }
});

describe('Headers lookup', () => {
  const h = new Headers([
    ['X-Test', 'first'],
    ['Set-Cookie', 'a=1'],
    ['x-test', 'second'],
    ['Set-Cookie', 'b=2'],
  ]);
  const gets: Array<[string, string | undefined]> = [
    ['X-Test', 'first'],
    ['x-test', 'first'],
    ['X-TEST', 'first'],
    ['set-cookie', 'a=1'],
    ['X-Missing', undefined],
  ];
  for (const [name, value] of gets) {
    test(`get(${name})`, () => {
      assert.equal(h.get(name), value);
      assert.equal(h.has(name), value !== undefined);
    });
  }
  const alls: Array<[string, string[]]> = [
    ['x-TEST', ['first', 'second']],
    ['Set-Cookie', ['a=1', 'b=2']],
    ['X-Missing', []],
  ];
  for (const [name, values] of alls) {
    test(`getAll(${name})`, () => assert.deepEqual(h.getAll(name), values));
  }

  test('keys, names, values, items and size keep order and repeats', () => {
    assert.deepEqual(h.keys(), ['X-Test', 'Set-Cookie', 'x-test', 'Set-Cookie']);
    assert.deepEqual(h.names(), h.keys());
    assert.deepEqual(h.values(), ['first', 'a=1', 'second', 'b=2']);
    assert.equal(h.size, 4);
  });

  test('iteration yields the pairs in order', () => {
    assert.deepEqual([...h], h.items());
    assert.deepEqual([...h][2], ['x-test', 'second']);
  });

  test('toString names the headers', () => assert.match(h.toString(), /^Headers\(.*"X-Test","first".*\)$/));

  test('toJSON groups repeats on a null-prototype object', () => {
    const json = h.toJSON();
    assert.equal(Object.getPrototypeOf(json), null);
    assert.deepEqual({ ...json }, { 'X-Test': 'first', 'Set-Cookie': ['a=1', 'b=2'], 'x-test': 'second' });
  });
});

describe('Headers changes', () => {
  test('set replaces every value of the name, whatever its case', () => {
    const h = new Headers([
      ['X-A', '1'],
      ['x-a', '2'],
      ['X-B', '3'],
    ]);
    h.set('X-a', 'new');
    assert.deepEqual(h.items(), [
      ['X-B', '3'],
      ['X-a', 'new'],
    ]);
  });

  test('append always adds', () => {
    const h = new Headers({ 'X-A': '1' });
    h.append('x-a', '2');
    assert.deepEqual(h.getAll('X-A'), ['1', '2']);
  });

  test('delete removes every match and ignores missing names', () => {
    const h = new Headers([
      ['X-A', '1'],
      ['x-a', '2'],
      ['X-B', '3'],
    ]);
    h.delete('X-A');
    h.delete('X-Missing');
    assert.deepEqual(h.items(), [['X-B', '3']]);
  });

  test('setdefault adds when missing and returns the value in force', () => {
    const h = new Headers();
    assert.equal(h.setdefault('X-A', '1'), '1');
    assert.equal(h.setdefault('x-a', '2'), '1');
    assert.equal(h.setdefault('X-N', 5), '5');
    assert.deepEqual(h.items(), [
      ['X-A', '1'],
      ['X-N', '5'],
    ]);
  });

  test('add refuses a second value of any name but Set-Cookie', () => {
    const h = new Headers({ 'X-A': '1' });
    assert.throws(() => h.add('x-a', '2'), HEADER_ERROR);
    assert.deepEqual(h.getAll('X-A'), ['1']);
    h.add('X-B', '2');
    assert.equal(h.get('X-B'), '2');
  });

  for (const name of ['Set-Cookie', 'set-cookie', 'SET-COOKIE']) {
    test(`add allows repeated ${name}`, () => {
      const h = new Headers();
      h.add(name, 'a=1');
      h.add(name, 'b=2');
      assert.deepEqual(h.getAll('Set-Cookie'), ['a=1', 'b=2']);
    });
  }
});

describe('Headers.addHeader', () => {
  const cases: Array<[string, Parameters<Headers['addHeader']>, string]> = [
    ['a value', ['X-A', 'value'], 'value'],
    ['a number', ['Content-Length', 0], '0'],
    [
      'a quoted parameter',
      ['Content-Disposition', 'attachment', { filename: 'image.png' }],
      'attachment; filename="image.png"',
    ],
    ['only a parameter', ['X-Test', undefined, { key: 'value' }], 'key="value"'],
    ['a null flag', ['Cache-Control', 'no-cache', { no_store: null }], 'no-cache; no-store'],
    ['an empty flag', ['Cache-Control', 'private', { must_revalidate: '' }], 'private; must-revalidate'],
    ['escaped quotes', ['X-A', 'v', { name: 'a"b\\c' }], 'v; name="a\\"b\\\\c"'],
    [
      'a negotiation list',
      [
        'Accept-Encoding',
        [
          ['gzip', 1],
          ['identity', 0.5],
          ['*', 0],
        ],
      ],
      'gzip;q=1.0, identity;q=0.5, *;q=0',
    ],
    [
      'a list without qualities',
      ['Accept', [['text/html'], ['application/json', 0.9]]],
      'text/html, application/json;q=0.9',
    ],
  ];
  for (const [name, args, expected] of cases) {
    test(name, () => {
      const h = new Headers();
      h.addHeader(...args);
      assert.equal(h.get(args[0]), expected);
    });
  }

  test('no value and no parameters is refused', () => {
    assert.throws(() => new Headers().addHeader('X-None'), HEADER_ERROR);
    assert.throws(() => new Headers().addHeader('X-None', null, {}), HEADER_ERROR);
  });

  test('a CRLF in a parameter is refused', () => {
    assert.throws(() => new Headers().addHeader('X-A', 'v', { p: 'a\r\nb' }), HEADER_ERROR);
  });
});

describe('Headers validation', () => {
  const badValues = ['a\rb', 'a\nb', 'a\r\nX-Injected: 1', 'a\0b', 'a\x01b', 'a\x7fb', '\x1f'];
  for (const value of badValues) {
    test(`refuses value ${JSON.stringify(value)} in set, add, append, addHeader, setdefault`, () => {
      const h = new Headers();
      assert.throws(() => h.set('X-A', value), HEADER_ERROR);
      assert.throws(() => h.add('X-A', value), HEADER_ERROR);
      assert.throws(() => h.append('X-A', value), HEADER_ERROR);
      assert.throws(() => h.addHeader('X-A', value), HEADER_ERROR);
      assert.throws(() => h.setdefault('X-A', value), HEADER_ERROR);
      assert.throws(() => validateHeaderValue('X-A', value), HEADER_ERROR);
      assert.equal(h.size, 0);
    });
  }

  const goodValues = ['', 'a\tb', 'café', '日本', 'a "quoted" ; value'];
  for (const value of goodValues) {
    test(`keeps value ${JSON.stringify(value)}`, () => {
      const h = new Headers();
      h.set('X-A', value);
      assert.equal(h.get('X-A'), value);
    });
  }

  const badNames = ['', 'Bad Name', 'X-A:', 'X\r\nA', 'Náme', 'a(b)', 'a/b', 'a"b'];
  for (const name of badNames) {
    test(`refuses name ${JSON.stringify(name)}`, () => {
      assert.throws(() => new Headers().set(name, 'v'), HEADER_ERROR);
      assert.throws(() => validateHeaderName(name), HEADER_ERROR);
    });
  }

  test("any token is a name: !#$%&'*+-.^_`|~", () => {
    const h = new Headers();
    h.set("!#$%&'*+-.^_`|~09azAZ", 'v');
    assert.equal(h.get("!#$%&'*+-.^_`|~09AZAZ".toLowerCase()), 'v');
  });

  test('non-strict mode keeps anything (request headers)', () => {
    const pairs: Array<[string, string]> = [
      ['Bad Name', 'a\r\nb'],
      ['X-A', '\0'],
    ];
    assert.deepEqual(new Headers(pairs, false).items(), pairs);
    assert.deepEqual(new Headers({ 'Bad Name': 'x\ny' }, false).items(), [['Bad Name', 'x\ny']]);
    const h = new Headers(null, false);
    h.set('Any Name', 'x\ry');
    assert.equal(h.get('any name'), 'x\ry');
  });

  test('a clone keeps the strictness', () => {
    const loose = new Headers(null, false).clone();
    loose.set('Bad Name', 'x');
    assert.throws(() => new Headers().clone().set('Bad Name', 'x'), HEADER_ERROR);
  });
});

describe('Headers wire form and copies', () => {
  const wire: Array<[string, string]> = [
    ['plain', 'plain'],
    ['café', 'caf\xc3\xa9'],
    ['Čeština', '\xc4\x8ce\xc5\xa1tina'],
    ['😀', '\xf0\x9f\x98\x80'],
  ];
  for (const [value, latin1] of wire) {
    test(`toWire encodes ${value} as UTF-8 bytes in latin-1`, () => {
      assert.equal(encodeHeaderValue(value), latin1);
      const h = new Headers([['X-Name', value]]);
      assert.deepEqual(h.toWire(), ['X-Name', latin1]);
      assert.equal(Buffer.from(latin1, 'latin1').toString('utf8'), value);
    });
  }

  test('toWire is flat and ordered', () => {
    const h = new Headers([
      ['A', '1'],
      ['B', '2'],
      ['A', '3'],
    ]);
    assert.deepEqual(h.toWire(), ['A', '1', 'B', '2', 'A', '3']);
  });

  test('a clone is independent', () => {
    const h = new Headers({ 'X-A': '1' });
    const copy = h.clone();
    copy.set('X-A', '2');
    copy.append('X-B', '3');
    h.append('X-C', '4');
    assert.deepEqual(h.items(), [
      ['X-A', '1'],
      ['X-C', '4'],
    ]);
    assert.deepEqual(copy.items(), [
      ['X-A', '2'],
      ['X-B', '3'],
    ]);
  });

  test('items and iteration give copies', () => {
    const h = new Headers({ 'X-A': '1' });
    const first = h.items()[0]!;
    first[1] = 'changed';
    for (const pair of h) pair[1] = 'changed';
    assert.equal(h.get('X-A'), '1');
  });
});
