/**
 * What `PoorSession` and `AESSession` share: a JSON object sealed into the
 * cookie with the session's identity and expiry, the limits a cookie from a
 * client is held to, and the rule that whatever is wrong with it, `load()`
 * throws `SessionError` and leaves the session empty.
 * @module
 */
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import { quoteCookieValue } from '../http/cookie.ts';
import { jsonNestingExceeds } from '../http/json-depth.ts';
import { BaseSession, type CookieJar, type SessionOptions } from './base-session.ts';
import { randomFromPool } from './random-pool.ts';
import { SessionError } from './session-error.ts';

/** A value session data can hold: what JSON can. */
export type SessionValue = string | number | boolean | null | SessionValue[] | { [key: string]: SessionValue };

/** The data of a sealed session: a JSON object. */
export type SessionData = { [key: string]: SessionValue };

/**
 * The longest cookie (`name=value`, quotes included) a session writes or
 * reads: browsers keep cookies up to 4096 bytes (RFC 6265 §6.1), and a longer
 * one from a client is refused before any crypto.
 */
export const SESSION_COOKIE_LIMIT = 4096;

/** The most bytes of JSON a sealed cookie may open into (a bound on decompression). */
export const SESSION_DATA_LIMIT = 65_536;

/** The deepest nesting of arrays and objects session data may have. */
export const SESSION_DEPTH_LIMIT = 32;

/** The options of `PoorSession` and `AESSession`. */
export interface SealedSessionOptions extends SessionOptions {
  /**
   * An absolute lifetime in seconds: sealed into the cookie when the session
   * is first written (or regenerated) and kept by every later write, so no
   * amount of activity keeps a session past it. `null` for none.
   * @default null
   */
  readonly lifetime?: number | null;
  /** The clock expiries are checked against, in epoch seconds. @default the system clock */
  readonly clock?: () => number;
}

/** What a sealed cookie holds: `i` the session id, `d` the data, `e` the expiry, `a` the lifetime's end. */
interface Envelope {
  readonly i: string;
  readonly d: SessionData;
  readonly e?: number;
  readonly a?: number;
}

const SESSION_ID = /^[A-Za-z0-9_-]{22}$/;

/** 128 random bits, URL-safe base64 (22 characters). */
function newSessionId(): string {
  return randomFromPool(16).toString('base64url');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTime(value: unknown): value is number | undefined {
  return value === undefined || (typeof value === 'number' && Number.isFinite(value));
}

function bad(cause?: unknown): SessionError {
  return new SessionError('Bad session data.', 'malformed', cause === undefined ? undefined : { cause });
}

/**
 * The base of the sealed sessions: `data` is a JSON object that travels in
 * the cookie, sealed by the subclass ({@link SealedSession.seal}) under the
 * first secret key and opened under any of them ({@link SealedSession.open}).
 *
 * Inside the seal, next to the data: a random session id (new on
 * {@link SealedSession.regenerate}), the expiry when `expires` or `maxAge` is
 * set (now plus the shorter of them, renewed on every write) and the end of
 * the absolute `lifetime`. `load()` refuses a cookie past either, so a copy
 * of an old cookie is useless after its time, whatever the client does with
 * the cookie's own attributes.
 */
export abstract class SealedSession extends BaseSession {
  /** The session data; empty until loaded or set. */
  data: SessionData = Object.create(null) as SessionData;
  /** The absolute lifetime in seconds, `null` for none. */
  readonly lifetime: number | null;
  readonly #clock: (() => number) | undefined;
  #id: string | null = null;
  #expiresAt: number | null = null;
  #deadline: number | null = null;
  /** The last sealed value and the JSON it seals: a write of the same JSON seals nothing again. */
  #written: { readonly json: string; readonly value: string } | undefined;

  /**
   * @throws PoorWSGIError `PW_ERR_COOKIE` for a bad cookie attribute;
   *   `PW_ERR_SESSION` for a `lifetime` that is not a positive integer
   */
  constructor(options: SealedSessionOptions = {}) {
    super(options);
    const { lifetime = null, clock } = options;
    if (lifetime !== null && !(Number.isSafeInteger(lifetime) && lifetime > 0)) {
      throw new PoorWSGIError(
        'PW_ERR_SESSION',
        `Session lifetime must be a positive number of seconds or null (got ${String(lifetime)})`,
      );
    }
    this.lifetime = lifetime;
    this.#clock = clock;
  }

  /** The session id sealed in the cookie: `null` until the session is loaded or written. */
  get id(): string | null {
    return this.#id;
  }

  /** When the session expires unless written again (epoch seconds), `null` for no expiry. */
  get expiresAt(): number | null {
    return this.#expiresAt;
  }

  /** The end of the absolute lifetime (epoch seconds), `null` for none. */
  get deadline(): number | null {
    return this.#deadline;
  }

  protected override now(): number {
    return this.#clock === undefined ? super.now() : this.#clock();
  }

  /**
   * The sealed cookie value of `plain` (the JSON of the session) under the
   * first key: confidential and authenticated.
   */
  protected abstract seal(plain: Buffer): string;

  /**
   * The JSON bytes sealed in `value` by any of the keys.
   * @throws SessionError (`malformed`, `signature`) for anything else
   */
  protected abstract open(value: string): Buffer;

  /**
   * Read the session from `cookies[sid]`. A missing or empty cookie changes
   * nothing.
   * @throws SessionError for a cookie that is too large, malformed, not
   *   sealed by one of the keys, expired, or whose data is not a JSON object;
   *   the session is then empty. Never another error for what the cookie holds.
   */
  load(cookies: CookieJar | null | undefined): void {
    if (cookies === null || cookies === undefined || !Object.hasOwn(cookies, this.sid)) return;
    const raw: unknown = cookies[this.sid];
    if (typeof raw !== 'string' || raw === '') return;
    this.#reset();
    try {
      if (this.sid.length + 1 + raw.length > SESSION_COOKIE_LIMIT) {
        throw new SessionError('Session cookie too large.', 'too-large');
      }
      const envelope = this.#parse(this.open(raw));
      this.data = Object.assign(Object.create(null) as SessionData, envelope.d);
      this.#id = envelope.i;
      this.#expiresAt = envelope.e ?? null;
      this.#deadline = envelope.a ?? null;
    } catch (err) {
      this.#reset();
      throw err instanceof SessionError ? err : bad(err);
    }
  }

  /**
   * The sealed cookie value of the current data (`''` once destroyed): the
   * session id is made on the first write, the expiry renewed.
   * @throws PoorWSGIError `PW_ERR_SESSION` for data that is not a JSON
   *   object, nests deeper than {@link SESSION_DEPTH_LIMIT}, is larger than
   *   {@link SESSION_DATA_LIMIT}, or gives a cookie over {@link SESSION_COOKIE_LIMIT}
   */
  write(): string {
    if (this.destroyed) return '';
    const data: unknown = this.data;
    if (!isRecord(data)) {
      throw new PoorWSGIError(
        'PW_ERR_SESSION',
        `Session data must be an object (got ${Array.isArray(data) ? 'an array' : String(data)})`,
      );
    }
    const now = Math.trunc(this.now());
    this.#id ??= newSessionId();
    if (this.lifetime !== null) this.#deadline ??= now + this.lifetime;
    const idle = Math.min(
      this.expires > 0 ? this.expires : Number.POSITIVE_INFINITY,
      this.maxAge ?? Number.POSITIVE_INFINITY,
    );
    this.#expiresAt = Number.isFinite(idle) ? now + idle : null;
    const envelope: Envelope = {
      i: this.#id,
      d: data as SessionData,
      ...(this.#expiresAt === null ? {} : { e: this.#expiresAt }),
      ...(this.#deadline === null ? {} : { a: this.#deadline }),
    };
    let json: string;
    try {
      json = JSON.stringify(envelope);
    } catch (err) {
      throw new PoorWSGIError('PW_ERR_SESSION', `Session data cannot be written as JSON: ${(err as Error).message}`, {
        cause: err,
      });
    }
    if (this.#written?.json === json) return this.#written.value;
    const plain = Buffer.from(json, 'utf8');
    if (plain.length > SESSION_DATA_LIMIT) {
      throw new PoorWSGIError(
        'PW_ERR_SESSION',
        `Session data of ${plain.length} bytes is larger than ${SESSION_DATA_LIMIT}`,
      );
    }
    // the envelope is one level more than the data
    if (jsonNestingExceeds(json, SESSION_DEPTH_LIMIT + 1)) {
      throw new PoorWSGIError('PW_ERR_SESSION', `Session data nests deeper than ${SESSION_DEPTH_LIMIT} levels`);
    }
    const value = this.seal(plain);
    const size = this.sid.length + 1 + quoteCookieValue(value).length;
    if (size > SESSION_COOKIE_LIMIT) {
      throw new PoorWSGIError(
        'PW_ERR_SESSION',
        `Session cookie of ${size} bytes is larger than ${SESSION_COOKIE_LIMIT}, which browsers drop: keep less in the session`,
      );
    }
    this.#written = { json, value };
    return value;
  }

  /**
   * A new identity for the session, against session fixation: a new session
   * id and a new absolute lifetime, so the cookie written next is unlike any
   * the client had. Call it when the privileges change, at login above all
   * (and at logout, if the session lives on). The data is kept unless
   * `keepData` is false.
   * @example
   * session.tryLoad(req.cookies);
   * session.regenerate();
   * session.data.user = username;
   * session.header(response);
   */
  regenerate({ keepData = true }: { readonly keepData?: boolean } = {}): void {
    this.#id = newSessionId();
    this.#deadline = null;
    this.#written = undefined;
    if (!keepData) this.data = Object.create(null) as SessionData;
  }

  protected clear(): void {
    this.data = Object.create(null) as SessionData;
  }

  #reset(): void {
    this.clear();
    this.#id = null;
    this.#expiresAt = null;
    this.#deadline = null;
    this.#written = undefined;
  }

  /** The envelope in `plain`, checked: shape, depth, expiry. */
  #parse(plain: Buffer): Envelope {
    if (plain.length > SESSION_DATA_LIMIT) throw bad();
    const text = plain.toString('utf8');
    if (jsonNestingExceeds(text, SESSION_DEPTH_LIMIT + 1)) throw bad();
    const value: unknown = JSON.parse(text);
    if (!isRecord(value) || typeof value.i !== 'string' || !SESSION_ID.test(value.i)) throw bad();
    if (!isTime(value.e) || !isTime(value.a)) throw bad();
    if (!isRecord(value.d)) throw new SessionError('Cookie data is not dictionary!', 'not-dictionary');
    const now = this.now();
    if ((value.e !== undefined && now >= value.e) || (value.a !== undefined && now >= value.a)) {
      throw new SessionError('Session expired.', 'expired');
    }
    return value as unknown as Envelope;
  }
}
