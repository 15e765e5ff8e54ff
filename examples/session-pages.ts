/**
 * The pages the three session examples share (`session.ts`,
 * `poor-session.ts`, `aes-session.ts`): they differ only in how the session
 * is kept, as PoorWSGI's `session.py`, `poor_session.py` and `aes_session.py` do.
 * @module
 */
import type { Request } from 'poorwsgi';

/** The password of every user of the demos. */
export const PASSWORD = 'secret';

/** An HTML page with the examples' head and foot; `footer` names the example. */
export function page(title: string, body: readonly string[], footer: string): string {
  return [
    '<html>',
    '<head>',
    '<meta http-equiv="content-type" content="text/html; charset=utf-8"/>',
    `<title>${title}</title>`,
    '</head>',
    '<body>',
    `<h1>${title}</h1>`,
    ...body,
    '<hr>',
    `<small>${footer} — PoorWSGI</small>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The links of the index page. */
export const INDEX_LINKS: readonly string[] = [
  '<ul>',
  '<li><a href="/login">/login</a> — log in</li>',
  '<li><a href="/private">/private</a> — protected page</li>',
  '<li><a href="/logout">/logout</a> — log out</li>',
  '</ul>',
];

/** The login form. */
export const LOGIN_FORM: readonly string[] = [
  '<form method="post">',
  '<label>Username: <input type="text" name="username"/></label><br/>',
  '<label>Password: <input type="password" name="password"/></label><br/>',
  '<button type="submit">Login</button>',
  '</form>',
  '<p><em>Password is: secret</em></p>',
];

/** The user name and password of a posted login form (`''` when missing). */
export function credentials(req: Request): { username: string; password: string } {
  return {
    username: String(req.form.getfirst('username') ?? ''),
    password: String(req.form.getfirst('password') ?? ''),
  };
}

/** A login the demos accept: any non-empty user name with {@link PASSWORD}. */
export function validLogin(req: Request): string | null {
  const { username, password } = credentials(req);
  return username && password === PASSWORD ? username : null;
}
