/**
 * The cost of HTTP Digest authentication: one request through the whole
 * pipeline (`app.handle`, as the `pipeline` cases) to a route behind
 * `checkDigest`, next to the same route without it, for MD5-sess and
 * SHA-256; the 401 with its challenge; the memory nonce store alone. The
 * credentials are one valid `Authorization` header reused, so the cases with
 * a replay check would refuse the second operation: those run with a store
 * that lets every count through, and the store's own cost is its case.
 * @module
 */
import { checkDigest, type DigestAlgorithm, MemoryNonceStore } from '../../../src/auth/index.ts';
import { Application, tuple } from '../../../src/index.ts';
import type { RawRequest } from '../../../src/request/raw-request.ts';
import { digestAuthorization, H, parseChallenge } from '../../../test/helpers/digest-client.ts';
import { HELLO } from '../../http/servers/shared.ts';
import type { BenchCase } from '../harness.ts';
import { fakeRequest } from './fake-request.ts';

const REALM = 'User Zone';
const HEADERS = ['Host', '127.0.0.1:3106', 'User-Agent', 'curl/8.5.0', 'Accept', '*/*'];
const silent = { error() {}, warn() {}, info() {}, debug() {} };

/** An application with `/open` and `/user` (behind Digest) answering the same text. */
function digestApp(algorithm: DigestAlgorithm): Application {
  const app = new Application('bench-digest', {
    secretKey: 'bench secret key',
    authType: 'Digest',
    authAlgorithm: algorithm,
    // the same header is sent every time: a store that lets every count through
    authNonceStore: { advance: () => true },
    logger: silent,
  });
  app.authMap = { [REALM]: { user: H(algorithm, `user:${REALM}:looser`) } };
  app.route('/open', () => tuple(HELLO, 'text/plain; charset=utf-8'));
  app.route(
    '/user',
    checkDigest(REALM)(() => tuple(HELLO, 'text/plain; charset=utf-8')),
  );
  return app;
}

/** A request to `/user` with valid credentials, from the challenge of a first request. */
async function credentials(app: Application): Promise<RawRequest> {
  const { response } = await app.handle(fakeRequest('GET', '/user', HEADERS));
  const challenge = parseChallenge(response.headers.get('WWW-Authenticate') ?? null);
  const authorization = digestAuthorization({
    user: 'user',
    password: 'looser',
    method: 'GET',
    uri: '/user',
    challenge,
  });
  return fakeRequest('GET', '/user', [...HEADERS, 'Authorization', authorization]);
}

async function expect(app: Application, raw: RawRequest, status: number, name: string): Promise<void> {
  const { response } = await app.handle(raw);
  if (response.statusCode !== status) throw new Error(`digest ${name}: got ${response.statusCode}, expected ${status}`);
}

/** The Digest cases. */
export async function digestCases(): Promise<BenchCase[]> {
  const cases: BenchCase[] = [];
  const md5 = digestApp('MD5-sess');
  const open = fakeRequest('GET', '/open', HEADERS);
  const none = fakeRequest('GET', '/user', HEADERS);
  await expect(md5, open, 200, 'open');
  await expect(md5, none, 401, 'no credentials');
  cases.push({
    group: 'digest',
    name: 'handle GET /open (no Digest: the bare route)',
    fn: () => md5.handle(open),
    async: true,
  });
  for (const algorithm of ['MD5-sess', 'SHA-256'] as const) {
    const app = algorithm === 'MD5-sess' ? md5 : digestApp(algorithm);
    const raw = await credentials(app);
    await expect(app, raw, 200, algorithm);
    cases.push({
      group: 'digest',
      name: `handle GET /user, valid Digest ${algorithm} credentials`,
      fn: () => app.handle(raw),
      async: true,
    });
  }
  cases.push({
    group: 'digest',
    name: 'handle GET /user, no credentials: 401 + challenge',
    fn: () => md5.handle(none),
    async: true,
  });
  const store = new MemoryNonceStore();
  let count = 0;
  cases.push({
    group: 'digest',
    name: 'MemoryNonceStore.advance, one nonce, growing count',
    fn: () => store.advance('bench-nonce', ++count, 300),
  });
  const many = new MemoryNonceStore();
  let n = 0;
  cases.push({
    group: 'digest',
    name: 'MemoryNonceStore.advance, a new nonce each time (full at 10,000)',
    fn: () => many.advance(`nonce-${++n}`, 1, 300 + n),
  });
  return cases;
}
