import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

// Proves that test/types/route-params.test-d.ts can fail: each case edits a
// copy of it and runs tsc on the copy alone.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const typesDir = fileURLToPath(new URL('../../types/', import.meta.url));
const original = readFileSync(`${typesDir}route-params.test-d.ts`, 'utf8');
// the project's compiler (TypeScript 7 exports no bin subpath, so by file)
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

function typecheck(source: string): { status: number | null; output: string } {
  const file = `${typesDir}.tmp-${randomUUID()}.ts`;
  writeFileSync(file, source);
  try {
    const args = ['--ignoreConfig', '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext'];
    args.push('--allowImportingTsExtensions', '--skipLibCheck', '--target', 'es2023', file);
    const child = spawnSync(process.execPath, [tsc, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    return { status: child.status, output: child.stdout + child.stderr };
  } finally {
    rmSync(file, { force: true });
  }
}

function withoutExpectError(index: number): string {
  let seen = -1;
  return original.replace(/^\/\/ @ts-expect-error.*$/gm, (line) => {
    seen += 1;
    return seen === index ? '// (expectation removed)' : line;
  });
}

describe('RouteParams type tests', () => {
  test('the unmodified type test compiles', { timeout: 120_000 }, () => {
    const { status, output } = typecheck(original);
    assert.equal(status, 0, output);
  });

  const expectations = original.match(/^\/\/ @ts-expect-error.*$/gm) ?? [];
  test('has the two @ts-expect-error lines', () => assert.equal(expectations.length, 2));

  expectations.forEach((line, index) => {
    test(`fails without "${line}"`, { timeout: 120_000 }, () => {
      const { status, output } = typecheck(withoutExpectError(index));
      assert.notEqual(status, 0);
      assert.match(output, /error TS2345/);
    });
  });

  test('fails when an expected tuple is wrong', { timeout: 120_000 }, () => {
    const { status, output } = typecheck(
      original.replace("RouteParams<'/static/path'>, []", "RouteParams<'/static/path'>, [string]"),
    );
    assert.notEqual(status, 0);
    assert.match(output, /error TS2344/);
  });

  test('users add filter types by declaration merging', { timeout: 120_000 }, () => {
    const source = [
      "import type { RouteParams } from '../../src/routing/index.ts';",
      "declare module '../../src/routing/index.ts' {",
      '  interface RouteFilterTypes { email: string; money: bigint }',
      '}',
      'type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;',
      "export const merged: Equal<RouteParams<'/<e:email>/<m:Money>'>, [string, bigint]> = true;",
      "export const wrong: Equal<RouteParams<'/<m:money>'>, [number]> = false;",
    ].join('\n');
    const { status, output } = typecheck(source);
    assert.equal(status, 0, output);
  });
});
