/**
 * `Range` request header (RFC 9110 §14.2) and `Content-Range` (§14.4), as
 * PoorWSGI reads and writes them.
 * @module
 */

/** One range: `[start, end]`, either side `null` when open (`-500`, `9500-`). */
export type RangePair = [start: number | null, end: number | null];

/** At most this many ranges are read; more make the header ignored (a DoS guard). */
export const MAX_RANGES = 100;

/** At most this many digits per number, so that every number is an exact integer. */
export const MAX_RANGE_DIGITS = 15;

/*
 * PoorWSGI's RE_BYTES_RANGE, found anywhere in the text after "=" (Python findall):
 *   (\d*)-(\d*),?
 * which reads RFC 9110 §14.1.2
 *   int-range    = first-pos "-" [ last-pos ]
 *   suffix-range = "-" suffix-length
 * tolerantly.
 */
const BYTES_RANGE = /(\d*)-(\d*),?/g;
const TOO_LONG = new RegExp(`\\d{${MAX_RANGE_DIGITS + 1}}`);

/**
 * Parse a `Range` header as PoorWSGI's `parse_range`: `unit=ranges`, where
 * every `first-last` pair is picked out of the text, empty sides are `null`,
 * and a pair with neither side is skipped. No `=` or more than one gives `{}`.
 * Hardened: a number of more than 15 digits, or more than 100 ranges, gives `{}`.
 * Ranges are not checked against each other or a length: that is the response's job.
 * @returns `{ [unit]: pairs }`, with a null prototype
 * @example
 * parseRange('bytes=0-499,-500'); // { bytes: [[0, 499], [null, 500]] }
 * parseRange('invalid'); // {}
 */
export function parseRange(value: string): Record<string, RangePair[]> {
  const out: Record<string, RangePair[]> = Object.create(null);
  const parts = value.split('=');
  if (parts.length !== 2) return out;
  const [unit, pairs] = parts as [string, string];
  // Also keeps the scan below linear: \d* cannot run over a long digit run again and again.
  if (TOO_LONG.test(pairs)) return out;
  const ranges: RangePair[] = [];
  for (const m of pairs.matchAll(BYTES_RANGE)) {
    const start = m[1]!;
    const end = m[2]!;
    if (start === '' && end === '') continue;
    if (ranges.length === MAX_RANGES) return out;
    ranges.push([start === '' ? null : Number(start), end === '' ? null : Number(end)]);
  }
  out[unit] = ranges;
  return out;
}

/**
 * A `Content-Range` value: `units start-end/full`.
 * @example
 * String(new ContentRange(1, 2, 10)); // 'bytes 1-2/10'
 * String(new ContentRange(2, 5, '*', 'lines')); // 'lines 2-5/*'
 */
export class ContentRange {
  /** First position. */
  start: number;
  /** Last position (inclusive). */
  end: number;
  /** Complete length, or `*` when unknown. */
  full: number | '*';
  /** Range unit. */
  units: string;

  /**
   * @param start first position
   * @param end last position (inclusive)
   * @param full complete length, `*` when unknown
   * @param units range unit
   */
  constructor(start = 0, end = 0, full: number | '*' = '*', units = 'bytes') {
    this.start = start;
    this.end = end;
    this.full = full;
    this.units = units;
  }

  /** `units start-end/full` */
  toString(): string {
    return `${this.units} ${this.start}-${this.end}/${this.full}`;
  }
}
