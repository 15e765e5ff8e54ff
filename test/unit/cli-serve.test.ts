import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { LoadError, loadApp } from '../../src/cli/load-app.ts';
import { main } from '../../src/cli/main.ts';
import { parseServeArgs, parseTrustProxy } from '../../src/cli/serve-command.ts';
import { hostForUrl } from '../../src/server/cluster-primary.ts';
import { RestartBackoff } from '../../src/server/restart-backoff.ts';
import { SERVE_DEFAULTS } from '../../src/server/serve-app.ts';
import { ROOT, SERVE_FIXTURE } from '../helpers/serve-process.ts';

const FIXTURES = join(ROOT, 'test', 'e2e', 'fixtures');

describe('poorwsgi serve: the command line', () => {
  test('the defaults, the application file', () => {
    assert.deepEqual(parseServeArgs(['app.mjs'], {}), {
      ...SERVE_DEFAULTS,
      appFile: 'app.mjs',
      workers: availableParallelism(),
      trustProxy: undefined,
    });
  });

  test('flags, as `--flag value` and `--flag=value`', () => {
    const parsed = parseServeArgs(
      [
        '--host=0.0.0.0',
        '--port',
        '0',
        '--workers=3',
        '--trust-proxy',
        '127.0.0.1, 10.0.0.0/8',
        '--headers-timeout',
        '5',
        '--request-timeout=0',
        '--keep-alive-timeout',
        '2.5',
        '--send-timeout',
        '0',
        '--shutdown-timeout',
        '1',
        'app.mjs',
      ],
      {},
    );
    assert.deepEqual(parsed, {
      host: '0.0.0.0',
      port: 0,
      workers: 3,
      trustProxy: ['127.0.0.1', '10.0.0.0/8'],
      headersTimeout: 5,
      requestTimeout: 0,
      keepAliveTimeout: 2.5,
      sendTimeout: 0,
      shutdownTimeout: 1,
      appFile: 'app.mjs',
    });
  });

  test('HOST, PORT and WORKERS from the environment; a flag wins', () => {
    const env = { HOST: '::1', PORT: '9000', WORKERS: '0' };
    assert.deepEqual((({ host, port, workers }) => ({ host, port, workers }))(parseServeArgs(['a.js'], env) as never), {
      host: '::1',
      port: 9000,
      workers: 0,
    });
    const flagged = parseServeArgs(['--port', '9001', 'a.js'], env) as { port: number };
    assert.equal(flagged.port, 9001);
    assert.equal((parseServeArgs(['a.js'], { PORT: '' }) as { port: number }).port, SERVE_DEFAULTS.port);
  });

  test('`--` ends the options', () => {
    assert.equal((parseServeArgs(['--', '--odd-name.mjs'], {}) as { appFile: string }).appFile, '--odd-name.mjs');
  });

  test('--trust-proxy: false, a hop count, a list', () => {
    assert.equal(parseTrustProxy('false'), false);
    assert.equal(parseTrustProxy('0'), false);
    assert.equal(parseTrustProxy('2'), 2);
    assert.deepEqual(parseTrustProxy('loopback,::1'), ['loopback', '::1']);
    assert.equal(parseTrustProxy('nonsense'), null);
  });

  const errors: Array<[string[], NodeJS.ProcessEnv, RegExp]> = [
    [[], {}, /the application file is required/],
    [['a.js', 'b.js'], {}, /too many arguments: a\.js b\.js/],
    [['--bogus', 'a.js'], {}, /unknown option "--bogus"/],
    [['a.js', '--port'], {}, /--port needs a value/],
    [['--port', '70000', 'a.js'], {}, /--port must be a port from 0 to 65535 \(got "70000"\)/],
    [['a.js'], { PORT: 'http' }, /PORT \(environment\) must be a port/],
    [['a.js'], { WORKERS: '-1' }, /WORKERS \(environment\) must be a number of workers/],
    [['--trust-proxy', 'x', 'a.js'], {}, /--trust-proxy must be/],
    [['--send-timeout', '-1', 'a.js'], {}, /--send-timeout must be a number of seconds >= 0 \(got "-1"\)/],
    [['--headers-timeout', '0', 'a.js'], {}, /--headers-timeout must be more than 0/],
    [['--headers-timeout', '30', '--request-timeout', '10', 'a.js'], {}, /--request-timeout must be 0 or at least/],
  ];
  for (const [args, env, reason] of errors) {
    test(`refused: ${JSON.stringify(args)} ${JSON.stringify(env)}`, () => {
      const parsed = parseServeArgs(args, env);
      assert.ok('error' in parsed);
      assert.match(parsed.error, reason);
    });
  }

  test('bad usage through the command: exit 2 with the reason and the usage', async () => {
    let err = '';
    const code = await main(
      ['serve', '--port', 'x', 'a.js'],
      () => {},
      (text) => {
        err += text;
      },
    );
    assert.equal(code, 2);
    assert.match(err, /^poorwsgi serve: --port must be a port/);
    assert.match(err, /Usage: poorwsgi serve \[options\] <app-file>/);
  });

  test('poorwsgi serve --help and the command list', async () => {
    let out = '';
    assert.equal(
      await main(['serve', '--help'], (text) => {
        out += text;
      }),
      0,
    );
    assert.match(out, /--workers N/);
    out = '';
    await main(['--help'], (text) => {
      out += text;
    });
    assert.match(out, /serve {2,}serve an application/);
  });

  test('a missing application file: exit 1, said on one line', async () => {
    let err = '';
    const code = await main(
      ['serve', '--workers', '0', join(FIXTURES, 'no-such-app.mjs')],
      () => {},
      (text) => {
        err += text;
      },
    );
    assert.equal(code, 1);
    assert.match(err, /^poorwsgi serve: no such file: .*no-such-app\.mjs\n$/);
  });

  test('an application that fails to load: the stack trace of the error', async () => {
    let err = '';
    const code = await main(
      ['serve', '--workers', '0', join(FIXTURES, 'serve-throws.mjs')],
      () => {},
      (text) => {
        err += text;
      },
    );
    assert.equal(code, 1);
    assert.match(err, /^poorwsgi serve: Error: cannot start: no database\n {4}at /);
  });
});

describe('poorwsgi serve: loading the application', () => {
  test('the default export', async () => {
    const app = await loadApp(SERVE_FIXTURE);
    assert.equal(typeof app, 'function');
    assert.equal(typeof app.checkContinue, 'function');
  });

  test('createApp(), awaited', async () => {
    const app = await loadApp(join(FIXTURES, 'serve-create-app.mjs'));
    assert.equal((app as unknown as { name: string }).name, 'serve-create-app');
  });

  test('a module with no application', async () => {
    await assert.rejects(
      loadApp(join(FIXTURES, 'serve-no-app.mjs')),
      (err: unknown) =>
        err instanceof LoadError && /exports no Application: export it as the default export/.test(err.message),
    );
  });

  test('a createApp() that returns something else', async () => {
    await assert.rejects(
      loadApp(join(FIXTURES, 'serve-bad-create.mjs')),
      (err: unknown) =>
        err instanceof LoadError && /createApp\(\) of .* did not return an Application/.test(err.message),
    );
  });
});

describe('poorwsgi serve: restarts', () => {
  test('at once after a worker that ran a while; doubling after quick deaths, up to the ceiling', () => {
    const backoff = new RestartBackoff({ initialMs: 100, maxMs: 1000, stableMs: 10_000 });
    assert.equal(backoff.next(60_000), 0);
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map(() => backoff.next(5)),
      [100, 200, 400, 800, 1000, 1000],
    );
    assert.equal(backoff.quickDeaths, 6);
    assert.equal(backoff.next(10_000), 0);
    assert.equal(backoff.quickDeaths, 0);
    assert.equal(new RestartBackoff().next(0), 100);
  });

  test('an IPv6 host goes in brackets in the start-up line', () => {
    assert.equal(hostForUrl('::1'), '[::1]');
    assert.equal(hostForUrl('[::1]'), '[::1]');
    assert.equal(hostForUrl('127.0.0.1'), '127.0.0.1');
  });
});

describe('poorwsgi serve: TypeScript where Node cannot load it', () => {
  /** Node's refusal of a `.ts` file, as a Node without type stripping or tsx gives it. */
  const refuseTypeScript = (url: string) =>
    url.endsWith('.ts')
      ? Promise.reject(
          Object.assign(new TypeError(`Unknown file extension ".ts" for ${url}`), {
            code: 'ERR_UNKNOWN_FILE_EXTENSION',
          }),
        )
      : import(url);

  test('without tsx in the project: what to install', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'poorwsgi-serve-load-'));
    try {
      await assert.rejects(
        loadApp(SERVE_FIXTURE, { importer: refuseTypeScript, tsxFrom: [join(tmp, 'package.json')] }),
        (err: unknown) =>
          err instanceof LoadError &&
          /^cannot load .*serve-app\.ts: Node\.js v\S+ does not run TypeScript by itself\. Install tsx in your project \(npm install --save-dev tsx\), run Node\.js 22\.18 or later, or compile the application to \.js$/.test(
            err.message,
          ),
      );
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  test("other failures are the module's own", async () => {
    await assert.rejects(loadApp(join(FIXTURES, 'serve-throws.mjs'), { importer: refuseTypeScript }), /no database/);
  });

  test('with tsx in the project: registered from there, then the file loads (in a process of its own)', () => {
    const script = `
      import { loadApp } from ${JSON.stringify(join(ROOT, 'src', 'cli', 'load-app.ts'))};
      let refused = 0;
      const app = await loadApp(${JSON.stringify(SERVE_FIXTURE)}, {
        importer: (url) => {
          if (url.endsWith('.ts') && refused++ === 0) {
            return Promise.reject(Object.assign(new TypeError('Unknown file extension'), { code: 'ERR_UNKNOWN_FILE_EXTENSION' }));
          }
          return import(url);
        },
      });
      console.log(typeof app.checkContinue, refused);
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      // no coverage from this process (empty, not absent: Node passes its own on to children): tsx registered
      // a second time compiles src/ again, differently, under the same URLs, and c8 would merge the two
      // compilations' byte ranges into nonsense
      env: { ...process.env, NODE_OPTIONS: '', NODE_V8_COVERAGE: '' },
    });
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout, 'function 1\n');
  });
});
