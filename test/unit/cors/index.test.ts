import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import * as barrel from '../../../src/cors/index.ts';

const dir = new URL('../../../src/cors/', import.meta.url);
const modules = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts');

describe('src/cors/index.ts (poorwsgi/cors) re-exports every public value', () => {
  test('there are modules to check', () => assert.ok(modules.length >= 4));
  for (const file of modules) {
    test(file, async () => {
      const mod = (await import(new URL(file, dir).href)) as Record<string, unknown>;
      const exported = barrel as Record<string, unknown>;
      assert.ok(Object.keys(mod).length > 0, `${file} exports no value`);
      for (const [name, value] of Object.entries(mod)) {
        assert.equal(exported[name], value, `${name} of ${file}`);
      }
    });
  }
});
