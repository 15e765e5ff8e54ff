import type { AuthMap } from '../crypto/auth-map.ts';
import type { DigestAlgorithm } from '../crypto/digest-algorithm.ts';
import type { NonceCountStore } from '../crypto/nonce-store.ts';
import type { FileCallback } from '../forms/file-sink.ts';
import type { MultipartLimits } from '../forms/multipart-limits.ts';
import type { TrustProxy } from './proxy-trust.ts';

/** The application options a request reads (the `ApplicationOptions` of app/, seen from below). */
export interface RequestSettings {
  /** Parse the query string into `req.args`. */
  readonly autoArgs: boolean;
  /** Parse urlencoded (and, later, multipart) bodies into `req.form`. */
  readonly autoForm: boolean;
  /** Parse JSON bodies into `req.json`. */
  readonly autoJson: boolean;
  /** Buffer bodies up to `dataSize` bytes into `req.data`. */
  readonly autoData: boolean;
  /** Parse the Cookie header into `req.cookies`. */
  readonly autoCookies: boolean;
  /** Largest body buffered into `req.data` by `autoData`. */
  readonly dataSize: number;
  /** Largest body the framework buffers for parsing; more is a 413. */
  readonly bodyLimit: number;
  /** Keep blank values in query and form parsing. */
  readonly keepBlankValues: boolean;
  /** Refuse malformed query and form input with 400. */
  readonly strictParsing: boolean;
  /** Most fields in one query string or urlencoded body; more is a 413. */
  readonly maxFields: number;
  /** MIME types parsed as JSON (a copy). */
  readonly jsonMimeTypes: readonly string[];
  /** MIME types parsed as forms (a copy). */
  readonly formMimeTypes: readonly string[];
  /** Debug mode: tracebacks on the 500 page. */
  readonly debug: boolean;
  /** The secret key for sessions and Digest nonces. */
  readonly secretKey: string | Uint8Array | null;
  /** Block size of `req.input` reads. */
  readonly cachedSize: number;
  /** Seconds to wait for more of a body before a 408; 0 waits forever. */
  readonly readTimeout: number;
  /** Makes the sink of each uploaded file; temporary files when `null`. */
  readonly fileCallback: FileCallback | null;
  /** Directory of upload temporary files; `null` for `os.tmpdir()`. */
  readonly tempDir: string | null;
  /** Deepest nesting of a JSON body; deeper is a 400. */
  readonly maxJsonDepth: number;
  /** The format of the built-in error pages: negotiated (`'auto'`) or forced. */
  readonly errorFormat: 'auto' | 'json' | 'html' | 'text';
  /** `'Digest'`: the built-in 401 page carries a Digest challenge. */
  readonly authType: 'Digest' | null;
  /** The Digest algorithm of challenges and credentials. */
  readonly authAlgorithm: DigestAlgorithm;
  /** The Digest quality of protection, `'auth'` or none. */
  readonly authQop: 'auth' | null;
  /** Seconds a Digest nonce lives at least (up to twice that); `null`: forever. */
  readonly authTimeout: number | null;
  /** The users of Digest authentication (HA1 by realm and user). */
  readonly authMap: AuthMap;
  /** Where Digest nonce counts are recorded against replays. */
  readonly authNonceStore: NonceCountStore;
  /** Which proxies' X-Forwarded-* headers to believe; `false`: none. */
  readonly trustProxy: TrustProxy;
  /** Where the application logs (what `checkDigest` refuses, and why). */
  readonly logger: {
    error(...args: unknown[]): void;
    warn(...args: unknown[]): void;
    info(...args: unknown[]): void;
    debug(...args: unknown[]): void;
  };
}

/**
 * What a request needs to know of its application: its name, its options as
 * one object, and the multipart limits. `Application` implements it;
 * request/ cannot import app/ (it is a lower layer). Inside `src/` options
 * are read through `settings` only; the accessors (`app.debug`, ...) are the
 * user's API.
 */
export interface RequestApp {
  /** The application's name. */
  readonly name: string;
  /**
   * The live options as one object, for the request's hot path: a property of
   * it is a plain load, where the accessor of each option is a call through
   * code shared by every option (bench/micro `request`). Do not change it.
   */
  readonly settings: RequestSettings;
  /** The limits of automatically parsed multipart bodies. */
  readonly multipartLimits: MultipartLimits;
}
