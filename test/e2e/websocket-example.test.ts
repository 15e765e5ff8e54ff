/**
 * `examples/websocket.ts` run as a program and chatted with by three real
 * clients: `ws` (Node), Python's websocket-client (Debian
 * `python3-websocket`, `test/e2e/python/websocket_chat.py`) and Chromium
 * through playwright-core, typing into the example's page. Then SIGTERM:
 * the open sockets are closed with 1001 and the process exits.
 * @module
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ANSWERS } from '../../examples/websocket.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { ROOT, runCommand } from '../helpers/run-command.ts';
import { parseRaw, rawExchange } from '../helpers/serve.ts';
import { connectClient, handshake } from '../helpers/websocket.ts';

const EXAMPLE = join(ROOT, 'examples', 'websocket.ts');
const SERVING = /Starting to serve on http:\/\/127\.0\.0\.1:(\d+)/;
const TIME = String.raw`\[<i>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d</i>\]`;

/** The example as a child process on a free port. */
async function startExample(): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), EXAMPLE], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', NODE_OPTIONS: '', TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    out += text;
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      out += text;
      const match = SERVING.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`the example exited (${code}) before serving:\n${out}`)));
  });
  return { child, port, output: () => out };
}

/** The first interpreter with websocket-client: the PATH's python3, else Debian's. */
async function pythonWithWebsocket(): Promise<string | undefined> {
  for (const python of ['python3', '/usr/bin/python3']) {
    if ((await runCommand(python, ['-c', 'import websocket'])).exitCode === 0) return python;
  }
  return undefined;
}

describe('examples/websocket.ts as a program', () => {
  let example: Awaited<ReturnType<typeof startExample>>;
  let base: string;
  before(async () => {
    example = await startExample();
    base = `127.0.0.1:${example.port}`;
  });
  after(() => {
    if (example.child.exitCode === null && example.child.signalCode === null) example.child.kill('SIGKILL');
  });

  test('a ws client: the greeting, each message echoed escaped with the time, and a random reply', async () => {
    const client = await connectClient(`ws://${base}/ws`, { origin: `http://${base}` });
    assert.match(String((await client.next())[0]), new RegExp(`^${TIME} Hello$`));
    client.ws.send(' <script>alert("x")</script> & more ');
    const [echo, reply] = (await client.next(2)).map(String);
    assert.match(
      echo ?? '',
      new RegExp(`^${TIME} <b>&lt;script&gt;alert\\(&quot;x&quot;\\)&lt;/script&gt; &amp; more</b>$`),
    );
    const answer = new RegExp(`^${TIME} (.*)$`, 's').exec(reply ?? '')?.[1] ?? '';
    assert.ok(ANSWERS.includes(answer), reply);
    client.ws.send(Buffer.from('binary ✓'));
    assert.match(String((await client.next(2))[0]), /<b>binary ✓<\/b>$/);
    client.ws.close(1000);
    assert.equal((await client.closed).code, 1000);
  });

  test('hostile handshakes from raw sockets: 400, 403 for a foreign origin, 404, and the page still served', async () => {
    const bad = [
      handshake('/ws', [], ['Sec-WebSocket-Key']),
      handshake('/ws', ['Sec-WebSocket-Version: 99'], ['Sec-WebSocket-Version']),
      handshake(
        '/ws',
        Array.from({ length: 200 }, (_, i) => `X-${i}: ${'y'.repeat(10)}`),
      ),
    ];
    for (const request of bad) assert.equal(parseRaw(await rawExchange(example.port, request)).status, 400);
    // a header section larger than Node's parser takes: Node's own 431, and the process goes on
    const huge = handshake('/ws', [`X-Big: ${'a'.repeat(20_000)}`]);
    assert.equal(parseRaw(await rawExchange(example.port, huge)).status, 431);
    assert.equal(
      parseRaw(await rawExchange(example.port, handshake('/ws', ['Origin: https://evil.example']))).status,
      403,
    );
    assert.equal(parseRaw(await rawExchange(example.port, handshake('/nope'))).status, 404);
    const get = await fetch(`http://${base}/ws`);
    assert.equal(get.status, 426);
    assert.equal(get.headers.get('upgrade'), 'websocket');
    assert.match(await (await fetch(`http://${base}/`)).text(), /<title>WebSocket Example<\/title>/);
  });

  test('Python websocket-client chats with it', { timeout: 60_000 }, async () => {
    const python = await pythonWithWebsocket();
    assert.ok(python, 'Python websocket-client is needed (Debian: apt-get install python3-websocket)');
    const run = await runCommand(python, ['test/e2e/python/websocket_chat.py'], { WS_URL: `ws://${base}/ws` });
    assert.equal(run.exitCode, 0, run.output);
    assert.match(run.output, /chat ok/);
  });

  test('Chromium loads the page and chats through it', { timeout: 60_000 }, async () => {
    const profile = mkdtempSync(join(tmpdir(), 'poorwsgi-chromium-websocket-'));
    const browser = await launchChromium(profile);
    try {
      const page = await browser.newPage();
      await page.goto(`http://${base}/`);
      await page.locator('#state', { hasText: 'Connected' }).waitFor();
      await page.locator('#board', { hasText: 'Hello' }).waitFor();
      await page.fill('#message', 'Hi <b>there</b>');
      await page.click('input[type="submit"]');
      // the echo shows the text as typed: escaped by the server, no markup of a visitor's becomes markup
      const echoed = page.locator('#board > b').first();
      await echoed.waitFor();
      assert.equal(await echoed.textContent(), 'Hi <b>there</b>');
      await page.waitForFunction("document.getElementById('board').innerHTML.split('<br>').length >= 4");
      const board = String(await page.evaluate("document.getElementById('board').innerHTML")).split('<br>');
      assert.equal(board.length, 4, board.join('\n'));
      assert.match(board[1] ?? '', new RegExp(`^${TIME} Hello$`));
      assert.match(board[2] ?? '', new RegExp(`^${TIME} <b>Hi &lt;b&gt;there&lt;/b&gt;</b>$`));
      assert.ok(ANSWERS.includes(board[3]?.replace(new RegExp(`^${TIME} `), '') ?? ''), board.join('\n'));
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });

  test('SIGTERM closes the open sockets with 1001 and the process exits 0', { timeout: 30_000 }, async () => {
    const clients = await Promise.all([
      connectClient(`ws://${base}/ws`, { origin: `http://${base}` }),
      connectClient(`ws://${base}/ws`),
    ]);
    for (const client of clients) await client.next();
    const exited = once(example.child, 'exit');
    example.child.kill('SIGTERM');
    for (const client of clients) assert.deepEqual(await client.closed, { code: 1001, reason: 'Server shutting down' });
    const [code] = await exited;
    assert.equal(code, 0, example.output());
  });
});
