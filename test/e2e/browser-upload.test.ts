/**
 * A real browser form submit: Debian's Chromium, driven by playwright-core,
 * posts a multipart form with text, two files and an empty file input.
 * No browser is ever downloaded: without /usr/bin/chromium this test fails
 * and says how to install it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import {
  Application,
  DiskFile,
  type FieldStorage,
  type FieldValue,
  METHOD_GET_POST,
  type Request,
  tuple,
} from '../../src/index.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { quietLogger, type Running, start } from '../helpers/serve.ts';
import { eventually, tempDirectory } from '../helpers/upload.ts';

const temp = tempDirectory();

const FORM = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>upload</title></head><body>
<form method="post" action="/upload" enctype="multipart/form-data">
  <input type="text" name="name">
  <input type="file" name="files" multiple>
  <input type="file" name="nothing">
  <textarea name="note"></textarea>
  <input type="submit" id="send" value="Send">
</form></body></html>`;

function makeApp(): Application {
  const app = new Application('browser', { tempDir: temp.dir, logger: quietLogger() });
  app.route('/', () => FORM);
  app.route(
    '/upload',
    (req: Request) => {
      const form = req.form as FieldStorage<FieldValue>;
      const seen: unknown[] = [];
      for (const item of form.list ?? []) {
        const value = item.value;
        seen.push({
          name: item.name,
          filename: item.filename,
          type: item.type,
          file: item.file instanceof DiskFile,
          value: Buffer.isBuffer(value) ? `bytes:${value.toString('base64')}` : value,
        });
      }
      return tuple(
        `<pre id="seen">${JSON.stringify(seen).replaceAll('<', '\\u003c')}</pre>`,
        'text/html; charset=utf-8',
      );
    },
    METHOD_GET_POST,
  );
  return app;
}

describe('a Chromium form submit (playwright-core)', () => {
  let srv: Running;
  let browser: BrowserContext | undefined;
  let profile: string;
  before(async () => {
    srv = await start(makeApp());
    profile = mkdtempSync(join(tmpdir(), 'poorwsgi-chromium-'));
  });
  after(async () => {
    await browser?.close();
    await srv.close();
    rmSync(profile, { recursive: true, force: true });
    temp.remove();
  });

  test('text, UTF-8 names, two files, binary bytes and an empty file input arrive as sent', {
    timeout: 120_000,
  }, async () => {
    browser = await launchChromium(profile);
    const page = await browser.newPage();
    await page.goto(`${srv.url}/`);
    const binary = Buffer.from([0, 1, 2, 13, 10, 45, 45, 255, 254]);
    await page.fill('input[name=name]', 'Ondřej Tůma');
    await page.fill('textarea[name=note]', 'line 1\nline 2');
    await page.setInputFiles('input[name=files]', [
      { name: 'žluťoučký kůň.txt', mimeType: 'text/plain', buffer: Buffer.from('příliš\r\n') },
      { name: 'data.bin', mimeType: 'application/octet-stream', buffer: binary },
    ]);
    await Promise.all([page.waitForURL(`${srv.url}/upload`), page.click('#send')]);
    const shown = await page.locator('#seen').count();
    assert.equal(shown, 1, `the answer page: ${(await page.content()).slice(0, 1000)}`);
    const seen = JSON.parse((await page.textContent('#seen')) ?? 'null');
    assert.deepEqual(seen, [
      { name: 'name', filename: null, type: 'text/plain', file: false, value: 'Ondřej Tůma' },
      {
        name: 'files',
        filename: 'žluťoučký kůň.txt',
        type: 'text/plain',
        file: true,
        value: `bytes:${Buffer.from('příliš\r\n').toString('base64')}`,
      },
      {
        name: 'files',
        filename: 'data.bin',
        type: 'application/octet-stream',
        file: true,
        value: `bytes:${binary.toString('base64')}`,
      },
      // an empty file input: filename="" is a text field, as in PoorWSGI
      { name: 'nothing', filename: '', type: 'application/octet-stream', file: false, value: '' },
      // browsers normalise textarea line breaks to CRLF
      { name: 'note', filename: null, type: 'text/plain', file: false, value: 'line 1\r\nline 2' },
    ]);
    await eventually(() => temp.list().length === 0, 'the uploaded files are removed after the response');
  });
});
