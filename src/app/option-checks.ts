/**
 * How each application option is checked when it is set (`new
 * Application(name, options)`, `app.debug = true`): the value to store, or
 * `PW_ERR_OPTION` naming the option and the bad value.
 * @module
 */
import { resolveCompression } from '../compress/settings.ts';
import { CorsPolicy } from '../cors/cors-policy.ts';
import { isAuthMap } from '../crypto/auth-map.ts';
import { DIGEST_ALGORITHMS, isDigestAlgorithm } from '../crypto/digest-algorithm.ts';
import { MemoryNonceStore } from '../crypto/memory-nonce-store.ts';
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import { isLimit } from '../forms/multipart-limits.ts';
import { validateHeaderValue } from '../http/headers.ts';
import { MAX_JSON_DEPTH } from '../http/json-depth.ts';
import { type AccessLogOptions, accessLogOf } from '../log/access-log.ts';
import { isLogger } from '../log/logger.ts';
import { checkTrustProxy } from '../request/proxy-trust.ts';
import { type ApplicationOptions, DEFAULT_OPTIONS } from './options.ts';

/** A check of one option's value; `current` (the options in force) for a check that depends on another option. */
type Check = (name: string, value: unknown, current?: Readonly<ApplicationOptions>) => unknown;

function fail(name: string, expected: string, value: unknown): never {
  throw new PoorWSGIError('PW_ERR_OPTION', `Option ${name} must be ${expected} (got ${describe(value)})`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  // JSON would show NaN and Infinity as null, and String() a function's whole source
  if (typeof value === 'number') return String(value);
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (value instanceof Uint8Array) return `Uint8Array(${value.byteLength})`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

const bool: Check = (name, value) => (typeof value === 'boolean' ? value : fail(name, 'a boolean', value));
const size: Check = (name, value) =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
    ? value
    : fail(name, 'a whole number >= 0', value);
const mimeList: Check = (name, value) => {
  if (
    !Array.isArray(value) ||
    !value.every((v) => typeof v === 'string' && /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(v))
  ) {
    fail(name, 'an array of lower-case type/subtype strings', value);
  }
  return Object.freeze([...(value as string[])]);
};
const secret: Check = (name, value) =>
  value === null || (typeof value === 'string' && value.length > 0) || (value instanceof Uint8Array && value.length > 0)
    ? value
    : fail(name, 'a non-empty string, a non-empty Uint8Array or null', value);
/** The secret key signs Digest nonces: it cannot be unset while `authType` is `'Digest'`. */
const secretKey: Check = (name, value, current) =>
  value === null && current?.authType === 'Digest'
    ? fail(name, "a non-empty string or Uint8Array while authType is 'Digest'", value)
    : secret(name, value);
/** PoorWSGI's `auth_type` setter: any case of `Digest` (stored as `'Digest'`), once a secret key is set. */
const authType: Check = (name, value, current) => {
  if (value === null) return null;
  if (typeof value !== 'string' || value.toLowerCase() !== 'digest') return fail(name, "'Digest' or null", value);
  if (current !== undefined && current.secretKey === null) {
    fail(name, "null until secretKey is set (set secretKey first), then 'Digest'", value);
  }
  return 'Digest';
};
/** Longest `authTimeout`: a year (a nonce's expiry time is 6 bytes of it, and nobody needs more). */
const MAX_AUTH_TIMEOUT = 365 * 24 * 3600;
const directory: Check = (name, value) =>
  typeof value === 'string' && !value.includes('\0') ? value : fail(name, 'a path string without NUL', value);
const limit: Check = (name, value) => (isLimit(value) ? value : fail(name, 'a whole number >= 0 or Infinity', value));
const seconds: Check = (name, value) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? value
    : fail(name, 'a number of seconds >= 0', value);
const callbackOrNull: Check = (name, value) =>
  value === null || typeof value === 'function' ? value : fail(name, 'a function or null', value);
const logger: Check = (name, value) =>
  isLogger(value) ? value : fail(name, 'an object with error, warn, info and debug methods', value);
/** Kept as the frozen `AccessLog` the server reads, so that a request costs no option handling. */
const accessLog: Check = (name, value) => {
  if (value === false) return false;
  if (value === 'combined' || value === 'json') return accessLogOf(value);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const { format, write, ...rest } = value as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length > 0)
      fail(`${name}.${unknown[0]}`, 'absent (the fields are format and write)', rest[unknown[0]!]);
    if (format !== undefined && format !== 'combined' && format !== 'json') {
      fail(`${name}.format`, "'combined' or 'json'", format);
    }
    if (write !== undefined && typeof write !== 'function') fail(`${name}.write`, 'a function (line, entry)', write);
    return accessLogOf(value as AccessLogOptions);
  }
  return fail(name, "false, 'combined', 'json' or { format, write }", value);
};

/** How each option is checked; also the list of known option names. */
const CHECKS: Readonly<Record<keyof ApplicationOptions, Check>> = {
  autoArgs: bool,
  autoForm: bool,
  autoJson: bool,
  autoData: bool,
  autoCookies: bool,
  dataSize: size,
  bodyLimit: size,
  keepBlankValues: bool,
  strictParsing: bool,
  maxFields: size,
  cachedSize: size,
  readTimeout: seconds,
  fileCallback: callbackOrNull,
  tempDir: (name, value) => (value === null ? null : directory(name, value)),
  uploadLimit: limit,
  maxParts: limit,
  maxNameLength: limit,
  maxPartHeaderSize: limit,
  maxFileSize: limit,
  maxFieldSize: limit,
  fieldSpillSize: limit,
  jsonMimeTypes: mimeList,
  formMimeTypes: mimeList,
  debug: bool,
  secretKey,
  authType,
  authAlgorithm: (name, value) =>
    isDigestAlgorithm(value) ? value : fail(name, `one of ${DIGEST_ALGORITHMS.map((a) => `'${a}'`).join(', ')}`, value),
  // PoorWSGI takes '' for no qop as well
  authQop: (name, value) =>
    value === 'auth' ? value : value === null || value === '' ? null : fail(name, "'auth' or null", value),
  authTimeout: (name, value) =>
    value === null || (Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= MAX_AUTH_TIMEOUT)
      ? value
      : fail(name, `a whole number of seconds from 1 to ${MAX_AUTH_TIMEOUT}, or null`, value),
  authMap: (name, value) =>
    isAuthMap(value)
      ? value
      : fail(name, 'an object { [realm]: { [user]: HA1 } } or an object with find(realm, user)', value),
  authNonceStore: (name, value) =>
    typeof value === 'object' && value !== null && typeof (value as { advance?: unknown }).advance === 'function'
      ? value
      : fail(name, 'an object with advance(nonce, count, lifetimeSeconds)', value),
  batchResponses: size,
  maxPipelined: (name, value) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= 1
      ? value
      : fail(name, 'a whole number >= 1', value),
  maxJsonDepth: (name, value) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 && value <= MAX_JSON_DEPTH
      ? value
      : fail(name, `a whole number from 1 to ${MAX_JSON_DEPTH}`, value),
  errorFormat: (name, value) =>
    value === 'auto' || value === 'json' || value === 'html' || value === 'text'
      ? value
      : fail(name, "'auto', 'json', 'html' or 'text'", value),
  // kept checked and frozen (CompressionSettings), so that a response costs no option handling
  compression: resolveCompression,
  poweredBy: (name, value) => {
    if (value === null) return null;
    if (typeof value === 'string' && value !== '') {
      try {
        validateHeaderValue('X-Powered-By', value);
        return value;
      } catch {
        // a value that cannot be a header: said below, as every option's bad value
      }
    }
    return fail(name, 'a header value (visible ASCII and spaces) or null', value);
  },
  logger,
  accessLog,
  documentRoot: directory,
  documentIndex: bool,
  // a bad field throws PW_ERR_OPTION naming `cors.<field>`
  cors: (_name, value) => (value === null ? null : CorsPolicy.from(value)),
  trustProxy: (name, value) =>
    checkTrustProxy(value) ??
    fail(name, 'false, a whole number of proxies >= 1, or a non-empty list of proxy addresses and CIDR ranges', value),
};

/**
 * Check one option's value; returns the value to store (lists are frozen copies).
 * @throws PoorWSGIError `PW_ERR_OPTION` naming the option and the bad value
 */
export function checkOption<K extends keyof ApplicationOptions>(
  name: K,
  value: unknown,
  current?: Readonly<ApplicationOptions>,
): ApplicationOptions[K] {
  const check = CHECKS[name];
  if (check === undefined) throw new PoorWSGIError('PW_ERR_OPTION', `Unknown option ${String(name)}`);
  return check(name, value, current) as ApplicationOptions[K];
}

/**
 * Merge user options over the defaults, checking each.
 * @throws PoorWSGIError `PW_ERR_OPTION` for an unknown name or a bad value
 */
export function resolveOptions(options: Partial<ApplicationOptions> = {}): ApplicationOptions {
  // each application remembers its own Digest nonce counts
  const out: ApplicationOptions = { ...DEFAULT_OPTIONS, authNonceStore: new MemoryNonceStore() };
  for (const [name, value] of Object.entries(options)) {
    if (!Object.hasOwn(CHECKS, name)) throw new PoorWSGIError('PW_ERR_OPTION', `Unknown option ${name}`);
    if (value === undefined) continue;
    (out as unknown as Record<string, unknown>)[name] = checkOption(name as keyof ApplicationOptions, value);
  }
  // options given together are checked together, in whatever order they were written
  if (out.authType !== null && out.secretKey === null) {
    fail('authType', "null until secretKey is set (set secretKey first), then 'Digest'", out.authType);
  }
  return out;
}
