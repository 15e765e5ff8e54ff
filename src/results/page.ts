import { htmlEscape } from '../http/html.ts';
import type { Request } from '../request/request.ts';

/** The CSS rules every built-in page shares, one per line. */
const BASE_RULES = [
  'body {width: 80%; margin: auto; padding-top: 30px;}',
  'h1 {text-align: center; color: #707070;}',
  'p {text-indent: 30px; margin-top: 30px; margin-bottom: 30px;}',
];

/**
 * The `<style>` element of a built-in page: the shared rules, then the
 * page's own (the 500 page's traceback lines, the directory listing's table).
 */
export function pageStyle(...rules: string[]): string {
  return `  <style>\n${[...BASE_RULES, ...rules].map((rule) => `   ${rule}`).join('\n')}\n  </style>`;
}

const STYLE = pageStyle();

/** `webmaster: ...` footer of every built-in page. */
export function footer(req: Request): string {
  return `  <hr>\n  <small><i>webmaster: ${htmlEscape(req.serverAdmin)} </i></small>`;
}

/**
 * A built-in HTML page: title and h1 `"{code} - {title}"`, then `body`, then the footer.
 * Everything interpolated into `body` must already be escaped.
 */
export function page(req: Request, code: number, title: string, body: string, style: string = STYLE): string {
  return `<!DOCTYPE html>
<html>
 <head>
  <title>${code} - ${htmlEscape(title)}</title>
  <meta http-equiv="content-type" content="text/html; charset=utf-8"/>
${style}
 </head>
 <body>
  <h1>${code} - ${htmlEscape(title)}</h1>
${body}
${footer(req)}
 </body>
</html>`;
}

/** The request path for a page, escaped; `[ NOT PARSED ]` when the path itself is bad. */
export function safePath(req: Request): string {
  try {
    return htmlEscape(req.path);
  } catch {
    return '[ NOT PARSED ]';
  }
}

/** The `error` extra of a state handler as text (an Error or an error summary gives its message). */
export function errorText(error: unknown): string {
  if (error === undefined || error === null) return '';
  if (error instanceof Error) return error.message;
  if (typeof error === 'object') {
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return String(error);
}
