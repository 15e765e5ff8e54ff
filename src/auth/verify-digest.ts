/**
 * Checking the HTTP Digest credentials of a request (RFC 7616 §3.4), in
 * PoorWSGI's order with its faults fixed: every missing or malformed field is
 * a 401 (a `uri` for another resource a 400, as RFC 7616 §3.4.6 says), never
 * a 500; `uri` is compared with the request target, not by its end; every
 * comparison with a secret or an expected value is constant-time; the nonce
 * count must grow (replay protection).
 * @module
 */
import { hash as oneShotHash, timingSafeEqual } from 'node:crypto';
import { findHA1 } from '../crypto/auth-map.ts';
import { type DigestAlgorithm, digestHash, isSessionAlgorithm } from '../crypto/digest-algorithm.ts';
import { checkNonce, digestOpaque, nowSeconds } from '../crypto/digest-nonce.ts';
import { HTTPException } from '../errors/http-exception.ts';
import { HTTP_BAD_REQUEST, HTTP_SERVICE_UNAVAILABLE, HTTP_UNAUTHORIZED } from '../http/status.ts';
import type { Request } from '../request/request.ts';
import { parseDigestCredentials } from './digest-params.ts';
import { sameTarget } from './same-target.ts';

/** `nc-value = 8LHEX` (RFC 7616 §3.4); upper case is taken as well. */
const NONCE_COUNT = /^[0-9a-f]{8}$/i;
/** A hash in hexadecimal, as `response` must be. */
const HEX = /^[0-9a-f]+$/i;
/** Hexadecimal digits of each hash. */
const HEX_LENGTH = { md5: 32, sha256: 64 } as const;

/** The application's `logger`, as the request sees it. */
type Logger = Request['app']['settings']['logger'];

/** Whether two strings are equal, in time that depends on their lengths only (lengths are not secret here). */
function safeEqual(actual: string, expected: string): boolean {
  const a = Buffer.from(actual, 'utf8');
  const e = Buffer.from(expected, 'utf8');
  if (a.length !== e.length) {
    // the same work as a comparison of equal lengths, and the answer is no
    timingSafeEqual(e, e);
    return false;
  }
  return timingSafeEqual(a, e);
}

/** `H(text)` in hexadecimal: the one-shot `crypto.hash` (Node 20.12+) costs half of `createHash` for short input. */
function hash(name: 'md5' | 'sha256', text: string): string {
  return oneShotHash(name, text, 'hex');
}

/**
 * The `response` a client with this HA1 computes (RFC 7616 §3.4.1):
 * `H(HA1':nonce:nc:cnonce:qop:H(method:uri))` with qop, `H(HA1':nonce:H(method:uri))`
 * without, where `HA1'` is `H(HA1:nonce:cnonce)` for the `-sess` algorithms and HA1 otherwise.
 */
export function digestResponse(
  algorithm: DigestAlgorithm,
  ha1: string,
  fields: {
    readonly method: string;
    readonly uri: string;
    readonly nonce: string;
    readonly nc?: string | undefined;
    readonly cnonce?: string | undefined;
    readonly qop?: string | undefined;
  },
): string {
  const name = digestHash(algorithm);
  const { nonce, cnonce = '', nc = '', qop } = fields;
  const key = isSessionAlgorithm(algorithm) ? hash(name, `${ha1}:${nonce}:${cnonce}`) : ha1;
  const ha2 = hash(name, `${fields.method}:${fields.uri}`);
  return hash(name, qop === undefined ? `${key}:${nonce}:${ha2}` : `${key}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`);
}

/** A value of the client's for the log: quoted, so that CR and LF cannot forge log lines. */
function shown(value: string | undefined): string {
  return value === undefined ? '(none)' : JSON.stringify(value);
}

/** Refuse with a 401 whose challenge is for `realm` (a new nonce; `stale` when the credentials were right). */
function refuse(logger: Logger, realm: string, reason: string, stale = false): never {
  logger.warn(`Digest: ${reason}`);
  throw new HTTPException(HTTP_UNAUTHORIZED, stale ? { realm, stale: true } : { realm });
}

/** A store that failed: 503, fail closed. */
function unavailable(logger: Logger, err: unknown): never {
  logger.error({ err }, 'Digest: the nonce count store failed, the request is refused (503):');
  throw new HTTPException(HTTP_SERVICE_UNAVAILABLE, { error: 'Authentication is unavailable for now' });
}

/**
 * Check the Digest credentials of `req` for `realm` (and `user`, when
 * given), then record its nonce count; returns the user name, or a promise
 * of it when the application's `authNonceStore` answers with a promise.
 *
 * In order: an `Authorization` header of the Digest scheme; a nonce this
 * application made for this User-Agent (`stale=true` when its time is up);
 * `algorithm` (`MD5` when absent, as RFC 7616 says), `opaque`, `uri` (the
 * request target; another one is a 400), `qop`, `nc` and `cnonce`, `realm`,
 * `username`; the user's HA1 in `authMap`; `response`. Then the nonce count
 * must be greater than every count used with that nonce: a replayed or
 * out-of-order request gets a new nonce with `stale=true` (a browser retries
 * without asking its user). A store that throws or rejects is a 503.
 * `userhash` (RFC 7616 §3.4.4) is not supported: challenges never offer it.
 *
 * @param now the time in epoch seconds (tests give their own clock)
 * @throws HTTPException 401 with `{ realm, stale? }` (the 401 page makes the
 *   challenge), 400 for a `uri` of another resource, 503 when the store failed
 * @throws Error when the application's `authType` is not `'Digest'` (a 500: no client could log in)
 */
export function verifyDigest(req: Request, realm: string, user?: string, now = nowSeconds()): string | Promise<string> {
  const settings = req.app.settings;
  const logger = settings.logger;
  const secret = settings.secretKey;
  if (settings.authType !== 'Digest' || secret === null) {
    throw new Error("Digest authentication needs the application options secretKey and authType: 'Digest'");
  }
  const header = req.header('Authorization');
  if (header === undefined) {
    logger.info('Digest: no Authorization header');
    throw new HTTPException(HTTP_UNAUTHORIZED, { realm });
  }
  const { scheme, params: auth } = parseDigestCredentials(header);
  if (scheme.toLowerCase() !== 'digest') refuse(logger, realm, `Authorization scheme ${shown(scheme)} is not Digest`);
  if (auth === undefined) refuse(logger, realm, 'the Authorization header does not parse');

  const nonce = auth.nonce;
  if (nonce === undefined) refuse(logger, realm, 'no nonce');
  const checked = checkNonce(nonce, secret, req.userAgent ?? '', settings.authTimeout, now);
  if (checked.state === 'invalid') refuse(logger, realm, `nonce ${shown(nonce)} was not made here for this client`);
  if (checked.state === 'stale') refuse(logger, realm, 'nonce is stale', true);

  const algorithm = settings.authAlgorithm;
  if (!safeEqual((auth.algorithm ?? 'MD5').toLowerCase(), algorithm.toLowerCase())) {
    refuse(logger, realm, `algorithm ${shown(auth.algorithm)} is not ${algorithm}`);
  }
  if (!safeEqual(auth.opaque ?? '', digestOpaque(secret)))
    refuse(logger, realm, `opaque ${shown(auth.opaque)} is wrong`);
  const uri = auth.uri;
  if (uri === undefined) refuse(logger, realm, 'no uri');
  if (!sameTarget(uri, req.target)) {
    logger.warn(`Digest: uri ${shown(uri)} is not the request target ${shown(req.target)}`);
    throw new HTTPException(HTTP_BAD_REQUEST, { error: 'The Digest uri is not the request target' });
  }
  const { qop, nc, cnonce } = auth;
  if (settings.authQop === null) {
    if (qop !== undefined) refuse(logger, realm, `qop ${shown(qop)} was not offered`);
  } else {
    if (qop === undefined || !safeEqual(qop, settings.authQop)) refuse(logger, realm, `qop ${shown(qop)} is not auth`);
    if (nc === undefined || !NONCE_COUNT.test(nc)) refuse(logger, realm, `nc ${shown(nc)} is not 8 hexadecimal digits`);
  }
  if ((qop !== undefined || isSessionAlgorithm(algorithm)) && (cnonce === undefined || cnonce === '')) {
    refuse(logger, realm, 'no cnonce');
  }
  if (!safeEqual(auth.realm ?? '', realm)) refuse(logger, realm, `realm ${shown(auth.realm)} is not ${shown(realm)}`);
  const name = auth.username;
  if (name === undefined || name === '') refuse(logger, realm, 'no username');
  if (user !== undefined && !safeEqual(name, user)) refuse(logger, realm, `user ${shown(name)} may not enter here`);
  const response = auth.response;
  const length = HEX_LENGTH[digestHash(algorithm)];
  if (response === undefined || response.length !== length || !HEX.test(response)) {
    refuse(logger, realm, `response ${shown(response)} is not ${length} hexadecimal digits`);
  }

  const ha1 = findHA1(settings.authMap, realm, name);
  // an unknown user costs the same work as a known one, so that timing does not tell which names exist
  const expected = digestResponse(algorithm, (ha1 ?? '0'.repeat(length)).toLowerCase(), {
    method: req.method,
    uri,
    nonce,
    nc,
    cnonce,
    qop,
  });
  const matches = safeEqual(response.toLowerCase(), expected);
  if (ha1 === undefined) refuse(logger, realm, `user ${shown(name)} is not in authMap for ${shown(realm)}`);
  if (!matches) refuse(logger, realm, `response of user ${shown(name)} is wrong`);

  // RFC 2069 credentials carry no nonce count: nothing to record
  if (qop === undefined) return name;
  return advanceCount(req, realm, name, nonce, Number.parseInt(nc as string, 16), checked.lifetime);
}

/** Record the nonce count: the user name when it grew, 401 `stale` when not, 503 when the store failed. */
function advanceCount(
  req: Request,
  realm: string,
  name: string,
  nonce: string,
  count: number,
  lifetime: number,
): string | Promise<string> {
  const { logger, authNonceStore } = req.app.settings;
  const replayed = (): never =>
    refuse(logger, realm, `nonce count ${count} of user ${shown(name)} was used already`, true);
  let advanced: boolean | Promise<boolean>;
  try {
    advanced = authNonceStore.advance(nonce, count, lifetime);
  } catch (err) {
    return unavailable(logger, err);
  }
  if (advanced === true) return name;
  if (advanced === false) return replayed();
  return Promise.resolve(advanced).then(
    (ok) => (ok === true ? name : replayed()),
    (err: unknown) => unavailable(logger, err),
  );
}
