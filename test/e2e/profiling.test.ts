/**
 * Per-request CPU profiling (`app.setProfile()`/`app.delProfile()`) on real
 * sockets, and the start-up profile (`profileStartup`): the files written,
 * their names, their contents (loaded, checked for the shape DevTools reads,
 * the handler found in them), requests at once served one at a time, and
 * what a failure to write does. Every file lands in a `poorwsgi-…`
 * temporary directory, removed at the end.
 * @module
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PoorWSGIError } from '../../src/errors/poorwsgi-error.ts';
import { Application } from '../../src/index.ts';
import { profileStartup } from '../../src/profile/index.ts';
import { functionNames, loadProfileIn, profileFiles, samplesUnder, topFrames } from '../helpers/cpuprofile.ts';
import { curlHttp, startClear } from '../helpers/http2.ts';
import { quietLogger, type Running, start } from '../helpers/serve.ts';

/** Spin the CPU for `ms` (work, not a sleep: the profiler samples whoever runs). */
function spin(ms: number): number {
  const begin = performance.now();
  let n = 0;
  while (performance.now() - begin < ms) n++;
  return n;
}

const NAME = /^(?<start>.*?)(?<stem>[A-Z]+_.*)\.(?<time>\d{10}\.\d{6})\.cpuprofile$/;

let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'poorwsgi-profiling-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

/** A new empty directory under the test's temporary one. */
function freshDir(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  return dir;
}

describe('app.setProfile(prefix): one .cpuprofile per request', () => {
  let dir: string;
  let app: Application;
  let srv: Running;
  const written: string[] = [];
  before(async () => {
    dir = freshDir('one');
    app = new Application('profiled');
    app.logger = quietLogger();
    app.route('/report/<id:int>', function profiledReportHandler(_req, id) {
      return { id, spins: spin(50) };
    });
    app.setProfile(join(dir, 'req'), { onProfile: (file) => written.push(file) });
    srv = await start(app);
  });
  after(async () => {
    await app.delProfile();
    await srv.close();
  });

  test('named as PoorWSGI names it, from the method and the path; the handler is in it', async () => {
    const res = await fetch(`${srv.url}/report/7?full=1`);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { id: number }).id, 7);
    await app.delProfile();
    const files = profileFiles(dir);
    assert.equal(files.length, 1, files.join());
    const [file = ''] = files;
    const match = NAME.exec(file);
    assert.equal(match?.groups?.start, 'req_');
    assert.equal(match?.groups?.stem, 'GET_report_7');
    assert.ok(Math.abs(Number(match?.groups?.time) - Date.now() / 1000) < 600, 'the time is now, in seconds');
    assert.deepEqual(written, [join(dir, file)]);

    const profile = loadProfileIn(dir, file);
    assert.ok(functionNames(profile).has('profiledReportHandler'), 'the handler is a frame');
    const handler = profile.nodes.find((node) => node.callFrame.functionName === 'profiledReportHandler');
    assert.match(handler?.callFrame.url ?? '', /profiling\.test\.ts$/);
    // 50 ms of work sampled every 100 µs: the handler holds the samples of the request
    const inHandler = samplesUnder(profile, 'profiledReportHandler');
    assert.ok(inHandler > 0, `samples under the handler: ${inHandler}; top frames ${topFrames(profile)}`);
    assert.ok(
      topFrames(profile, 3).some((name) => name === 'profiledReportHandler' || name === 'spin' || name === 'now'),
    );
  });

  test('after delProfile(), requests write nothing', async () => {
    const before = profileFiles(dir).length;
    assert.equal((await fetch(`${srv.url}/report/8`)).status, 200);
    await app.delProfile();
    assert.equal(profileFiles(dir).length, before);
  });
});

describe('requests at once, with profiling on', () => {
  let dir: string;
  let app: Application;
  let srv: Running;
  const events: string[] = [];
  let openGate: () => void = () => {};
  let slowEntered: Promise<void>;
  before(async () => {
    dir = freshDir('queue');
    app = new Application('queue');
    app.logger = quietLogger();
    let entered: () => void = () => {};
    slowEntered = new Promise((resolve) => (entered = resolve));
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    app.route('/slow', async function slowGatedHandler() {
      events.push('slow in');
      entered();
      await gate;
      spin(50);
      events.push('slow out');
      return 'slow';
    });
    app.route('/quick/<n:int>', function quickHandler(_req, n) {
      events.push(`quick ${n}`);
      return `quick ${n}`;
    });
    app.setProfile(`${dir}/`);
    srv = await start(app);
  });
  after(async () => {
    openGate();
    await app.delProfile();
    await srv.close();
  });

  /** Resolves when the server has handed a request for `url` to the application (its listener runs first). */
  function handedOver(url: string): Promise<{ req: IncomingMessage; res: ServerResponse }> {
    return new Promise((resolve) => {
      const listener = (req: IncomingMessage, res: ServerResponse) => {
        if (req.url !== url) return;
        srv.server.off('request', listener);
        resolve({ req, res });
      };
      srv.server.on('request', listener);
    });
  }

  test('one at a time, in order: a request waits for the one being profiled, then gets its own file', async () => {
    const slow = fetch(`${srv.url}/slow`);
    await slowEntered;
    const quickIn = handedOver('/quick/1');
    const quick = fetch(`${srv.url}/quick/1`);
    // the second request is in the application, and has not run: it waits for the first's profile
    const gone = handedOver('/quick/2');
    const { res: goneRes } = await (async () => {
      await quickIn;
      // a third, whose client goes away while it waits: its turn ends at once, the queue goes on
      const socket = connect(srv.port, '127.0.0.1');
      socket.write('GET /quick/2 HTTP/1.1\r\nHost: x\r\n\r\n');
      const handed = await gone;
      const closed = once(handed.res, 'close');
      socket.destroy();
      await closed;
      return handed;
    })();
    assert.deepEqual(events, ['slow in']);
    assert.ok(goneRes.destroyed);
    openGate();
    assert.equal(await (await slow).text(), 'slow');
    assert.equal(await (await quick).text(), 'quick 1');
    // the next request proves the queue moved past the one whose client left
    assert.equal(await (await fetch(`${srv.url}/quick/3`)).text(), 'quick 3');
    assert.deepEqual(events.slice(0, 3), ['slow in', 'slow out', 'quick 1']);
    assert.equal(events.at(-1), 'quick 3');
    await app.delProfile();
    const stems = profileFiles(dir).map((file) => NAME.exec(file)?.groups?.stem);
    assert.deepEqual(stems.sort(), ['GET_quick_1', 'GET_quick_2', 'GET_quick_3', 'GET_slow']);
    const slowFile = profileFiles(dir).find((file) => file.startsWith('GET_slow.')) ?? '';
    assert.ok(functionNames(loadProfileIn(dir, slowFile)).has('slowGatedHandler'));
    const quickFile = profileFiles(dir).find((file) => file.startsWith('GET_quick_1.')) ?? '';
    assert.ok(
      !functionNames(loadProfileIn(dir, quickFile)).has('slowGatedHandler'),
      'each profile has its own request',
    );
  });
});

describe('profiling on the other ways in', () => {
  /** Pipeline `count` GETs of `/p/1` ... on one connection; resolves with what came back once `p{count}` did. */
  function pipelined(port: number, count: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => {
        text += chunk;
        if (text.endsWith(`p${count}`)) {
          socket.destroy();
          resolve(text);
        }
      });
      socket.on('error', reject);
      let requests = '';
      for (let n = 1; n <= count; n++) requests += `GET /p/${n} HTTP/1.1\r\nHost: x\r\n\r\n`;
      socket.write(requests);
    });
  }

  test('pipelined requests on one connection: each answered in order, each profiled', async () => {
    const dir = freshDir('pipelined');
    const app = new Application('pipelined');
    app.logger = quietLogger();
    app.route('/p/<n:int>', (_req, n) => `p${n}`);
    app.setProfile(join(dir, 'pipe'));
    const srv = await start(app);
    try {
      const text = await pipelined(srv.port, 3);
      assert.equal(text.match(/HTTP\/1\.1 200 OK/g)?.length, 3);
      assert.ok(text.indexOf('p1') < text.indexOf('p2') && text.indexOf('p2') < text.indexOf('p3'));
      await app.delProfile();
      assert.deepEqual(
        profileFiles(dir).map((file) => NAME.exec(file)?.groups?.stem),
        ['GET_p_1', 'GET_p_2', 'GET_p_3'],
      );
    } finally {
      await srv.close();
    }
  });

  test('a client that pipelines and goes away while the first is profiled: the queue goes on', async () => {
    const dir = freshDir('pipelined-gone');
    const app = new Application('pipelined-gone');
    app.logger = quietLogger();
    let openGate: () => void = () => {};
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    app.route('/p/<n:int>', async (_req, n) => {
      if (n === 1) await gate;
      return `p${n}`;
    });
    app.setProfile(join(dir, 'gone'));
    const srv = await start(app);
    try {
      // the three requests are in the application (its listener runs before this one) ...
      let handed = 0;
      const allHanded = new Promise<IncomingMessage>((resolve) => {
        srv.server.on('request', (req: IncomingMessage) => {
          if (++handed === 3) resolve(req);
        });
      });
      const socket = connect(srv.port, '127.0.0.1');
      socket.write(
        'GET /p/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /p/2 HTTP/1.1\r\nHost: x\r\n\r\nGET /p/3 HTTP/1.1\r\nHost: x\r\n\r\n',
      );
      const serverSocket = (await allHanded).socket;
      // ... and the client leaves before any answer: the queued responses will never end on their own
      const closed = once(serverSocket, 'close');
      socket.destroy();
      await closed;
      openGate();
      assert.equal(await (await app.request('/p/4')).text(), 'p4');
      await app.delProfile();
      assert.deepEqual(
        profileFiles(dir).map((file) => NAME.exec(file)?.groups?.stem),
        ['GET_p_1', 'GET_p_2', 'GET_p_3', 'GET_p_4'],
      );
    } finally {
      await srv.close();
    }
  });

  test('Fetch requests (app.request) are profiled until their Response is made', async () => {
    const dir = freshDir('fetch');
    const app = new Application('fetch');
    app.route('/f/<name>', function fetchedHandler(_req, name) {
      spin(50);
      return { name };
    });
    app.setProfile(join(dir, 'f'));
    const [a, b] = await Promise.all([app.request('/f/one'), app.request('/f/two?q=1', { method: 'POST' })]);
    assert.deepEqual(await a?.json(), { name: 'one' });
    assert.equal(b?.status, 405);
    await app.delProfile();
    const files = profileFiles(dir);
    assert.deepEqual(
      files.map((file) => NAME.exec(file)?.groups?.stem),
      ['GET_f_one', 'POST_f_two'],
    );
    assert.ok(functionNames(loadProfileIn(dir, files[0] ?? '')).has('fetchedHandler'));
  });

  test('HTTP/2 (curl, prior knowledge): profiled until the stream is answered', async () => {
    const dir = freshDir('h2');
    const app = new Application('h2');
    app.route('/h2', function http2Handler() {
      spin(50);
      return 'over h2';
    });
    app.setProfile(join(dir, 'h2'));
    const srv = await startClear(app);
    try {
      const answer = await curlHttp(['--http2-prior-knowledge', `${srv.origin}/h2`]);
      assert.equal(answer.version, '2');
      assert.equal(answer.body, 'over h2');
      await app.delProfile();
      const files = profileFiles(dir);
      assert.equal(files.length, 1);
      assert.ok(functionNames(loadProfileIn(dir, files[0] ?? '')).has('http2Handler'));
    } finally {
      await srv.close();
    }
  });
});

describe('setProfile and delProfile', () => {
  test('set again: new requests go to the new prefix; delProfile() twice is harmless', async () => {
    const first = freshDir('first');
    const second = freshDir('second');
    const app = new Application('twice');
    app.route('/', () => 'x');
    app.setProfile(join(first, 'a'));
    await app.request('/');
    app.setProfile(join(second, 'b'));
    await app.request('/');
    await app.request('/');
    await app.delProfile();
    await app.delProfile();
    await app.request('/');
    assert.equal(profileFiles(first).length, 1);
    assert.equal(profileFiles(second).length, 2);
    assert.ok(profileFiles(second).every((file) => file.startsWith('b_GET_.')));
  });

  test('a directory that does not exist or a bad interval: PW_ERR_PROFILE, and the application serves unprofiled', async () => {
    const app = new Application('bad');
    app.route('/', () => 'still here');
    const isProfileError = (err: unknown) => err instanceof PoorWSGIError && err.code === 'PW_ERR_PROFILE';
    assert.throws(() => app.setProfile(join(root, 'no-such-dir', 'req')), isProfileError);
    assert.throws(() => app.setProfile(`${root}/`, { samplingInterval: 0 }), isProfileError);
    assert.equal(await (await app.request('/')).text(), 'still here');
    assert.deepEqual(profileFiles(root), []);
  });

  test('a profile that cannot be written is logged; the request is answered all the same', async () => {
    const dir = freshDir('vanishing');
    const app = new Application('vanishing');
    const logger = quietLogger();
    app.logger = logger;
    app.route('/', () => 'answered');
    app.setProfile(join(dir, 'req'));
    rmSync(dir, { recursive: true });
    const srv = await start(app);
    try {
      assert.equal(await (await fetch(`${srv.url}/`)).text(), 'answered');
      await app.delProfile();
      const [line] = logger.lines;
      assert.equal(line?.[0], 'Request profiling failed:');
      assert.equal((line?.[1] as NodeJS.ErrnoException | undefined)?.code, 'ENOENT');
      // an onError of the user's replaces the log
      const seen: unknown[] = [];
      app.setProfile(`${root}/`, {
        onError: (err) => seen.push(err),
        onProfile: () => {
          throw new Error('onProfile failed');
        },
      });
      assert.equal(await (await fetch(`${srv.url}/`)).text(), 'answered');
      await app.delProfile();
      assert.equal((seen[0] as Error).message, 'onProfile failed');
      assert.equal(logger.lines.length, 1);
      for (const file of profileFiles(root)) rmSync(join(root, file));
    } finally {
      await srv.close();
    }
  });
});

describe('profileStartup(file, load): the start-up profile', () => {
  test('the import of an application, profiled: its start-up function is in the profile', async () => {
    const dir = freshDir('startup');
    const mod = await profileStartup(join(dir, 'init'), () => import('./fixtures/startup-app.ts'));
    assert.ok(mod.app instanceof Application);
    assert.deepEqual(await (await mod.app.request('/')).json(), { built: true });
    assert.deepEqual(readdirSync(dir), ['init.cpuprofile']);
    const profile = loadProfileIn(dir, 'init.cpuprofile');
    assert.ok(samplesUnder(profile, 'buildRoutesAtStartup') > 0, `top frames: ${topFrames(profile)}`);
    // an existing file is kept: the next profile gets -1; ".cpuprofile" is not doubled
    const value = await profileStartup(join(dir, 'init.cpuprofile'), () => 42, { samplingInterval: 1000 });
    assert.equal(value, 42);
    assert.deepEqual(readdirSync(dir).sort(), ['init-1.cpuprofile', 'init.cpuprofile']);
  });

  test('a start-up that fails: the profile is written, the error thrown', async () => {
    const dir = freshDir('startup-fails');
    await assert.rejects(
      profileStartup(join(dir, 'init'), () => import('./fixtures/startup-fails.ts')),
      /bad configuration at start-up/,
    );
    const profile = loadProfileIn(dir, 'init.cpuprofile');
    assert.ok(functionNames(profile).has('failAtStartup'), `top frames: ${topFrames(profile)}`);
  });
});
