/**
 * Digest replay protection on a real socket: credentials captured from the
 * wire (the test's own client, and curl's, read from its verbose output)
 * sent again byte for byte are refused with a stale challenge; the counts of
 * one connection's pipelined requests grow and are all let in.
 * @module
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { checkDigest } from '../../src/auth/index.ts';
import { Application } from '../../src/index.ts';
import { digestAuthorization, H, parseChallenge } from '../helpers/digest-client.ts';
import { parseRaw, quietLogger, type Running, rawExchange, splitResponses, start } from '../helpers/serve.ts';

const REALM = 'User Zone';

function makeApp(): Application {
  const app = new Application('digest-replay', {
    secretKey: 'replay test key',
    authType: 'Digest',
    errorFormat: 'text',
    logger: quietLogger(),
  });
  app.authMap = { [REALM]: { user: H('MD5', `user:${REALM}:looser`) } };
  app.route(
    '/user',
    checkDigest(REALM)((req) => `user ${String(req.user)}`),
  );
  return app;
}

/** A raw GET with the given extra header lines. */
function get(path: string, lines: readonly string[], close = true): string {
  return [`GET ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'User-Agent: raw/1', ...lines, close ? 'Connection: close' : '']
    .filter((line) => line !== '')
    .concat('', '')
    .join('\r\n');
}

/** Run curl -v and collect what it printed on both streams. */
function curlVerbose(args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile('curl', ['-s', '-v', '--max-time', '20', ...args], (err, stdout, stderr) =>
      err ? reject(err) : resolve({ stdout, stderr }),
    );
  });
}

describe('Digest replays on a real socket', () => {
  let server: Running;
  before(async () => {
    server = await start(makeApp());
  });
  after(() => server.close());

  async function challenge(): Promise<Record<string, string>> {
    const res = parseRaw(await rawExchange(server.port, get('/user', [])));
    assert.equal(res.status, 401);
    return parseChallenge(res.headers.get('www-authenticate')?.[0] ?? null);
  }

  test('the same request sent again on a new connection is refused with stale=true', async () => {
    const header = digestAuthorization({
      user: 'user',
      password: 'looser',
      method: 'GET',
      uri: '/user',
      challenge: await challenge(),
    });
    const request = get('/user', [`Authorization: ${header}`]);
    const first = parseRaw(await rawExchange(server.port, request));
    assert.equal(first.status, 200);
    assert.equal(first.body, 'user user');
    const replay = parseRaw(await rawExchange(server.port, request));
    assert.equal(replay.status, 401);
    const fresh = parseChallenge(replay.headers.get('www-authenticate')?.[0] ?? null);
    assert.equal(fresh.stale, 'true');
    assert.equal(fresh.realm, REALM);
  });

  test('pipelined requests on one connection with growing counts are all let in; a repeat among them is not', async () => {
    const found = await challenge();
    const at = (nc: number, close = false) =>
      get(
        '/user',
        [
          `Authorization: ${digestAuthorization({ user: 'user', password: 'looser', method: 'GET', uri: '/user', challenge: found, nc })}`,
        ],
        close,
      );
    const answers = splitResponses(await rawExchange(server.port, at(1) + at(2) + at(3) + at(2, true)));
    assert.deepEqual(
      answers.map((res) => res.status),
      [200, 200, 200, 401],
    );
  });

  test("curl's own Digest answer, replayed from its verbose output, is refused", async () => {
    const url = `http://127.0.0.1:${server.port}/user?from=curl`;
    const run = await curlVerbose(['--digest', '-u', 'user:looser', '-A', 'raw/1', url]);
    assert.match(run.stdout, /^user user$/);
    const sent = /^> Authorization: (Digest .*)\r?$/m.exec(run.stderr)?.[1];
    assert.ok(sent, run.stderr);
    const replay = parseRaw(await rawExchange(server.port, get('/user?from=curl', [`Authorization: ${sent}`])));
    assert.equal(replay.status, 401);
    assert.equal(parseChallenge(replay.headers.get('www-authenticate')?.[0] ?? null).stale, 'true');
  });

  test('curl with a wrong password gets a 401', async () => {
    const run = await curlVerbose([
      '--digest',
      '-u',
      'user:wrong',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      `http://127.0.0.1:${server.port}/user`,
    ]);
    assert.equal(run.stdout, '401');
  });
});
