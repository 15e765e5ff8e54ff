/**
 * `examples/openapi3.ts` driven by a client that is not part of this
 * repository: PoorWSGI's 18 OpenAPI checks (`tests_integrity/test_openapi.py`)
 * ported to `test/e2e/python/test_openapi.py`, Python `requests` validating
 * every answer against `examples/openapi.json`. The example runs once in
 * this process and once as a program (`npx tsx examples/openapi3.ts`, as an
 * outside checker starts it), each on port 0; pytest gets the URL in
 * `OPENAPI_URL`. Also: the CORS answers, and answers the document does not
 * describe.
 * @module
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createApp, loadDocument } from '../../examples/openapi3.ts';
import { quietLogger, type Running, start } from '../helpers/serve.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SUITE = 'test/e2e/python/test_openapi.py';
const SERVING = /Starting to serve on http:\/\/127\.0\.0\.1:(\d+)/;

interface Run {
  readonly exitCode: number;
  readonly output: string;
}

/** Run a command without blocking the event loop: the server under test lives in this process. */
function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: ROOT, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env }, timeout: 120_000 },
      (err, stdout, stderr) => {
        const exitCode = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
        resolve({ exitCode, output: `${stdout}${stderr}` });
      },
    );
  });
}

async function pytest(url: string): Promise<void> {
  const result = await run('python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', SUITE], { OPENAPI_URL: url });
  assert.equal(result.exitCode, 0, `pytest failed (exit ${result.exitCode}):\n${result.output}`);
  assert.match(result.output, /\b18 passed\b/, result.output);
}

describe('examples/openapi3.ts', () => {
  let server: Running;
  let logger: ReturnType<typeof quietLogger>;
  before(async () => {
    const app = await createApp();
    logger = quietLogger();
    app.logger = logger;
    server = await start(app);
  });
  after(async () => {
    await server.close();
  });

  test('python3 has requests, pytest and jsonschema', { timeout: 60_000 }, async () => {
    const probe = await run('python3', ['-c', 'import requests, pytest, jsonschema']);
    assert.equal(
      probe.exitCode,
      0,
      `the e2e client needs python3 with requests, pytest and jsonschema (Debian: python3-jsonschema):\n${probe.output}`,
    );
  });

  test(`pytest ${SUITE}: PoorWSGI's 18 checks pass in process`, { timeout: 150_000 }, async () => {
    await pytest(server.url);
  });

  test('OPTIONS is answered with the CORS headers, once each', async () => {
    const res = await fetch(`${server.url}/plain_text`, { method: 'OPTIONS', headers: { Origin: 'http://a.example' } });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('access-control-allow-methods'), 'GET, POST, OPTIONS');
    assert.equal(res.headers.get('access-control-max-age'), '1728000');
    const other = await fetch(`${server.url}/plain_text`, {
      headers: { Origin: 'http://a.example', Accept: 'text/plain' },
    });
    assert.equal(other.headers.get('access-control-allow-origin'), 'http://a.example');
    assert.equal(other.headers.get('access-control-allow-credentials'), 'true');
  });

  test('an answer the document does not describe is logged', async () => {
    logger.lines.length = 0;
    // a 500 is no answer of /internal-server-error's (the path is not in the document: not validated)
    assert.equal((await fetch(`${server.url}/internal-server-error`)).status, 500);
    assert.ok(!logger.lines.some((l) => /API output error/.test(String(l[0]))));
    // Accept: */* fails the Accept parameter's pattern: a 400, which /plain_text does not document
    const res = await fetch(`${server.url}/plain_text`, { headers: { Accept: '*/*' } });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { error: string }).error, /header 'Accept': must match pattern/);
    assert.ok(logger.lines.some((l) => /API output error: status 400 is not one of 200/.test(String(l[0]))));
  });

  test('with failWith500, an undescribed answer is a 500', async () => {
    const app = await createApp({ failWith500: true, document: loadDocument() });
    app.logger = quietLogger();
    const strict = await start(app);
    try {
      const res = await fetch(`${strict.url}/plain_text`, { headers: { Accept: '*/*' } });
      assert.equal(res.status, 500);
      assert.equal((await fetch(`${strict.url}/plain_text`, { headers: { Accept: 'text/plain' } })).status, 200);
    } finally {
      await strict.close();
    }
  });
});

describe('examples/openapi3.ts as a program', () => {
  let child: ChildProcess;
  let url: string;
  before(async () => {
    child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(ROOT, 'examples', 'openapi3.ts')], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', NODE_OPTIONS: '', TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stderr?.on('data', (chunk) => {
      out += String(chunk);
    });
    url = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (chunk) => {
        out += String(chunk);
        const m = SERVING.exec(out);
        if (m) resolve(`http://127.0.0.1:${m[1]}`);
      });
      child.once('exit', (code) => reject(new Error(`the example exited (${code}):\n${out}`)));
    });
  });
  after(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  test(`pytest ${SUITE}: PoorWSGI's 18 checks pass against the program`, { timeout: 150_000 }, async () => {
    await pytest(url);
  });
});
