/**
 * A tiny HTTP Digest client written from RFC 7616 §3.4 alone (it shares no
 * code with `src/`), so that the server's checks are tested against an
 * independent computation: read a challenge, answer it for any algorithm,
 * with or without qop, and spoil any field on purpose.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';

/** A parsed `WWW-Authenticate: Digest ...` challenge: its parameters by lower-case name. */
export type Challenge = Readonly<Record<string, string>>;

/** Parse a Digest challenge (RFC 9110 §11.6.1 auth-params: tokens and quoted strings). */
export function parseChallenge(header: string | null): Challenge {
  if (header === null || !/^Digest\s/i.test(header)) throw new Error(`not a Digest challenge: ${String(header)}`);
  const out: Record<string, string> = {};
  const param = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  for (const m of header.slice(7).matchAll(param)) {
    out[(m[1] as string).toLowerCase()] = m[2] === undefined ? (m[3] as string) : m[2].replace(/\\(.)/g, '$1');
  }
  return out;
}

/** The `node:crypto` hash of a Digest algorithm name. */
function hashName(algorithm: string): 'md5' | 'sha256' {
  const base = algorithm.replace(/-sess$/i, '').toUpperCase();
  if (base === 'MD5') return 'md5';
  if (base === 'SHA-256') return 'sha256';
  throw new Error(`unknown algorithm ${algorithm}`);
}

/** `H(text)` of an algorithm, lower-case hexadecimal of the UTF-8 text. */
export function H(algorithm: string, text: string): string {
  return createHash(hashName(algorithm)).update(text, 'utf8').digest('hex');
}

/** What one answer to a challenge is made of. */
export interface DigestAnswer {
  readonly user: string;
  readonly password: string;
  readonly method: string;
  /** The `uri` parameter (the request target, unless a test spoils it). */
  readonly uri: string;
  readonly challenge: Challenge;
  /** The nonce count. @default 1 */
  readonly nc?: number;
  /** @default 16 random bytes in hexadecimal */
  readonly cnonce?: string;
  /** The realm the client hashes its password with. @default the challenge's */
  readonly realm?: string;
  /** Parameters to send instead of the computed ones (after the response is computed). */
  readonly override?: Readonly<Record<string, string>>;
  /** Parameters to leave out. */
  readonly omit?: readonly string[];
}

/**
 * The `Authorization` header value answering a challenge (RFC 7616 §3.4):
 * the challenge's algorithm (MD5 when it names none) and qop (RFC 2069
 * form without one).
 */
export function digestAuthorization(answer: DigestAnswer): string {
  const { challenge, method, uri, user, password } = answer;
  const algorithm = challenge.algorithm ?? 'MD5';
  const realm = answer.realm ?? (challenge.realm as string);
  const nonce = challenge.nonce as string;
  const qop = challenge.qop === undefined ? undefined : 'auth';
  const nc = (answer.nc ?? 1).toString(16).padStart(8, '0');
  const cnonce = answer.cnonce ?? randomBytes(16).toString('hex');
  let ha1 = H(algorithm, `${user}:${realm}:${password}`);
  if (/-sess$/i.test(algorithm)) ha1 = H(algorithm, `${ha1}:${nonce}:${cnonce}`);
  const ha2 = H(algorithm, `${method}:${uri}`);
  const response =
    qop === undefined
      ? H(algorithm, `${ha1}:${nonce}:${ha2}`)
      : H(algorithm, `${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`);
  const fields: Array<[string, string, boolean]> = [
    ['username', user, true],
    ['realm', realm, true],
    ['nonce', nonce, true],
    ['uri', uri, true],
    ['algorithm', algorithm, false],
    ['response', response, true],
  ];
  if (challenge.opaque !== undefined) fields.push(['opaque', challenge.opaque, true]);
  if (qop !== undefined) fields.push(['qop', qop, false], ['nc', nc, false]);
  // a -sess HA1 holds the cnonce, so the server needs it even without qop
  if (qop !== undefined || /-sess$/i.test(algorithm)) fields.push(['cnonce', cnonce, true]);
  const omit = new Set(answer.omit ?? []);
  const override = answer.override ?? {};
  const parts = fields
    .filter(([name]) => !omit.has(name))
    .map(([name, value, quoted]) => {
      const sent = override[name] ?? value;
      return quoted ? `${name}="${sent}"` : `${name}=${sent}`;
    });
  for (const [name, value] of Object.entries(override)) {
    if (!fields.some(([known]) => known === name)) parts.push(`${name}="${value}"`);
  }
  return `Digest ${parts.join(', ')}`;
}
