import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FieldStorage } from '../../../src/forms/field-storage.ts';
import { KeyError } from '../../../src/forms/key-error.ts';

function root(pairs: ReadonlyArray<[string, string]>): FieldStorage {
  const form = new FieldStorage();
  form.list = pairs.map(([name, value]) => new FieldStorage(name, value));
  return form;
}

describe('FieldStorage: attributes', () => {
  const field = new FieldStorage('key', 'val');
  const cases: ReadonlyArray<[attribute: string, actual: unknown, expected: unknown]> = [
    ['name', field.name, 'key'],
    ['value', field.value, 'val'],
    ['filename', field.filename, null],
    ['type', field.type, 'text/plain'],
    ['disposition', field.disposition, ''],
    ['length', field.length, -1],
    ['file', field.file, null],
    ['list', field.list, null],
  ];
  for (const [attribute, actual, expected] of cases) {
    it(attribute, () => {
      assert.equal(actual, expected);
    });
  }
  it('option records have no prototype and are per instance', () => {
    const other = new FieldStorage();
    assert.equal(Object.getPrototypeOf(field.typeOptions), null);
    assert.equal(Object.getPrototypeOf(field.dispositionOptions), null);
    assert.notEqual(field.typeOptions, other.typeOptions);
  });
});

describe('FieldStorage: value', () => {
  const child = new FieldStorage('k', 'v');
  const container = new FieldStorage();
  container.list = [child];
  const empty = new FieldStorage();
  empty.list = [];
  const cases: ReadonlyArray<[label: string, field: FieldStorage, expected: unknown]> = [
    ['a string', new FieldStorage('k', 'hello'), 'hello'],
    ['an empty string stays empty (bug 29)', new FieldStorage('k', ''), ''],
    ['no value', new FieldStorage('k'), null],
    ['a bare root', new FieldStorage(), null],
    ['a container gives its list', container, [child]],
    ['an empty container gives its empty list', empty, []],
  ];
  for (const [label, field, expected] of cases) {
    it(label, () => {
      assert.deepEqual(field.value, expected);
    });
  }
  it('the container list is the same array', () => {
    assert.equal(container.value, container.list);
  });
});

describe('FieldStorage: item', () => {
  const form = root([
    ['k', 'v'],
    ['m', '1'],
    ['m', '2'],
  ]);
  it('one field', () => {
    const item = form.item('k');
    assert.ok(item instanceof FieldStorage);
    assert.equal(item.value, 'v');
  });
  it('a repeated name gives the fields', () => {
    const items = form.item('m');
    assert.ok(Array.isArray(items));
    assert.deepEqual(
      items.map((item) => item.value),
      ['1', '2'],
    );
  });
  const missing: ReadonlyArray<[label: string, form: FieldStorage]> = [
    ['missing name', form],
    ['empty list', root([])],
    ['no list', new FieldStorage()],
  ];
  for (const [label, container] of missing) {
    it(`${label} throws KeyError`, () => {
      assert.throws(
        () => container.item('missing'),
        (error: unknown) =>
          error instanceof KeyError &&
          error instanceof RangeError &&
          error.name === 'KeyError' &&
          error.code === 'PW_ERR_KEY' &&
          error.key === 'missing' &&
          error.message.includes('"missing"'),
      );
    });
  }
});

describe('FieldStorage: container (test_fieldstorage basics)', () => {
  const cases: ReadonlyArray<[label: string, read: () => unknown, expected: unknown]> = [
    [
      'iteration over unique keys',
      () => [
        ...root([
          ['a', '1'],
          ['b', '2'],
          ['a', '3'],
        ]),
      ],
      ['a', 'b'],
    ],
    [
      'size counts unique keys',
      () =>
        root([
          ['k', '1'],
          ['k', '2'],
          ['x', '3'],
        ]).size,
      2,
    ],
    ['has true', () => root([['key', 'v']]).has('key'), true],
    ['has false', () => root([['other', 'v']]).has('missing'), false],
    ['has on no list', () => new FieldStorage().has('key'), false],
    ['get single', () => root([['k', 'v']]).get('k'), 'v'],
    [
      'get multiple',
      () =>
        root([
          ['k', '1'],
          ['k', '2'],
        ]).get('k'),
      ['1', '2'],
    ],
    ['get default', () => root([]).get('missing', 'def'), 'def'],
    ['get keeps an empty value', () => root([['k', '']]).get('k'), ''],
    ['getlist keeps an empty value', () => root([['k', '']]).getlist('k'), ['']],
  ];
  for (const [label, read, expected] of cases) {
    it(label, () => {
      assert.deepEqual(read(), expected);
    });
  }
});

describe('FieldStorage: children without a string value', () => {
  const nested = new FieldStorage('files');
  nested.list = [new FieldStorage('inner', 'x')];
  const form = new FieldStorage();
  form.list = [new FieldStorage('a', '1'), nested, new FieldStorage(null, 'anonymous')];
  const cases: ReadonlyArray<[label: string, read: () => unknown, expected: unknown]> = [
    ['has sees a nested container', () => form.has('files'), true],
    ['item returns it', () => form.item('files'), nested],
    ['getters do not see it', () => form.getfirst('files', 'none'), 'none'],
    ['keys leave out unnamed children', () => form.keys(), ['a', 'files']],
    ['toJSON has only values', () => ({ ...form.toJSON() }), { a: '1' }],
  ];
  for (const [label, read, expected] of cases) {
    it(label, () => {
      assert.deepEqual(read(), expected);
    });
  }
});

describe('FieldStorage: toString', () => {
  const cases: ReadonlyArray<[field: FieldStorage, expected: string]> = [
    [new FieldStorage('key', 'val'), 'FieldStorage(key, val)'],
    [new FieldStorage('key'), 'FieldStorage(key, null)'],
    [root([['a', '1']]), 'FieldStorage(null, [1 fields])'],
  ];
  for (const [field, expected] of cases) {
    it(expected, () => {
      assert.equal(String(field), expected);
    });
  }
});
