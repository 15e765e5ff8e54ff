/**
 * The error of a session cookie that cannot be read.
 * @module
 */

/**
 * Why a session cookie was refused:
 * - `too-large`: longer than 4096 characters (checked before any crypto);
 * - `malformed`: not `payload.signature` in strict base64, a signature of the
 *   wrong length, or a payload that does not decode, decompress or parse;
 * - `signature`: signed by none of the session's keys (tampered, forged, or
 *   made by another application);
 * - `expired`: its sealed expiry or absolute lifetime has passed;
 * - `not-dictionary`: the data inside is not a JSON object.
 */
export type SessionErrorReason = 'too-large' | 'malformed' | 'signature' | 'expired' | 'not-dictionary';

/**
 * A session cookie that cannot be read: the only error `load()` throws for
 * what a client sent, whatever is wrong with it. The session is left empty.
 * This is request flow, not a bug: answer as for a client with no session
 * (log in again), or use `tryLoad()`, which returns this error instead.
 * @example
 * try { session.load(req.cookies); } catch (err) { if (err instanceof SessionError) redirect('/login'); throw err; }
 */
export class SessionError extends Error {
  /** What was wrong with the cookie. */
  readonly reason: SessionErrorReason;

  /** @param reason what was wrong with the cookie; `options.cause` the underlying error, if any */
  constructor(message: string, reason: SessionErrorReason, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SessionError';
    this.reason = reason;
  }
}
