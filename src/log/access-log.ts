/**
 * The access log: one line per request answered, in the combined format of
 * Apache and nginx (followed by the request time) or as JSON. What the
 * server measures is an {@link AccessLogEntry}; this module writes it.
 * @module
 */

/** What the access log knows of one exchange. */
export interface AccessLogEntry {
  /** When the request began, in epoch milliseconds. */
  readonly time: number;
  /** The client's address (`req.remoteAddr`), or `null`. */
  readonly remoteAddr: string | null;
  /** The user a handler or `checkDigest` put in `req.user`, when it is a string. */
  readonly user: string | null;
  readonly method: string;
  /** The request target as sent: path and query. */
  readonly path: string;
  /** `HTTP/1.1`, `HTTP/2.0`, ... */
  readonly protocol: string;
  readonly status: number;
  /** Bytes of the body sent (not the headers), as nginx's `$body_bytes_sent`. */
  readonly bytes: number;
  /** Milliseconds from the request's start to the last byte handed to the socket (or the client gone). */
  readonly durationMs: number;
  readonly referer: string | null;
  readonly userAgent: string | null;
  /** `false` when the client went away before the whole response was sent. */
  readonly completed: boolean;
}

/** The formats of the access log. */
export type AccessLogFormat = 'combined' | 'json';

/** The `accessLog` option in full. */
export interface AccessLogOptions {
  /**
   * `'combined'`: Apache's and nginx's combined format, then the request time
   * in seconds (nginx's `$request_time`); `'json'`: one JSON object.
   * @default 'combined'
   */
  readonly format?: AccessLogFormat;
  /**
   * Where each line goes (without its newline), with the entry it was made
   * from (to hand to a logger of your own: `(line, entry) => pino.info(entry)`).
   * @default a write of the line and `\n` to `process.stdout`
   */
  readonly write?: (line: string, entry: AccessLogEntry) => void;
}

/** The `accessLog` option as the server uses it. */
export interface AccessLog {
  readonly format: AccessLogFormat;
  readonly write: (line: string, entry: AccessLogEntry) => void;
}

function toStdout(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The option's value, from `'combined'`, `'json'` or {@link AccessLogOptions} (checked by the caller). */
export function accessLogOf(value: AccessLogFormat | AccessLogOptions): AccessLog {
  const options = typeof value === 'string' ? { format: value } : value;
  return Object.freeze({ format: options.format ?? 'combined', write: options.write ?? toStdout });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** The last second written and its text: a busy server writes many lines a second. */
let cachedSecond = Number.NaN;
let cachedTime = '';

/** `[10/Oct/2000:13:55:36 +0000]`, in UTC (the zone is written, so readers need no local time). */
export function clfTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    cachedTime = formatClfTime(ms);
    cachedSecond = second;
  }
  return cachedTime;
}

function formatClfTime(ms: number): string {
  const d = new Date(ms);
  return (
    `[${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000]`
  );
}

const UNSAFE = /[\x00-\x1f"\\\x7f-\uffff]/g;

/**
 * A client's text inside a quoted field: `"` and `\` escaped, control and
 * non-ASCII characters as `\xHH` of their bytes (nginx's escaping), so a
 * client cannot end the field early or add a line.
 */
export function clfEscape(text: string): string {
  return text.replace(UNSAFE, (c) => {
    if (c === '"' || c === '\\') return `\\${c}`;
    // Node reads header bytes as latin1: a character below 256 is the byte the client sent
    const code = c.charCodeAt(0);
    const bytes = code < 0x100 ? [code] : Buffer.from(c, 'utf8');
    return Array.from(bytes, (b) => `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  });
}

function quoted(text: string | null): string {
  return text === null || text === '' ? '"-"' : `"${clfEscape(text)}"`;
}

/** A bare field (address, user): `-` when empty, nothing that would split the line. */
function bare(text: string | null): string {
  return text === null || text === '' ? '-' : clfEscape(text).replaceAll(' ', '\\x20');
}

/**
 * One line of the combined format, then the request time in seconds:
 * `127.0.0.1 - - [04/Dec/2026:10:15:00 +0000] "GET /a?b=1 HTTP/1.1" 200 12 "-" "curl/8.5.0" 0.001`.
 */
export function formatCombined(entry: AccessLogEntry): string {
  const request = `${entry.method} ${entry.path} ${entry.protocol}`;
  return (
    `${bare(entry.remoteAddr)} - ${bare(entry.user)} ${clfTime(entry.time)} ${quoted(request)} ` +
    `${entry.status} ${entry.bytes} ${quoted(entry.referer)} ${quoted(entry.userAgent)} ` +
    (entry.durationMs / 1000).toFixed(3)
  );
}

/** One JSON line: the entry, its time as an ISO string and its duration rounded to microseconds. */
export function formatJson(entry: AccessLogEntry): string {
  return JSON.stringify({
    ...entry,
    time: new Date(entry.time).toISOString(),
    durationMs: Math.round(entry.durationMs * 1000) / 1000,
  });
}

/** Write one entry to an access log. Never throws: a failing writer must not fail the exchange. */
export function writeAccessLog(log: AccessLog, entry: AccessLogEntry): void {
  const line = log.format === 'json' ? formatJson(entry) : formatCombined(entry);
  try {
    log.write(line, entry);
  } catch {
    // the response is sent already; nothing better to do with a broken log writer
  }
}
