import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HTTPException } from '../../../src/errors/http-exception.ts';
import { FieldStorage } from '../../../src/forms/field-storage.ts';
import type { ParseOptions } from '../../../src/forms/query.ts';
import { parseUrlencodedForm } from '../../../src/forms/urlencoded.ts';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

// tests/test_fieldstorage.py TestURLEncoded and the urlencoded part of TestForm.
const CASES: ReadonlyArray<{
  label: string;
  body: string | Uint8Array;
  options?: ParseOptions;
  json: Record<string, string | string[]>;
}> = [
  { label: 'simple field', body: 'name=Ondrej', json: { name: 'Ondrej' } },
  { label: 'multiple fields', body: 'a=1&b=2&c=3', json: { a: '1', b: '2', c: '3' } },
  { label: 'repeated key', body: 'tag=a&tag=b&tag=c', json: { tag: ['a', 'b', 'c'] } },
  { label: 'percent-decoding', body: 'name=Ond%C5%99ej', json: { name: 'Ondřej' } },
  { label: 'plus as space', body: 'msg=hello+world', json: { msg: 'hello world' } },
  { label: 'blank value dropped', body: 'name=&other=val', json: { other: 'val' } },
  {
    label: 'blank value kept as empty string',
    body: 'name=&other=val',
    options: { keepBlankValues: true },
    json: { name: '', other: 'val' },
  },
  { label: 'empty body', body: '', json: {} },
  { label: 'empty bytes', body: new Uint8Array(0), json: {} },
  { label: 'separator ;', body: 'a=1;b=2', options: { separator: ';' }, json: { a: '1', b: '2' } },
  {
    label: 'TestForm fixture (bytes, UTF-8 values)',
    body: utf8('pname=Ond%C5%99ej&psurname=T%C5%AFma&px=8&px=7&px=6&btn=Odeslat+%C5%BEi%C5%A1%C5%A5'),
    json: { pname: 'Ondřej', psurname: 'Tůma', px: ['8', '7', '6'], btn: 'Odeslat žišť' },
  },
  {
    label: 'raw UTF-8 bytes',
    body: utf8('city=Brno+%26+Plze%C5%88&q=čeština'),
    json: { city: 'Brno & Plzeň', q: 'čeština' },
  },
  {
    label: 'invalid UTF-8 bytes',
    body: Uint8Array.from([0x61, 0x3d, 0xc5, 0x26, 0x62, 0x3d, 0x31]),
    json: { a: '\uFFFD', b: '1' },
  },
  { label: 'invalid escapes never throw', body: 'a=%zz&b=%C5&c=%', json: { a: '%zz', b: '\uFFFD', c: '%' } },
  {
    label: 'no bracket syntax, no pollution',
    body: 'a[__proto__]=b&__proto__=x&constructor=y',
    // A computed key: a literal `__proto__:` would set the prototype instead.
    json: { 'a[__proto__]': 'b', ['__proto__']: 'x', constructor: 'y' },
  },
];

describe('parseUrlencodedForm', () => {
  for (const { label, body, options, json } of CASES) {
    it(label, () => {
      const form = parseUrlencodedForm(body, options);
      const expected = Object.create(null) as Record<string, unknown>;
      for (const key of Object.keys(json)) expected[key] = json[key];
      assert.deepEqual(form.toJSON(), expected);
      assert.deepEqual(form.keys(), Object.keys(json));
    });
  }
  it('fixture keys in order', () => {
    const form = parseUrlencodedForm('pname=P&psurname=S&px=8&btn=Send');
    assert.deepEqual(form.keys(), ['pname', 'psurname', 'px', 'btn']);
    assert.deepEqual(form.getlist('px', undefined, Number), [8]);
  });
  it('Object.prototype stays clean', () => {
    parseUrlencodedForm('__proto__[x]=1&__proto__=x&constructor[prototype][x]=1');
    const probe: Record<string, unknown> = {};
    assert.equal(probe.x, undefined);
  });
});

describe('parseUrlencodedForm: the root container', () => {
  const cases: ReadonlyArray<[body: string | Uint8Array, length: number]> = [
    ['a=1&a=2&b=3', 11],
    ['name=Ondřej', 12],
    [utf8('x=%C5%99'), 8],
    ['', 0],
  ];
  for (const [body, length] of cases) {
    it(`${typeof body === 'string' ? JSON.stringify(body) : 'bytes'}: type, length, children`, () => {
      const form = parseUrlencodedForm(body);
      assert.equal(form.type, 'application/x-www-form-urlencoded');
      assert.equal(form.name, null);
      assert.equal(form.length, length);
      assert.ok(Array.isArray(form.list));
      assert.equal(form.value, form.list);
      for (const child of form.list) {
        assert.ok(child instanceof FieldStorage);
        assert.equal(child.type, 'text/plain');
        assert.equal(child.filename, null);
        assert.equal(child.list, null);
      }
    });
  }
  it('children are one FieldStorage per pair, in order', () => {
    const form = parseUrlencodedForm('a=1&b=2&a=3');
    assert.deepEqual(
      form.list?.map((child) => [child.name, child.value]),
      [
        ['a', '1'],
        ['b', '2'],
        ['a', '3'],
      ],
    );
  });
  it('an empty value read with keepBlankValues is "" (bug 29)', () => {
    const form = parseUrlencodedForm('name=', { keepBlankValues: true });
    const item = form.item('name');
    assert.ok(item instanceof FieldStorage);
    assert.equal(item.value, '');
    assert.equal(form.getvalue('name'), '');
  });
});

describe('parseUrlencodedForm: errors', () => {
  const cases: ReadonlyArray<[label: string, body: string, options: ParseOptions, status: number, error: RegExp]> = [
    ['max fields', 'a=1&b=2&c=3', { maxFields: 2 }, 413, /^Too many fields \(limit 2\)$/],
    ['default max fields', 'a=1&'.repeat(1001), {}, 413, /limit 1000/],
    ['long name', `${'n'.repeat(1025)}=1`, {}, 413, /^Field name too long \(limit 1024\)$/],
    ['strict: no =', 'a=1&b', { strictParsing: true }, 400, /^Bad query field: "b"$/],
    ['strict: empty field', 'a=1&&b=2', { strictParsing: true }, 400, /^Bad query field: ""$/],
  ];
  for (const [label, body, options, status, error] of cases) {
    it(`${label} -> ${status}`, () => {
      assert.throws(
        () => parseUrlencodedForm(body, options),
        (thrown: unknown) =>
          thrown instanceof HTTPException && thrown.statusCode === status && error.test(String(thrown.extra.error)),
      );
    });
  }
});
