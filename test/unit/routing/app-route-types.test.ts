import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// Proves that each test/types/*.test-d.ts can fail: with every
// `@ts-expect-error` removed, tsc must report an error on exactly the line
// after each one, and nowhere else.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const typesDir = fileURLToPath(new URL('../../types/', import.meta.url));
// route-params.test-d.ts has its own proof (route-params.test.ts edits its types, not its directives)
const TYPE_TESTS = readdirSync(typesDir).filter(
  (name) => name.endsWith('.test-d.ts') && name !== 'route-params.test-d.ts',
);
// the project's compiler (TypeScript 7 exports no bin subpath, so by file)
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

for (const name of TYPE_TESTS)
  test(`every expected type error of ${name} is one`, { timeout: 180_000 }, () => {
    const lines = readFileSync(`${typesDir}${name}`, 'utf8').split('\n');
    const expected: number[] = [];
    const edited = lines.map((line, i) => {
      if (!line.startsWith('// @ts-expect-error')) return line;
      expected.push(i + 2); // 1-based number of the line after the directive
      return '// (expectation removed)';
    });
    assert.ok(expected.length > 0, `${name} has its expectations`);
    const file = `${typesDir}.tmp-${randomUUID()}.ts`;
    writeFileSync(file, edited.join('\n'));
    try {
      const args = [
        // files on the command line with a tsconfig.json present: TypeScript 7 wants this said
        '--ignoreConfig',
        '--noEmit',
        '--strict',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--noUncheckedIndexedAccess',
      ];
      args.push('--allowImportingTsExtensions', '--skipLibCheck', '--target', 'es2023', '--types', 'node', file);
      const child = spawnSync(process.execPath, [tsc, ...args], { cwd: root, encoding: 'utf8', timeout: 170_000 });
      const output = child.stdout + child.stderr;
      assert.notEqual(child.status, 0, output);
      const errorLines = new Set(
        [...output.matchAll(/\.tmp-[\w-]+\.ts\((\d+),\d+\): error TS\d+/g)].map((m) => Number(m[1])),
      );
      assert.deepEqual(
        [...errorLines].sort((a, b) => a - b),
        expected,
        output,
      );
    } finally {
      rmSync(file, { force: true });
    }
  });
