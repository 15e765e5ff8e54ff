/**
 * What every contender serves, in one place, so that the servers and the
 * runner cannot drift apart.
 * @module
 */

/** The address every server binds; wrk and the preflight use it too. */
export const HOST = '127.0.0.1';

/** `GET /` answers this, as `text/plain`. */
export const HELLO = 'Hello World!';

/**
 * The `POST /echo` body: 77 bytes of compact JSON, so that `JSON.stringify(JSON.parse(body))`
 * gives the same bytes back and the preflight can compare them exactly.
 */
export const ECHO_BODY = '{"id":12345,"name":"user12345","tags":["a","b","c"],"active":true,"score":95}';

/** The static route timed: registered last among {@link STATIC_ROUTES}. */
export const STATIC_TARGET = '/static/a/b/c/d';

function range(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`);
}

/**
 * The 50 static routes in registration order: `/static/a/b/c/d0..d24`,
 * `/static/a/b/c/e0..e11`, `/static/a/b/x0..x11`, then {@link STATIC_TARGET}.
 * Each answers its own path as `text/plain`. A router that tries routes in
 * order pays for the 49 before the target.
 */
export const STATIC_ROUTES: readonly string[] = Object.freeze([
  ...range('/static/a/b/c/d', 25),
  ...range('/static/a/b/c/e', 12),
  ...range('/static/a/b/x', 12),
  STATIC_TARGET,
]);

/** The user returned for `GET /user/<id>`; the body is `{"id":12345,"name":"user12345"}`. */
export function user(id: number): { id: number; name: string } {
  return { id, name: `user${id}` };
}

/** The port from the first argument or `PORT`; 3000 without either. */
export function portFromArgs(): number {
  const value = process.argv[2] ?? process.env.PORT ?? '3000';
  const port = Number(value);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new RangeError(`Bad port ${JSON.stringify(value)}: give a port 1-65535 as argument or PORT`);
  }
  return port;
}

/**
 * Tell the runner the server is accepting connections (it waits for this
 * exact line). From then on SIGINT and SIGTERM exit cleanly, so that
 * `node --cpu-prof` writes its profile.
 */
export function ready(name: string, port: number): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
  process.stdout.write(`READY ${name} http://${HOST}:${port}\n`);
}

/** The path of the compression cases (`gzip-json`, `br-json`). */
export const COMPRESS_PATH = '/compress.json';

/**
 * The compression cases' body: a fixed JSON document of 100 KiB (102,400
 * bytes), records of users made from their index alone, the same in every
 * server and on every call.
 */
export const COMPRESS_DOCUMENT: string = (() => {
  const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa'];
  const items: unknown[] = [];
  let text = '';
  for (let i = 0; ; i++) {
    items.push({
      id: i,
      name: `user${i}`,
      email: `user${i}@example.com`,
      active: i % 3 !== 0,
      score: ((i * 7919) % 10000) / 100,
      tags: [words[i % 10], words[(i * 7) % 10]],
      created: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000 * 7).toISOString(),
    });
    const next = JSON.stringify({ items });
    if (next.length > 102_400) break;
    text = next;
  }
  // padded to exactly 100 KiB with spaces, which JSON allows at its end
  return text.padEnd(102_400, ' ');
})();

/**
 * Whether this server serves the compression cases: the runner starts it
 * with `BENCH_COMPRESS=1` for those only, so that the other cases measure
 * servers without compression, as they always did.
 */
export function compressionCase(): boolean {
  return process.env.BENCH_COMPRESS === '1';
}

/**
 * The GitHub API route set of go-http-routing-benchmark (203 routes, 113
 * parametric paths; `bench/micro/routes/github.ts`), served for the
 * `github-last` and `github-404` cases only: the runner starts the servers
 * with `BENCH_GITHUB=1` for those, and they then register the set before
 * their usual routes.
 */
export { GITHUB_API, type Route as GithubRoute, toPoorwsgiRule } from '../../micro/routes/github.ts';

/** `github-last`: the path of the last parametric route of the set, `GET /user/keys/:id`. */
export const GITHUB_LAST = '/user/keys/12345';

/** `github-404`: a path under the prefix most of the set's routes share, that none of them matches. */
export const GITHUB_MISS = '/repos/x/y/nope';

/**
 * What a route of the set answers, as `text/plain`: its method and path as
 * registered, and the parameter values it was given, in path order
 * (`GET /user/keys/:id 12345`), so that the preflight sees the right route
 * and the right values in every server.
 */
export function githubBody(method: string, path: string, values: readonly unknown[]): string {
  return `${method} ${path} ${values.join(',')}`;
}

/** Whether this server serves the GitHub cases (`BENCH_GITHUB=1`). */
export function githubCase(): boolean {
  return process.env.BENCH_GITHUB === '1';
}
