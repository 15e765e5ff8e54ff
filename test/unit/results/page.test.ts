import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorText, page, pageStyle, safePath } from '../../../src/results/page.ts';
import { fakeRequest } from '../../helpers/fake-request.ts';

describe('the built-in pages', () => {
  test("pageStyle: the shared rules, then the page's own, in one style element", () => {
    const style = pageStyle('pre {color: red}');
    assert.match(
      style,
      /^ {2}<style>\n {3}body \{[^\n]+\n {3}h1 \{[^\n]+\n {3}p \{[^\n]+\n {3}pre \{color: red\}\n {2}<\/style>$/,
    );
    assert.equal(pageStyle().includes('pre'), false);
  });

  test('page: title and h1 escaped, the body as given, the footer with the server admin', () => {
    const req = fakeRequest({ url: '/x' });
    const html = page(req, 404, '<Not> & Found', '  <p>body</p>');
    assert.match(html, /<title>404 - &lt;Not&gt; &amp; Found<\/title>/);
    assert.match(html, /<h1>404 - &lt;Not&gt; &amp; Found<\/h1>/);
    assert.ok(html.includes('  <p>body</p>'));
    assert.match(html, /webmaster: /);
  });

  test('safePath: escaped, and a path that does not decode is named, not thrown', () => {
    assert.equal(safePath(fakeRequest({ url: '/a%3Cb%3E' })), '/a&lt;b&gt;');
    assert.equal(safePath(fakeRequest({ url: '/bad%E0%A4%A' })), '[ NOT PARSED ]');
  });

  test('errorText: an Error gives its message, nothing gives nothing', () => {
    assert.equal(errorText(new Error('boom')), 'boom');
    assert.equal(errorText(undefined), '');
    assert.equal(errorText(null), '');
    assert.equal(errorText(42), '42');
  });
});
