/**
 * HTTP Digest authentication: a port of PoorWSGI's `examples/http_digest.py`,
 * route for route. The users are those of `test.digest` next to this file
 * (user/looser, foo/bar, Ondřej/heslíčko in `User Zone`, admin/admin in
 * `Admin Zone`; sha/sha too, whose HA1 is SHA-256: it logs in with the
 * `SHA-256` algorithms only).
 *
 * Run: `npx tsx examples/http-digest.ts` (serves on 127.0.0.1:$PORT, default
 * 8080). The environment can change what the application is made with:
 * `AUTH_ALGORITHM` (`MD5-sess` by default, or `MD5`, `SHA-256`,
 * `SHA-256-sess`), `SECRET_KEY` (random by default: give several processes
 * serving the same users the same one) and `REDIS_URL` (the nonce counts in
 * Redis, shared by those processes, so that a request replayed to another
 * process is refused too).
 * @module
 */
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Application,
  EmptyResponse,
  HTTP_BAD_REQUEST,
  HTTPException,
  htmlEscape,
  METHOD_POST,
  type Request,
  redirect,
} from 'poorwsgi';
import {
  checkDigest,
  type DigestAlgorithm,
  hexdigest,
  type NonceCountStore,
  PasswordMap,
  RedisNonceStore,
} from 'poorwsgi/auth';
import { isMain, serveExample } from './run-direct.ts';

/** The users: resolved from this file, not from the working directory. */
export const PASSWORD_FILE = fileURLToPath(new URL('./test.digest', import.meta.url));

const ADMIN = 'Admin Zone';
const USER = 'User Zone';
const TITLE = basename(fileURLToPath(import.meta.url));

/** How {@link createApp} makes the application; every field has a default. */
export interface DigestExampleOptions {
  /** The Digest algorithm (default `'MD5-sess'`, PoorWSGI's). */
  readonly algorithm?: DigestAlgorithm;
  /** The key nonces are signed with (default: 32 random bytes, new for each application). */
  readonly secretKey?: string | Uint8Array;
  /** Where nonce counts are recorded (default: the application's own memory). */
  readonly nonceStore?: NonceCountStore;
}

function header(title: string): string[] {
  return [
    '<html>',
    '<head>',
    '<meta http-equiv="content-type" content="text/html; charset=utf-8"/>',
    `<title>${TITLE} - ${htmlEscape(title)}</title>`,
    '</head>',
    '<body>',
    `<h1>${TITLE} - ${htmlEscape(title)}</h1>`,
  ];
}

const FOOTER = [
  '<hr>',
  '<small>Copyright (c) 2020 Ondřej Tůma. See ',
  '<a href="http://poorhttp.zeropage.cz">poorhttp.zeropage.cz</a></small>.',
  '</body>',
  '</html>',
];

/** An HTML link; the text and title default to each other, then to the address. */
function link(href: string, text?: string, title?: string): string {
  const shown = text ?? title ?? href;
  return `<a href="${htmlEscape(encodeURI(href))}" title="${htmlEscape(title ?? shown)}">${htmlEscape(shown)}</a>`;
}

/** A page sent line by line, as the Python example yields it. */
function* page(body: readonly string[]): Generator<Uint8Array> {
  for (const line of [...header('Root'), ...body, ...FOOTER]) yield Buffer.from(`${line}\n`);
}

/** The page of a `User Zone` address with anything in its path. */
function genericResponse(app: Application, url: string, user: unknown): Generator<Uint8Array> {
  return page([
    `<h2>${USER} test for ${app.authAlgorithm} algorithm.</h2>`,
    `User: ${htmlEscape(String(user))}`,
    '<ul>',
    `<li>${link('/', 'Root')}</li>`,
    `<li>${link(`${url}?param=text`, 'one more time')}</li>`,
    '</ul>',
  ]);
}

/**
 * A new HTTP Digest example application, its users read from
 * {@link PASSWORD_FILE}. A password changed through `/foo/passwd` is
 * changed in this application's memory only, as in the Python example.
 */
export function createApp(options: DigestExampleOptions = {}): Application {
  const app = new Application('http_digest');
  app.debug = true;
  // secretKey before authType: the nonces are signed with it
  app.secretKey = options.secretKey ?? randomBytes(32);
  app.authAlgorithm = options.algorithm ?? 'MD5-sess';
  app.authType = 'Digest';
  app.authTimeout = 60;
  if (options.nonceStore !== undefined) app.authNonceStore = options.nonceStore;
  const users = new PasswordMap(PASSWORD_FILE).load();
  app.authMap = users;

  app.route('/', () =>
    page([
      '<ul>',
      `<li>${link('/admin_zone')} - admin zone (admin/admin)</li>`,
      `<li>${link('/user_zone')} - user zone (user/looser)</li>`,
      `<li>${link('/user')} - user (user/looser)</li>`,
      `<li>${link('/foo')} - foo (foo/bar)</li>`,
      `<li>${link('/unknown')} - unknown</li>`,
      `<li>${link('/spaces in url')} - spaces in url</li>`,
      `<li>${link('/čeština v url')} - diacitics in url</li>`,
      `<li>${link('/crazy in url 🤪')} - unicode in url</li>`,
      '</ul>',
    ]),
  );

  app.route(
    '/admin_zone',
    checkDigest(ADMIN)(() =>
      page([
        `<h2>${ADMIN} test for ${app.authAlgorithm} algorithm.</h2>`,
        '<ul>',
        `<li>${link('/', 'Root')}</li>`,
        `<li>${link('/admin_zone?arg=42', 'one more time')}</li>`,
        '</ul>',
      ]),
    ),
  );

  app.route(
    '/user_zone',
    checkDigest(USER)((req) =>
      page([
        `<h2>${USER} test for ${app.authAlgorithm} algorithm.</h2>`,
        `User: ${htmlEscape(String(req.user))}`,
        '<ul>',
        `<li>${link('/', 'Root')}</li>`,
        `<li>${link('/user_zone?param=text', 'one more time')}</li>`,
        '</ul>',
      ]),
    ),
  );

  app.route(
    '/user',
    checkDigest(
      USER,
      'user',
    )((req) =>
      page([
        `<h2>User test for ${app.authAlgorithm} algorithm.</h2>`,
        `User: ${htmlEscape(String(req.user))}`,
        '<ul>',
        `<li>${link('/', 'Root')}</li>`,
        `<li>${link('/admin?param=1234', 'one more time')}</li>`,
        '</ul>',
      ]),
    ),
  );

  app.route(
    '/foo',
    checkDigest(
      USER,
      'foo',
    )((req) =>
      page([
        `<h2>Foo test for ${app.authAlgorithm} algorithm.</h2>`,
        `User: ${htmlEscape(String(req.user))}`,
        '<ul>',
        `<li>${link('/', 'Root')}</li>`,
        '</ul>',
        '<form method="post" action="/foo/passwd">',
        '<label>Enter new password:',
        '<input type="password" name="password"/>',
        '</label>',
        '<button type="submit">Change Password</button>',
        '</form>',
      ]),
    ),
  );

  app.route(
    '/foo/passwd',
    checkDigest(
      USER,
      'foo',
    )((req: Request) => {
      const password = req.form.getfirst('password');
      if (typeof password !== 'string') {
        throw new HTTPException(HTTP_BAD_REQUEST, { error: 'The form field password is missing' });
      }
      // the HA1 of the application's hash: MD5 for the MD5 algorithms, SHA-256 for the others
      users.set(USER, 'foo', hexdigest('foo', USER, password, app.authAlgorithm));
      redirect('/foo');
    }),
    METHOD_POST,
  );

  app.route(
    '/unknown',
    checkDigest(USER, 'unknown')(() => new EmptyResponse()),
  );

  app.route(
    '/spaces in url',
    checkDigest(USER)((req) => genericResponse(app, req.path, req.user)),
  );

  app.route(
    '/čeština v url',
    checkDigest(USER)((req) => genericResponse(app, req.path, req.user)),
  );

  app.route(
    '/crazy in url 🤪',
    checkDigest(USER)((req) => genericResponse(app, req.path, req.user)),
  );

  return app;
}

/**
 * A nonce-count store in the Redis at `url`, connected before the first
 * request: a Redis that cannot be reached stops the program at once, and the
 * first request does not wait for the connection.
 */
async function redisStore(url: string): Promise<NonceCountStore> {
  // the optional peer package, loaded only when it is asked for
  const { createClient } = await import('redis');
  const client = createClient({ url });
  client.on('error', (error: Error) => console.error('Redis:', error.message));
  await client.connect();
  return new RedisNonceStore({ client });
}

/** The application as the environment asks for it (see the module's comment). */
async function fromEnvironment(env: NodeJS.ProcessEnv): Promise<Application> {
  return createApp({
    ...(env.AUTH_ALGORITHM ? { algorithm: env.AUTH_ALGORITHM as DigestAlgorithm } : {}),
    ...(env.SECRET_KEY ? { secretKey: env.SECRET_KEY } : {}),
    ...(env.REDIS_URL ? { nonceStore: await redisStore(env.REDIS_URL) } : {}),
  });
}

if (isMain(import.meta.url)) await serveExample(await fromEnvironment(process.env));
