/**
 * `RedisNonceStore` against a real `redis-server`: the compare-and-set of
 * nonce counts, expiry, atomicity between clients, a client of the user's,
 * and failing closed (Redis stopped, frozen, never there) without hanging.
 * @module
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import { RedisNonceStore } from '../../src/auth/redis-nonce-store.ts';
import { PoorWSGIError } from '../../src/errors/poorwsgi-error.ts';
import { freePort, RedisServer } from '../helpers/redis-server.ts';

type Client = ReturnType<typeof createClient>;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURE = join(ROOT, 'test', 'e2e', 'fixtures', 'redis-store-exit.ts');
/**
 * A Node module hook (`module.register`) under which `redis` cannot be
 * found, as in a project that did not install the optional peer.
 */
const HIDE_REDIS = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(
  'export async function resolve(specifier, context, next) {' +
  ' if (specifier === "redis") throw Object.assign(new Error("Cannot find package redis"), { code: "ERR_MODULE_NOT_FOUND" });' +
  ' return next(specifier, context); }'));`,
)}`;
/** A guard against a hang only: a healthy child exits in well under a second. */
const EXIT_WITHIN_MS = 20_000;

/** Run a script to its end; a process still alive after {@link EXIT_WITHIN_MS} is killed and fails the test. */
async function runToExit(
  script: string,
  args: string[],
  nodeArgs: string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...nodeArgs, script, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const guard = setTimeout(() => child.kill('SIGKILL'), EXIT_WITHIN_MS);
  // 'close', not 'exit': the output is read to its end
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  clearTimeout(guard);
  assert.equal(
    signal,
    null,
    `the process did not exit on its own (killed after ${EXIT_WITHIN_MS} ms): ${stdout}${stderr}`,
  );
  return { code, stdout, stderr };
}

/** A rejection of the store when Redis cannot answer. */
function storeFailure(pattern: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof Error);
    assert.equal((error as { code?: unknown }).code, 'PW_ERR_NONCE_STORE');
    assert.match(error.message, pattern);
    return true;
  };
}

/** How long a failing call took, in milliseconds, and its rejection. */
async function timed(work: Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const start = performance.now();
  try {
    await work;
  } catch (error) {
    return { ms: performance.now() - start, error };
  }
  assert.fail('expected a rejection');
}

/** Retry until the store answers again (Redis restarted); fails after `limitMs`. */
async function recovered(store: RedisNonceStore, nonce: string, limitMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  for (let count = 1; ; count++) {
    try {
      return await store.advance(nonce, count, 60);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      // each failed attempt rejected at once (offline client): wait for its reconnect
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

let redis: RedisServer;
let client: Client;

/** How many clients Redis has connected now. */
async function clientCount(): Promise<number> {
  return Number(/connected_clients:(\d+)/.exec(await client.info('clients'))?.[1]);
}

before(async () => {
  redis = await RedisServer.start();
  client = createClient({ url: redis.url });
  client.on('error', () => {});
  await client.connect();
});

after(async () => {
  client.destroy();
  await redis.stop();
});

describe('the compare-and-set', () => {
  let store: RedisNonceStore;
  before(() => {
    store = new RedisNonceStore({ url: redis.url });
  });
  after(() => store.close());

  test('increasing counts are accepted, a repeated or lower count is refused', async () => {
    assert.equal(await store.advance('n-order', 1, 60), true);
    assert.equal(await store.advance('n-order', 2, 60), true);
    assert.equal(await store.advance('n-order', 2, 60), false, 'replayed');
    assert.equal(await store.advance('n-order', 1, 60), false, 'lower');
    assert.equal(await store.advance('n-order', 7, 60), true, 'a gap is fine: counts only grow');
    assert.equal(await store.advance('n-order', 3, 60), false);
    assert.equal(await client.get('poorwsgi:nc:n-order'), '7');
  });

  test('count 0 and the largest nc (ffffffff) are counts like the others', async () => {
    assert.equal(await store.advance('n-edges', 0, 60), true);
    assert.equal(await store.advance('n-edges', 0, 60), false);
    assert.equal(await store.advance('n-edges', 0xffffffff, 60), true);
    assert.equal(await store.advance('n-edges', 0xffffffff, 60), false);
  });

  test('nonces are independent', async () => {
    assert.equal(await store.advance('n-a', 5, 60), true);
    assert.equal(await store.advance('n-b', 1, 60), true);
    assert.equal(await store.advance('n-b', 2, 60), true);
    assert.equal(await store.advance('n-a', 5, 60), false);
    assert.equal(await store.advance('n-a', 6, 60), true);
    assert.equal(await store.advance('n-b', 2, 60), false);
  });

  test("each key expires with the nonce's remaining lifetime, refreshed by an accepted count only", async () => {
    await store.advance('n-ttl', 1, 300);
    const first = await client.pTTL('poorwsgi:nc:n-ttl');
    assert.ok(first > 295_000 && first <= 300_000, `PTTL ${first}`);
    await store.advance('n-ttl', 2, 120.5);
    const second = await client.pTTL('poorwsgi:nc:n-ttl');
    assert.ok(second > 115_000 && second <= 120_500, `PTTL ${second}`);
    assert.equal(await store.advance('n-ttl', 2, 600), false);
    assert.ok((await client.pTTL('poorwsgi:nc:n-ttl')) <= 120_500, 'a refused count leaves the expiry alone');
    await store.advance('n-ttl-over', 1, -5);
    const over = await client.pTTL('poorwsgi:nc:n-ttl-over');
    assert.ok(over <= 1, 'a lifetime already over keeps the key for at most 1 ms');
    await store.advance('n-forever', 1, Number.POSITIVE_INFINITY);
    assert.equal(await client.pTTL('poorwsgi:nc:n-forever'), -1, 'no expiry');
  });

  test('a key expired in Redis is a first use again', async () => {
    await store.advance('n-expired', 4, 60);
    // an expiry time in the past: Redis removes the key at once, as it would at the end of its TTL
    assert.equal(await client.pExpireAt('poorwsgi:nc:n-expired', 1), 1);
    assert.equal(await client.exists('poorwsgi:nc:n-expired'), 0);
    assert.equal(await store.advance('n-expired', 1, 60), true);
  });

  test('the key prefix is configurable and keyOf() names the key', async () => {
    const other = new RedisNonceStore({ url: redis.url, keyPrefix: 'app2:' });
    try {
      assert.equal(other.keyOf('n'), 'app2:n');
      assert.equal(store.keyOf('n'), 'poorwsgi:nc:n');
      assert.equal(await other.advance('n-prefix', 3, 60), true);
      assert.equal(await client.get('app2:n-prefix'), '3');
      assert.equal(await store.advance('n-prefix', 1, 60), true, 'another prefix is another store');
    } finally {
      await other.close();
    }
  });

  test('a script flushed from Redis (SCRIPT FLUSH, a restart) is sent again', async () => {
    assert.equal(await store.advance('n-flush', 1, 60), true);
    await client.scriptFlush();
    assert.equal(await store.advance('n-flush', 2, 60), true);
    assert.equal(await store.advance('n-flush', 2, 60), false);
  });

  test('a key holding something else fails closed', async () => {
    await client.set('poorwsgi:nc:n-clobbered', 'not a count');
    await assert.rejects(store.advance('n-clobbered', 1, 60), storeFailure(/not a nonce count/));
    await client.hSet('poorwsgi:nc:n-hash', 'a', '1');
    await assert.rejects(store.advance('n-hash', 1, 60), storeFailure(/WRONGTYPE/));
  });

  test('a count that is no nonce count is an argument error', async () => {
    for (const count of [-1, 1.5, Number.NaN, 2 ** 53]) {
      await assert.rejects(
        store.advance('n-bad', count, 60),
        (error) => error instanceof PoorWSGIError && error.code === 'PW_ERR_ARGUMENT',
      );
    }
  });

  test('concurrent stores on separate connections accept each count once', async () => {
    const stores = [store, new RedisNonceStore({ url: redis.url }), new RedisNonceStore({ url: redis.url })];
    try {
      // every store sends every count at once: without one atomic compare-and-set,
      // two of them would read the same old count and both accept
      const counts = Array.from({ length: 200 }, (_, i) => i + 1);
      const results = await Promise.all(
        counts.map((count) => Promise.all(stores.map((s) => s.advance('n-race', count, 60)))),
      );
      for (const [i, answers] of results.entries()) {
        assert.ok(
          answers.filter(Boolean).length <= 1,
          `count ${i + 1} accepted ${answers.filter(Boolean).length} times`,
        );
      }
      assert.ok(results.some((answers) => answers.includes(true)));
      assert.equal(await client.get('poorwsgi:nc:n-race'), '200');
    } finally {
      await Promise.all(stores.slice(1).map((s) => s.close()));
    }
  });
});

describe('connect()', () => {
  test('connects the owned client before the first advance(), once', async () => {
    const store = new RedisNonceStore(redis.url);
    try {
      await store.connect();
      await store.connect();
      const before = await clientCount();
      assert.equal(await store.advance('c-warm', 1, 60), true);
      assert.equal(await clientCount(), before, 'advance() used the connection connect() made');
    } finally {
      await store.close();
    }
  });

  test("with a client of the user's has nothing to do", async () => {
    await new RedisNonceStore(client).connect();
  });

  test('rejects after waitMs with the reason when Redis is not there; close() then ends the attempts', async () => {
    const store = new RedisNonceStore({ url: `redis://127.0.0.1:${await freePort()}`, maxReconnectDelay: 20 });
    try {
      await assert.rejects(
        store.connect(300),
        storeFailure(/not connected within 300 ms \(last client error: .*ECONNREFUSED/),
      );
    } finally {
      await store.close();
    }
    await assert.rejects(store.connect(), storeFailure(/the store is closed/));
  });

  test('a wait that is not a positive number is an argument error', async () => {
    const store = new RedisNonceStore(redis.url);
    await assert.rejects(
      store.connect(0),
      (error) => error instanceof PoorWSGIError && error.code === 'PW_ERR_ARGUMENT' && /waitMs/.test(error.message),
    );
    await store.close();
  });
});

describe("a client of the user's", () => {
  test('is used as it is and left open by close()', async () => {
    const store = new RedisNonceStore(client);
    assert.equal(await store.advance('u-own', 1, 60), true);
    assert.equal(await store.advance('u-own', 1, 60), false);
    await store.close();
    await store.close();
    assert.equal(client.isReady, true, 'the store does not close what it did not open');
    await assert.rejects(store.advance('u-own', 2, 60), storeFailure(/closed/));
  });

  test('may come through the options, with a prefix', async () => {
    const store = new RedisNonceStore({ client, keyPrefix: 'mine:' });
    assert.equal(await store.advance('u-opt', 9, 60), true);
    assert.equal(await client.get('mine:u-opt'), '9');
  });

  test('replies as strings or bigints are understood', async () => {
    const asString = new RedisNonceStore({ sendCommand: async (args) => String(await client.sendCommand(args)) });
    assert.equal(await asString.advance('u-string', 1, 60), true);
    assert.equal(await asString.advance('u-string', 1, 60), false);
    const asBigint = new RedisNonceStore({
      sendCommand: async (args) => BigInt(Number(await client.sendCommand(args))),
    });
    assert.equal(await asBigint.advance('u-bigint', 1, 60), true);
    assert.equal(await asBigint.advance('u-bigint', 1, 60), false);
  });

  test('a reply that is no answer of the script fails closed', async () => {
    const echo = new RedisNonceStore({ sendCommand: () => client.sendCommand(['ECHO', 'hello']) });
    await assert.rejects(echo.advance('u-echo', 1, 60), storeFailure(/unexpected reply "hello"/));
    const nothing = new RedisNonceStore({ sendCommand: async () => undefined });
    await assert.rejects(nothing.advance('u-echo', 1, 60), storeFailure(/unexpected reply undefined/));
  });

  test('a client that never answers is given up after the timeout', async () => {
    const silent = new RedisNonceStore({ client: { sendCommand: () => new Promise<never>(() => {}) }, timeout: 50 });
    await assert.rejects(silent.advance('u-silent', 1, 60), storeFailure(/no answer within 50 ms/));
  });

  test('a client that throws something that is not an Error still fails closed', async () => {
    const odd = new RedisNonceStore({
      sendCommand: () => Promise.reject('refused'),
    });
    await assert.rejects(odd.advance('u-odd', 1, 60), storeFailure(/unavailable: refused$/));
  });
});

describe('bad arguments', () => {
  const argumentError = (pattern: RegExp) => (error: unknown) =>
    error instanceof PoorWSGIError && error.code === 'PW_ERR_ARGUMENT' && pattern.test(error.message);

  test('a url and a client together', () => {
    assert.throws(() => new RedisNonceStore({ url: redis.url, client }), argumentError(/not both/));
  });

  test('a url that is no Redis URL', () => {
    for (const url of ['http://127.0.0.1:6379', 'localhost:6379', '', 6379]) {
      const bogus = { url } as unknown as ConstructorParameters<typeof RedisNonceStore>[0];
      assert.throws(() => new RedisNonceStore(bogus), argumentError(/url must be a redis: or rediss: URL/));
    }
    assert.throws(() => new RedisNonceStore('redis//x'), argumentError(/got "redis\/\/x"/));
  });

  test('a client without sendCommand', () => {
    const bogus = { client: {} } as unknown as ConstructorParameters<typeof RedisNonceStore>[0];
    assert.throws(() => new RedisNonceStore(bogus), argumentError(/sendCommand/));
  });

  test('a prefix that is not a string', () => {
    const bogus = { keyPrefix: 3 } as unknown as ConstructorParameters<typeof RedisNonceStore>[0];
    assert.throws(() => new RedisNonceStore(bogus), argumentError(/keyPrefix must be a string \(got number\)/));
  });

  test('durations that are not positive numbers', () => {
    for (const name of ['timeout', 'connectTimeout', 'maxReconnectDelay'] as const) {
      for (const value of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '5']) {
        const bogus = { [name]: value } as unknown as ConstructorParameters<typeof RedisNonceStore>[0];
        assert.throws(() => new RedisNonceStore(bogus), argumentError(new RegExp(`${name} must be a positive number`)));
      }
    }
  });
});

describe('failing closed without hanging', () => {
  test('Redis stopped: advance() rejects at once with the reason, and recovers when Redis is back', async () => {
    const errors: Error[] = [];
    const store = new RedisNonceStore({ url: redis.url, timeout: 2000, onError: (error) => errors.push(error) });
    try {
      assert.equal(await store.advance('d-down', 1, 60), true);
      await redis.kill();
      // the client learns of the lost connection from its socket; until then a
      // command may be written to the dead socket, and fail on its close
      const { ms, error } = await timed(store.advance('d-down', 2, 60));
      assert.ok(ms < 2500, `rejected after ${ms} ms`);
      storeFailure(/unavailable/)(error);
      const again = await timed(store.advance('d-down', 3, 60));
      // well under the 2000 ms timeout: an offline client queues nothing
      assert.ok(again.ms < 1500, `an offline client rejects at once (took ${again.ms} ms)`);
      storeFailure(/offline.*last client error: .*ECONNREFUSED|Socket closed/)(again.error);
      assert.ok(errors.length > 0, 'onError is told the connection errors');
      await redis.restart();
      // the server forgot everything (no persistence): a first use again
      assert.equal(await recovered(store, 'd-down'), true);
    } finally {
      await store.close();
      if (!redis.running) await redis.restart();
    }
  });

  test('Redis frozen (SIGSTOP): advance() rejects after the timeout; answers again once it runs', async () => {
    const store = new RedisNonceStore({ url: redis.url, timeout: 300 });
    try {
      assert.equal(await store.advance('d-frozen', 1, 60), true);
      redis.pause();
      const { ms, error } = await timed(store.advance('d-frozen', 2, 60));
      storeFailure(/no answer within 300 ms/)(error);
      assert.ok(ms < 3000, `rejected after ${ms} ms`);
      redis.resume();
      // the frozen command ran when Redis woke: count 2 was used, so 2 is refused now
      assert.equal(await store.advance('d-frozen', 2, 60), false);
      assert.equal(await store.advance('d-frozen', 3, 60), true);
    } finally {
      redis.resume();
      await store.close();
    }
  });

  test('close() with a command pending on a frozen Redis drops the connection after the timeout', async () => {
    const store = new RedisNonceStore({ url: redis.url, timeout: 200 });
    try {
      await store.connect();
      redis.pause();
      const pending = timed(store.advance('d-close-frozen', 1, 60));
      const started = performance.now();
      // node-redis' close() waits for the pending command, which a frozen Redis never answers
      await store.close();
      const closeMs = performance.now() - started;
      assert.ok(closeMs < 3000, `close() took ${closeMs} ms`);
      storeFailure(/no answer within 200 ms|Disconnects/)((await pending).error);
    } finally {
      redis.resume();
    }
  });

  test('Redis never there: every call rejects within the timeout, close() ends the reconnecting', async () => {
    const port = await freePort();
    const store = new RedisNonceStore({ url: `redis://127.0.0.1:${port}`, timeout: 200, maxReconnectDelay: 50 });
    const calls = await Promise.all([1, 2, 3].map((count) => timed(store.advance('d-never', count, 60))));
    for (const { ms, error } of calls) {
      storeFailure(/no answer within 200 ms/)(error);
      assert.ok(ms < 3000, `rejected after ${ms} ms`);
    }
    await store.close();
    await assert.rejects(store.advance('d-never', 4, 60), storeFailure(/the store is closed/));
  });

  test('a wrong password: every call rejects within the timeout, saying why', async () => {
    await client.configSet('requirepass', 'sesame');
    const wrong = new RedisNonceStore({ url: `redis://:wrong@127.0.0.1:${redis.port}`, timeout: 300 });
    const right = new RedisNonceStore({ url: `redis://:sesame@127.0.0.1:${redis.port}`, timeout: 2000 });
    try {
      await assert.rejects(
        wrong.advance('d-auth', 1, 60),
        storeFailure(/no answer within 300 ms \(last client error: WRONGPASS/),
      );
      await assert.rejects(
        wrong.connect(300),
        storeFailure(/not connected within 300 ms \(last client error: WRONGPASS/),
      );
      assert.equal(await right.advance('d-auth', 1, 60), true);
    } finally {
      await client.configSet('requirepass', '');
      await Promise.all([wrong.close(), right.close()]);
    }
  });

  test('a store closed before its first use never connects', async () => {
    const store = new RedisNonceStore(redis.url);
    await store.close();
    await assert.rejects(store.advance('d-unused', 1, 60), storeFailure(/closed/));
  });

  // in a child process, so that whatever a closed store left behind (a socket,
  // a reconnect timer) shows as a process that does not exit
  let deadUrl = '';
  before(async () => {
    deadUrl = `redis://127.0.0.1:${await freePort()}`;
  });
  const CLOSED = 'PW_ERR_NONCE_STORE: Redis nonce store unavailable: the store is closed';
  const scenarios: Array<[title: string, scenario: string, url: () => string, node: string[], expected: object]> = [
    ['used, then closed', 'used', () => redis.url, [], { advance: 'true', after: CLOSED }],
    ['closed before the redis module loaded', 'close-at-once', () => redis.url, [], { advance: CLOSED, after: CLOSED }],
    [
      'closed while reconnecting to a Redis that is not there',
      'close-while-connecting',
      () => deadUrl,
      [],
      { advance: CLOSED, after: CLOSED },
    ],
    [
      'the optional package redis is not installed',
      'used',
      () => redis.url,
      ['--import', HIDE_REDIS],
      {
        advance:
          'PW_ERR_NONCE_STORE: Redis nonce store unavailable: the optional package "redis" is not installed (npm install redis)',
        after: CLOSED,
      },
    ],
  ];
  for (const [title, scenario, url, node, expected] of scenarios) {
    test(`the process exits on its own: ${title}`, async () => {
      const { code, stdout, stderr } = await runToExit(FIXTURE, [url(), scenario], node);
      assert.equal(code, 0, stderr);
      assert.deepEqual(JSON.parse(stdout), expected);
    });
  }
});
