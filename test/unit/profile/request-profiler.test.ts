/**
 * `RequestProfiler` on its own (no sockets): the profiler kept running
 * between requests and stopped after `keepWarm` without one (timers mocked,
 * so nothing waits on the clock), its running profile replaced while a
 * request's keeps the profiler up, and its options checked.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, mock, test } from 'node:test';
import { PoorWSGIError } from '../../../src/errors/poorwsgi-error.ts';
import { CpuProfiler, KEEP_WARM_MS, RequestProfiler } from '../../../src/profile/index.ts';
import { functionNames, loadProfile, profileFiles } from '../../helpers/cpuprofile.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'poorwsgi-request-profiler-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Spin the CPU for `ms` (work, not a sleep). */
function spin(ms: number): void {
  const begin = performance.now();
  while (performance.now() - begin < ms);
}

describe('RequestProfiler', () => {
  test('stays warm between requests, and cools after keepWarm without one (timers mocked)', async () => {
    const written: Array<(file: string) => void> = [];
    const files: string[] = [];
    const next = () => new Promise<string>((resolve) => written.push(resolve));
    const profiler = new RequestProfiler(`${dir}/`, {
      onProfile: (file) => {
        files.push(file);
        written.shift()?.(file);
      },
    });
    assert.equal(profiler.directory, dir);
    assert.equal(profiler.warm, false);
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const first = next();
      profiler.profile('GET', '/warm', (done) => {
        (function warmFirstRequest() {
          spin(50);
        })();
        done();
        done(); // a second call is ignored
      });
      const file = await first;
      assert.ok(functionNames(loadProfile(file)).has('warmFirstRequest'));
      // the drain ends after the file: let its continuation run
      await new Promise<void>((resolve) => setImmediate(resolve));
      assert.equal(profiler.warm, true, 'the profiler keeps running after the request');
      mock.timers.tick(KEEP_WARM_MS - 1);
      assert.equal(profiler.warm, true);
      mock.timers.tick(1);
      assert.equal(profiler.warm, false, 'stopped after keepWarm without a request');
      // the next request starts it again
      const second = next();
      profiler.profile('GET', '/again', (done) => done());
      assert.match(await second, /GET_again\.\d+\.\d{6}\.cpuprofile$/);
    } finally {
      mock.timers.reset();
      await profiler.close();
    }
    assert.equal(profiler.warm, false);
    assert.equal(profileFiles(dir).length, 2);
  });

  test('keepWarm 0: the running profile is replaced at every request, each request still has its own', async () => {
    const sub = join(dir, 'rotate');
    mkdirSync(sub);
    const errors: unknown[] = [];
    const profiler = new RequestProfiler(join(sub, 'r'), { keepWarm: 0, onError: (err) => errors.push(err) });
    for (const name of ['rotatedOne', 'rotatedTwo', 'rotatedThree']) {
      profiler.profile('GET', `/${name}`, (done) => {
        const fn = { [name]: () => spin(5) }[name] as () => void;
        fn();
        done();
      });
    }
    await profiler.close();
    assert.deepEqual(errors, []);
    const files = profileFiles(sub);
    assert.equal(files.length, 3);
    for (const file of files) {
      const own = /r_GET_(\w+)\./.exec(file)?.[1] ?? '';
      const names = functionNames(loadProfile(join(sub, file)));
      for (const other of ['rotatedOne', 'rotatedTwo', 'rotatedThree']) {
        if (other !== own) assert.ok(!names.has(other), `${file} has ${other}`);
      }
    }
  });

  test('a run that throws counts as done; the error goes to onError', async () => {
    const sub = join(dir, 'throws');
    mkdirSync(sub);
    const errors: unknown[] = [];
    const profiler = new RequestProfiler(`${sub}/`, { onError: (err) => errors.push(err) });
    profiler.profile('GET', '/bad', () => {
      throw new Error('run failed');
    });
    profiler.profile('GET', '/good', (done) => done());
    await profiler.close();
    assert.equal((errors[0] as Error).message, 'run failed');
    assert.equal(profileFiles(sub).length, 2);
  });

  test('close() while a request is served resolves once its profile is written', async () => {
    const sub = join(dir, 'closing');
    mkdirSync(sub);
    const files: string[] = [];
    const profiler = new RequestProfiler(`${sub}/`, { onProfile: (file) => files.push(file) });
    let finish: () => void = () => {};
    let started: () => void = () => {};
    const running = new Promise<void>((resolve) => (started = resolve));
    profiler.profile('GET', '/long', (done) => {
      finish = done;
      started();
    });
    await running;
    let closed = false;
    const closing = profiler.close().then(() => {
      closed = true;
    });
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.equal(closed, false, 'the request is still being served');
    finish();
    await closing;
    assert.equal(files.length, 1);
  });

  test('a request handed over after close() is served unprofiled, the failure told to onError', async () => {
    const errors: unknown[] = [];
    const profiler = new RequestProfiler(`${dir}/`, { onError: (err) => errors.push(err) });
    await profiler.close();
    const before = profileFiles(dir).length;
    let served = false;
    await new Promise<void>((resolve) => {
      profiler.profile('GET', '/late', (done) => {
        served = true;
        done();
        resolve();
      });
    });
    await profiler.close();
    assert.ok(served);
    assert.match(String(errors[0]), /closed/);
    assert.equal(profileFiles(dir).length, before);
  });

  test('CpuProfiler.end() of a profile never begun rejects instead of waiting for ever', async () => {
    const cpu = new CpuProfiler();
    try {
      await assert.rejects(cpu.end('never begun'), /no profile for "never begun"/);
    } finally {
      cpu.close();
      cpu.close(); // twice is harmless
    }
  });

  for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, '5']) {
    test(`keepWarm ${String(bad)} is PW_ERR_PROFILE`, () => {
      assert.throws(
        () => new RequestProfiler(`${dir}/`, { keepWarm: bad as number }),
        (err: unknown) => err instanceof PoorWSGIError && err.code === 'PW_ERR_PROFILE',
      );
    });
  }
});
