/**
 * `examples/simple-json.ts` with `PROFILE=1`, run as a program as
 * PoorWSGI's `tests_integrity/test_profile.py` runs `simple_json.py`: the
 * upstream check (`/profile` reports the variable) under Python `requests`,
 * and the profiles the example writes in its working directory
 * (`req_{METHOD}{path}.{time}.cpuprofile`, PoorWSGI's `set_profile(..., 'req')`).
 * @module
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadProfileIn, profileFiles } from '../helpers/cpuprofile.ts';
import { ROOT, runPytest } from '../helpers/run-command.ts';

const EXAMPLE = join(ROOT, 'examples', 'simple-json.ts');
const SERVING = /Starting to serve on (http:\/\/127\.0\.0\.1:\d+)/;

describe('examples/simple-json.ts with PROFILE=1', { timeout: 120_000 }, () => {
  let cwd: string;
  let child: ChildProcess;
  let url: string;
  let output = '';
  before(async () => {
    cwd = mkdtempSync(join(tmpdir(), 'poorwsgi-simple-json-profile-'));
    child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), EXAMPLE], {
      cwd,
      env: {
        ...process.env,
        PORT: '0',
        PROFILE: '1',
        NODE_OPTIONS: '',
        // the repository's tsconfig maps `poorwsgi` to src/ (tsx reads it from the working directory otherwise)
        TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      output += text;
    });
    url = await new Promise<string>((resolve, reject) => {
      child.stdout?.setEncoding('utf8').on('data', (text: string) => {
        output += text;
        const match = SERVING.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`the example exited (${code}) before serving:\n${output}`)));
    });
  });
  after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(cwd, { recursive: true, force: true });
  });

  test("PoorWSGI's test_profile.py check, under Python requests", async () => {
    const result = await runPytest('test/e2e/python/test_profile.py', { SIMPLE_JSON_PROFILE_URL: url });
    assert.equal(result.exitCode, 0, `pytest failed (exit ${result.exitCode}):\n${result.output}`);
    assert.match(result.output, /\b1 passed\b/);
  });

  test('one profile per request in the working directory, each a DevTools profile', async () => {
    const res = await fetch(`${url}/test/json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ lang: 'čeština' }),
    });
    assert.equal(res.status, 418);
    await res.arrayBuffer();
    // a request starts only once the profile before it is written: after this answer, /test/json's is on disk
    assert.equal((await fetch(`${url}/dict`)).status, 200);
    const files = profileFiles(cwd);
    const profile = files.find((file) => /^req_GET_profile\.\d{10}\.\d{6}\.cpuprofile$/.test(file));
    const posted = files.find((file) => /^req_POST_test_json\.\d{10}\.\d{6}\.cpuprofile$/.test(file));
    assert.ok(profile, `the /profile request of pytest: ${files.join(', ')}\n${output}`);
    assert.ok(posted, `the POST /test/json request: ${files.join(', ')}`);
    for (const file of [profile, posted]) loadProfileIn(cwd, file);
  });
});
