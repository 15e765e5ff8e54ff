/**
 * Session + JWT example: a port of PoorWSGI's `examples/session.py`, route
 * for route.
 *
 * A plain `Session` cookie holds a JWT (HS256, made and checked here with
 * node:crypto): the server signs it at login and checks it on every
 * protected request, so no state is kept on the server. Log in with any
 * non-empty user name and the password `secret`.
 *
 * Run: `npx tsx examples/session.ts` (serves on 127.0.0.1:$PORT, default 8080).
 * @module
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Application, htmlEscape, METHOD_POST, RedirectResponse, type Request, redirect } from 'poorwsgi';
import { Session } from 'poorwsgi/session';
import { isMain, serveExample } from './run-direct.ts';
import { INDEX_LINKS, LOGIN_FORM, page, validLogin } from './session-pages.ts';

const FOOTER = 'Session + JWT example';

/** How long a token is valid, in seconds. */
export const JWT_EXPIRY = 3600;

/** The claims of the token: the user (`sub`) and the expiry (`exp`, epoch seconds). */
export interface Claims {
  readonly sub: string;
  readonly exp: number;
}

const JWT_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function hs256(secret: Uint8Array, input: string): Buffer {
  return createHmac('sha256', secret).update(input).digest();
}

/** A JWT (RFC 7519) signed with HMAC-SHA256: `header.payload.signature`, base64url without padding. */
export function jwtEncode(claims: Claims, secret: Uint8Array): string {
  const input = `${JWT_HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${hs256(secret, input).toString('base64url')}`;
}

/**
 * The claims of a token this server signed and that has not expired;
 * `null` for anything else (another header or algorithm, a bad signature,
 * an expired or malformed token), as PyJWT's `decode` raising `PyJWTError`.
 */
export function jwtDecode(token: string, secret: Uint8Array, now: number = Date.now() / 1000): Claims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts as [string, string, string];
  // only HS256, with the header we write: no "none", no algorithm chosen by the token
  if (header !== JWT_HEADER) return null;
  // compared as text: base64url has several spellings of the same bytes, a token has one
  const expected = Buffer.from(hs256(secret, `${header}.${payload}`).toString('base64url'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims !== 'object' || claims === null) return null;
    const { sub, exp } = claims as Record<string, unknown>;
    if (typeof sub !== 'string' || typeof exp !== 'number' || now >= exp) return null;
    return { sub, exp };
  } catch {
    return null;
  }
}

/**
 * A new session + JWT application.
 * @param secret the key tokens are signed with (a random one by default: tokens end with the process)
 */
export function createApp(secret: Uint8Array = randomBytes(32)): Application {
  const app = new Application('session');
  app.debug = true;

  /** session.py's `check_login`: the handler gets the token's claims, or the client goes to /login. */
  const checkLogin =
    (handler: (req: Request, login: Claims) => string) =>
    (req: Request): string => {
      const session = new Session();
      session.load(req.cookies);
      const token = session.data;
      if (!token) redirect('/login', 302, 'Login required');
      const login = jwtDecode(token, secret);
      if (login === null) redirect('/login', 302, 'Session expired or invalid');
      return handler(req, login);
    };

  app.route('/', () => page('Session + JWT demo', INDEX_LINKS, FOOTER));

  app.route('/login', () => page('Login', LOGIN_FORM, FOOTER));

  app.route(
    '/login',
    (req) => {
      const username = validLogin(req);
      if (username === null) redirect('/login');
      const token = jwtEncode({ sub: username, exp: Math.trunc(Date.now() / 1000) + JWT_EXPIRY }, secret);
      const response = new RedirectResponse('/private');
      const session = new Session({ secure: false, sameSite: 'Lax' });
      session.data = token;
      session.header(response);
      return response;
    },
    METHOD_POST,
  );

  app.route(
    '/private',
    checkLogin((_req, login) =>
      page(
        'Private page',
        [
          `<p>Hello, <strong>${htmlEscape(login.sub)}</strong>!</p>`,
          `<p>Your token expires at Unix time ${login.exp}.</p>`,
          '<p><a href="/logout">Log out</a></p>',
        ],
        FOOTER,
      ),
    ),
  );

  app.route('/logout', () => {
    const response = new RedirectResponse('/login');
    const session = new Session();
    session.destroy();
    session.header(response);
    return response;
  });

  return app;
}

if (isMain(import.meta.url)) await serveExample(createApp());
