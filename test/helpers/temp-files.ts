/**
 * A temporary folder for one test file, made before its tests and removed
 * after them, with numbered files in it.
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';

/**
 * Register the folder's `before`/`after` hooks (call at a test file's top
 * level) and return a function giving a new path in it, named
 * `<stem>-<n><ext>`, with `text` written there when given.
 */
export function tempFiles(prefix: string, stem: string, ext: string): (text?: string) => string {
  let dir = '';
  let files = 0;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return (text?: string): string => {
    files += 1;
    const name = join(dir, `${stem}-${files}${ext}`);
    if (text !== undefined) writeFileSync(name, text);
    return name;
  };
}
