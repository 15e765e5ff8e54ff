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
