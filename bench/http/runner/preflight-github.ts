/**
 * Check a server started for the GitHub cases (`BENCH_GITHUB=1`) before
 * anything is timed: every route of the set, requested by its own method
 * with sample parameter values, answers 200 `text/plain` with its method,
 * path and values (the right route, the right values); the timed requests
 * answer as their cases say; and paths no route matches are 404.
 * @module
 */
import { request } from 'node:http';
import { fillPath } from '../../micro/routes/github.ts';
import { GITHUB_API, GITHUB_LAST, GITHUB_MISS, githubBody } from '../servers/shared.ts';

interface Reply {
  status: number;
  type: string;
  body: string;
}

/** One request without a body (`Content-Length: 0` on the methods that may have one, so no server waits for it). */
function send(url: string, method: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers = method === 'GET' ? {} : { 'Content-Length': 0 };
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: (res.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '',
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.setTimeout(5000, () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

interface Check {
  method: string;
  path: string;
  status: number;
  expect?: string;
}

function checks(): Check[] {
  const list: Check[] = GITHUB_API.map(([method, pattern]) => {
    const values: string[] = [];
    const path = fillPath(pattern, (name, index) => {
      values.push(`${name}${index + 1}`);
      return `${name}${index + 1}`;
    });
    return { method, path, status: 200, expect: githubBody(method, pattern, values) };
  });
  list.push(
    { method: 'GET', path: GITHUB_LAST, status: 200, expect: githubBody('GET', '/user/keys/:id', ['12345']) },
    { method: 'GET', path: GITHUB_MISS, status: 404 },
    { method: 'GET', path: '/repos/x/y/issues/1/nope', status: 404 },
    { method: 'GET', path: '/nothing/here', status: 404 },
  );
  return list;
}

/**
 * Run every check against `baseUrl`.
 * @returns the problems found, one line each; empty when the server is right
 */
export async function preflightGithub(baseUrl: string): Promise<string[]> {
  const problems: string[] = [];
  if (GITHUB_API.length !== 203) problems.push(`the GitHub set has ${GITHUB_API.length} routes, not 203`);
  for (const check of checks()) {
    const what = `${check.method} ${check.path}`;
    let reply: Reply;
    try {
      reply = await send(baseUrl + check.path, check.method);
    } catch (err) {
      problems.push(`${what}: ${(err as Error).message}`);
      continue;
    }
    if (reply.status !== check.status) problems.push(`${what}: status ${reply.status}, expected ${check.status}`);
    if (check.expect !== undefined && (reply.type !== 'text/plain' || reply.body !== check.expect)) {
      problems.push(`${what}: ${reply.type} ${JSON.stringify(reply.body.slice(0, 200))}, expected ${check.expect}`);
    }
  }
  return problems;
}
