/**
 * Conditional requests (RFC 9110 §13): `If-Match`, `If-None-Match`,
 * `If-Modified-Since`, `If-Unmodified-Since` and `If-Range`, evaluated in the
 * order of §13.2.2 against the validators of the selected representation.
 * @module
 */

import { tryHttpToTime } from './dates.ts';
import { type EntityTag, parseETag, parseETagList, strongMatch, weakMatch } from './etag.ts';

/** The precondition header values of a request; absent ones are `undefined`. */
export interface Preconditions {
  readonly ifMatch?: string | undefined;
  readonly ifNoneMatch?: string | undefined;
  readonly ifModifiedSince?: string | undefined;
  readonly ifUnmodifiedSince?: string | undefined;
}

/** The validators of the representation: its `ETag` and `Last-Modified` (epoch seconds). */
export interface Validators {
  readonly etag?: string | null | undefined;
  readonly lastModified?: number | null | undefined;
}

/**
 * What to answer: carry on with the request, `304 Not Modified`, or
 * `412 Precondition Failed`.
 */
export type ConditionResult = 'proceed' | 'not-modified' | 'precondition-failed';

function currentTag(validators: Validators): EntityTag | undefined {
  return validators.etag ? parseETag(validators.etag) : undefined;
}

function lastModified(validators: Validators): number | undefined {
  const value = validators.lastModified;
  return typeof value === 'number' && Number.isFinite(value) ? Math.floor(value) : undefined;
}

/**
 * Evaluate the preconditions of a request (RFC 9110 §13.2.2), for a
 * representation that exists:
 * 1. `If-Match` false → 412; else, without it, `If-Unmodified-Since` false → 412;
 * 2. `If-None-Match` false → 304 for GET/HEAD, else 412; without it, for
 *    GET/HEAD, `If-Modified-Since` false → 304.
 *
 * Invalid dates are ignored, as the RFC requires; a condition on a validator
 * the representation does not have is ignored too, except `If-Match`, which
 * then fails (nothing can match strongly).
 * @example
 * evaluatePreconditions('GET', { ifNoneMatch: '"v1"' }, { etag: '"v1"' }); // 'not-modified'
 * evaluatePreconditions('PUT', { ifMatch: '"v0"' }, { etag: '"v1"' }); // 'precondition-failed'
 */
export function evaluatePreconditions(method: string, headers: Preconditions, validators: Validators): ConditionResult {
  const tag = currentTag(validators);
  const modified = lastModified(validators);
  const safe = method === 'GET' || method === 'HEAD';

  if (headers.ifMatch !== undefined) {
    const list = parseETagList(headers.ifMatch);
    if (list !== '*' && (tag === undefined || !list.some((t) => strongMatch(t, tag)))) return 'precondition-failed';
  } else if (headers.ifUnmodifiedSince !== undefined && modified !== undefined) {
    const since = tryHttpToTime(headers.ifUnmodifiedSince);
    if (since !== undefined && modified > since) return 'precondition-failed';
  }

  if (headers.ifNoneMatch !== undefined) {
    const list = parseETagList(headers.ifNoneMatch);
    const matched = list === '*' || (tag !== undefined && list.some((t) => weakMatch(t, tag)));
    if (matched) return safe ? 'not-modified' : 'precondition-failed';
  } else if (safe && headers.ifModifiedSince !== undefined && modified !== undefined) {
    const since = tryHttpToTime(headers.ifModifiedSince);
    if (since !== undefined && modified <= since) return 'not-modified';
  }
  return 'proceed';
}

/**
 * Whether an `If-Range` value (§13.1.5) still names the representation, so
 * that the `Range` header applies: an entity tag must match strongly (a weak
 * one never does), a date must equal `Last-Modified`.
 * @example
 * ifRangeMatches('"v1"', { etag: '"v1"' }); // true
 * ifRangeMatches('W/"v1"', { etag: 'W/"v1"' }); // false
 */
export function ifRangeMatches(ifRange: string, validators: Validators): boolean {
  const value = ifRange.trim();
  if (value.startsWith('"') || value.startsWith('W/')) {
    const given = parseETag(value);
    const tag = currentTag(validators);
    return given !== undefined && tag !== undefined && strongMatch(given, tag);
  }
  const date = tryHttpToTime(value);
  const modified = lastModified(validators);
  return date !== undefined && modified !== undefined && date === modified;
}
