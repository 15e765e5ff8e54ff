/**
 * HTTP dates (RFC 9110 §5.6.7): formatting as IMF-fixdate, parsing of the
 * three forms a recipient must accept.
 * @module
 */

import { trimOws } from './grammar.ts';

/** Error code of every date error thrown by this module. */
export const PW_ERR_HTTP_DATE = 'PW_ERR_HTTP_DATE';

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const MONTHS: ReadonlyMap<string, number> = new Map(MONTH_NAMES.map((name, index) => [name, index]));

/*
 * IMF-fixdate  = day-name "," SP date1 SP time-of-day SP GMT
 * day-name     = %s"Mon" / %s"Tue" / %s"Wed" / %s"Thu" / %s"Fri" / %s"Sat" / %s"Sun"
 * date1        = day SP month SP year      ; e.g., 02 Jun 1982
 * day          = 2DIGIT
 * year         = 4DIGIT
 * time-of-day  = hour ":" minute ":" second
 * GMT          = %s"GMT"
 */
const IMF_FIXDATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;

/*
 * rfc850-date  = day-name-l "," SP date2 SP time-of-day SP GMT
 * date2        = day "-" month "-" 2DIGIT  ; e.g., 02-Jun-82
 * day-name-l   = %s"Monday" / %s"Tuesday" / %s"Wednesday" / %s"Thursday"
 *              / %s"Friday" / %s"Saturday" / %s"Sunday"
 */
const RFC850_DATE =
  /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;

/*
 * asctime-date = day-name SP date3 SP time-of-day SP year
 * date3        = month SP ( 2DIGIT / ( SP DIGIT ) )  ; e.g., Jun  2
 */
const ASCTIME_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) ( \d|\d{2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

function dateError(message: string): RangeError {
  // http/ is the bottom layer and cannot import errors/: a RangeError with a
  // stable code, as node does (ERR_OUT_OF_RANGE).
  return Object.assign(new RangeError(message), { code: PW_ERR_HTTP_DATE });
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function format(d: Date): string {
  const year = d.getUTCFullYear();
  if (year < 0 || year > 9999) throw dateError(`HTTP date year must be 0-9999 (got ${year})`);
  return (
    `${DAY_NAMES[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTH_NAMES[d.getUTCMonth()]} ` +
    `${String(year).padStart(4, '0')} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} GMT`
  );
}

/**
 * Format epoch seconds (UTC) as an IMF-fixdate; fractions are truncated, as
 * Python's `int()` does. No argument means now.
 * @throws RangeError (code `PW_ERR_HTTP_DATE`) for a non-finite value or a year outside 0-9999
 * @example timeToHttp(0) // 'Thu, 01 Jan 1970 00:00:00 GMT'
 */
export function timeToHttp(seconds?: number): string {
  if (seconds === undefined) return format(new Date());
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
    throw dateError(`HTTP date seconds must be a finite number (got ${String(seconds)})`);
  }
  return format(new Date(Math.trunc(seconds) * 1000));
}

/**
 * Format a `Date` as an IMF-fixdate (always in GMT, whatever the local zone).
 * @throws RangeError (code `PW_ERR_HTTP_DATE`) for an invalid Date
 * @example dateToHttp(new Date(Date.UTC(1994, 10, 6, 8, 49, 37))) // 'Sun, 06 Nov 1994 08:49:37 GMT'
 */
export function dateToHttp(d: Date): string {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) {
    throw dateError(`HTTP date needs a valid Date (got ${String(d)})`);
  }
  return format(d);
}

/** Build the UTC time, refusing impossible fields (31 Feb, 25:00) instead of rolling over. */
function build(value: string, year: number, month: string, day: number, h: number, m: number, s: number): Date {
  const monthIndex = MONTHS.get(month);
  // second 60 is a leap second (RFC 9110 §5.6.7); Date counts it as the next minute's 00.
  if (monthIndex === undefined || day < 1 || h > 23 || m > 59 || s > 60) {
    throw dateError(`Invalid HTTP date (got ${JSON.stringify(value)})`);
  }
  const d = new Date(Date.UTC(2000, monthIndex, day, h, m, 0));
  // Date.UTC maps years 0-99 to 1900-1999: set the full year afterwards.
  d.setUTCFullYear(year, monthIndex, day);
  if (d.getUTCMonth() !== monthIndex || d.getUTCDate() !== day) {
    throw dateError(`Invalid HTTP date (got ${JSON.stringify(value)})`);
  }
  // Seconds are added after the check so that a leap second at the end of a month is kept.
  return new Date(d.getTime() + s * 1000);
}

/**
 * RFC 9110 §5.6.7: a two-digit year more than 50 years in the future is the
 * most recent past year with the same last two digits.
 */
function fullYear(twoDigits: number): number {
  const now = new Date().getUTCFullYear();
  let year = now - (now % 100) + twoDigits;
  if (year > now + 50) year -= 100;
  return year;
}

/**
 * Parse an HTTP date: IMF-fixdate, or the obsolete RFC 850 and asctime forms
 * that RFC 9110 §5.6.7 says recipients must accept. Names are case-sensitive
 * (as the RFC says); surrounding spaces and tabs are ignored; the day name is
 * not checked against the date (as Python's `strptime`).
 * @throws RangeError (code `PW_ERR_HTTP_DATE`) when the value is none of them
 * @example httpToDate('Sunday, 06-Nov-94 08:49:37 GMT').getTime() // 784111777000
 */
export function httpToDate(value: string): Date {
  if (typeof value !== 'string') throw dateError(`HTTP date must be a string (got ${typeof value})`);
  const text = trimOws(value);
  let m = IMF_FIXDATE.exec(text);
  if (m) return build(value, Number(m[3]), m[2]!, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  m = RFC850_DATE.exec(text);
  if (m) return build(value, fullYear(Number(m[3])), m[2]!, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  m = ASCTIME_DATE.exec(text);
  if (m) return build(value, Number(m[6]), m[1]!, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  throw dateError(`Invalid HTTP date (got ${JSON.stringify(value)})`);
}

/**
 * Parse an HTTP date (see {@link httpToDate}) to epoch seconds.
 * @throws RangeError (code `PW_ERR_HTTP_DATE`) when the value does not parse
 * @example httpToTime('Thu, 01 Jan 1970 00:00:00 GMT') // 0
 */
export function httpToTime(value: string): number {
  return Math.floor(httpToDate(value).getTime() / 1000);
}

/**
 * Like {@link httpToTime}, but `undefined` instead of an error: for request
 * headers such as `If-Modified-Since`, which a server must ignore when invalid.
 * @example tryHttpToTime('yesterday') // undefined
 */
export function tryHttpToTime(value: string): number | undefined {
  try {
    return httpToTime(value);
  } catch {
    return undefined;
  }
}
