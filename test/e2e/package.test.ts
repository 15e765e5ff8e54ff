/**
 * The package as users install it: `npm pack` of this repository (which
 * builds dist/ on prepack), installed from the tarball into a fresh project
 * in a temporary directory (no network: it has no runtime dependencies),
 * then used from there as a new user would: plain `node` in ESM and in
 * CommonJS, TypeScript 5.9 and 7 over the installed declarations with the
 * options `tsc --init` writes, a one-route server answering `fetch`, and
 * `npx poorwsgi`. `publint` and `@arethetypeswrong/cli` check the tarball.
 * @module
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect as connectHttp2 } from 'node:http2';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RedisServer } from '../helpers/redis-server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  exports: Record<string, unknown>;
};
/** Every subpath users import by name (not `./package.json`). */
const SUBPATHS = Object.keys(PACKAGE.exports)
  .filter((key) => key !== './package.json')
  .map((key) => (key === '.' ? 'poorwsgi' : `poorwsgi/${key.slice(2)}`));
/** The two compilers a user may have: the project's own (7, the registry's latest) and 5.9. */
const COMPILERS: readonly [name: string, tsc: string][] = [
  ['TypeScript 7', join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')],
  ['TypeScript 5.9', join(ROOT, 'node_modules', 'typescript5', 'bin', 'tsc')],
];

function run(file: string, args: readonly string[], cwd: string): { status: number | null; output: string } {
  const child = spawnSync(file, args, {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return { status: child.status, output: `${child.stdout}${child.stderr}` };
}

/** JSON with comments and trailing commas (what `tsc --init` writes), as plain JSON. */
function parseJsonc(text: string): Record<string, unknown> {
  const withoutComments = text.replace(
    /("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g,
    (_, string?: string) => string ?? '',
  );
  return JSON.parse(withoutComments.replace(/,(\s*[}\]])/g, '$1')) as Record<string, unknown>;
}

/** A consumer file: route parameters typed from the route string, and a server. */
const CONSUMER_OK = `import { createSecureServer, createServer as createHttp2Server } from 'node:http2';
import { Application, type Request, tuple, HTTP_OK, METHOD_GET } from 'poorwsgi';
import { parseRange } from 'poorwsgi/http';
import { FieldStorage } from 'poorwsgi/forms';

const app = new Application('consumer');
app.route('/user/<id:int>/<name>', (req: Request, id, name) => {
  const n: number = id;
  const s: string = name;
  return { id: n + 1, name: s.toUpperCase(), path: req.path };
}, METHOD_GET);
app.route('/range', () => tuple(JSON.stringify(parseRange('bytes=0-1')), 'application/json', null, HTTP_OK));
const form: FieldStorage | null = null;
// the application is an HTTP/2 listener too, with no cast
createSecureServer({ allowHTTP1: true }, app).on('checkContinue', app.checkContinue);
createHttp2Server(app);
export { app, form };
`;

/** The same route with a wrong annotation: `<id:int>` gives a number. */
const CONSUMER_WRONG = `import { Application } from 'poorwsgi';

const app = new Application('consumer');
app.route('/user/<id:int>', (_req, id: string) => id);
export { app };
`;

/** Handlers whose return values are not responses: each of lines 5 to 8 must be an error. */
const CONSUMER_WRONG_RESULTS = `import { Application } from 'poorwsgi';
class Point { constructor(readonly x: number) {} }
const app = new Application('consumer');
app.beforeResponse(() => {});
app.route('/number', () => 42);
app.route('/map', () => new Map([['a', 1]]));
app.route('/class', () => new Point(1));
app.beforeResponse(() => ({ error: 'a plain object is not a response' }));
export { app };
`;

/** What a JSON API writes, from the package: all of it compiles. */
const CONSUMER_API = `import { Application, type ErrorSummary, JSONResponse } from 'poorwsgi';
type Note = { id: number; text: string; at: Date };
const app = new Application('consumer', { errorFormat: 'json', poweredBy: null });
app.beforeResponse((req) =>
  req.header('X-Api-Key') === 'k' ? undefined : new JSONResponse({ error: 'no key' }, { statusCode: 401 }),
);
app.route('/notes/<id:int>', (_req, id): Note => ({ id, text: 'milk', at: new Date() }));
app.httpState('*', (req, extra, status) => ({ status, path: req.path, ...extra }));
app.httpState(500, (_req, extra) => ({ error: (extra.error as ErrorSummary).message }));
export { app };
`;

const SERVER = `import { Application, tuple } from 'poorwsgi';

const app = new Application('packaged');
app.route('/hello/<n:int>', (_req, n) => tuple(\`hello \${n + 1}\`, 'text/plain'));
const server = await app.listen({ port: 0 });
console.log(\`port \${server.address().port}\`);
`;

/** The same application over HTTP/2 in clear text (prior knowledge). */
const HTTP2_SERVER = `import { createServer } from 'node:http2';
import { Application, tuple } from 'poorwsgi';

const app = new Application('packaged');
app.route('/hello/<n:int>', (req, n) => tuple(\`hello \${n + 1} \${req.protocol} \${req.host}\`, 'text/plain', { Connection: 'close' }));
const server = createServer(app);
server.listen(0, '127.0.0.1', () => console.log(\`port \${server.address().port}\`));
`;

/** Sessions and response cookies from the package: log in, read the private page, log out. */
const SESSION_SERVER = `import { Application, RedirectResponse, Response, redirect } from 'poorwsgi';
import { AESSession, PoorSession, SessionError } from 'poorwsgi/session';

const app = new Application('packaged', { secretKey: 'packaged key' });
const make = (kind) => (kind === 'aes' ? new AESSession(app.secretKey, { sameSite: 'Lax' }) : new PoorSession(app.secretKey, { sameSite: 'Lax' }));
app.route('/<kind>/login', (_req, kind) => {
  const session = make(kind);
  session.data.user = 'alice';
  const response = new RedirectResponse('/' + kind + '/private');
  session.header(response);
  return response.setCookie('theme', 'dark', { maxAge: 60 });
});
app.route('/<kind>/private', (req, kind) => {
  const session = make(kind);
  const error = session.tryLoad(req.cookies);
  if (error !== null && !(error instanceof SessionError)) throw error;
  if (typeof session.data.user !== 'string') redirect('/' + kind + '/login');
  return new Response('hello ' + session.data.user + ' in ' + req.cookies.theme);
});
app.route('/<kind>/logout', (_req, kind) => {
  const session = make(kind);
  session.destroy();
  const response = new Response('bye');
  session.header(response);
  return response.clearCookie('theme');
});
const server = await app.listen({ port: 0 });
console.log(\`port \${server.address().port}\`);
`;

/** HTTP Digest from the package: a route behind checkDigest, SHA-256. */
const DIGEST_SERVER = `import { Application } from 'poorwsgi';
import { checkDigest, hexdigest } from 'poorwsgi/auth';

const app = new Application('packaged', { secretKey: 'packaged key', authType: 'Digest', authAlgorithm: 'SHA-256' });
app.authMap = { 'User Zone': { user: hexdigest('user', 'User Zone', 'looser', 'SHA-256') } };
app.route('/user', checkDigest('User Zone')((req) => \`hello \${req.user}\`));
const server = await app.listen({ port: 0 });
console.log(\`port \${server.address().port}\`);
`;

/** Write a server script into the project, run it with plain node, and wait for the port it prints. */
async function startScript(
  project: string,
  name: string,
  source: string,
): Promise<{ child: ChildProcess; port: number }> {
  writeFileSync(join(project, name), source);
  const child: ChildProcess = spawn(process.execPath, [name], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.setEncoding('utf8');
  while (!/port \d+/.test(out)) {
    const [chunk] = (await Promise.race([once(child.stdout!, 'data'), once(child, 'exit')])) as [unknown];
    if (typeof chunk !== 'string') child.kill();
    assert.equal(typeof chunk, 'string', `the server exited: ${out}`);
    out += chunk as string;
  }
  return { child, port: Number(/port (\d+)/.exec(out)?.[1]) };
}

describe('the package from a packed tarball, in a fresh project', () => {
  let work: string;
  let tarball: string;
  let project: string;

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'poorwsgi-test-package-'));
    // prepack builds dist/ first, so the tarball is always fresh
    execFileSync('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: ROOT, stdio: 'pipe' });
    const packed = readdirSync(work).filter((name) => name.endsWith('.tgz'));
    assert.deepEqual(packed, [`poorwsgi-${PACKAGE.version}.tgz`]);
    tarball = join(work, packed[0] as string);
    project = join(work, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    execFileSync('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund', '--silent'], {
      cwd: project,
      stdio: 'pipe',
    });
    // what a TypeScript user of a Node server has installed too (from this repository: no network)
    mkdirSync(join(project, 'node_modules', '@types'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', '@types', 'node'), join(project, 'node_modules', '@types', 'node'), 'dir');
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  test('the tarball holds dist/ with JavaScript, declarations and maps, the sources they map to, and no tests', () => {
    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    for (const file of ['index.js', 'index.d.ts', 'index.d.ts.map', 'index.js.map', 'cli/bin.js']) {
      assert.ok(listing.includes(`package/dist/${file}`), file);
    }
    assert.ok(listing.includes('package/src/index.ts'));
    assert.ok(!listing.some((file) => /^package\/(test|bench|examples|node_modules)\//.test(file)));
  });

  test('plain node imports poorwsgi and every subpath in ESM', () => {
    const script = `for (const name of ${JSON.stringify(SUBPATHS)}) { const m = await import(name); if (Object.keys(m).length === 0) throw new Error(name); }
const { Application } = await import('poorwsgi'); console.log(typeof Application);`;
    const result = run(process.execPath, ['--input-type=module', '-e', script], project);
    assert.equal(result.status, 0, result.output);
    assert.equal(result.output.trim(), 'function');
  });

  test('require() of poorwsgi and a subpath from a CommonJS file (Node 20.19+ requires ES modules)', () => {
    writeFileSync(
      join(project, 'app.cjs'),
      "const { Application, tuple } = require('poorwsgi');\nconst http = require('poorwsgi/http');\nconsole.log(typeof Application, typeof tuple, typeof http.parseRange);\n",
    );
    const result = run(process.execPath, ['app.cjs'], project);
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /^function function function$/m);
  });

  test('a one-route app from the package starts on port 0 and answers fetch', async () => {
    const { child, port } = await startScript(project, 'server.mjs', SERVER);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/hello/41`);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), 'hello 42');
    } finally {
      child.kill();
    }
  });

  test('sessions and cookies from the package: PoorSession and AESSession log in, read and log out', async () => {
    const { child, port } = await startScript(project, 'sessions.mjs', SESSION_SERVER);
    try {
      for (const kind of ['poor', 'aes']) {
        const login = await fetch(`http://127.0.0.1:${port}/${kind}/login`, { redirect: 'manual' });
        assert.equal(login.status, 302);
        const cookies = login.headers.getSetCookie();
        assert.equal(cookies.length, 2);
        assert.match(cookies[0] ?? '', /^SESSID="[^"]+"; HttpOnly; Path=\/; SameSite=Lax$/);
        assert.equal(cookies[1], 'theme=dark; Max-Age=60; Path=/');
        const jar = cookies.map((cookie) => cookie.slice(0, cookie.indexOf(';'))).join('; ');
        const page = await fetch(`http://127.0.0.1:${port}/${kind}/private`, { headers: { Cookie: jar } });
        assert.equal(await page.text(), 'hello alice in dark');
        const forged = await fetch(`http://127.0.0.1:${port}/${kind}/private`, {
          // the first character of the sealed value changed (to another one, whatever it was)
          headers: { Cookie: jar.replace(/SESSID="(.)/, (_, c: string) => `SESSID="${c === 'A' ? 'B' : 'A'}`) },
          redirect: 'manual',
        });
        assert.equal(forged.status, 302);
        const logout = await fetch(`http://127.0.0.1:${port}/${kind}/logout`);
        assert.deepEqual(
          logout.headers.getSetCookie().map((cookie) => cookie.slice(0, cookie.indexOf(';'))),
          ['SESSID=""', 'theme=""'],
        );
      }
    } finally {
      child.kill();
    }
  });

  test('the app from the package answers over HTTP/2 (node:http2, clear text)', async () => {
    const { child, port } = await startScript(project, 'server-h2.mjs', HTTP2_SERVER);
    try {
      const session = connectHttp2(`http://127.0.0.1:${port}`);
      try {
        const stream = session.request({ ':path': '/hello/41' });
        const [headers] = (await once(stream, 'response')) as [Record<string, unknown>];
        let body = '';
        stream.setEncoding('utf8');
        for await (const chunk of stream) body += chunk as string;
        assert.equal(headers[':status'], 200);
        // a handler's Connection header is not sent on HTTP/2, and does not fail the request
        assert.equal(headers.connection, undefined);
        assert.equal(body, `hello 42 HTTP/2.0 127.0.0.1:${port}`);
      } finally {
        session.close();
      }
    } finally {
      child.kill();
    }
  });

  test('npx poorwsgi --help prints the usage; --version the version', () => {
    const help = run('npx', ['--no-install', 'poorwsgi', '--help'], project);
    assert.equal(help.status, 0, help.output);
    assert.match(help.output, /^Usage: poorwsgi <command>/);
    const version = run('npx', ['--no-install', 'poorwsgi', '--version'], project);
    assert.equal(version.output.trim(), PACKAGE.version);
    const bad = run('npx', ['--no-install', 'poorwsgi', '--no-such-option'], project);
    assert.equal(bad.status, 2);
    assert.match(bad.output, /unknown option "--no-such-option"/);
  });

  test('npx poorwsgi serve: a .mjs app on two workers, stopped by SIGTERM; a .ts app without tsx says what to install', async () => {
    writeFileSync(
      join(project, 'served.mjs'),
      "import { Application } from 'poorwsgi';\nconst app = new Application('served');\napp.route('/pid', () => ({ pid: process.pid }));\nexport default app;\n",
    );
    const child = spawn('npx', ['--no-install', 'poorwsgi', 'serve', 'served.mjs', '--port', '0', '--workers', '2'], {
      cwd: project,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    try {
      let out = '';
      child.stdout?.setEncoding('utf8');
      while (!/with 2 workers/.test(out)) {
        const [chunk] = (await Promise.race([once(child.stdout!, 'data'), once(child, 'exit')])) as [unknown];
        assert.equal(typeof chunk, 'string', `serve exited: ${out}`);
        out += chunk as string;
      }
      const [, port, primary] = (/:(\d+) with 2 workers \(primary (\d+)\)/.exec(out) ?? []).map(Number);
      const res = await fetch(`http://127.0.0.1:${port}/pid`);
      assert.equal(res.status, 200);
      assert.equal(typeof ((await res.json()) as { pid: unknown }).pid, 'number');
      // to the command itself: npx does not wait for its child when it is signalled
      process.kill(primary as number, 'SIGTERM');
      const [code] = await once(child, 'exit');
      assert.equal(code, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    writeFileSync(
      join(project, 'typed.ts'),
      "import { Application } from 'poorwsgi';\nexport const app: Application = new Application('typed');\n",
    );
    // Node 22.18 and later strip types themselves (the file would be served): only an older Node says it
    if (!(process.features as { typescript?: unknown }).typescript) {
      const typed = run(
        'npx',
        ['--no-install', 'poorwsgi', 'serve', 'typed.ts', '--workers', '0', '--port', '0'],
        project,
      );
      assert.equal(typed.status, 1, typed.output);
      assert.match(
        typed.output,
        /cannot load .*typed\.ts: Node\.js v\S+ does not run TypeScript by itself\. Install tsx/,
      );
    }
    // with tsx in the project (this repository's), the same file is served
    symlinkSync(join(ROOT, 'node_modules', 'tsx'), join(project, 'node_modules', 'tsx'), 'dir');
    try {
      const served = spawn(
        process.execPath,
        [join('node_modules', '.bin', 'poorwsgi'), 'serve', 'typed.ts', '--workers', '0', '--port', '0'],
        { cwd: project, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } },
      );
      let said = '';
      served.stdout?.setEncoding('utf8');
      served.stderr?.setEncoding('utf8').on('data', (text: string) => {
        said += text;
      });
      while (!/Listening on/.test(said)) {
        const [chunk] = (await Promise.race([once(served.stdout!, 'data'), once(served, 'exit')])) as [unknown];
        assert.equal(typeof chunk, 'string', `serve exited: ${said}`);
        said += chunk as string;
      }
      served.kill('SIGTERM');
      assert.deepEqual(await once(served, 'exit'), [0, null]);
    } finally {
      rmSync(join(project, 'node_modules', 'tsx'));
    }
  });

  test('npx poorwsgi digest writes an htdigest file that PasswordMap of poorwsgi/auth reads', () => {
    const added = spawnSync('npx', ['--no-install', 'poorwsgi', 'digest', '-c', 'users.digest', 'User Zone', 'user'], {
      cwd: project,
      encoding: 'utf8',
      input: 'looser\n',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    assert.equal(added.status, 0, `${added.stdout}${added.stderr}`);
    assert.equal(added.stdout, 'Adding user `user` in realm `User Zone`.\n');
    assert.equal(
      readFileSync(join(project, 'users.digest'), 'utf8'),
      'user:User Zone:99f490dffe2c74a7f13d0cf9b61098a5\n',
    );
    const script = `import { PasswordMap, hexdigest } from 'poorwsgi/auth';
const map = new PasswordMap('users.digest').load();
console.log(map.verify('User Zone', 'user', hexdigest('user', 'User Zone', 'looser')));`;
    const result = run(process.execPath, ['--input-type=module', '-e', script], project);
    assert.equal(result.output, 'true\n');
  });

  test('HTTP Digest from the package: curl --digest logs in, its request sent again is refused as stale', async () => {
    const { child, port } = await startScript(project, 'digest.mjs', DIGEST_SERVER);
    try {
      const url = `http://127.0.0.1:${port}/user`;
      const login = run('curl', ['-s', '-v', '--digest', '-u', 'user:looser', url], project);
      assert.equal(login.status, 0, login.output);
      assert.match(login.output, /hello user/);
      const authorization = /^> Authorization: (Digest .*algorithm=SHA-256.*?)\r?$/m.exec(login.output)?.[1];
      const agent = /^> User-Agent: (.*?)\r?$/m.exec(login.output)?.[1];
      assert.ok(authorization !== undefined && agent !== undefined, login.output);
      const replay = await fetch(url, { headers: { Authorization: authorization, 'User-Agent': agent } });
      assert.equal(replay.status, 401);
      assert.match(replay.headers.get('www-authenticate') ?? '', /^Digest realm="User Zone", .*, stale=true$/);
    } finally {
      child.kill();
    }
  });

  test('RedisNonceStore of poorwsgi/auth: without the optional redis it says so; with it, it counts in Redis', async () => {
    const script = `import { RedisNonceStore } from 'poorwsgi/auth';
const store = new RedisNonceStore({ url: process.argv[1], timeout: 5000 });
try {
  console.log(await store.advance('packaged', 1, 60), await store.advance('packaged', 1, 60));
} catch (error) {
  console.log(error.code, error.message);
} finally {
  await store.close();
}`;
    const redis = await RedisServer.start();
    try {
      // npm installs no optional peer: the package loads and the store explains what is missing
      const without = run(process.execPath, ['--input-type=module', '-e', script, redis.url], project);
      assert.equal(without.status, 0, without.output);
      assert.match(without.output, /^PW_ERR_NONCE_STORE .*optional package "redis" is not installed/);
      // the repository's redis as the user's own (its dependencies resolve from where it really is)
      symlinkSync(join(ROOT, 'node_modules', 'redis'), join(project, 'node_modules', 'redis'), 'dir');
      const withRedis = run(process.execPath, ['--input-type=module', '-e', script, redis.url], project);
      assert.equal(withRedis.status, 0, withRedis.output);
      assert.equal(withRedis.output, 'true false\n');
    } finally {
      rmSync(join(project, 'node_modules', 'redis'), { force: true });
      await redis.stop();
    }
  });

  test('poorwsgi/websocket: without the optional ws a handshake gets 500 and the log says what to install; with it, a socket chats', () => {
    const script = `import { Application } from 'poorwsgi';
import { sameOrigin } from 'poorwsgi/websocket';
import { connect } from 'node:net';
const app = new Application('pkg');
app.logger = { ...console, error: (message) => console.log('ERROR', message) };
app.websocket('/ws/<n:int>', (socket, req, n) => socket.on('message', (m) => socket.send(m + ' ' + (n + 1))),
  { origins: sameOrigin() });
const server = await app.listen({ port: 0 });
const url = 'ws://127.0.0.1:' + server.address().port + '/ws/41';
if (process.argv[1] === 'with') {
  const { default: WebSocket } = await import('ws');
  const ws = new WebSocket(url);
  ws.on('open', () => ws.send('answer'));
  ws.on('message', (m) => { console.log(String(m)); ws.close(); });
  ws.on('close', (code) => { console.log('closed', code); app.close(); });
} else {
  const socket = connect(server.address().port, '127.0.0.1');
  let text = '';
  socket.on('data', (chunk) => { text += chunk; });
  socket.on('close', () => { console.log(text.split('\\r\\n')[0]); app.close(); });
  socket.write('GET /ws/41 HTTP/1.1\\r\\nHost: x\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\n' +
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\nSec-WebSocket-Version: 13\\r\\n\\r\\n');
}`;
    // npm installs no optional peer: the application runs, and the handshake is refused with a reason in the log
    const without = run(process.execPath, ['--input-type=module', '-e', script, 'without'], project);
    assert.equal(without.status, 0, without.output);
    assert.match(
      without.output,
      /^ERROR WebSocket routes need the package ws \(npm install ws\):\nHTTP\/1\.1 500 Internal Server Error\n$/,
    );
    const link = join(project, 'node_modules', 'ws');
    try {
      // the repository's ws as the user's own
      symlinkSync(join(ROOT, 'node_modules', 'ws'), link, 'dir');
      const withWs = run(process.execPath, ['--input-type=module', '-e', script, 'with'], project);
      assert.equal(withWs.status, 0, withWs.output);
      assert.equal(withWs.output, 'answer 42\nclosed 1005\n');
    } finally {
      rmSync(link, { force: true });
    }
  });

  test('poorwsgi/openapi: without the optional ajv it says what to install; with it, it validates', () => {
    const script = `import { OpenAPIValidator } from 'poorwsgi/openapi';
const doc = { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/n/{n}': { get: {
  parameters: [{ name: 'n', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }], responses: {} } } } };
const request = (path) => ({ hostUrl: '', rawPath: path, method: 'get', pathPattern: undefined, body: undefined, form: undefined,
  mimetype: '', parameters: { path: {}, query: new Map(), header: () => undefined, cookie: {} } });
try {
  const v = await OpenAPIValidator.create(doc);
  console.log(v.validateRequest(request('/n/5')).status, v.validateRequest(request('/n/0')).status);
} catch (error) {
  console.log(error.code, error.message);
}`;
    // npm installs no optional peer: the package loads and the validator explains what is missing
    const without = run(process.execPath, ['--input-type=module', '-e', script], project);
    assert.equal(without.status, 0, without.output);
    assert.match(without.output, /^PW_ERR_OPENAPI poorwsgi\/openapi needs the packages ajv and ajv-formats/);
    const linked = ['ajv', 'ajv-formats'].map((name) => join(project, 'node_modules', name));
    try {
      // the repository's ajv as the user's own (its dependencies resolve from where it really is)
      for (const link of linked) symlinkSync(join(ROOT, 'node_modules', basename(link)), link, 'dir');
      const withAjv = run(process.execPath, ['--input-type=module', '-e', script], project);
      assert.equal(withAjv.status, 0, withAjv.output);
      assert.equal(withAjv.output, 'valid invalid\n');
    } finally {
      for (const link of linked) rmSync(link, { force: true });
    }
  });

  for (const [compiler, tsc] of COMPILERS) {
    for (const resolution of ['node16', 'bundler'] as const) {
      test(`${compiler}, moduleResolution ${resolution}, tsc --init options: typed route parameters compile, a wrong annotation or a value that is no response does not`, () => {
        const dir = join(project, `ts-${compiler.replace(/\W+/g, '')}-${resolution}`);
        mkdirSync(dir);
        // the options this compiler's `tsc --init` writes today, plus the two a Node server needs
        assert.equal(run(process.execPath, [tsc, '--init'], dir).status, 0);
        const config = parseJsonc(readFileSync(join(dir, 'tsconfig.json'), 'utf8'));
        const options = config.compilerOptions as Record<string, unknown>;
        options.types = ['node'];
        options.noEmit = true;
        if (resolution === 'node16') Object.assign(options, { module: 'node16', moduleResolution: 'node16' });
        else Object.assign(options, { module: 'preserve', moduleResolution: 'bundler' });
        const check = (source: string) => {
          writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...config, files: ['app.ts'] }));
          writeFileSync(join(dir, 'app.ts'), source);
          return run(process.execPath, [tsc, '-p', 'tsconfig.json'], dir);
        };
        const ok = check(CONSUMER_OK);
        assert.equal(ok.status, 0, ok.output);
        const wrong = check(CONSUMER_WRONG);
        assert.notEqual(wrong.status, 0, 'a string annotation of an <id:int> parameter compiled');
        // the handler does not fit the route's overload (TS2769), or its one signature (TS2345)
        assert.match(wrong.output, /app\.ts\(4,\d+\): error TS(2769|2345)/);
        const api = check(CONSUMER_API);
        assert.equal(api.status, 0, api.output);
        const results = check(CONSUMER_WRONG_RESULTS);
        const lines = new Set([...results.output.matchAll(/app\.ts\((\d+),\d+\): error TS/g)].map((m) => Number(m[1])));
        assert.deepEqual([...lines].sort(), [5, 6, 7, 8], results.output);
      });
    }
  }

  test('publint finds nothing to say; arethetypeswrong finds no problem for an ES module package', () => {
    const lint = run(join(ROOT, 'node_modules', '.bin', 'publint'), ['run', tarball, '--strict'], ROOT);
    assert.equal(lint.status, 0, lint.output);
    assert.match(lint.output, /All good/);
    // esm-only: the package is ESM (CommonJS users `require()` it on Node 20.19+ as above); node10 knows no exports
    const attw = run(
      join(ROOT, 'node_modules', '.bin', 'attw'),
      [tarball, '--profile', 'esm-only', '--format', 'json'],
      ROOT,
    );
    assert.equal(attw.status, 0, attw.output);
    const report = JSON.parse(attw.output) as { analysis: { problems: { kind: string; resolutionKind?: string }[] } };
    // what the esm-only profile leaves out: CommonJS resolution under node16 (ESM is require()d at run time) and node10
    const applied = report.analysis.problems.filter(
      (p) => p.resolutionKind !== 'node16-cjs' && p.resolutionKind !== 'node10',
    );
    assert.deepEqual(applied, []);
  });
});
