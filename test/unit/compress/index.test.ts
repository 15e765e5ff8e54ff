import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import * as barrel from '../../../src/compress/index.ts';

const dir = new URL('../../../src/compress/', import.meta.url);
const modules = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts');

describe('src/compress/index.ts re-exports every public value', () => {
  test('there are modules to check', () => assert.ok(modules.length >= 7));
  for (const file of modules) {
    test(file, async () => {
      const mod = (await import(new URL(file, dir).href)) as Record<string, unknown>;
      const exported = barrel as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) {
        assert.equal(exported[name], value, `${name} of ${file}`);
      }
    });
  }
});
