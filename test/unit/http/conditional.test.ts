import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type ConditionResult,
  evaluatePreconditions,
  ifRangeMatches,
  type Preconditions,
  type Validators,
} from '../../../src/http/conditional.ts';
import { timeToHttp } from '../../../src/http/dates.ts';

const MODIFIED = 1_700_000_000;
const FILE: Validators = { etag: '"v1"', lastModified: MODIFIED };
const before = timeToHttp(MODIFIED - 60);
const at = timeToHttp(MODIFIED);
const after = timeToHttp(MODIFIED + 60);

describe('evaluatePreconditions (RFC 9110 §13.2.2)', () => {
  const table: readonly [
    label: string,
    method: string,
    headers: Preconditions,
    validators: Validators,
    expected: ConditionResult,
  ][] = [
    ['no conditions', 'GET', {}, FILE, 'proceed'],
    ['If-None-Match matches', 'GET', { ifNoneMatch: '"v1"' }, FILE, 'not-modified'],
    ['If-None-Match matches weakly', 'GET', { ifNoneMatch: 'W/"v1"' }, FILE, 'not-modified'],
    ['If-None-Match on HEAD', 'HEAD', { ifNoneMatch: '"v1"' }, FILE, 'not-modified'],
    ['If-None-Match in a list', 'GET', { ifNoneMatch: '"v0", "v1"' }, FILE, 'not-modified'],
    ['If-None-Match differs', 'GET', { ifNoneMatch: '"v0"' }, FILE, 'proceed'],
    ['If-None-Match: *', 'GET', { ifNoneMatch: '*' }, FILE, 'not-modified'],
    ['If-None-Match matches on PUT', 'PUT', { ifNoneMatch: '"v1"' }, FILE, 'precondition-failed'],
    ['If-None-Match without an ETag', 'GET', { ifNoneMatch: '"v1"' }, { lastModified: MODIFIED }, 'proceed'],
    ['If-Modified-Since at the mtime', 'GET', { ifModifiedSince: at }, FILE, 'not-modified'],
    ['If-Modified-Since after the mtime', 'GET', { ifModifiedSince: after }, FILE, 'not-modified'],
    ['If-Modified-Since before the mtime', 'GET', { ifModifiedSince: before }, FILE, 'proceed'],
    ['If-Modified-Since invalid', 'GET', { ifModifiedSince: 'yesterday' }, FILE, 'proceed'],
    ['If-Modified-Since on POST', 'POST', { ifModifiedSince: after }, FILE, 'proceed'],
    [
      'If-Modified-Since fractional mtime',
      'GET',
      { ifModifiedSince: at },
      { lastModified: MODIFIED + 0.9 },
      'not-modified',
    ],
    [
      'If-None-Match wins over If-Modified-Since',
      'GET',
      { ifNoneMatch: '"v0"', ifModifiedSince: after },
      FILE,
      'proceed',
    ],
    ['If-Match matches', 'GET', { ifMatch: '"v1"' }, FILE, 'proceed'],
    ['If-Match: *', 'PUT', { ifMatch: '*' }, FILE, 'proceed'],
    ['If-Match differs', 'GET', { ifMatch: '"v0"' }, FILE, 'precondition-failed'],
    ['If-Match is strong', 'GET', { ifMatch: 'W/"v1"' }, FILE, 'precondition-failed'],
    ['If-Match a weak ETag', 'GET', { ifMatch: '"v1"' }, { etag: 'W/"v1"' }, 'precondition-failed'],
    ['If-Match without an ETag', 'GET', { ifMatch: '"v1"' }, { lastModified: MODIFIED }, 'precondition-failed'],
    ['If-Unmodified-Since after', 'GET', { ifUnmodifiedSince: after }, FILE, 'proceed'],
    ['If-Unmodified-Since at', 'GET', { ifUnmodifiedSince: at }, FILE, 'proceed'],
    ['If-Unmodified-Since before', 'DELETE', { ifUnmodifiedSince: before }, FILE, 'precondition-failed'],
    ['If-Unmodified-Since invalid', 'GET', { ifUnmodifiedSince: 'nope' }, FILE, 'proceed'],
    ['If-Match wins over If-Unmodified-Since', 'GET', { ifMatch: '"v1"', ifUnmodifiedSince: before }, FILE, 'proceed'],
    ['412 before 304', 'GET', { ifMatch: '"v0"', ifNoneMatch: '"v1"' }, FILE, 'precondition-failed'],
  ];
  for (const [label, method, headers, validators, expected] of table) {
    test(label, () => assert.equal(evaluatePreconditions(method, headers, validators), expected));
  }
});

describe('ifRangeMatches (RFC 9110 §13.1.5)', () => {
  const table: readonly [label: string, value: string, validators: Validators, expected: boolean][] = [
    ['the same strong ETag', '"v1"', FILE, true],
    ['another ETag', '"v0"', FILE, false],
    ['a weak ETag never matches', 'W/"v1"', { etag: 'W/"v1"' }, false],
    ['against a weak ETag', '"v1"', { etag: 'W/"v1"' }, false],
    ['the Last-Modified date', at, FILE, true],
    ['an earlier date', before, FILE, false],
    ['a later date', after, FILE, false],
    ['garbage', 'tomorrow', FILE, false],
    ['a date without Last-Modified', at, { etag: '"v1"' }, false],
  ];
  for (const [label, value, validators, expected] of table) {
    test(label, () => assert.equal(ifRangeMatches(value, validators), expected));
  }
});
