/**
 * The examples driven by a client that is not part of this repository:
 * Python `requests`, through `test/e2e/python/test_examples.py` under pytest.
 * Both example apps run here on port 0; pytest gets their URLs in
 * `SIMPLE_JSON_URL` and `METRICS_URL`.
 * @module
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createApp as createMetrics } from '../../examples/metrics.ts';
import { createApp as createSimpleJson } from '../../examples/simple-json.ts';
import { quietLogger, type Running, start } from '../helpers/serve.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SUITE = 'test/e2e/python/test_examples.py';

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

describe('the examples under Python requests (pytest)', () => {
  let simpleJson: Running;
  let metrics: Running;
  before(async () => {
    const json = createSimpleJson();
    json.logger = quietLogger();
    const metricsApp = createMetrics();
    metricsApp.logger = quietLogger();
    simpleJson = await start(json);
    metrics = await start(metricsApp);
  });
  after(async () => {
    await simpleJson.close();
    await metrics.close();
  });

  test('python3 has requests and pytest', { timeout: 60_000 }, async () => {
    const probe = await run('python3', ['-c', 'import requests, pytest']);
    assert.equal(
      probe.exitCode,
      0,
      `python3 with the modules requests and pytest is needed for the e2e client tests ` +
        `(Debian: apt-get install python3-requests python3-pytest; or pip install requests pytest):\n${probe.output}`,
    );
  });

  test(`pytest ${SUITE} passes against both examples`, { timeout: 150_000 }, async () => {
    const result = await run('python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', SUITE], {
      SIMPLE_JSON_URL: simpleJson.url,
      METRICS_URL: metrics.url,
    });
    assert.equal(result.exitCode, 0, `pytest failed (exit ${result.exitCode}):\n${result.output}`);
    // a run that collected nothing exits 5; make sure tests really ran
    assert.match(result.output, /\b\d+ passed\b/);
  });
});
