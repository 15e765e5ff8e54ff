/**
 * Child process for redos.test.ts: matches long paths against route tables
 * outside the test process, so that a catastrophically backtracking pattern
 * is killed by the parent's spawn timeout instead of hanging the test run.
 * Reads `{ tables: [{ routes, regularRoutes }], paths }` as JSON on stdin and
 * prints the match kinds, one array per table.
 */
import { readFileSync } from 'node:fs';
import { METHOD_GET } from '../../../src/http/methods.ts';
import { RouteTable } from '../../../src/routing/route-table.ts';

interface ProbeInput {
  readonly tables: ReadonlyArray<{ readonly routes: readonly string[]; readonly regularRoutes: readonly string[] }>;
  readonly paths: readonly string[];
}

const input = JSON.parse(readFileSync(0, 'utf8')) as ProbeInput;
const kinds = input.tables.map(({ routes, regularRoutes }) => {
  const table = new RouteTable<string>();
  for (const uri of routes) table.setRoute(uri, uri, METHOD_GET);
  for (const pattern of regularRoutes) table.setRegularRoute(pattern, pattern, METHOD_GET);
  return input.paths.map((path) => table.match(path, METHOD_GET).kind);
});
process.stdout.write(JSON.stringify(kinds));
