import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Application } from '../../../src/index.ts';
import { quietLogger } from '../../helpers/serve.ts';

const root = mkdtempSync(join(tmpdir(), 'pw-hidden-'));
mkdirSync(join(root, '.git'));
writeFileSync(join(root, '.git', 'config'), 'secret');
writeFileSync(join(root, '.env'), 'KEY=secret');
writeFileSync(join(root, 'page.txt'), 'public');
after(() => rmSync(root, { recursive: true, force: true }));

const app = new Application('hidden', { logger: quietLogger() });
app.documentRoot = root;
app.documentIndex = true;

const cases: Array<[string, number]> = [
  ['/page.txt', 200],
  ['/.env', 404],
  ['/.git/config', 404],
  ['/.git/', 404],
  ['/%2egit/config', 404],
  ['/x/../.env', 404],
];
for (const [path, status] of cases) {
  test(`document root: GET ${path} is ${status}`, async () => {
    const res = await app.request(path);
    assert.equal(res.status, status);
    assert.doesNotMatch(await res.text(), /secret/);
  });
}

test('the directory listing does not show hidden entries', async () => {
  const res = await app.request('/');
  const html = await res.text();
  assert.equal(res.status, 200);
  assert.match(html, /page\.txt/);
  assert.doesNotMatch(html, /\.env|\.git/);
});
