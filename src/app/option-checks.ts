/**
 * How each application option is checked when it is set (`new
 * Application(name, options)`, `app.debug = true`): the value to store, or
 * `PW_ERR_OPTION` naming the option and the bad value.
 * @module
 */
import { resolveCompression } from '../compress/settings.ts';
import { CorsPolicy } from '../cors/cors-policy.ts';
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import { isLimit } from '../forms/multipart-limits.ts';
import { validateHeaderValue } from '../http/headers.ts';
import { MAX_JSON_DEPTH } from '../http/json-depth.ts';
import { type ApplicationOptions, DEFAULT_OPTIONS } from './options.ts';

type Check = (name: string, value: unknown) => unknown;

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
  typeof value === 'object' &&
  value !== null &&
  ['error', 'warn', 'info', 'debug'].every((k) => typeof (value as Record<string, unknown>)[k] === 'function')
    ? value
    : fail(name, 'an object with error, warn, info and debug methods', value);

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
  secretKey: secret,
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
  documentRoot: directory,
  documentIndex: bool,
  // a bad field throws PW_ERR_OPTION naming `cors.<field>`
  cors: (_name, value) => (value === null ? null : CorsPolicy.from(value)),
};

/**
 * Check one option's value; returns the value to store (lists are frozen copies).
 * @throws PoorWSGIError `PW_ERR_OPTION` naming the option and the bad value
 */
export function checkOption<K extends keyof ApplicationOptions>(name: K, value: unknown): ApplicationOptions[K] {
  const check = CHECKS[name];
  if (check === undefined) throw new PoorWSGIError('PW_ERR_OPTION', `Unknown option ${String(name)}`);
  return check(name, value) as ApplicationOptions[K];
}

/**
 * Merge user options over the defaults, checking each.
 * @throws PoorWSGIError `PW_ERR_OPTION` for an unknown name or a bad value
 */
export function resolveOptions(options: Partial<ApplicationOptions> = {}): ApplicationOptions {
  const out: ApplicationOptions = { ...DEFAULT_OPTIONS };
  for (const [name, value] of Object.entries(options)) {
    if (!Object.hasOwn(CHECKS, name)) throw new PoorWSGIError('PW_ERR_OPTION', `Unknown option ${name}`);
    if (value === undefined) continue;
    (out as unknown as Record<string, unknown>)[name] = checkOption(name as keyof ApplicationOptions, value);
  }
  return out;
}
