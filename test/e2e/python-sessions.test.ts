/**
 * The session examples driven by Python `requests`, through
 * `test/e2e/python/test_sessions.py` under pytest: what PoorWSGI's own
 * integrity tests of its session examples check, and tampered, garbage and
 * foreign cookies. The examples run here on port 0; pytest gets their URLs
 * in `SESSION_URL`, `POOR_SESSION_URL`, `AES_SESSION_URL` and `SIMPLE_URL`.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApp as createAesSession } from '../../examples/aes-session.ts';
import { createApp as createPoorSession } from '../../examples/poor-session.ts';
import { createApp as createSession } from '../../examples/session.ts';
import { createApp as createSimple } from '../../examples/simple.ts';
import type { Application } from '../../src/index.ts';
import { runPytest } from '../helpers/run-command.ts';
import { quietLogger, type Running, start } from '../helpers/serve.ts';

const SUITE = 'test/e2e/python/test_sessions.py';

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
    const result = await runPytest(SUITE, env);
    assert.equal(result.exitCode, 0, `pytest failed (exit ${result.exitCode}):\n${result.output}`);
    // a run that collected nothing exits 5: make sure the tests ran (3 examples x 12 tests, and more)
    const passed = Number(/\b(\d+) passed\b/.exec(result.output)?.[1] ?? 0);
    assert.ok(passed >= 40, result.output);
  });
});
