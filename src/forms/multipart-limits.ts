import { ERROR_CODES } from '../errors/codes.ts';
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import { DEFAULT_MAX_FIELDS, DEFAULT_MAX_NAME_LENGTH } from './query.ts';

/**
 * The aggregate limits of one multipart body. Every one is checked while the
 * body streams in: breaking it stops the parser, removes the temporary files
 * written so far and answers 413 with a reason. `Infinity` disables a limit.
 */
export interface MultipartLimits {
  /**
   * Most bytes of the whole body.
   * @default 104857600 (100 MiB)
   */
  uploadLimit: number;
  /**
   * Most parts (fields and files, nested parts included).
   * @default 1000
   */
  maxParts: number;
  /**
   * Most text fields (parts without a file name).
   * @default 1000
   */
  maxFields: number;
  /**
   * Longest field name, in UTF-16 code units.
   * @default 1024
   */
  maxNameLength: number;
  /**
   * Most bytes of one part's header block.
   * @default 16384
   */
  maxPartHeaderSize: number;
  /**
   * Most bytes of one file.
   * @default 104857600 (100 MiB)
   */
  maxFileSize: number;
  /**
   * Most bytes of one text field, wherever it is kept.
   * @default 1048576 (1 MiB)
   */
  maxFieldSize: number;
  /**
   * A text field up to this many bytes stays in memory; a longer one is
   * written to a temporary file (PoorWSGI's `BUFSIZE` spill).
   * @default 65536
   */
  fieldSpillSize: number;
}

/** The default {@link MultipartLimits}. */
export const DEFAULT_MULTIPART_LIMITS: Readonly<MultipartLimits> = Object.freeze({
  uploadLimit: 100 * 1024 ** 2,
  maxParts: 1000,
  maxFields: DEFAULT_MAX_FIELDS,
  maxNameLength: DEFAULT_MAX_NAME_LENGTH,
  maxPartHeaderSize: 16 * 1024,
  maxFileSize: 100 * 1024 ** 2,
  maxFieldSize: 1024 * 1024,
  fieldSpillSize: 64 * 1024,
});

/** The names of the {@link MultipartLimits}, in a stable order. */
export const MULTIPART_LIMIT_NAMES: readonly (keyof MultipartLimits)[] = Object.freeze(
  Object.keys(DEFAULT_MULTIPART_LIMITS) as (keyof MultipartLimits)[],
);

/** True for a whole number >= 0 or `Infinity`: what every limit accepts. */
export function isLimit(value: unknown): value is number {
  return (
    typeof value === 'number' && (value === Number.POSITIVE_INFINITY || (Number.isSafeInteger(value) && value >= 0))
  );
}

/**
 * The defaults overlaid with the limits given; `undefined` keeps a default.
 * @throws PoorWSGIError `PW_ERR_OPTION` for an unknown name or a value that is not a whole number >= 0 or Infinity
 * @example resolveMultipartLimits({ maxFileSize: 10 * 1024 ** 2 }).maxParts; // 1000
 */
export function resolveMultipartLimits(limits: Partial<MultipartLimits> = {}): MultipartLimits {
  const out: MultipartLimits = { ...DEFAULT_MULTIPART_LIMITS };
  for (const [name, value] of Object.entries(limits)) {
    if (!Object.hasOwn(DEFAULT_MULTIPART_LIMITS, name)) {
      throw new PoorWSGIError(ERROR_CODES.PW_ERR_OPTION, `Unknown multipart limit ${name}`);
    }
    if (value === undefined) continue;
    if (!isLimit(value)) {
      throw new PoorWSGIError(
        ERROR_CODES.PW_ERR_OPTION,
        `Multipart limit ${name} must be a whole number >= 0 or Infinity (got ${String(value)})`,
      );
    }
    out[name as keyof MultipartLimits] = value;
  }
  return out;
}
