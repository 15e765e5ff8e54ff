import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HTTPException } from '../../../src/errors/http-exception.ts';
import { PoorWSGIError } from '../../../src/errors/poorwsgi-error.ts';
import { type ParseOptions, parseQsl } from '../../../src/forms/query.ts';

type Pairs = Array<[string, string]>;

// Expected values are Python 3.11's urllib.parse.parse_qsl output, without and
// with keep_blank_values.
const CASES: ReadonlyArray<{ query: string; dropped: Pairs; kept: Pairs }> = [
  { query: '', dropped: [], kept: [] },
  {
    query: 'a=1&a=2&b=&c=3',
    dropped: [
      ['a', '1'],
      ['a', '2'],
      ['c', '3'],
    ],
    kept: [
      ['a', '1'],
      ['a', '2'],
      ['b', ''],
      ['c', '3'],
    ],
  },
  { query: 'name=Ond%C5%99ej', dropped: [['name', 'Ondřej']], kept: [['name', 'Ondřej']] },
  { query: 'msg=hello+world', dropped: [['msg', 'hello world']], kept: [['msg', 'hello world']] },
  { query: 'hello+there=x', dropped: [['hello there', 'x']], kept: [['hello there', 'x']] },
  { query: '%zz=%C5', dropped: [['%zz', '\uFFFD']], kept: [['%zz', '\uFFFD']] },
  { query: 'a=%C5%99%C5', dropped: [['a', 'ř\uFFFD']], kept: [['a', 'ř\uFFFD']] },
  { query: '%=%%41%4', dropped: [['%', '%A%4']], kept: [['%', '%A%4']] },
  { query: 'a=%', dropped: [['a', '%']], kept: [['a', '%']] },
  { query: 'a=%2B+%20', dropped: [['a', '+  ']], kept: [['a', '+  ']] },
  { query: '\uFEFFa=%EF%BB%BFb', dropped: [['\uFEFFa', '\uFEFFb']], kept: [['\uFEFFa', '\uFEFFb']] },
  {
    query: 'a[b]=c&a[__proto__]=x',
    dropped: [
      ['a[b]', 'c'],
      ['a[__proto__]', 'x'],
    ],
    kept: [
      ['a[b]', 'c'],
      ['a[__proto__]', 'x'],
    ],
  },
  {
    query: '=v&k=',
    dropped: [['', 'v']],
    kept: [
      ['', 'v'],
      ['k', ''],
    ],
  },
  { query: 'a', dropped: [], kept: [['a', '']] },
  { query: '&&a=1&&', dropped: [['a', '1']], kept: [['a', '1']] },
  { query: 'a==b', dropped: [['a', '=b']], kept: [['a', '=b']] },
  { query: 'é=%C3%A9%A9', dropped: [['é', 'é\uFFFD']], kept: [['é', 'é\uFFFD']] },
  { query: 'a=1;b=2', dropped: [['a', '1;b=2']], kept: [['a', '1;b=2']] },
];

describe('parseQsl: parse_qsl semantics', () => {
  for (const { query, dropped, kept } of CASES) {
    it(`${JSON.stringify(query)} drops blank values`, () => {
      assert.deepEqual(parseQsl(query), dropped);
    });
    it(`${JSON.stringify(query)} keeps blank values with keepBlankValues`, () => {
      assert.deepEqual(parseQsl(query, { keepBlankValues: true }), kept);
    });
  }
});

describe('parseQsl: bytes are decoded as UTF-8 first', () => {
  const cases: ReadonlyArray<[bytes: Uint8Array, expected: Pairs]> = [
    [
      new TextEncoder().encode('a=%C5%99&b=ř'),
      [
        ['a', 'ř'],
        ['b', 'ř'],
      ],
    ],
    [Uint8Array.from([0x63, 0x3d, 0xff]), [['c', '\uFFFD']]],
    [new Uint8Array(0), []],
  ];
  for (const [bytes, expected] of cases) {
    it(`${Buffer.from(bytes).toString('hex') || '(empty)'}`, () => {
      assert.deepEqual(parseQsl(bytes), expected);
    });
  }
});

describe('parseQsl: separator', () => {
  const cases: ReadonlyArray<[query: string, separator: string, expected: Pairs]> = [
    [
      'a=1;b=2',
      ';',
      [
        ['a', '1'],
        ['b', '2'],
      ],
    ],
    [
      'a=1;b=2&c=3',
      ';',
      [
        ['a', '1'],
        ['b', '2&c=3'],
      ],
    ],
    [
      'a=1&&b=2',
      '&&',
      [
        ['a', '1'],
        ['b', '2'],
      ],
    ],
  ];
  for (const [query, separator, expected] of cases) {
    it(`${JSON.stringify(query)} split on ${JSON.stringify(separator)}`, () => {
      assert.deepEqual(parseQsl(query, { separator }), expected);
    });
  }
});

function assertHttpError(fn: () => unknown, status: number, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof HTTPException, `expected HTTPException, got ${String(error)}`);
    assert.equal(error.statusCode, status);
    assert.equal(typeof error.extra.error, 'string');
    assert.match(String(error.extra.error), pattern);
    return true;
  });
}

describe('parseQsl: strictParsing', () => {
  const bad: ReadonlyArray<[query: string, shown: string]> = [
    ['a=1&&b=2', '""'],
    ['a=1&', '""'],
    ['a', '"a"'],
    ['a=1&b', '"b"'],
  ];
  for (const [query, shown] of bad) {
    it(`${JSON.stringify(query)} gives 400 naming ${shown}`, () => {
      assertHttpError(() => parseQsl(query, { strictParsing: true }), 400, new RegExp(`Bad query field: ${shown}`));
    });
  }
  it('a long bad field is shortened in the message', () => {
    assertHttpError(() => parseQsl('x'.repeat(500), { strictParsing: true }), 400, /^Bad query field: "x{64}\.\.\."$/);
  });
  const good: ReadonlyArray<[query: string, expected: Pairs]> = [
    ['', []],
    ['=1', [['', '1']]],
    ['a=', []],
    [
      'a=1&b=2',
      [
        ['a', '1'],
        ['b', '2'],
      ],
    ],
  ];
  for (const [query, expected] of good) {
    it(`${JSON.stringify(query)} is accepted`, () => {
      assert.deepEqual(parseQsl(query, { strictParsing: true }), expected);
    });
  }
});

describe('parseQsl: limits give 413', () => {
  const tooMany: ReadonlyArray<[query: string, maxFields: number]> = [
    ['a=1&b=2&c=3', 2],
    ['a=1&', 1],
    ['a=1', 0],
    ['&'.repeat(5000), 1000],
  ];
  for (const [query, maxFields] of tooMany) {
    it(`${JSON.stringify(query.slice(0, 20))} over maxFields ${maxFields}`, () => {
      assertHttpError(
        () => parseQsl(query, { maxFields }),
        413,
        new RegExp(`^Too many fields \\(limit ${maxFields}\\)$`),
      );
    });
  }
  it('the default maxFields is 1000', () => {
    const query = Array.from({ length: 1001 }, (_, i) => `k${i}=v`).join('&');
    assertHttpError(() => parseQsl(query), 413, /limit 1000/);
    assert.equal(parseQsl(query, { maxFields: 1001 }).length, 1001);
  });
  const within: ReadonlyArray<[query: string, maxFields: number, count: number]> = [
    ['a=1&b=2', 2, 2],
    ['', 0, 0],
    ['a=1&b=2&c=3', Number.POSITIVE_INFINITY, 3],
    ['a;b', 1, 0],
  ];
  for (const [query, maxFields, count] of within) {
    it(`${JSON.stringify(query)} within maxFields ${maxFields}`, () => {
      assert.equal(parseQsl(query, { maxFields }).length, count);
    });
  }
  it('a name longer than maxNameLength (after decoding)', () => {
    assertHttpError(() => parseQsl('abcd=1', { maxNameLength: 3 }), 413, /^Field name too long \(limit 3\)$/);
    assert.deepEqual(parseQsl('%C5%99%C5%99%C5%99=1', { maxNameLength: 3 }), [['řřř', '1']]);
  });
  it('the default maxNameLength is 1024', () => {
    assertHttpError(() => parseQsl(`${'n'.repeat(1025)}=1`), 413, /limit 1024/);
    assert.equal(parseQsl(`${'n'.repeat(1024)}=1`).length, 1);
  });
  it('a dropped blank field is not measured', () => {
    assert.deepEqual(parseQsl(`${'n'.repeat(2000)}=`), []);
  });
});

describe('parseQsl: bad options are PoorWSGIError PW_ERR_OPTION', () => {
  const cases: ReadonlyArray<[options: ParseOptions, culprit: RegExp]> = [
    [{ separator: '' }, /separator.*""/],
    [{ maxFields: -1 }, /maxFields.*-1/],
    [{ maxFields: 1.5 }, /maxFields.*1\.5/],
    [{ maxFields: Number.NaN }, /maxFields.*NaN/],
    [{ maxNameLength: -2 }, /maxNameLength.*-2/],
  ];
  for (const [options, culprit] of cases) {
    it(JSON.stringify(options), () => {
      assert.throws(
        () => parseQsl('a=1', options),
        (error: unknown) =>
          error instanceof PoorWSGIError && error.code === 'PW_ERR_OPTION' && culprit.test(error.message),
      );
    });
  }
});
