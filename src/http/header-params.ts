/**
 * Header values with parameters: PoorWSGI's tolerant `parse_header` (used for
 * `Content-Disposition` and the like) and the one strict RFC 9110
 * `Content-Type` parser the framework decides on.
 * @module
 */

import { TCHAR, trimOws } from './grammar.ts';

/** A parsed `Content-Type`: `type/subtype` lowercased, parameters by lowercased name. */
export interface ContentType {
  /** `type/subtype`, lowercased (media types are case-insensitive). */
  type: string;
  /** Parameters by lowercased name, values as sent (quoted strings unquoted); null prototype. */
  params: Record<string, string>;
}

/**
 * Split `line` on `;` outside quoted strings, as Python's `cgi._parseparam`:
 * a `;` splits when the count of `"` not preceded by `\` before it in the
 * current part is even (or when it opens the part). One linear scan instead
 * of Python's rescans, which are quadratic on many quoted semicolons.
 */
function splitParams(line: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let open = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x22 /* " */) {
      if (i === start || line.charCodeAt(i - 1) !== 0x5c /* \ */) open = !open;
    } else if (c === 0x3b /* ; */ && (i === start || !open)) {
      parts.push(line.slice(start, i).trim());
      start = i + 1;
      open = false;
    }
  }
  parts.push(line.slice(start).trim());
  return parts;
}

/**
 * Parse a header value with parameters, exactly as PoorWSGI's `parse_header`
 * (Python's old `cgi.parse_header`): split on `;` outside quotes, parameter
 * names lowercased and trimmed, a value in `"…"` unquoted with `\\` then `\"`
 * replaced (in that order, as Python does), parts without `=` dropped, a later
 * duplicate wins. The main value keeps its case. Tolerant by design: use
 * {@link parseContentType} to decide on a `Content-Type`.
 * @returns `[value, params]`, params with a null prototype
 * @example
 * parseHeader('form-data; name="a;b"; filename="x.txt"');
 * // ['form-data', { name: 'a;b', filename: 'x.txt' }]
 */
export function parseHeader(line: string): [string, Record<string, string>] {
  const parts = splitParams(line);
  const params: Record<string, string> = Object.create(null);
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1).replaceAll('\\\\', '\\').replaceAll('\\"', '"');
    }
    params[name] = value;
  }
  return [parts[0]!, params];
}

/*
 * RFC 9110 §8.3.1 and §5.6.2:
 *   media-type = type "/" subtype parameters
 *   type       = token
 *   subtype    = token
 *   token      = 1*tchar
 *   tchar      = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
 *                "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
 */
const MEDIA_TYPE = new RegExp(`^([${TCHAR}]+\\/[${TCHAR}]+)`);

/*
 * RFC 9110 §5.6.6, §5.6.4 and §5.6.3 (one parameter per match, sticky):
 *   parameters      = *( OWS ";" OWS [ parameter ] )
 *   parameter       = parameter-name "=" parameter-value
 *   parameter-name  = token
 *   parameter-value = ( token / quoted-string )
 *   quoted-string   = DQUOTE *( qdtext / quoted-pair ) DQUOTE
 *   qdtext          = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
 *   quoted-pair     = "\" ( HTAB / SP / VCHAR / obs-text )
 *   obs-text        = %x80-FF
 *   OWS             = *( SP / HTAB )
 */
const PARAMETER = new RegExp(
  `[ \\t]*;[ \\t]*(?:([${TCHAR}]+)=(?:([${TCHAR}]+)|"((?:[\\t \\x21\\x23-\\x5b\\x5d-\\x7e\\x80-\\xff]|\\\\[\\t \\x21-\\x7e\\x80-\\xff])*)"))?`,
  'y',
);

/**
 * Parse a `Content-Type` strictly (RFC 9110 §8.3): `type/subtype` tokens,
 * then `OWS ";" OWS` separated `name=value` parameters whose value is a token
 * or a quoted-string. OWS is SP or HTAB only, so `'application/json\t; charset=utf-8'`
 * and `'APPLICATION/JSON;charset=UTF-8'` both have type `application/json`.
 * Anything else (a CR, spaces inside the type, a bare `;x`, a duplicate
 * parameter name) gives `undefined`: the caller must treat that as no
 * recognised type, never guess. This is the one Content-Type parser of the
 * framework, so routing, body parsing and validation all see one answer.
 * @example
 * parseContentType('text/html; charset="utf-8"');
 * // { type: 'text/html', params: { charset: 'utf-8' } }
 * parseContentType('text/html;x'); // undefined
 */
export function parseContentType(value: string): ContentType | undefined {
  if (typeof value !== 'string') return undefined;
  // Surrounding OWS is not part of a field value (RFC 9110 §5.5).
  const text = trimOws(value);
  const head = MEDIA_TYPE.exec(text);
  if (!head) return undefined;
  const params: Record<string, string> = Object.create(null);
  let pos = head[0].length;
  while (pos < text.length) {
    PARAMETER.lastIndex = pos;
    const m = PARAMETER.exec(text);
    if (!m) return undefined;
    pos = PARAMETER.lastIndex;
    const name = m[1];
    if (name === undefined) continue; // an empty parameter: `text/plain;;` is allowed
    const key = name.toLowerCase();
    if (key in params) return undefined;
    params[key] = m[2] ?? m[3]!.replace(/\\([\s\S])/g, '$1');
  }
  return { type: head[1]!.toLowerCase(), params };
}
