/**
 * PoorSession example: a port of PoorWSGI's `examples/poor_session.py`,
 * route for route.
 *
 * The user name is kept in a `PoorSession` cookie: compressed, hidden and
 * signed with the application's `secretKey` (random per run here, so every
 * session ends with the process); nothing is stored on the server. Log in
 * with any non-empty user name and the password `secret`.
 *
 * Run: `npx tsx examples/poor-session.ts` (serves on 127.0.0.1:$PORT, default 8080).
 * @module
 */
import { randomBytes } from 'node:crypto';
import { Application, htmlEscape, METHOD_POST, RedirectResponse, type Request, redirect } from 'poorwsgi';
import { PoorSession, SessionError } from 'poorwsgi/session';
import { isMain, serveExample } from './run-direct.ts';
import { INDEX_LINKS, LOGIN_FORM, page, validLogin } from './session-pages.ts';

const FOOTER = 'PoorSession example';

/** A new PoorSession application; `secretKey` is random by default. */
export function createApp(secretKey: Uint8Array = randomBytes(32)): Application {
  const app = new Application('poor-session');
  app.debug = true;
  app.secretKey = secretKey;

  /** poor_session.py's `check_login`: the handler gets the user name, or the client goes to /login. */
  const checkLogin =
    (handler: (req: Request, username: string) => string) =>
    (req: Request): string => {
      const session = new PoorSession(app.secretKey);
      try {
        session.load(req.cookies);
      } catch (err) {
        // a forged, tampered or expired cookie: as if there were none
        if (!(err instanceof SessionError)) throw err;
        redirect('/login', 302, 'Invalid session');
      }
      const username = session.data.user;
      if (typeof username !== 'string' || !username) redirect('/login', 302, 'Login required');
      return handler(req, username);
    };

  app.route('/', () => page('PoorSession demo', INDEX_LINKS, FOOTER));

  app.route('/login', () => page('Login', LOGIN_FORM, FOOTER));

  app.route(
    '/login',
    (req) => {
      const username = validLogin(req);
      if (username === null) redirect('/login');
      const response = new RedirectResponse('/private');
      const session = new PoorSession(app.secretKey, { secure: false, sameSite: 'Lax' });
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
          '<p>Your session is stored in an encrypted cookie (no external dependencies).</p>',
          '<p><a href="/logout">Log out</a></p>',
        ],
        FOOTER,
      ),
    ),
  );

  app.route('/logout', () => {
    const response = new RedirectResponse('/login');
    const session = new PoorSession(app.secretKey);
    session.destroy();
    session.header(response);
    return response;
  });

  return app;
}

if (isMain(import.meta.url)) await serveExample(createApp());
