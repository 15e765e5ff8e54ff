/**
 * `formatSetCookie` against the real thing: Python's `http.cookies.SimpleCookie`
 * (the machine's python3) writes the same `Set-Cookie` values, byte for
 * byte, for a table of attribute sets and for seeded random latin-1 values;
 * and `parseCookieHeader` reads back what SimpleCookie wrote.
 * @module
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { formatSetCookie, parseCookieHeader, type SetCookieOptions } from '../../src/http/cookie.ts';
import { dateToHttp } from '../../src/http/dates.ts';
import { prng } from '../helpers/prng.ts';

/** One cookie for both sides: name, value, attributes (`expires` as the HTTP date both write as given). */
interface Case {
  readonly name: string;
  readonly value: string;
  readonly options: SetCookieOptions;
}

/** SimpleCookie's output for each case, one `Set-Cookie` value per case (latin-1 through JSON). */
const PYTHON = `
import json, sys
from http.cookies import SimpleCookie
out = []
for case in json.load(sys.stdin):
    jar = SimpleCookie()
    jar[case["name"]] = case["value"]
    morsel = jar[case["name"]]
    for key, value in case["attrs"].items():
        morsel[key] = value
    out.append(jar.output(header="").strip())
json.dump(out, sys.stdout)
`;

function python(input: unknown): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = execFile('python3', ['-c', PYTHON], { encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as string[]),
    );
    child.stdin?.end(JSON.stringify(input));
  });
}

/** The attributes as Morsel keys (SimpleCookie writes `expires` as given when it is a string). */
function morselAttrs(options: SetCookieOptions): Record<string, string | number | boolean> {
  const attrs: Record<string, string | number | boolean> = {};
  if (options.domain) attrs.domain = options.domain;
  if (options.expires) attrs.expires = dateToHttp(options.expires);
  if (options.httpOnly) attrs.httponly = true;
  if (options.maxAge !== undefined && options.maxAge !== null) attrs['max-age'] = options.maxAge;
  if (options.path) attrs.path = options.path;
  if (options.sameSite) attrs.samesite = options.sameSite;
  if (options.secure) attrs.secure = true;
  return attrs;
}

test("formatSetCookie writes what Python's SimpleCookie writes", { timeout: 60_000 }, async () => {
  const cases: Case[] = [
    { name: 'SESSID', value: 'abc', options: { path: '/', httpOnly: true } },
    {
      name: 'X',
      value: 'v',
      options: {
        domain: 'ex.org',
        expires: new Date(Date.UTC(2026, 10, 24, 12, 55, 22)),
        httpOnly: true,
        maxAge: 20,
        path: '/p',
        sameSite: 'Strict',
        secure: true,
      },
    },
    { name: 'SESSID', value: '', options: { expires: new Date(0), httpOnly: true, maxAge: 0, path: '/' } },
    { name: 'n', value: 'QlpoOTFBWSZTW+/Q.yS4/W1A504w=', options: { path: '/', sameSite: 'Lax' } },
    { name: 'n', value: 'say "hi"; and \\ bye, \x01\x7f\xe9\xff', options: { maxAge: -1 } },
    { name: 'n', value: 'a:b', options: { sameSite: 'None', secure: true } },
  ];
  const random = prng(1965);
  for (let i = 0; i < 300; i++) {
    let value = '';
    const length = Math.floor(random() * 20);
    for (let j = 0; j < length; j++) value += String.fromCharCode(Math.floor(random() * 256));
    cases.push({ name: `c${i}`, value, options: i % 2 ? { path: '/', httpOnly: true } : {} });
  }
  const expected = await python(
    cases.map(({ name, value, options }) => ({ name, value, attrs: morselAttrs(options) })),
  );
  assert.equal(expected.length, cases.length);
  cases.forEach(({ name, value, options }, index) => {
    const ours = formatSetCookie(name, value, options);
    assert.equal(ours, expected[index], JSON.stringify(value));
    const pair = ours.split('; ')[0] ?? '';
    assert.equal(parseCookieHeader(pair)[name], value);
  });
});
