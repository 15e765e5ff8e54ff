/**
 * The pieces of the segment index of the route table: which parameter
 * patterns may match a `/` (those routes stay out of the trie), the segments
 * a route is split into, and the trie's add, remove and collect.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileRegularRoute, compileRoute } from '../../../src/routing/compile.ts';
import { defaultFilters } from '../../../src/routing/filters.ts';
import { RouteTable } from '../../../src/routing/route-table.ts';
import { SegmentTrie } from '../../../src/routing/segment-trie.ts';
import { mayMatchSlash } from '../../../src/routing/slash-free.ts';

describe('mayMatchSlash: a pattern that may match "/" says so (it may say so wrongly, never the other way)', () => {
  const free = [
    '[^/]+',
    '-?\\d{1,15}',
    '-?\\d+(?:\\.\\d+)?',
    '[\\p{L}\\p{N}_]+',
    '[0-9a-fA-F]+',
    '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}',
    '[a-z]+',
    '[a-z-]+',
    '[-a-z]+',
    '\\w+',
    '\\s*x',
    '\\p{Lu}\\p{Ll}*',
    '(?:ab|cd)+',
    '[^/x]+',
    '[\\-.]',
    '[0-9]',
  ];
  const slash = [
    '.*',
    '.+',
    '[a-z/]+',
    '[^x]+',
    '[\\D]',
    '\\D+',
    '\\W',
    '\\S+',
    '\\/',
    '/',
    'a/b',
    '[!-~]+',
    '[+-9]',
    '\\x2f',
    '\\u002f',
    '\\p{P}',
    '\\P{L}',
    '[\\p{Po}]',
    '[\\x2f]',
    '\\p{Script=Latin}',
    '[^\\d]',
  ];
  for (const source of free) test(`${source} cannot`, () => assert.equal(mayMatchSlash(source), false));
  for (const source of slash) test(`${source} may`, () => assert.equal(mayMatchSlash(source), true));

  test('every built-in filter is slash-free: their routes go in the trie', () => {
    for (const [name, filter] of defaultFilters()) {
      if (filter.regex !== '') assert.equal(mayMatchSlash(filter.regex), false, name);
    }
  });

  test('each "cannot" is right: no string with a slash matches it', () => {
    for (const source of free) {
      const re = new RegExp(`^(?:${source})$`, 'u');
      for (const probe of ['/', 'a/b', '1/2', '-/', '//', 'x/', '/x']) assert.equal(re.test(probe), false, source);
    }
  });
});

describe('the segments of a route', () => {
  const filters = defaultFilters();
  const cases: ReadonlyArray<[string, Array<string | null> | undefined]> = [
    ['/user/<id:int>', ['', 'user', null]],
    ['/a/<x>/b/', ['', 'a', null, 'b', '']],
    ['/file-<name>.txt', ['', null]],
    ['/<a>-<b>/c', ['', null, 'c']],
    ['/x/<path:re:.*>', undefined],
    ['/x/<p:re:[a-z]+>/y', ['', 'x', null, 'y']],
    ['/x/<p:re:[a-z/]+>', undefined],
  ];
  for (const [uri, segments] of cases) {
    test(uri, () => assert.deepEqual(compileRoute(uri, filters).segments, segments));
  }
  test('a raw regular route has none', () => assert.equal(compileRegularRoute('/raw/(\\d+)').segments, undefined));

  test('whole-segment parameters: where each is, and its test (none for the default one)', () => {
    const whole = compileRoute('/u/<id:int>/p/<slug>', filters).wholeSegments;
    assert.deepEqual(
      whole?.map((p) => [p.segment, p.test?.source ?? null]),
      [
        [2, '^(?:-?\\d{1,15})$'],
        [4, null],
      ],
    );
    // a parameter sharing its segment with text, or with another parameter: the pattern decides
    assert.equal(compileRoute('/file-<name>.txt', filters).wholeSegments, undefined);
    assert.equal(compileRoute('/<a:int>-<b:int>', filters).wholeSegments, undefined);
    assert.equal(compileRoute('/x/<p:re:.*>', filters).wholeSegments, undefined);
  });
});

describe('SegmentTrie', () => {
  type Entry = { order: number; name: string };
  const entry = (order: number, name: string): Entry => ({ order, name });
  /** The names of the routes of each list `collect` found, in order. */
  const found = (trie: SegmentTrie<Entry>, path: string): string[][] => {
    const { first, more } = trie.collect(path);
    const lists = first === undefined ? [] : [first, ...(more ?? [])];
    return lists.map((list) => list.map((e) => e.name));
  };

  test('collects the routes ending where the path ends, literal branch first, each list in order', () => {
    const trie = new SegmentTrie<Entry>();
    trie.add(['', 'repos', null, null], entry(5, 'repo'));
    trie.add(['', 'repos', null, 'hooks'], entry(2, 'hooks-lit'));
    trie.add(['', 'repos', null, null], entry(1, 'repo-first'));
    trie.add(['', 'repos', null], entry(3, 'owner'));
    assert.deepEqual(found(trie, '/repos/me/hooks'), [['hooks-lit'], ['repo-first', 'repo']]);
    assert.deepEqual(found(trie, '/repos/me'), [['owner']]);
    assert.deepEqual(found(trie, '/repos/me/x/y'), []);
    assert.deepEqual(found(trie, '/other'), []);
  });

  test('remove takes a route out and prunes the branches left empty', () => {
    const trie = new SegmentTrie<Entry>();
    const a = entry(1, 'a');
    const b = entry(2, 'b');
    trie.add(['', 'x', null, 'deep'], a);
    trie.add(['', 'x'], b);
    trie.remove(['', 'x', null, 'deep'], a);
    assert.deepEqual(found(trie, '/x/1/deep'), []);
    assert.deepEqual(found(trie, '/x'), [['b']]);
    // removing what is not there changes nothing
    trie.remove(['', 'x', null, 'deep'], a);
    trie.remove(['', 'nothing'], a);
    trie.remove(['', 'x'], a);
    assert.deepEqual(found(trie, '/x'), [['b']]);
    trie.remove(['', 'x'], b);
    assert.deepEqual(found(trie, '/x'), []);
  });

  test('a path of 10,000 segments and one of a 100 KiB segment are walked, no deeper than the trie', () => {
    const trie = new SegmentTrie<Entry>();
    trie.add(['', null, null], entry(1, 'two'));
    assert.deepEqual(found(trie, `/${'a/'.repeat(10_000)}`), []);
    assert.deepEqual(found(trie, `/${'x'.repeat(100 * 1024)}/y`), [['two']]);
  });

  test('a node finds its literal child alone, among a few by first character, and among many by hash', () => {
    const trie = new SegmentTrie<Entry>();
    // one child; a few sharing first characters (the empty segment among them); many sharing one
    trie.add(['', 'one', null], entry(1, 'one'));
    for (const key of ['a', 'ab', 'abc', 'b', '']) trie.add(['', 'few', key], entry(2, `few:${key}`));
    for (let i = 0; i < 300; i++) trie.add(['', 'many', `item${i}`], entry(3 + i, `many:${i}`));
    assert.deepEqual(found(trie, '/one/x'), [['one']]);
    assert.deepEqual(found(trie, '/onex/x'), []);
    assert.deepEqual(found(trie, '/on/x'), []);
    for (const key of ['a', 'ab', 'abc', 'b', '']) assert.deepEqual(found(trie, `/few/${key}`), [[`few:${key}`]], key);
    for (const miss of ['/few/abcd', '/few/c', '/few/a/', '/few/ba', '/few//x'])
      assert.deepEqual(found(trie, miss), [], miss);
    for (const i of [0, 7, 10, 99, 150, 299]) assert.deepEqual(found(trie, `/many/item${i}`), [[`many:${i}`]]);
    for (const miss of ['/many/item300', '/many/item', '/many/item1x', '/many/', '/many/Item1', '/many/item1/x']) {
      assert.deepEqual(found(trie, miss), [], miss);
    }
    // removing a few keeps the others reachable, whichever way the node looks them up
    for (let i = 0; i < 298; i++) trie.remove(['', 'many', `item${i}`], { order: 3 + i, name: 'x' });
    assert.deepEqual(found(trie, '/many/item299'), [['many:299']]);
  });

  test('a path not starting with a slash, and tries whose root is not the empty segment', () => {
    const trie = new SegmentTrie<Entry>();
    trie.add(['', 'a', null], entry(1, 'slash'));
    assert.deepEqual(found(trie, 'a/1'), []);
    const bare = new SegmentTrie<Entry>();
    bare.add(['a', null], entry(1, 'bare'));
    bare.add([null, 'b'], entry(2, 'wild'));
    assert.deepEqual(found(bare, 'a/b'), [['bare'], ['wild']]);
    assert.deepEqual(found(bare, '/b'), [['wild']]);
  });

  test('a near miss at every level of a long path is refused (a literal compared in place searches no further than the path)', () => {
    const trie = new SegmentTrie<Entry>();
    const key = 'x'.repeat(50);
    trie.add(['', key, key, null], entry(1, 'deep'));
    const near = `${'x'.repeat(49)}y`;
    assert.deepEqual(found(trie, `/${key}/${near}/${'x'.repeat(100 * 1024)}`), []);
    assert.deepEqual(found(trie, `/${key}/${key}/v`), [['deep']]);
  });

  test('a route of 5,000 segments registers and matches', () => {
    const trie = new SegmentTrie<Entry>();
    const segments = ['', ...Array.from({ length: 5000 }, (_, i) => (i % 2 === 0 ? null : `s${i}`))];
    trie.add(segments, entry(1, 'long'));
    const path = segments.map((s, i) => (s === null ? `v${i}` : s)).join('/');
    assert.deepEqual(found(trie, path), [['long']]);
  });
});

describe('routes matched segment by segment, through the table', () => {
  test('an empty segment is no default parameter; a filter tests its whole segment', () => {
    const table = new RouteTable<string>();
    table.setRoute('/a/<x>', 'x', 2);
    table.setRoute('/n/<id:int>/<rest>', 'n', 2);
    assert.equal(table.match('/a/', 2).kind, 'none');
    assert.equal(table.match('/a//', 2).kind, 'none');
    const found = table.match('/a/hello', 2);
    assert.equal(found.kind === 'found' && found.params[0], 'hello');
    assert.equal(table.match('/n/12x/r', 2).kind, 'none');
    const n = table.match('/n/-12/r', 2);
    assert.deepEqual(n.kind === 'found' && n.params, [-12, 'r']);
  });
});
