/**
 * The barrels of the subpaths that re-export their whole folder
 * (`poorwsgi/http`, `poorwsgi/cors`, `poorwsgi/compress`, `poorwsgi/session`, `poorwsgi/auth`, `poorwsgi/openapi`, `poorwsgi/websocket`): every value a
 * module of the folder exports is the barrel's, the same object, and every
 * module exports something.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';

const FOLDERS: ReadonlyArray<[folder: string, atLeast: number]> = [
  ['http', 12],
  ['cors', 4],
  ['compress', 7],
  ['session', 7],
  ['auth', 7],
  ['profile', 4],
  ['openapi', 9],
  ['log', 2],
  ['debug', 3],
  ['websocket', 7],
];

for (const [folder, atLeast] of FOLDERS) {
  const dir = new URL(`../../src/${folder}/`, import.meta.url);
  const modules = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
  describe(`src/${folder}/index.ts re-exports every public value`, () => {
    test('there are modules to check', () => assert.ok(modules.length >= atLeast));
    for (const file of modules) {
      test(file, async () => {
        const barrel = (await import(new URL('index.ts', dir).href)) as Record<string, unknown>;
        const mod = (await import(new URL(file, dir).href)) as Record<string, unknown>;
        assert.ok(Object.keys(mod).length > 0, `${file} exports no value`);
        for (const [name, value] of Object.entries(mod)) assert.equal(barrel[name], value, `${name} of ${file}`);
      });
    }
  });
}
