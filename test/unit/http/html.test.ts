import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { htmlEscape } from '../../../src/http/html.ts';

describe('htmlEscape', () => {
  const cases: Array<[string, string]> = [
    ['&', '&amp;'],
    ['"', '&quot;'],
    ["'", '&apos;'],
    ['>', '&gt;'],
    ['<', '&lt;'],
    ['plain text', 'plain text'],
    ['', ''],
    ['Čeština', 'Čeština'],
    ['<script>alert("x")</script>', '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'],
    // one pass: an entity in the input is escaped once, not twice
    ['&amp;', '&amp;amp;'],
    ['&lt;&', '&amp;lt;&amp;'],
    ['<a href=\'x\' title="y">&</a>', '&lt;a href=&apos;x&apos; title=&quot;y&quot;&gt;&amp;&lt;/a&gt;'],
  ];
  for (const [text, expected] of cases) {
    test(JSON.stringify(text), () => assert.equal(htmlEscape(text), expected));
  }
});
