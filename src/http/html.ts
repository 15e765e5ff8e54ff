/**
 * Escaping text for HTML.
 * @module
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '"': '&quot;',
  "'": '&apos;',
  '>': '&gt;',
  '<': '&lt;',
};

const SPECIAL = /[&"'<>]/g;

/**
 * Escape `& " ' > <` as `&amp; &quot; &apos; &gt; &lt;` (PoorWSGI's
 * `html_escape`), in one pass so that nothing is escaped twice. Safe for text
 * and quoted attribute values.
 * @example htmlEscape('<a href="x">Tom & Jerry</a>') // '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&lt;/a&gt;'
 */
export function htmlEscape(text: string): string {
  return text.replace(SPECIAL, (c) => ENTITIES[c]!);
}
