/**
 * `examples/http-digest.ts` run as a program, as `npx tsx
 * examples/http-digest.ts` runs it: from another working directory (its
 * users are read from the file next to it), configured by the environment,
 * and as two processes with one secret key: a request replayed to the other
 * process is refused when they share a Redis nonce-count store.
 * @module
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { DigestAlgorithm } from '../../src/crypto/digest-algorithm.ts';
import { curlDigest, nextCredentials, resend } from '../helpers/digest.ts';
import { RedisServer } from '../helpers/redis-server.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'http-digest.ts');
const SERVING = /Starting to serve on http:\/\/127\.0\.0\.1:(\d+)/;

let cwd: string;
before(() => {
  cwd = mkdtempSync(join(tmpdir(), 'poorwsgi-digest-process-'));
});
after(() => {
  rmSync(cwd, { recursive: true, force: true });
});

interface Example {
  readonly child: ChildProcess;
  readonly port: number;
  readonly url: string;
  /** What it printed so far, for failure messages. */
  readonly output: () => string;
}

const running = new Set<ChildProcess>();

/** Start the example in a temporary working directory with `env`; resolves once it says where it serves. */
async function startExample(env: NodeJS.ProcessEnv): Promise<Example> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), EXAMPLE], {
    cwd,
    env: {
      ...process.env,
      PORT: '0',
      TMPDIR: cwd,
      NODE_OPTIONS: '',
      // the repository's tsconfig maps `poorwsgi` to src/ (tsx reads it from the working directory otherwise)
      TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    err += text;
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      out += text;
      const match = SERVING.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`the example exited (${code}) before serving:\n${out}${err}`)));
  });
  return { child, port, url: `http://127.0.0.1:${port}`, output: () => `${out}${err}` };
}

async function stop(example: Example): Promise<void> {
  const { child } = example;
  running.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

after(async () => {
  for (const child of running) child.kill('SIGKILL');
});

describe('the example as a program', () => {
  test('serves from another working directory, its users read from the file next to it', {
    timeout: 60_000,
  }, async () => {
    const example = await startExample({ AUTH_ALGORITHM: 'SHA-256-sess' });
    try {
      const { res } = await curlDigest(`${example.url}/user_zone`, 'sha', 'sha');
      assert.equal(res.status, 200, res.body);
      assert.match(res.body, /User Zone test for SHA-256-sess algorithm\.<\/h2>\nUser: sha\n/);
      assert.equal((await curlDigest(`${example.url}/user_zone`, 'user', 'looser')).res.status, 401);
    } finally {
      await stop(example);
    }
  });

  test('an unknown AUTH_ALGORITHM stops it with PW_ERR_OPTION', { timeout: 60_000 }, async () => {
    await assert.rejects(startExample({ AUTH_ALGORITHM: 'SHA1' }), /exited \(1\) before serving:[\s\S]*PW_ERR_OPTION/);
  });
});

describe('two processes with one SECRET_KEY', () => {
  const algorithm: DigestAlgorithm = 'MD5-sess';
  const SECRET_KEY = 'a secret both processes share, so that either accepts the nonces of the other';

  /** Log in on `first` with curl, then replay that request to `second`; the statuses `second` answered. */
  async function replayAcross(first: Example, second: Example): Promise<{ replayed: number; next: number }> {
    const { res, sent } = await curlDigest(`${first.url}/user_zone`, 'user', 'looser');
    assert.equal(res.status, 200, `${res.body}\n${first.output()}`);
    assert.ok(sent, 'curl sent no Authorization');
    const replayed = (
      await resend(second.port, sent).catch((error: unknown) => {
        throw new Error(`${String(error)}\nfirst:\n${first.output()}\nsecond:\n${second.output()}`);
      })
    ).status;
    // the next count on the other process is let in: its nonce is good there
    const next = (await resend(second.port, sent, nextCredentials(sent, algorithm, 'User Zone', 'looser', 2))).status;
    return { replayed, next };
  }

  test('sharing Redis (REDIS_URL): a request replayed to the other process is refused', {
    timeout: 90_000,
  }, async () => {
    const redis = await RedisServer.start();
    const env = { SECRET_KEY, AUTH_ALGORITHM: algorithm, REDIS_URL: redis.url };
    let a: Example | undefined;
    let b: Example | undefined;
    try {
      a = await startExample(env);
      b = await startExample(env);
      assert.deepEqual(await replayAcross(a, b), { replayed: 401, next: 200 });
      assert.deepEqual(await replayAcross(b, a), { replayed: 401, next: 200 });
    } finally {
      if (a) await stop(a);
      if (b) await stop(b);
      await redis.stop();
    }
  });

  test('each with its own memory: the other process cannot know the count was used', { timeout: 90_000 }, async () => {
    const env = { SECRET_KEY, AUTH_ALGORITHM: algorithm };
    const a = await startExample(env);
    const b = await startExample(env);
    try {
      // what the shared store above is for
      assert.deepEqual(await replayAcross(a, b), { replayed: 200, next: 200 });
    } finally {
      await stop(a);
      await stop(b);
    }
  });
});
