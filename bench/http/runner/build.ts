/**
 * `poorwsgi-js`: the poorwsgi server compiled to one plain JavaScript file,
 * as a published package would run.
 *
 * Why: tsx compiles TypeScript with esbuild's `keepNames`, which wraps every
 * function and class created at run time in `__name(fn, "name")` (an
 * `Object.defineProperty` per closure, per request). The other contenders'
 * code is plain JavaScript from node_modules, which tsx leaves alone. Both
 * poorwsgi rows are shown, so the loader's share is visible.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const HTTP_DIR = fileURLToPath(new URL('..', import.meta.url));

/**
 * Bundle `servers/poorwsgi.ts` with `../../src` into a temporary `.mjs`
 * (ES2023, no `keepNames`, not minified); tsx leaves `.mjs` files untouched,
 * so it runs with the same `node --import tsx` command as every server.
 * @returns the absolute path of the bundle
 */
export function buildPoorwsgiJs(): string {
  const dir = mkdtempSync(join(tmpdir(), 'poorwsgi-bench-js-'));
  // the run leaves nothing behind in the temporary directory, however it ends
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const outfile = join(dir, 'poorwsgi.mjs');
  buildSync({
    entryPoints: [join(HTTP_DIR, 'servers/poorwsgi.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    keepNames: false,
    logLevel: 'error',
  });
  return outfile;
}
