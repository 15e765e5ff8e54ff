/**
 * AESSession example: a port of PoorWSGI's `examples/aes_session.py`,
 * route for route.
 *
 * The user name is kept in an `AESSession` cookie: encrypted with
 * AES-256-CTR and signed with HMAC-SHA256 (node:crypto); nothing is stored
 * on the server. The key is random per run, so every session ends with the
 * process. Log in with any non-empty user name and the password `secret`.
 *
 * Run: `npx tsx examples/aes-session.ts` (serves on 127.0.0.1:$PORT, default 8080).
 * @module
 */
import { randomBytes } from 'node:crypto';
import { Application, htmlEscape, METHOD_POST, RedirectResponse, type Request, redirect } from 'poorwsgi';
import { AESSession, type SealedSessionOptions } from 'poorwsgi/session';
import { isMain, serveExample } from './run-direct.ts';
import { INDEX_LINKS, LOGIN_FORM, page, validLogin } from './session-pages.ts';

const FOOTER = 'AESSession example';

/** The cookie options of the session written at login. */
const SESSION_CONFIG: SealedSessionOptions = { secure: false, sameSite: 'Lax' };

/** A new AESSession application; `secret` is random by default. */
export function createApp(secret: Uint8Array = randomBytes(32)): Application {
  const app = new Application('aes-session');
  app.debug = true;

  /** aes_session.py's `check_login`: the handler gets the user name, or the client goes to /login. */
  const checkLogin =
    (handler: (req: Request, username: string) => string) =>
    (req: Request): string => {
      const session = new AESSession(secret);
      // tryLoad: a bad cookie leaves the session empty and is returned, not thrown
      if (session.tryLoad(req.cookies) !== null) redirect('/login', 302, 'Invalid session');
      const username = session.data.user;
      if (typeof username !== 'string' || !username) redirect('/login', 302, 'Login required');
      return handler(req, username);
    };

  app.route('/', () => page('AESSession demo', INDEX_LINKS, FOOTER));

  app.route('/login', () => page('Login', LOGIN_FORM, FOOTER));

  app.route(
    '/login',
    (req) => {
      const username = validLogin(req);
      if (username === null) redirect('/login');
      const response = new RedirectResponse('/private');
      const session = new AESSession(secret, SESSION_CONFIG);
      // what the visitor had before logging in (a bad cookie: nothing), under a new identity: against session fixation
      session.tryLoad(req.cookies);
      session.regenerate();
      session.data.user = username;
      session.header(response);
      return response;
    },
    METHOD_POST,
  );

  app.route(
    '/private',
    checkLogin((_req, username) =>
      page(
        'Private page',
        [
          `<p>Hello, <strong>${htmlEscape(username)}</strong>!</p>`,
          '<p>Your session is encrypted with AES-256-CTR + HMAC-SHA256.</p>',
          '<p><a href="/logout">Log out</a></p>',
        ],
        FOOTER,
      ),
    ),
  );

  app.route('/logout', () => {
    const response = new RedirectResponse('/login');
    const session = new AESSession(secret);
    session.destroy();
    session.header(response);
    return response;
  });

  return app;
}

if (isMain(import.meta.url)) await serveExample(createApp());
