/**
 * The session examples driven by Python `requests`, through
 * `test/e2e/python/test_sessions.py` under pytest: what PoorWSGI's own
 * integrity tests of its session examples check, and tampered, garbage and
 * foreign cookies. The examples run here on port 0; pytest gets their URLs
 * in `SESSION_URL`, `POOR_SESSION_URL`, `AES_SESSION_URL` and `SIMPLE_URL`.
 * @module
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createApp as createAesSession } from '../../examples/aes-session.ts';
import { createApp as createPoorSession } from '../../examples/poor-session.ts';
import { createApp as createSession } from '../../examples/session.ts';
import { createApp as createSimple } from '../../examples/simple.ts';
import type { Application } from '../../src/index.ts';
import { quietLogger, type Running, start } from '../helpers/serve.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SUITE = 'test/e2e/python/test_sessions.py';

interface Run {
  readonly exitCode: number;
  readonly output: string;
}

/** Run a command without blocking the event loop: the servers under test live in this process. */
function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        cwd: ROOT,
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env },
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const exitCode = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
        const reason = err !== null && typeof err.code !== 'number' ? `${err.message}\n` : '';
        resolve({ exitCode, output: `${reason}${stdout}${stderr}` });
      },
    );
  });
}

function quiet(app: Application): Application {
  app.logger = quietLogger();
  return app;
}

describe('the session examples under Python requests (pytest)', () => {
  const servers: Record<string, Running> = {};
  before(async () => {
    servers.SESSION_URL = await start(quiet(createSession()));
    servers.POOR_SESSION_URL = await start(quiet(createPoorSession()));
    servers.AES_SESSION_URL = await start(quiet(createAesSession()));
    servers.SIMPLE_URL = await start(quiet(createSimple()));
  });
  after(async () => {
    for (const server of Object.values(servers)) await server.close();
  });

  test(`pytest ${SUITE} passes against every session example`, { timeout: 150_000 }, async () => {
    const env = Object.fromEntries(Object.entries(servers).map(([name, server]) => [name, server.url]));
    const result = await run('python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', SUITE], env);
    assert.equal(result.exitCode, 0, `pytest failed (exit ${result.exitCode}):\n${result.output}`);
    // a run that collected nothing exits 5: make sure the tests ran (3 examples x 12 tests, and more)
    const passed = Number(/\b(\d+) passed\b/.exec(result.output)?.[1] ?? 0);
    assert.ok(passed >= 40, result.output);
  });
});
