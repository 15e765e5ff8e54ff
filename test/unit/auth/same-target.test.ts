/**
 * `sameTarget`: the Digest `uri` against the request target, by resource,
 * never by the end of the string.
 * @module
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sameTarget } from '../../../src/auth/same-target.ts';

const SAME: ReadonlyArray<[uri: string, target: string]> = [
  ['/admin', '/admin'],
  ['/a b', '/a%20b'],
  ['/%C4%8De%C5%A1tina', '/čeština'],
  ['/%c4%8de%c5%a1tina', '/%C4%8De%C5%A1tina'],
  ['/crazy%20in%20url%20%F0%9F%A4%AA', '/crazy in url 🤪'],
  ['/x?a=1&b=2', '/x?a=1&b=2'],
  ['/x?a=%7e', '/x?a=~'],
  ['/x?a=%2f', '/x?a=%2F'],
  ['http://example.com/x?a=1', '/x?a=1'],
  ['/x?a=1', 'https://example.com:8443/x?a=1'],
  ['http://example.com', '/'],
  ['*', '*'],
];

const DIFFERENT: ReadonlyArray<[uri: string, target: string]> = [
  ['/x/admin', '/admin'],
  ['/admin', '/x/admin'],
  ['/admin', '/admin/'],
  ['/user?a=1', '/user?a=2'],
  ['/user?a=1', '/user'],
  ['/user', '/user?a=1'],
  ['/x?a=%26b', '/x?a=&b'],
  ['/x?a=%2F', '/x?a=/'],
  ['/x?a=+', '/x?a=%20'],
  ['/%zz', '/%zz'.toUpperCase()],
  ['/%E0%A4%A', '/%E0%A4%A'.toLowerCase()],
  ['', '/'],
];

test('the same resource', () => {
  for (const [uri, target] of SAME) assert.equal(sameTarget(uri, target), true, `${uri} ~ ${target}`);
});

test('another resource', () => {
  for (const [uri, target] of DIFFERENT) assert.equal(sameTarget(uri, target), false, `${uri} !~ ${target}`);
});

test('a uri whose path does not decode is the target only as the same text', () => {
  assert.equal(sameTarget('/%zz', '/%zz'), true);
  assert.equal(sameTarget('/%E0%A4%A', '/%E0%A4%A'), true);
});
