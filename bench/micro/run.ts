/**
 * The micro-benchmarks (see docs/performance.md):
 * `node --import tsx bench/micro/run.ts [filter ...] [--out=FILE (none: print only)] [--samples=N] [--sample-ms=N] [--warmup-ms=N] [--sets=LIST]`.
 * A filter keeps the cases whose `group: name` contains it. `--sets=github,10,100,1000,10000`
 * (or `all`) adds the `router-set` cases of those route sets (they need `node --expose-gc`); with
 * filters that all start with `router-set`, only those cases are built.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { digestCases } from './cases/digest.ts';
import { formCases } from './cases/forms.ts';
import { hotPathCases } from './cases/hot-path.ts';
import { loggingCases } from './cases/logging.ts';
import { nodeHttpCases } from './cases/node-http.ts';
import { openapiCases } from './cases/openapi.ts';
import { pipelineCases } from './cases/pipeline.ts';
import { profilingCases } from './cases/profiling.ts';
import { requestCases } from './cases/request.ts';
import { responseCases } from './cases/response.ts';
import { routerCases } from './cases/router.ts';
import { parseSets, type RouterSets, routerSets, GROUP as SET_GROUP } from './cases/router-sets.ts';
import { sessionCases } from './cases/session.ts';
import { type BenchCase, type BenchResult, lastValue, markdown, measure } from './harness.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function numberArg(args: string[], name: string, fallback: number): number {
  const arg = args.find((a) => a.startsWith(`--${name}=`));
  if (arg === undefined) return fallback;
  const n = Number(arg.slice(name.length + 3));
  if (!Number.isFinite(n) || n <= 0) throw new RangeError(`--${name} must be a positive number (got ${arg})`);
  return n;
}

/** The commit measured, and whether src/ differs from it (read-only git commands). */
function commit(): string {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', 'src') ? ' with uncommitted changes in src/' : ''}`;
  } catch {
    return '?';
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const filters = args.filter((a) => !a.startsWith('--'));
  const out = args.find((a) => a.startsWith('--out='))?.slice(6);
  const options = {
    warmupMs: numberArg(args, 'warmup-ms', 300),
    sampleMs: numberArg(args, 'sample-ms', 100),
    samples: numberArg(args, 'samples', 9),
  };
  const setsArg = args.find((a) => a.startsWith('--sets='));
  const sets: RouterSets | undefined = setsArg === undefined ? undefined : routerSets(parseSets(setsArg.slice(7)));
  const baseline: BenchCase = {
    group: 'harness',
    name: 'empty function (the harness cost in every case)',
    fn: () => 0,
  };
  // filters that all name the router-set group: the other groups are not even built (a 10,000-route run needs none)
  const onlySets = sets !== undefined && filters.length > 0 && filters.every((f) => f.startsWith(SET_GROUP));
  const all: BenchCase[] = onlySets
    ? [baseline, ...sets.cases]
    : [
        baseline,
        ...routerCases(),
        ...requestCases(),
        ...formCases(),
        ...responseCases(),
        ...(await pipelineCases()),
        ...(await digestCases()),
        ...(await sessionCases()),
        ...(await openapiCases()),
        ...nodeHttpCases(),
        ...hotPathCases(),
        ...(await profilingCases()),
        ...loggingCases(),
        ...(sets?.cases ?? []),
      ];
  const chosen = all.filter((c) => filters.length === 0 || filters.some((f) => `${c.group}: ${c.name}`.includes(f)));
  if (chosen.length === 0) throw new Error(`No case matches ${filters.join(', ')}`);
  const results: BenchResult[] = [];
  for (const c of chosen) {
    const r = await measure(c, options);
    results.push(r);
    console.log(`${`${r.group}: ${r.name}`.padEnd(72)} ${r.nsPerOp.toFixed(1).padStart(9)} ns/op`);
  }
  if (lastValue() === Symbol.for('never')) console.log('');
  const setTables = sets === undefined ? '' : `\n\n${sets.report(results)}`;
  const table = markdown(results) + setTables;
  const header = [
    `# Micro-benchmarks, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `- Node ${process.version}, ${cpus()[0]?.model ?? '?'}; poorwsgi at ${commit()}`,
    `- command: \`node --import tsx bench/micro/run.ts${args.length ? ` ${args.join(' ')}` : ''}\``,
    `- ${options.samples} samples of ~${options.sampleMs} ms after ${options.warmupMs} ms of warm-up per case; median`,
    '',
  ].join('\n');
  console.log(`\n${header}\n${table}`);
  if (out !== undefined && out !== '') {
    writeFileSync(out, `${header}\n${table}\n`);
    console.log(`written to ${out}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
