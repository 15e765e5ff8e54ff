import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PoorWSGIError } from '../../../src/errors/poorwsgi-error.ts';
import { compileRegularRoute, compileRoute, isRegexRule } from '../../../src/routing/compile.ts';
import { defaultFilters } from '../../../src/routing/filters.ts';

const filters = defaultFilters();

function thrown(fn: () => unknown): PoorWSGIError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof PoorWSGIError, `not a PoorWSGIError: ${String(error)}`);
    return error;
  }
  assert.fail('did not throw');
}

const SPACES_MESSAGE =
  "Route filter definitions must not contain spaces. Use '<name:filter>' format without any spaces. " +
  "Examples: '<id:int>', '<name:word>', '<value:float>'";

describe('isRegexRule', () => {
  const cases: Array<[string, boolean]> = [
    ['/user/<id:int>', true],
    ['/user/<name>', true],
    ['/<n:re:[a-z]+>', true],
    ['/user/list', false],
    ['/a<b', false],
    ['/<>', false],
    ['/< id:int>', false],
  ];
  for (const [uri, expected] of cases) test(`${uri} -> ${expected}`, () => assert.equal(isRegexRule(uri), expected));
});

describe('compileRoute', () => {
  const spaced = [
    '/< id:int>',
    '/<id :int>',
    '/<id: int>',
    '/<id:int >',
    '/< id : int >',
    '/<value: custom>',
    '/<value:re:[a-z]+ >',
  ];
  for (const uri of spaced) {
    test(`rejects spaces in ${uri}`, () => {
      const error = thrown(() => compileRoute(uri, filters));
      assert.equal(error.code, 'PW_ERR_ROUTE');
      assert.equal(error.message, `Invalid route definition '${uri}': ${SPACES_MESSAGE}`);
    });
  }

  const badRoutes: Array<[string, string, RegExp]> = [
    ['/<a>/<a:int>', 'PW_ERR_ROUTE', /group name 'a' is used twice/],
    ['/<1st>', 'PW_ERR_ROUTE', /group name '1st' must match/],
    ['/<jméno>', 'PW_ERR_ROUTE', /group name 'jméno' must match/],
    ['/<a:re:>', 'PW_ERR_ROUTE', /empty regular expression/],
    ['/<a:email>', 'PW_ERR_ROUTE_FILTER', /Undefined route group filter ':email' in '\/<a:email>'/],
    ['/<a:re:(x+)+>', 'PW_ERR_ROUTE_UNSAFE', /group '<a:re:\(x\+\)\+>' in route/],
    ['/<a:re:[a-z>', 'PW_ERR_ROUTE_UNSAFE', /does not compile/],
    ['/<a><b>', 'PW_ERR_ROUTE_UNSAFE', /groups 'a' and 'b' touch/],
    ['/<a:word><b:hex>', 'PW_ERR_ROUTE_UNSAFE', /groups 'a' and 'b' touch/],
  ];
  for (const [uri, code, message] of badRoutes) {
    test(`${uri} throws ${code}`, () => {
      const error = thrown(() => compileRoute(uri, filters));
      assert.equal(error.code, code);
      assert.match(error.message, message);
    });
  }

  test('adjacent groups are fine when one is bounded', () => {
    const route = compileRoute('/<a:int><b>', filters);
    assert.deepEqual(route.regex.exec('/12xy')?.slice(1), ['12', 'xy']);
  });

  test('names and converters follow the groups', () => {
    const route = compileRoute('/user/<id:int>/<name>/<ratio:float>', filters);
    assert.equal(route.rule, '/user/<id:int>/<name>/<ratio:float>');
    assert.deepEqual(route.names, ['id', 'name', 'ratio']);
    assert.equal(route.converters.length, 3);
    assert.equal(route.converters[0]?.('5'), 5);
    assert.equal(route.converters[1]?.('5'), '5');
    assert.equal(route.regex.flags, 'u');
  });

  test('groups are anchored at both ends', () => {
    const route = compileRoute('/user/<id:int>', filters);
    for (const path of ['/user/1', '/user/1/', '/x/user/1', '/user/1x']) {
      assert.equal(route.regex.test(path), path === '/user/1', path);
    }
  });

  test('literal text is escaped', () => {
    const route = compileRoute('/a.b/(c)/<x>+', filters);
    assert.equal(route.regex.test('/a.b/(c)/v+'), true);
    assert.equal(route.regex.test('/axb/(c)/v+'), false);
    assert.equal(route.regex.test('/a.b/c/v+'), false);
  });

  test('inner capturing groups do not shift later parameters (bug 5)', () => {
    const floats = compileRoute('/fl/<a:float>/<b:int>', filters);
    assert.deepEqual(floats.regex.exec('/fl/1.5/3')?.slice(1), ['1.5', '3']);
    const inline = compileRoute('/r/<a:re:(x)(y)?>/<b:int>', filters);
    assert.deepEqual(inline.regex.exec('/r/xy/7')?.slice(1), ['xy', '7']);
    const named = new Map(filters).set(':pair', { regex: '(?<n>[a-z])(\\d)', convert: String });
    assert.deepEqual(compileRoute('/<a:pair>/<b:pair>', named).regex.exec('/q5/r6')?.slice(1), ['q5', 'r6']);
  });

  test('a :re: regex keeps its case (bug 4)', () => {
    const route = compileRoute('/re/<v:Re:[A-Z]\\D>', filters);
    assert.equal(route.regex.test('/re/AB'), true);
    assert.equal(route.regex.test('/re/ab'), false);
    assert.equal(route.regex.test('/re/A1'), false);
  });

  const stopCases: Array<[string, string, string[] | undefined]> = [
    ['/<a>-<b>', '/x-y-z', ['x', 'y-z']],
    ['/<a>-<b>', '/-y', undefined],
    ['/<a>.<ext>', '/archive.tar.gz', ['archive', 'tar.gz']],
    ['/<a:word>_<b:word>', '/john_paul_smith', ['john', 'paul_smith']],
    ['/<a:hex>g<b:int>', '/ffg1', ['ff', '1']],
    ['/<a>/<b>', '/x/y', ['x', 'y']],
  ];
  for (const [uri, path, expected] of stopCases) {
    test(`${uri} splits ${path} at the first separator`, () => {
      assert.deepEqual(compileRoute(uri, filters).regex.exec(path)?.slice(1), expected);
    });
  }

  test('a default parameter before literal text excludes its first character', () => {
    assert.equal(compileRoute('/<a>-<b>/x', filters).regex.source, '^\\/([^/\\-]+)-([^/]+)\\/x$');
  });
});

describe('compileRegularRoute', () => {
  test('anchors a raw pattern at both ends', () => {
    const route = compileRegularRoute('/user/\\w+');
    assert.equal(route.regex.test('/user/abc'), true);
    assert.equal(route.regex.test('/user/abc/def'), false);
    assert.equal(route.regex.test('/x/user/abc'), false);
  });

  test('keeps top-level alternatives inside the anchors', () => {
    const route = compileRegularRoute('/a|/b');
    assert.equal(route.regex.test('/a'), true);
    assert.equal(route.regex.test('/b'), true);
    assert.equal(route.regex.test('/ab'), false);
    assert.equal(route.regex.test('/a/x'), false);
  });

  test('lists named groups and has no converters', () => {
    const route = compileRegularRoute('/(?<year>\\d{4})/(\\d{2})/(?<slug>[a-z-]+)');
    assert.deepEqual(route.names, ['year', 'slug']);
    assert.deepEqual(route.converters, []);
  });

  test('rejects unsafe patterns', () => {
    const error = thrown(() => compileRegularRoute('/(a+)+'));
    assert.equal(error.code, 'PW_ERR_ROUTE_UNSAFE');
    assert.match(error.message, /regular route '\/\(a\+\)\+'/);
  });
});
