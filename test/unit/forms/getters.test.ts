import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Args } from '../../../src/forms/args.ts';
import { EmptyForm } from '../../../src/forms/empty-form.ts';
import { FieldStorage } from '../../../src/forms/field-storage.ts';
import type { FieldStorageInterface } from '../../../src/forms/field-storage-interface.ts';
import { parseUrlencodedForm } from '../../../src/forms/urlencoded.ts';

// One table of getter behaviour, run over every container built from the same
// query: the getters are written once, so they must agree everywhere.
const QUERY = 'id=7&color=1&color=2&color=3&name=Ond%C5%99ej&n=x';

function fieldStorageOf(query: string): FieldStorage {
  const root = new FieldStorage();
  root.list = [...new Args(query).entries()].flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((v) => new FieldStorage(name, v)),
  );
  return root;
}

const CONTAINERS: ReadonlyArray<[label: string, make: (query: string) => FieldStorageInterface]> = [
  ['Args', (query) => new Args(query)],
  ['parseUrlencodedForm', (query) => parseUrlencodedForm(query)],
  ['FieldStorage built by hand', fieldStorageOf],
];

const never = (value: string): never => {
  throw new Error(`func must not be called, got ${value}`);
};

// parseInt(value, index) would break if a getter passed map's index along.
const oneArgument = (value: string, ...rest: unknown[]): number => (rest.length === 0 ? Number(value) : Number.NaN);

const CASES: ReadonlyArray<[label: string, read: (form: FieldStorageInterface) => unknown, expected: unknown]> = [
  ['get one value', (f) => f.get('id'), '7'],
  ['get a repeated key', (f) => f.get('color'), ['1', '2', '3']],
  ['get missing', (f) => f.get('no'), undefined],
  ['get missing with default', (f) => f.get('no', 'def'), 'def'],
  ['getvalue one value', (f) => f.getvalue('name'), 'Ondřej'],
  ['getvalue a repeated key', (f) => f.getvalue('color'), ['1', '2', '3']],
  ['getvalue func on one value', (f) => f.getvalue('id', undefined, Number), 7],
  ['getvalue func per value, never the array (bug 30)', (f) => f.getvalue('color', undefined, Number), [1, 2, 3]],
  ['getvalue missing', (f) => f.getvalue('no'), undefined],
  ['getvalue missing default, func not applied', (f) => f.getvalue('no', 'PooWSGI', never), 'PooWSGI'],
  ['getfirst one value', (f) => f.getfirst('id'), '7'],
  ['getfirst a repeated key', (f) => f.getfirst('color'), '1'],
  ['getfirst func', (f) => f.getfirst('id', 0, Number), 7],
  ['getfirst func on the first value', (f) => f.getfirst('color', 0, Number), 1],
  ['getfirst func result kept even if odd', (f) => f.getfirst('n', 0, Number), Number.NaN],
  ['getfirst missing', (f) => f.getfirst('no'), undefined],
  ['getfirst missing default, func not applied', (f) => f.getfirst('age', '23', never), '23'],
  ['getfirst missing numeric default', (f) => f.getfirst('age', 0, Number), 0],
  ['getlist one value', (f) => f.getlist('id'), ['7']],
  ['getlist a repeated key', (f) => f.getlist('color'), ['1', '2', '3']],
  ['getlist func', (f) => f.getlist('color', undefined, Number), [1, 2, 3]],
  ['getlist func gets one argument, no index', (f) => f.getlist('color', undefined, oneArgument), [1, 2, 3]],
  ['getvalue func gets one argument, no index', (f) => f.getvalue('color', undefined, oneArgument), [1, 2, 3]],
  ['getlist missing', (f) => f.getlist('no'), []],
  ['getlist missing default, func not applied', (f) => f.getlist('values', ['3', '4'], never), ['3', '4']],
  ['has present', (f) => f.has('color'), true],
  ['has missing', (f) => f.has('no'), false],
  ['keys in first-seen order', (f) => f.keys(), ['id', 'color', 'name', 'n']],
  ['size counts unique names', (f) => f.size, 4],
  ['iteration yields names', (f) => [...f], ['id', 'color', 'name', 'n']],
  [
    'entries',
    (f) => [...f.entries()],
    [
      ['id', '7'],
      ['color', ['1', '2', '3']],
      ['name', 'Ondřej'],
      ['n', 'x'],
    ],
  ],
];

for (const [container, make] of CONTAINERS) {
  describe(`getters: ${container}`, () => {
    for (const [label, read, expected] of CASES) {
      it(label, () => {
        assert.deepEqual(read(make(QUERY)), expected);
      });
    }
    it('toJSON is a null-prototype record', () => {
      const json = make(QUERY).toJSON();
      assert.equal(Object.getPrototypeOf(json), null);
      assert.deepEqual({ ...json }, { id: '7', color: ['1', '2', '3'], name: 'Ondřej', n: 'x' });
    });
    it('getlist returns a copy', () => {
      const form = make(QUERY);
      form.getlist('color').push('9');
      const got = form.get('color');
      assert.ok(Array.isArray(got));
      got.push('9');
      assert.deepEqual(form.getlist('color'), ['1', '2', '3']);
    });
  });
}

// PoorWSGI's TestEmpty, TestArgs.test_empty and TestForm.test_empty, with
// defaults left unconverted (func is never applied to defaults).
const EMPTY: ReadonlyArray<[label: string, make: () => FieldStorageInterface]> = [
  ['EmptyForm', () => new EmptyForm()],
  ['Args over an empty query', () => new Args('')],
  ['FieldStorage of an empty body', () => parseUrlencodedForm('')],
  ['bare FieldStorage', () => new FieldStorage()],
];

const EMPTY_CASES: ReadonlyArray<[label: string, read: (form: FieldStorageInterface) => unknown, expected: unknown]> = [
  ['getvalue', (f) => f.getvalue('name'), undefined],
  ['getvalue default', (f) => f.getvalue('name', 'PooWSGI'), 'PooWSGI'],
  ['getvalue default with func', (f) => f.getvalue('name', 'PooWSGI', never), 'PooWSGI'],
  ['getfirst', (f) => f.getfirst('no'), undefined],
  ['getfirst default with func', (f) => f.getfirst('age', '23', never), '23'],
  ['getfirst numeric default with func', (f) => f.getfirst('name', 2, never), 2],
  ['getlist default with func', (f) => f.getlist('values', ['3', '4'], never), ['3', '4']],
  ['getlist', (f) => f.getlist('values'), []],
  ['getlist func, no default', (f) => f.getlist('values', undefined, never), []],
  ['get', (f) => f.get('no'), undefined],
  ['get default', (f) => f.get('no', 'x'), 'x'],
  ['has', (f) => f.has('no'), false],
  ['keys', (f) => f.keys(), []],
  ['size', (f) => f.size, 0],
  ['iteration', (f) => [...f], []],
  ['entries', (f) => [...f.entries()], []],
];

for (const [container, make] of EMPTY) {
  describe(`empty: ${container}`, () => {
    for (const [label, read, expected] of EMPTY_CASES) {
      it(label, () => {
        assert.deepEqual(read(make()), expected);
      });
    }
    it('toJSON is an empty null-prototype record', () => {
      const json = make().toJSON();
      assert.equal(Object.getPrototypeOf(json), null);
      assert.deepEqual(Object.keys(json), []);
    });
  });
}

describe('getlist default is returned as given', () => {
  it('the same array', () => {
    const fallback = ['x'];
    assert.equal(new EmptyForm().getlist('a', fallback), fallback);
  });
});
