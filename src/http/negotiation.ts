/**
 * Content negotiation lists (`Accept`, `Accept-Encoding`, ...) as PoorWSGI
 * reads them: `value;q=quality` items, in the order sent.
 * @module
 */

export type { NegotiationList } from './headers.ts';
export { renderNegotiation } from './headers.ts';

/*
 * What Python's float() reads (after stripping whitespace), minus inf and nan:
 *   floatnumber = [sign] (digitpart ["." [digitpart]] | "." digitpart) [exponent]
 *   digitpart   = digit (["_"] digit)*
 *   exponent    = ("e" | "E") [sign] digitpart
 */
const PY_FLOAT = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;

/** A quality as Python's `float()`, or 1 when it is not a finite number. */
function quality(text: string): number {
  const trimmed = text.trim();
  if (!PY_FLOAT.test(trimmed)) return 1;
  const q = Number(trimmed.replaceAll('_', ''));
  // Python would keep inf (e.g. 1e999); a quality that is not finite is as bad as none.
  return Number.isFinite(q) ? q : 1;
}

/**
 * Parse a negotiation header exactly as PoorWSGI's `parse_negotiation`: split
 * items on `,`, split each on the literal `;q=`, trim; no `;q=` gives quality
 * 1, a quality that is not a number gives 1. Nothing is sorted and other
 * parameters stay in the value. `inf` and `nan` count as not a number.
 * @example
 * parseNegotiation('text/html;level=1, text/html;level=2;q=0.5');
 * // [['text/html;level=1', 1], ['text/html;level=2', 0.5]]
 * parseNegotiation(''); // [['', 1]]
 */
export function parseNegotiation(value: string): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const item of value.split(',')) {
    const pair = item.split(';q=');
    if (pair.length === 1) out.push([item.trim(), 1]);
    else out.push([pair[0]!.trim(), quality(pair[1]!)]);
  }
  return out;
}

/**
 * Whether `mime` is accepted: an entry of `list` is exactly `mime` (no
 * wildcard or parameter matching, as PoorWSGI's `accept_html`) with a quality
 * above 0, so `text/html;q=0` refuses HTML.
 * @example
 * acceptsMime(parseNegotiation('text/html, application/json;q=0'), 'text/html'); // true
 * acceptsMime(parseNegotiation('text/html, application/json;q=0'), 'application/json'); // false
 */
export function acceptsMime(list: ReadonlyArray<readonly [string, number]>, mime: string): boolean {
  for (const [value, q] of list) if (value === mime && q > 0) return true;
  return false;
}

/**
 * The quality an Accept list gives a media type, by RFC 9110 §12.5.1: the
 * most specific range that matches (`type/subtype`, then `type/*`, then
 * `*\/*`) decides; parameters of the ranges are ignored, names compare
 * case-insensitively. An empty list or header (`[['', 1]]`) accepts
 * anything with quality 1; a list that matches nothing gives 0.
 * @example
 * mediaQuality(parseNegotiation('text/*;q=0.5, text/html'), 'text/html'); // 1
 * mediaQuality(parseNegotiation('text/*;q=0.5, text/html'), 'text/plain'); // 0.5
 * mediaQuality(parseNegotiation('text/html'), 'application/json'); // 0
 */
export function mediaQuality(list: ReadonlyArray<readonly [string, number]>, mime: string): number {
  if (list.length === 1 && list[0]![0] === '') return 1;
  const slash = mime.indexOf('/');
  const typeRange = `${mime.slice(0, slash + 1)}*`;
  let best = -1;
  let quality = 0;
  for (const [value, q] of list) {
    const semicolon = value.indexOf(';');
    const range = (semicolon === -1 ? value : value.slice(0, semicolon)).trim().toLowerCase();
    const specificity = range === mime ? 2 : range === typeRange ? 1 : range === '*/*' ? 0 : -1;
    if (specificity < 0) continue;
    if (specificity > best) {
      best = specificity;
      quality = q;
    } else if (specificity === best && q > quality) {
      // the same range twice, with different parameters: the better one counts
      quality = q;
    }
  }
  return Math.min(Math.max(quality, 0), 1);
}
