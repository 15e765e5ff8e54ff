/**
 * docs/testing.md shows a whole `node:test` file: it is run here as it is
 * written there (its `'poorwsgi'` import pointed at the sources), so that
 * the page stays true. It must pass, with every one of its tests.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The first ```ts block of the page. */
function firstTsBlock(markdown: string): string {
  const match = /```ts\n([\s\S]*?)\n```/.exec(markdown);
  assert.ok(match, 'docs/testing.md has a ts block');
  return match[1] as string;
}

test('the test file of docs/testing.md passes as written', { timeout: 120_000 }, () => {
  const code = firstTsBlock(readFileSync(`${root}docs/testing.md`, 'utf8'));
  assert.match(code, /from 'poorwsgi';/);
  const file = `${root}test/docs/.tmp-${randomUUID()}.test.ts`;
  writeFileSync(file, code.replace("from 'poorwsgi';", "from '../../src/index.ts';"));
  try {
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', file], {
      cwd: root,
      // without the parent runner's context, the child reports in TAP to this test, not to the parent runner
      env: { ...process.env, NODE_TEST_CONTEXT: undefined },
      encoding: 'utf8',
      timeout: 110_000,
    });
    const output = child.stdout + child.stderr;
    assert.equal(child.status, 0, output);
    const tests = Number(/^# tests (\d+)$/m.exec(output)?.[1]);
    assert.equal(tests, (code.match(/\btest\('/g) ?? []).length, output);
    assert.match(output, /^# fail 0$/m);
  } finally {
    rmSync(file, { force: true });
  }
});
