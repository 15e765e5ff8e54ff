import { isJsonType } from '../http/mime-types.ts';
import { mediaQuality } from '../http/negotiation.ts';
import type { Request } from '../request/request.ts';

/**
 * The format of the built-in error and state pages (the `errorFormat`
 * option): `'auto'` negotiates by the request, the others force one.
 */
export type ErrorFormat = 'auto' | 'json' | 'html' | 'text';

/** A format a built-in page is written in. */
export type PageFormat = Exclude<ErrorFormat, 'auto'>;

/**
 * Whether the request says it carries JSON (its Content-Type, whatever the
 * method: a DELETE with a JSON body counts); a malformed Content-Type says
 * it does not.
 */
function sentJson(req: Request): boolean {
  try {
    return isJsonType(req.mimeType, req.app.settings.jsonMimeTypes);
  } catch {
    return false;
  }
}

/**
 * The format of a built-in page for this request. Forced by the
 * `errorFormat` option, else negotiated by `Accept` (RFC 9110 §12.5.1):
 *
 * - `application/problem+json` (RFC 9457) when the client prefers JSON
 *   (`application/json` or `application/problem+json` above `text/html` and
 *   `text/plain`), or sent a JSON body and accepts JSON at least as well as
 *   the others (`Accept: *\/*` with a JSON body);
 * - HTML when it prefers `text/html` (browsers);
 * - plain text otherwise (`*\/*` from curl or `fetch()`, `text/*`, nothing
 *   acceptable at all).
 */
export function pageFormat(req: Request): PageFormat {
  const forced = req.app.settings.errorFormat;
  if (forced !== 'auto') return forced;
  const accept = req.accept;
  const json = Math.max(mediaQuality(accept, 'application/json'), mediaQuality(accept, 'application/problem+json'));
  const html = mediaQuality(accept, 'text/html');
  const text = mediaQuality(accept, 'text/plain');
  if (json > html && json > text) return 'json';
  if (sentJson(req) && json >= html && json >= text) return 'json';
  if (html > text && html >= json) return 'html';
  return 'text';
}
