/**
 * The examples driven by a client that is not part of this repository:
 * Python `requests`, through `test/e2e/python/test_examples.py` under pytest.
 * Both example apps run here on port 0; pytest gets their URLs in
 * `SIMPLE_JSON_URL` and `METRICS_URL`.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApp as createMetrics } from '../../examples/metrics.ts';
import { createApp as createSimpleJson } from '../../examples/simple-json.ts';
import { runCommand, runPytest } from '../helpers/run-command.ts';
import { quietLogger, type Running, start } from '../helpers/serve.ts';

const SUITE = 'test/e2e/python/test_examples.py';

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
    const probe = await runCommand('python3', ['-c', 'import requests, pytest']);
    assert.equal(
      probe.exitCode,
      0,
      `python3 with the modules requests and pytest is needed for the e2e client tests ` +
        `(Debian: apt-get install python3-requests python3-pytest; or pip install requests pytest):\n${probe.output}`,
    );
  });

  test(`pytest ${SUITE} passes against both examples`, { timeout: 150_000 }, async () => {
    const result = await runPytest(SUITE, {
      SIMPLE_JSON_URL: simpleJson.url,
      METRICS_URL: metrics.url,
    });
    assert.equal(result.exitCode, 0, `pytest failed (exit ${result.exitCode}):\n${result.output}`);
    // a run that collected nothing exits 5; make sure tests really ran
    assert.match(result.output, /\b\d+ passed\b/);
  });
});
