/**
 * The package's version, for `poorwsgi --version` and the subcommands'
 * `--version`.
 * @module
 */
import { readFileSync } from 'node:fs';

/** The package's version, from its package.json (two folders up from src/cli or dist/cli). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}
