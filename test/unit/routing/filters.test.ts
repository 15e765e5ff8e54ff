import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { METHOD_GET } from '../../../src/http/methods.ts';
import { compileRoute } from '../../../src/routing/compile.ts';
import { defaultFilters } from '../../../src/routing/filters.ts';
import { RouteTable } from '../../../src/routing/route-table.ts';
import { checkSafeRegex } from '../../../src/routing/safe-regex.ts';

describe('defaultFilters', () => {
  test('has the spec keys and regexes', () => {
    const filters = defaultFilters();
    assert.deepEqual([...filters.keys()], [':int', ':float', ':word', ':hex', ':uuid', ':re:', 'none']);
    const regexes = Object.fromEntries([...filters].map(([key, filter]) => [key, filter.regex]));
    assert.deepEqual(regexes, {
      ':int': '-?\\d{1,15}',
      ':float': '-?\\d+(?:\\.\\d+)?',
      ':word': '[\\p{L}\\p{N}_]+',
      ':hex': '[0-9a-fA-F]+',
      ':uuid': '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}',
      ':re:': '',
      none: '[^/]+',
    });
  });

  test('returns a new table each time', () => {
    const a = defaultFilters();
    a.delete(':int');
    assert.equal(defaultFilters().has(':int'), true);
  });

  test('every built-in regex passes checkSafeRegex', () => {
    for (const [key, filter] of defaultFilters()) {
      if (key !== ':re:') assert.doesNotThrow(() => checkSafeRegex(filter.regex), key);
    }
  });
});

interface FilterCase {
  readonly group: string;
  readonly value: string;
  /** `undefined`: the route must not match. */
  readonly expected?: unknown;
}

const cases: FilterCase[] = [
  { group: '<v:int>', value: '42', expected: 42 },
  { group: '<v:int>', value: '-7', expected: -7 },
  { group: '<v:int>', value: '-0', expected: 0 },
  { group: '<v:int>', value: '007', expected: 7 },
  { group: '<v:int>', value: '999999999999999', expected: 999_999_999_999_999 },
  { group: '<v:int>', value: '1234567890123456' },
  { group: '<v:int>', value: '1.5' },
  { group: '<v:int>', value: 'abc' },
  { group: '<v:int>', value: '--1' },
  { group: '<v:int>', value: '٣' },
  { group: '<v:float>', value: '1.5', expected: 1.5 },
  { group: '<v:float>', value: '-2.25', expected: -2.25 },
  { group: '<v:float>', value: '3', expected: 3 },
  { group: '<v:float>', value: '1.' },
  { group: '<v:float>', value: '.5' },
  { group: '<v:float>', value: '1e5' },
  { group: '<v:word>', value: 'Ondřej', expected: 'Ondřej' },
  { group: '<v:word>', value: 'žluťoučký', expected: 'žluťoučký' },
  { group: '<v:word>', value: 'snake_case_2', expected: 'snake_case_2' },
  { group: '<v:word>', value: '東京', expected: '東京' },
  { group: '<v:word>', value: 'a-b' },
  { group: '<v:word>', value: 'a b' },
  { group: '<v:word>', value: 'a.b' },
  { group: '<v:hex>', value: 'dEadBeef', expected: 'dEadBeef' },
  { group: '<v:hex>', value: '0123456789', expected: '0123456789' },
  { group: '<v:hex>', value: 'xyz' },
  { group: '<v:hex>', value: '0x1f' },
  {
    group: '<v:uuid>',
    value: '123e4567-e89b-12d3-a456-426614174000',
    expected: '123e4567-e89b-12d3-a456-426614174000',
  },
  {
    group: '<v:uuid>',
    value: '123E4567-E89B-12D3-A456-426614174ABC',
    expected: '123e4567-e89b-12d3-a456-426614174abc',
  },
  { group: '<v:uuid>', value: '123e4567e89b12d3a456426614174000' },
  { group: '<v:uuid>', value: '123e4567-e89b-12d3-a456-42661417400' },
  { group: '<v:uuid>', value: 'g23e4567-e89b-12d3-a456-426614174000' },
  { group: '<v>', value: 'any thing;=', expected: 'any thing;=' },
  { group: '<v>', value: 'Ondřej', expected: 'Ondřej' },
  { group: '<v>', value: 'a/b' },
  { group: '<v>', value: '' },
  { group: '<v:re:[A-Z]+>', value: 'ABC', expected: 'ABC' },
  { group: '<v:re:[A-Z]+>', value: 'abc' },
  { group: '<v:RE:[a-z]{2}\\d>', value: 'ab1', expected: 'ab1' },
  { group: '<v:re:\\D+>', value: 'abc', expected: 'abc' },
  { group: '<v:re:\\D+>', value: '123' },
  { group: '<v:INT>', value: '12', expected: 12 },
  { group: '<v:Word>', value: 'Ondřej', expected: 'Ondřej' },
];

describe('filters through routes', () => {
  for (const { group, value, expected } of cases) {
    const uri = `/f/${group}`;
    test(`${uri} with '${value}' ${expected === undefined ? 'does not match' : 'matches'}`, () => {
      const table = new RouteTable<string>();
      table.setRoute(uri, 'h', METHOD_GET);
      const m = table.match(`/f/${value}`, METHOD_GET);
      if (expected === undefined) {
        assert.deepEqual(m, { kind: 'none' });
        return;
      }
      assert.equal(m.kind, 'found');
      if (m.kind !== 'found') return;
      assert.equal(Object.is(m.params[0], expected), true, `${String(m.params[0])} is ${String(expected)}`);
      assert.equal(m.groups.v, m.params[0]);
    });
  }
});

describe('custom filters', () => {
  const filterCases = [
    { name: 'email', regex: '[\\w.\\-]+@[\\w.\\-]+', value: 'a.b@c.cz', expected: 'a.b@c.cz' },
    { name: ':email', regex: '[\\w.\\-]+@[\\w.\\-]+', value: 'no-at-sign', expected: undefined },
    { name: 'Upper', regex: '[A-Z]+', value: 'ABC', expected: 'ABC' },
    { name: 'upper', regex: '[A-Z]+', value: 'abc', expected: undefined },
  ];
  for (const { name, regex, value, expected } of filterCases) {
    test(`setFilter('${name}') with '${value}'`, () => {
      const table = new RouteTable<string>();
      table.setFilter(name, regex);
      const bare = name.replace(/^:/, '');
      table.setRoute(`/c/<v:${bare.toUpperCase()}>`, 'h', METHOD_GET);
      const m = table.match(`/c/${value}`, METHOD_GET);
      if (expected === undefined) assert.equal(m.kind, 'none');
      else assert.deepEqual(m.kind === 'found' ? m.params : null, [expected]);
    });
  }

  test('a custom converter is applied', () => {
    const table = new RouteTable<string>();
    table.setFilter('big', '\\d+', (v) => BigInt(v));
    table.setRoute('/n/<v:big>', 'h', METHOD_GET);
    const m = table.match('/n/12345678901234567890', METHOD_GET);
    assert.deepEqual(m.kind === 'found' ? m.params : null, [12345678901234567890n]);
  });

  test('a custom filter can replace a built-in one', () => {
    const table = new RouteTable<string>();
    table.setFilter(':int', '\\d{1,3}', (v) => Number(v) * 2);
    table.setRoute('/n/<v:int>', 'h', METHOD_GET);
    const m = table.match('/n/21', METHOD_GET);
    assert.deepEqual(m.kind === 'found' ? m.params : null, [42]);
    assert.equal(table.match('/n/-1', METHOD_GET).kind, 'none');
  });

  test('a route keeps the filter it was compiled with', () => {
    const table = new RouteTable<string>();
    table.setFilter('code', '[a-z]+');
    table.setRoute('/k/<v:code>', 'h', METHOD_GET);
    table.setFilter('code', '\\d+');
    assert.equal(table.match('/k/abc', METHOD_GET).kind, 'found');
    assert.equal(table.match('/k/123', METHOD_GET).kind, 'none');
    assert.equal(compileRoute('/k/<v:code>', table.filters).regex.test('/k/123'), true);
  });
});
