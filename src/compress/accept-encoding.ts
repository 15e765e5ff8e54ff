/**
 * `Accept-Encoding` (RFC 9110 §12.5.3) read strictly, and the choice of a
 * content coding from it:
 *
 * ```
 * Accept-Encoding = #( codings [ weight ] )
 * codings         = content-coding / "identity" / "*"
 * weight          = OWS ";" OWS "q=" qvalue
 * qvalue          = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
 * ```
 *
 * `parseNegotiation` of `http/negotiation.ts` reads PoorWSGI's looser form
 * (items split on the literal `;q=`), which misses `gzip; q=0` and `Q=0`:
 * a refusal must not be read as a welcome, so this module has its own reader.
 * @module
 */
import { isToken, trimOws } from '../http/grammar.ts';
import type { ContentCoding } from './settings.ts';

/** One member of an `Accept-Encoding` list. */
export interface EncodingPreference {
  /** The coding in lower case (`x-gzip` reads as `gzip`, RFC 9110 §8.4.1.3), `identity` or `*`. */
  readonly coding: string;
  /** Its quality, 0-1 (1 when not given). */
  readonly q: number;
}

const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/**
 * Parse an `Accept-Encoding` value. Members that are not a token with an
 * optional well-formed weight (`gzip;q=2`, `gzip;q=x`, `a b`) are skipped;
 * other parameters are ignored; empty members (`gzip,,br`) are allowed, as
 * list syntax allows them. Names and `q` compare case-insensitively.
 * @example
 * parseAcceptEncoding('gzip; q=0.5, BR, *;q=0');
 * // [{ coding: 'gzip', q: 0.5 }, { coding: 'br', q: 1 }, { coding: '*', q: 0 }]
 */
export function parseAcceptEncoding(value: string): EncodingPreference[] {
  const out: EncodingPreference[] = [];
  for (const member of value.split(',')) {
    const parts = member.split(';');
    const coding = trimOws(parts[0] as string).toLowerCase();
    if (coding === '') continue;
    if (!isToken(coding)) continue;
    let q = 1;
    let valid = true;
    for (let i = 1; i < parts.length; i++) {
      const param = trimOws(parts[i] as string);
      const eq = param.indexOf('=');
      if (eq === -1 || trimOws(param.slice(0, eq)).toLowerCase() !== 'q') continue;
      const text = trimOws(param.slice(eq + 1));
      if (!QVALUE.test(text)) {
        valid = false;
        break;
      }
      q = Number(text);
    }
    if (valid) out.push({ coding: coding === 'x-gzip' ? 'gzip' : coding, q });
  }
  return out;
}

/** The last header negotiated and its answer: clients send the same string request after request. */
let lastHeader = '';
let lastCodings: readonly ContentCoding[] = [];
let lastChoice: ContentCoding | 'identity' = 'identity';

/**
 * The coding to answer with: of the `available` codings (in the server's
 * order of preference), the one the client gives the highest quality, the
 * server's order breaking ties; `identity` when the client accepts none of
 * them, or gives `identity` itself a higher quality. A coding the client does
 * not name takes the quality of `*`, if any. No header at all gives
 * `identity` (RFC 9110 allows any coding then, but a client that says
 * nothing may not decode one); so does an empty header. When the client
 * refuses `identity` too (`identity;q=0`) and accepts nothing offered, the
 * answer is still `identity`, as RFC 9110 §12.5.3 allows.
 * @example
 * negotiateEncoding('gzip, deflate, br', ['br', 'gzip']); // 'br'
 * negotiateEncoding('gzip;q=1, br;q=0.5', ['br', 'gzip']); // 'gzip'
 * negotiateEncoding('*;q=0, identity', ['br', 'gzip']); // 'identity'
 */
export function negotiateEncoding(
  header: string | undefined,
  available: readonly ContentCoding[],
): ContentCoding | 'identity' {
  if (header === undefined || header === '') return 'identity';
  if (header === lastHeader && available === lastCodings) return lastChoice;
  const preferences = parseAcceptEncoding(header);
  const quality = (coding: string): number | undefined => {
    for (const preference of preferences) if (preference.coding === coding) return preference.q;
    return undefined;
  };
  const star = quality('*');
  let choice: ContentCoding | 'identity' = 'identity';
  let best = 0;
  for (const coding of available) {
    const q = quality(coding) ?? star ?? 0;
    if (q > best) {
      best = q;
      choice = coding;
    }
  }
  // `identity` unnamed has no say: a client that lists a coding wants it
  if (choice !== 'identity' && (quality('identity') ?? 0) > best) choice = 'identity';
  lastHeader = header;
  lastCodings = available;
  lastChoice = choice;
  return choice;
}
