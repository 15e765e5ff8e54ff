/**
 * Two Node processes serving one Digest application, their nonce counts in
 * one real `redis-server` (`RedisNonceStore`): a request replayed to the other
 * process is refused and the next count is let in; with Redis stopped both
 * answer 503 at once, log why and hang no request; with Redis back they
 * recover on their own.
 * @module
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Challenge, digestAuthorization, parseChallenge } from '../helpers/digest-client.ts';
import { RedisServer } from '../helpers/redis-server.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURE = join(ROOT, 'test', 'e2e', 'fixtures', 'digest-redis-server.ts');
const SECRET_KEY = 'the key both processes sign their nonces with';
/** A guard against a hang only: every answer below comes in well under it. */
const REQUEST_GUARD_MS = 10_000;

/** A fixture process: its port, what it logged, and how to stop it. */
interface Server {
  readonly port: number;
  readonly child: ChildProcess;
  /** The logger's lines so far, each `[level, ...args]`. */
  logged(): unknown[][];
}

async function startServer(redisUrl: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: redisUrl, SECRET_KEY, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    err += text;
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      out += text;
      const match = /\{"port":(\d+)\}/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before listening:\n${err}`)));
  });
  const logged = () =>
    err
      .split('\n')
      .filter((line) => line.startsWith('['))
      .map((line) => JSON.parse(line) as unknown[]);
  return { port, child, logged };
}

async function stopServer(server: Server): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** `GET /user`, with `Authorization` when given: the status, the challenge and the body. */
async function get(
  server: Server,
  authorization?: string,
): Promise<{ status: number; challenge: Challenge | null; body: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${server.port}/user`, {
    headers: authorization === undefined ? {} : { authorization },
    signal: AbortSignal.timeout(REQUEST_GUARD_MS),
  });
  const body = await res.text();
  const header = res.headers.get('www-authenticate');
  return {
    status: res.status,
    challenge: header === null ? null : parseChallenge(header),
    body,
    ms: performance.now() - started,
  };
}

/** A fresh challenge from `server`, and the credentials answering it with nonce count `nc`. */
async function login(server: Server): Promise<(nc: number) => string> {
  const first = await get(server);
  assert.equal(first.status, 401);
  assert.ok(first.challenge);
  const challenge = first.challenge;
  const cnonce = 'c0ffee00c0ffee00';
  return (nc) =>
    digestAuthorization({ user: 'user', password: 'looser', method: 'GET', uri: '/user', challenge, nc, cnonce });
}

describe('two processes sharing one Redis', () => {
  let redis: RedisServer;
  let one: Server;
  let two: Server;

  before(async () => {
    redis = await RedisServer.start();
    [one, two] = await Promise.all([startServer(redis.url), startServer(redis.url)]);
  });

  after(async () => {
    await Promise.all([one, two].filter(Boolean).map(stopServer));
    await redis.stop();
  });

  test('a request replayed to the other process is refused; the next count is let in', async () => {
    const credentials = await login(one);
    const first = await get(one, credentials(1));
    assert.equal(first.status, 200, `${first.body}\n${JSON.stringify(one.logged())}`);
    assert.match(first.body, /^user user on \d+$/);
    // exactly the same Authorization header, to the other process
    const replayed = await get(two, credentials(1));
    assert.equal(replayed.status, 401);
    assert.equal(replayed.challenge?.stale, 'true', 'a used count is stale: the client may retry with a new nonce');
    const next = await get(two, credentials(2));
    assert.equal(next.status, 200, `${next.body}\n${JSON.stringify(two.logged())}`);
    assert.notEqual(next.body, first.body, 'answered by the other process');
    // and back: count 2 is used now, on both
    assert.equal((await get(one, credentials(2))).status, 401);
    assert.equal((await get(one, credentials(3))).status, 200);
  });

  test('the same credentials sent to both at once are let in once', async () => {
    const credentials = await login(two);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => get(i % 2 === 0 ? one : two, credentials(1))),
    );
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, ...Array(9).fill(401)]);
  });

  test('Redis stopped: 503 at once with the reason logged; Redis back: both recover', async () => {
    const credentials = await login(one);
    assert.equal((await get(one, credentials(1))).status, 200);
    await redis.kill();
    let nc = 2;
    for (const server of [one, two, one, two]) {
      const res = await get(server, credentials(nc++));
      assert.equal(res.status, 503, res.body);
      assert.ok(res.ms < 3000, `answered after ${Math.round(res.ms)} ms`);
    }
    for (const server of [one, two]) {
      const reasons = server
        .logged()
        .filter(([level, text]) => level === 'error' && String(text).includes('nonce count store failed'));
      assert.ok(reasons.length >= 2, JSON.stringify(server.logged()));
      assert.match(String(reasons.at(-1)?.[2]), /^Redis nonce store unavailable: /);
    }
    await redis.restart();
    for (const server of [one, two]) {
      // the clients reconnect on their own, at most 100 ms apart (maxReconnectDelay): poll until one is let in
      const deadline = Date.now() + REQUEST_GUARD_MS;
      let status = 0;
      while (status !== 200) {
        assert.ok(Date.now() < deadline, 'no recovery after Redis came back');
        const res = await get(server, credentials(nc++));
        status = res.status;
        assert.ok(status === 200 || status === 503, `${status} ${res.body}`);
        if (status === 503) await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    // replay protection is back too: the count just used is refused on the other process
    assert.equal((await get(one, credentials(nc - 1))).status, 401);
  });
});
