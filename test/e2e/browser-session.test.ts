/**
 * The session examples in a real browser: Debian's Chromium, driven by
 * playwright-core, is sent to the private page (and back to the login
 * form), logs in through the form, reads the private page, and logs out.
 * The cookie the browser stored is asserted as the browser has it (name,
 * path, HttpOnly, SameSite, not Secure, a session cookie; hidden from page
 * scripts), and its absence after logout. No browser is ever downloaded:
 * without /usr/bin/chromium this test fails and says how to install it.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { createApp as aesSession } from '../../examples/aes-session.ts';
import { createApp as poorSession } from '../../examples/poor-session.ts';
import { createApp as session } from '../../examples/session.ts';
import type { Application } from '../../src/index.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { quietLogger, start } from '../helpers/serve.ts';

const EXAMPLES: ReadonlyArray<[name: string, make: () => Application]> = [
  ['poor-session', () => poorSession()],
  ['aes-session', () => aesSession()],
  ['session', () => session()],
];

describe('the session examples in Chromium: login, private page, logout', () => {
  let profile: string;
  let browser: BrowserContext;

  before(async () => {
    profile = mkdtempSync(join(tmpdir(), 'poorwsgi-chromium-session-'));
    browser = await launchChromium(profile);
  });

  after(async () => {
    await browser?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  for (const [name, make] of EXAMPLES) {
    test(`examples/${name}.ts`, { timeout: 60_000 }, async () => {
      const app = make();
      app.logger = quietLogger();
      const server = await start(app);
      const page = await browser.newPage();
      try {
        // not logged in: the private page sends the browser to the form
        await page.goto(`${server.url}/private`);
        assert.equal(new URL(page.url()).pathname, '/login');
        assert.deepEqual(await browser.cookies(server.url), []);

        // a wrong password: back to the form, no cookie
        await page.fill('input[name="username"]', 'alice');
        await page.fill('input[name="password"]', 'wrong');
        await Promise.all([page.waitForURL(`${server.url}/login`), page.click('button[type="submit"]')]);
        assert.deepEqual(await browser.cookies(server.url), []);

        await page.fill('input[name="username"]', 'alice');
        await page.fill('input[name="password"]', 'secret');
        await Promise.all([page.waitForURL(`${server.url}/private`), page.click('button[type="submit"]')]);
        assert.match(await page.content(), /Hello, <strong>alice<\/strong>!/);

        const cookies = await browser.cookies(server.url);
        assert.equal(cookies.length, 1, JSON.stringify(cookies));
        const [cookie] = cookies;
        assert.equal(cookie?.name, 'SESSID');
        assert.equal(cookie?.domain, '127.0.0.1');
        assert.equal(cookie?.path, '/');
        assert.equal(cookie?.httpOnly, true);
        assert.equal(cookie?.secure, false);
        assert.equal(cookie?.sameSite, 'Lax');
        // no expires nor Max-Age: a session cookie, gone when the browser closes
        assert.equal(cookie?.expires, -1);
        if (name !== 'session') assert.doesNotMatch(cookie?.value ?? '', /alice/);
        // HttpOnly: the page's scripts do not see it
        // (a string of script, run in the page: this file is compiled without the DOM types)
        assert.equal(await page.evaluate('document.cookie'), '');

        // the stored cookie opens the private page again
        await page.goto(`${server.url}/private`);
        assert.equal(new URL(page.url()).pathname, '/private');

        await Promise.all([page.waitForURL(`${server.url}/login`), page.click('a[href="/logout"]')]);
        assert.deepEqual(await browser.cookies(server.url), []);
        await page.goto(`${server.url}/private`);
        assert.equal(new URL(page.url()).pathname, '/login');
      } finally {
        await page.close();
        await browser.clearCookies();
        await server.close();
      }
    });
  }
});
