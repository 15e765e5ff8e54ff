// file-length: over 400 lines on purpose: every application option with its TSDoc and @default is in one
// place (the options object, its defaults, fromEnv); how each is checked is in option-checks.ts.
import type { CompressionOptions } from '../compress/settings.ts';
import type { CorsOptions } from '../cors/cors-options.ts';
import type { AuthMap } from '../crypto/auth-map.ts';
import type { DigestAlgorithm } from '../crypto/digest-algorithm.ts';
import { MemoryNonceStore } from '../crypto/memory-nonce-store.ts';
import type { NonceCountStore } from '../crypto/nonce-store.ts';
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import type { FileCallback } from '../forms/file-sink.ts';
import { DEFAULT_MULTIPART_LIMITS } from '../forms/multipart-limits.ts';
import type { AccessLogFormat, AccessLogOptions } from '../log/access-log.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import type { TrustProxy } from '../request/proxy-trust.ts';
import { X_POWERED_BY } from '../response/base-response.ts';

export type { Logger } from '../log/logger.ts';

/** Every application option, with its default in {@link DEFAULT_OPTIONS}. */
export interface ApplicationOptions {
  /**
   * Parse the query string into `req.args`.
   * @default true
   */
  autoArgs: boolean;
  /**
   * Parse form bodies (POST, PUT, PATCH) into `req.form`.
   * @default true
   */
  autoForm: boolean;
  /**
   * Parse JSON bodies (POST, PUT, PATCH) into `req.json`.
   * @default true
   */
  autoJson: boolean;
  /**
   * Buffer bodies of at most `dataSize` bytes into `req.data`.
   * @default true
   */
  autoData: boolean;
  /**
   * Parse the Cookie header into `req.cookies`.
   * @default true
   */
  autoCookies: boolean;
  /**
   * Largest body, in bytes, that `autoData` buffers into `req.data`.
   * @default 65365
   */
  dataSize: number;
  /**
   * Largest body, in bytes, the framework buffers to parse JSON or a form;
   * a larger one is answered with 413 without being read.
   * @default 1048576
   */
  bodyLimit: number;
  /**
   * Keep blank values (`a=&b=`) in query and form parsing.
   * @default false
   */
  keepBlankValues: boolean;
  /**
   * Answer malformed query strings and forms with 400 instead of skipping the bad parts.
   * @default false
   */
  strictParsing: boolean;
  /**
   * Most fields in one query string or urlencoded body; more is a 413.
   * @default 1000
   */
  maxFields: number;
  /**
   * Block size of `req.input` (PoorWSGI's `cached_size`): what `read()`
   * without a size reads, and the block `examples/put-file.ts` reads in.
   * @default 65365
   */
  cachedSize: number;
  /**
   * Seconds to wait for more of a request body; a client that sends nothing
   * for that long is answered 408. 0 waits forever.
   * @default 10
   */
  readTimeout: number;
  /**
   * Makes the sink of each uploaded file of an automatically parsed
   * multipart form (PoorWSGI's `file_callback`); temporary files when `null`.
   * @default null
   */
  fileCallback: FileCallback | null;
  /**
   * Directory of upload temporary files; `null` for `os.tmpdir()`.
   * @default null
   */
  tempDir: string | null;
  /**
   * Most bytes of a streamed multipart body; more is a 413.
   * @default 104857600 (100 MiB)
   */
  uploadLimit: number;
  /**
   * Most parts of a multipart body; more is a 413.
   * @default 1000
   */
  maxParts: number;
  /**
   * Longest field name of a multipart body; longer is a 413.
   * @default 1024
   */
  maxNameLength: number;
  /**
   * Most bytes of one part's headers; more is a 413.
   * @default 16384
   */
  maxPartHeaderSize: number;
  /**
   * Most bytes of one uploaded file; more is a 413.
   * @default 104857600 (100 MiB)
   */
  maxFileSize: number;
  /**
   * Most bytes of one multipart text field; more is a 413.
   * @default 1048576 (1 MiB)
   */
  maxFieldSize: number;
  /**
   * A multipart text field longer than this goes to a temporary file instead of memory.
   * @default 65536
   */
  fieldSpillSize: number;
  /**
   * MIME types whose bodies are parsed as JSON, besides every type with the
   * `+json` suffix (RFC 6839: `application/merge-patch+json`,
   * `application/vnd.api+json`), which always are. PoorWSGI also lists
   * `application/javascript`, which is not JSON.
   * @default ['application/json']
   */
  jsonMimeTypes: readonly string[];
  /**
   * MIME types whose bodies are parsed as forms.
   * @default ['application/x-www-form-urlencoded', 'multipart/form-data']
   */
  formMimeTypes: readonly string[];
  /**
   * Debug mode: tracebacks on the 500 page. Environment: `poor_Debug=On`.
   * @default false
   */
  debug: boolean;
  /**
   * Secret key for sessions and Digest nonces. Environment: `poor_SecretKey`.
   * @default null
   */
  secretKey: string | Uint8Array | null;
  /**
   * HTTP authentication of the built-in 401 page: `'Digest'` adds a
   * `WWW-Authenticate` Digest challenge (RFC 7616) for the realm of the
   * `HTTPException(401, { realm })`, as `checkDigest` of `poorwsgi/auth`
   * throws it; `null` adds none. Set `secretKey` first: the nonces are signed
   * with it (and it cannot be unset while this is `'Digest'`). See docs/digest.md.
   * @default null
   */
  authType: 'Digest' | null;
  /**
   * The Digest algorithm challenges name and credentials must use. The HA1
   * values of `authMap` must be of its hash (MD5 for the `MD5` names, SHA-256
   * for the others). Browsers and curl support all four; Python `requests`
   * has no `SHA-256-sess`.
   * @default 'MD5-sess'
   */
  authAlgorithm: DigestAlgorithm;
  /**
   * The Digest quality of protection: `'auth'`, or `null` for none (RFC 2069
   * clients; no nonce count, so no replay protection).
   * @default 'auth'
   */
  authQop: 'auth' | null;
  /**
   * Seconds a Digest nonce lives at least (it lives up to twice as long: nonces
   * are made per time bucket, as PoorWSGI's); a whole number from 1 to one
   * year, or `null` for nonces that never expire.
   * @default 300
   */
  authTimeout: number | null;
  /**
   * The users of Digest authentication: `{ [realm]: { [user]: HA1 } }`, or any
   * object with `find(realm, user)` such as `PasswordMap` (`poorwsgi/auth`).
   * @default {} (nobody)
   */
  authMap: AuthMap;
  /**
   * Where the nonce counts of Digest requests are recorded, to refuse a replayed
   * request (RFC 7616 §3.4): each application gets its own bounded in-memory
   * store by default; an application served by several processes shares one
   * (`RedisNonceStore`). A store that fails makes the request fail with 503.
   * @default new MemoryNonceStore() (one per application)
   */
  authNonceStore: NonceCountStore;
  /**
   * Most in-memory responses held until the end of the event-loop turn and
   * then written together (on node:http; the first response of a turn is
   * written at once): under load the client is woken once for many responses
   * instead of once for each, which is worth more than the wait
   * (src/server/write-batch.ts, docs/performance.md). 0 or 1 writes every
   * response at once.
   * @default 32
   */
  batchResponses: number;
  /**
   * Most requests of one connection handled ahead of their responses: a
   * client may pipeline requests (send the next before the last answer), and
   * Node hands over all the requests of one read at once. Beyond this many
   * answers queued behind the one being sent, further requests wait,
   * unhandled, and the connection is not read until they are handled; when
   * the client goes away, the queued answers are released (their files
   * closed, their temporary files removed). See src/server/pipelining.ts.
   * @default 16
   */
  maxPipelined: number;
  /**
   * Deepest nesting of arrays and objects in a JSON body; deeper is a 400
   * that names the limit, found before the body is parsed. At most 1000, the
   * depth the JSON encoders here are tested to write back.
   * @default 128
   */
  maxJsonDepth: number;
  /**
   * The format of the built-in error and state pages (400, 404, 405, 500,
   * ...): `'auto'` answers `application/problem+json` (RFC 9457) to clients
   * that prefer JSON or sent JSON, HTML to browsers, plain text otherwise;
   * `'json'`, `'html'` or `'text'` answer every client in that format.
   * State handlers of the application's own are not affected.
   * @default 'auto'
   */
  errorFormat: 'auto' | 'json' | 'html' | 'text';
  /**
   * Compress responses for the clients that accept it (`Accept-Encoding`):
   * brotli or gzip (zstd too on Node 22.15 and later), bodies in memory at
   * once (their `Content-Length` is the compressed one), streams and files
   * as they are sent. `true` takes the defaults; an object sets `threshold`
   * (1024 bytes), `encodings` (the server's order), `brotliQuality` (4),
   * `gzipLevel` (6), `zstdLevel` (3) and the `filter` of media types (see
   * `CompressionOptions` in `poorwsgi/compress`). Read back, it is `false`
   * or the settings in force, every field filled in.
   *
   * Off by default: compressing costs CPU on the request path (about 0.7 ms
   * for 100 KiB of JSON with brotli, 1 ms with gzip); a reverse proxy in
   * front often compresses already; and a compressed body that holds a
   * secret (a CSRF token) next to text an attacker controls (a reflected
   * parameter) tells the attacker, by its length, how much of a guess of
   * the secret was right (BREACH): leave such responses uncompressed (a
   * `filter`, or `Cache-Control: no-transform` on them).
   * See docs/cors-compression-http2.md.
   * @example app.compression = true;
   * @default false
   */
  compression: boolean | CompressionOptions;
  /**
   * The `X-Powered-By` header every response is sent with (unless it sets
   * that header itself); `null` sends none.
   * @default 'Poor WSGI for TypeScript'
   */
  poweredBy: string | null;
  /**
   * Where errors and warnings are logged: any object with pino's `error`,
   * `warn`, `info` and `debug` (a pino instance, `console`, `createLogger()`
   * of `poorwsgi/log`). See docs/logging.md.
   * @default createLogger({ level: 'info' }) (one JSON line per event, to stderr)
   */
  logger: Logger;
  /**
   * The access log: one line per request answered, with the method, target,
   * status, body bytes and duration. `'combined'` (Apache's and nginx's
   * combined format, then the request time) or `'json'`, to stdout; an
   * object sets the `format` and where lines go (`write`). `false` turns it
   * off, and then it costs one check per request. Read back, it is `false` or
   * the settings in force. See docs/logging.md.
   * @example app.accessLog = 'combined';
   * @default false
   */
  accessLog: false | AccessLogFormat | AccessLogOptions;
  /**
   * Directory whose files are served for GET and HEAD when no route matches
   * (before the default handler); `''` serves none. A relative path is taken
   * from the working directory of each request's time. Environment: `poor_DocumentRoot`.
   * @default ''
   */
  documentRoot: string;
  /**
   * List the directories under `documentRoot`. Environment: `poor_DocumentIndex=On`.
   * @default false
   */
  documentIndex: boolean;
  /**
   * CORS (the Fetch standard's protocol): which origins may read the
   * answers from a browser, with which methods, request headers, exposed
   * headers, credentials and preflight max-age (see `CorsOptions` in
   * `poorwsgi/cors`); `null` turns it off. Checked and compiled when set:
   * `app.cors` then holds the compiled `CorsPolicy`, frozen (assign a new
   * object to change it). Preflights are answered before the before-hooks;
   * every other answer gets its CORS headers after the after-hooks.
   * @example app.cors = { origin: ['https://app.example.com'], credentials: true };
   * @default null
   */
  cors: CorsOptions | null;
  /**
   * Which proxies' `X-Forwarded-For`, `-Host` and `-Proto` headers to
   * believe: `req.remoteAddr`, `req.host`, `req.hostname`, `req.hostPort`,
   * `req.scheme` and `constructUrl()` read them only behind a trusted
   * proxy, since any client can send them. `false` trusts none; a number
   * trusts that many proxies in front of the server (1: one nginx); a list
   * trusts those proxy addresses and CIDR ranges (and the names
   * `'loopback'`, `'linklocal'`, `'uniquelocal'`). See docs/serve.md.
   * @example app.trustProxy = ['127.0.0.1', '10.0.0.0/8'];
   * @default false
   */
  trustProxy: TrustProxy;
}

/** The defaults of every option. */
export const DEFAULT_OPTIONS: Readonly<ApplicationOptions> = Object.freeze({
  autoArgs: true,
  autoForm: true,
  autoJson: true,
  autoData: true,
  autoCookies: true,
  dataSize: 65365,
  bodyLimit: 1024 * 1024,
  keepBlankValues: false,
  strictParsing: false,
  maxFields: 1000,
  cachedSize: 65365,
  readTimeout: 10,
  fileCallback: null,
  tempDir: null,
  uploadLimit: DEFAULT_MULTIPART_LIMITS.uploadLimit,
  maxParts: DEFAULT_MULTIPART_LIMITS.maxParts,
  maxNameLength: DEFAULT_MULTIPART_LIMITS.maxNameLength,
  maxPartHeaderSize: DEFAULT_MULTIPART_LIMITS.maxPartHeaderSize,
  maxFileSize: DEFAULT_MULTIPART_LIMITS.maxFileSize,
  maxFieldSize: DEFAULT_MULTIPART_LIMITS.maxFieldSize,
  fieldSpillSize: DEFAULT_MULTIPART_LIMITS.fieldSpillSize,
  jsonMimeTypes: Object.freeze(['application/json']),
  formMimeTypes: Object.freeze(['application/x-www-form-urlencoded', 'multipart/form-data']),
  debug: false,
  secretKey: null,
  authType: null,
  authAlgorithm: 'MD5-sess',
  authQop: 'auth',
  authTimeout: 300,
  authMap: Object.freeze({}),
  // resolveOptions() gives every application a store of its own; this one serves requests made without an application
  authNonceStore: new MemoryNonceStore(),
  batchResponses: 32,
  maxPipelined: 16,
  maxJsonDepth: 128,
  errorFormat: 'auto',
  compression: false,
  poweredBy: X_POWERED_BY,
  logger: createLogger(),
  accessLog: false,
  documentRoot: '',
  documentIndex: false,
  cors: null,
  trustProxy: false,
});

/**
 * The `poor_*` variables that switch an option on or off, and their options.
 * PoorWSGI reads `poor_Debug` and `poor_DocumentIndex`; its documentation
 * also names the other four, which it never reads: here they work.
 */
const ENV_SWITCHES = {
  poor_Debug: 'debug',
  poor_DocumentIndex: 'documentIndex',
  poor_AutoArgs: 'autoArgs',
  poor_AutoForm: 'autoForm',
  poor_KeepBlankValues: 'keepBlankValues',
  poor_StrictParsing: 'strictParsing',
} as const satisfies Record<string, keyof ApplicationOptions>;

/** The `poor_*` variables {@link fromEnv} reads, with their options. */
export const ENV_OPTIONS: Readonly<Record<string, keyof ApplicationOptions>> = Object.freeze({
  ...ENV_SWITCHES,
  poor_SecretKey: 'secretKey',
  poor_DocumentRoot: 'documentRoot',
});

const ON = new Set(['on', 'true', 'yes', '1']);
const OFF = new Set(['off', 'false', 'no', '0']);

/**
 * The `poor_*` environment variables, as options, all read here and only
 * here, once, when the application is made: `poor_Debug`,
 * `poor_DocumentIndex`, `poor_AutoArgs`, `poor_AutoForm`,
 * `poor_KeepBlankValues` and `poor_StrictParsing` (`On`/`Off`, also
 * `true`/`false`, `yes`/`no`, `1`/`0`, any case; empty is unset),
 * `poor_SecretKey` (non-empty) and `poor_DocumentRoot` (as is; empty turns
 * the document root off). Options given to the constructor win over them.
 * @throws PoorWSGIError `PW_ERR_OPTION` naming the variable, for a switch that is neither on nor off
 * @example fromEnv({ poor_Debug: 'On' }) // { debug: true }
 */
export function fromEnv(env: NodeJS.ProcessEnv = process.env): Partial<ApplicationOptions> {
  const out: Record<string, unknown> = {};
  for (const [variable, option] of Object.entries(ENV_SWITCHES)) {
    const value = env[variable];
    if (!value) continue;
    const word = value.trim().toLowerCase();
    if (ON.has(word)) out[option] = true;
    else if (OFF.has(word)) out[option] = false;
    else {
      throw new PoorWSGIError(
        'PW_ERR_OPTION',
        `Environment variable ${variable} must be On or Off (got ${JSON.stringify(value)}); it sets the option ${option}`,
      );
    }
  }
  const key = env.poor_SecretKey;
  if (key) out.secretKey = key;
  // an empty poor_DocumentRoot is honoured: it turns the document root off
  const root = env.poor_DocumentRoot;
  if (root !== undefined) out.documentRoot = root;
  return out as Partial<ApplicationOptions>;
}

/**
 * The `app_*` variables of an environment, prefix stripped and names lower-cased,
 * as PoorWSGI's `get_options()`.
 * @example getOptions({ app_db_file: 'my.db' }) // { db_file: 'my.db' }
 */
export function getOptions(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [rawKey, value] of Object.entries(env)) {
    const key = rawKey.trim();
    if (value !== undefined && key.slice(0, 4).toLowerCase() === 'app_') out[key.slice(4).toLowerCase()] = value.trim();
  }
  return out;
}
