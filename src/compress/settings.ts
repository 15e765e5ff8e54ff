/**
 * The `compression` option: what users give (`true` or
 * {@link CompressionOptions}) and what the application keeps, the settings
 * checked once and frozen ({@link CompressionSettings}), so that a response
 * costs no option handling.
 * @module
 */
import zlib from 'node:zlib';
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import { isCompressible } from './compressible.ts';

/** A content coding the server can produce (RFC 9110 §8.4.1; zstd RFC 8878). */
export type ContentCoding = 'br' | 'gzip' | 'zstd';

/**
 * True when this Node has zstd in `node:zlib` (`zlib.createZstdCompress`,
 * Node 22.15 and later). Without it, `zstd` is not offered and naming it in
 * `encodings` is refused.
 */
export const ZSTD_SUPPORTED: boolean =
  typeof (zlib as unknown as { createZstdCompress?: unknown }).createZstdCompress === 'function';

/**
 * The server's preference when the client's is equal: brotli compresses JSON
 * and HTML better than gzip at the same cost (bench/results/*-compression.md);
 * gzip is what every client has. zstd comes last: Node marks it experimental,
 * and the clients that accept it accept brotli or gzip too.
 */
const DEFAULT_ENCODINGS: readonly ContentCoding[] = Object.freeze(
  ZSTD_SUPPORTED ? ['br', 'gzip', 'zstd'] : ['br', 'gzip'],
);

/** The options of response compression; every field is optional. */
export interface CompressionOptions {
  /**
   * Smallest body, in bytes, that is compressed when its length is known
   * (a body of unknown length, a stream, always is): below about 1 KiB the
   * coding's framing eats most of the gain, and a response that fits in one
   * TCP packet is not sent any sooner.
   * @default 1024
   */
  readonly threshold?: number;
  /**
   * The codings offered, in the server's order of preference, which decides
   * between codings the client accepts equally (`Accept-Encoding: gzip, br`
   * gets brotli by default).
   * @default ['br', 'gzip'], then 'zstd' where Node has it (see {@link ZSTD_SUPPORTED})
   */
  readonly encodings?: readonly ContentCoding[];
  /**
   * Brotli quality, 0-11. Brotli's own default, 11, takes about 110 ms for
   * 100 KiB of JSON, 160 times quality 4's 0.7 ms, for a body a fifth smaller.
   * @default 4
   */
  readonly brotliQuality?: number;
  /**
   * gzip level, 1-9 (zlib's default; 1 is a third faster and a seventh larger).
   * @default 6
   */
  readonly gzipLevel?: number;
  /**
   * zstd level, 1-19 (zstd's own default).
   * @default 3
   */
  readonly zstdLevel?: number;
  /**
   * Which media types are compressed, given the type without parameters, in
   * lower case (`application/json`). The default, `isCompressible`, takes
   * text, JSON, XML, JavaScript, SVG and other formats that are not
   * compressed already (not images, video, audio, archives or WOFF fonts).
   */
  readonly filter?: (mediaType: string) => boolean;
}

/** The option values in force: every field filled in, checked and frozen. */
export class CompressionSettings implements Required<CompressionOptions> {
  readonly threshold: number;
  readonly encodings: readonly ContentCoding[];
  readonly brotliQuality: number;
  readonly gzipLevel: number;
  readonly zstdLevel: number;
  readonly filter: (mediaType: string) => boolean;

  /**
   * @param options checked already (see {@link resolveCompression})
   */
  constructor(options: CompressionOptions = {}) {
    this.threshold = options.threshold ?? 1024;
    this.encodings = Object.freeze([...(options.encodings ?? DEFAULT_ENCODINGS)]);
    this.brotliQuality = options.brotliQuality ?? 4;
    this.gzipLevel = options.gzipLevel ?? 6;
    this.zstdLevel = options.zstdLevel ?? 3;
    this.filter = options.filter ?? isCompressible;
    Object.freeze(this);
  }
}

const KNOWN_CODINGS: readonly string[] = ['br', 'gzip', 'zstd'];

function bad(name: string, expected: string, value: unknown): never {
  let shown: string;
  try {
    shown = typeof value === 'function' ? 'a function' : (JSON.stringify(value) ?? String(value));
  } catch {
    shown = String(value);
  }
  throw new PoorWSGIError('PW_ERR_OPTION', `Option ${name} must be ${expected} (got ${shown})`);
}

function integerIn(name: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max) return value;
  return bad(name, `a whole number from ${min} to ${max}`, value);
}

function codings(name: string, value: unknown): ContentCoding[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || new Set(value).size !== value.length) {
    return bad(name, `a non-empty array of distinct codings (${KNOWN_CODINGS.join(', ')})`, value);
  }
  for (const coding of value) {
    if (!KNOWN_CODINGS.includes(coding as string)) {
      bad(name, `an array of ${KNOWN_CODINGS.join(', ')}`, value);
    }
    if (coding === 'zstd' && !ZSTD_SUPPORTED) {
      bad(
        name,
        `an array of codings this Node has (zstd needs Node 22.15 or later; this is ${process.version})`,
        value,
      );
    }
  }
  return value as ContentCoding[];
}

const OPTION_KEYS: readonly string[] = ['threshold', 'encodings', 'brotliQuality', 'gzipLevel', 'zstdLevel', 'filter'];

/**
 * Check a value of the `compression` option and return what the application
 * keeps: `false`, or the {@link CompressionSettings} of `true` (the defaults)
 * or of an options object. Unknown fields are refused, so that a misspelt
 * one is not silently ignored.
 * @param name the option's name in messages
 * @throws PoorWSGIError `PW_ERR_OPTION` naming the option and the bad value
 * @example
 * resolveCompression('compression', { threshold: 2048 }).threshold; // 2048
 */
export function resolveCompression(name: string, value: unknown): false | CompressionSettings {
  if (value === false) return false;
  if (value === true) return new CompressionSettings();
  if (value instanceof CompressionSettings) return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return bad(name, 'true, false or an object of compression options', value);
  }
  const given = value as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!OPTION_KEYS.includes(key)) bad(name, `an object of ${OPTION_KEYS.join(', ')}`, value);
  }
  const filter = given.filter;
  if (filter !== undefined && typeof filter !== 'function') bad(`${name}.filter`, 'a function', filter);
  return new CompressionSettings({
    threshold: integerIn(`${name}.threshold`, given.threshold, 0, Number.MAX_SAFE_INTEGER),
    encodings: codings(`${name}.encodings`, given.encodings),
    brotliQuality: integerIn(`${name}.brotliQuality`, given.brotliQuality, 0, 11),
    gzipLevel: integerIn(`${name}.gzipLevel`, given.gzipLevel, 1, 9),
    zstdLevel: integerIn(`${name}.zstdLevel`, given.zstdLevel, 1, 19),
    filter: filter as ((mediaType: string) => boolean) | undefined,
  });
}
