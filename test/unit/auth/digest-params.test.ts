/**
 * `parseDigestCredentials`: the Digest credentials of what Chromium, curl
 * and Python `requests` send, and every malformed header refused.
 * @module
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDigestCredentials } from '../../../src/auth/digest-params.ts';

test('the headers of real clients', () => {
  const chromium =
    'Digest username="user", realm="User Zone", nonce="AAB", uri="/user?x=1", algorithm=MD5-sess, response="ab12", opaque="ff", qop=auth, nc=00000001, cnonce="c0ffee"';
  const curl =
    'Digest username="user", realm="User Zone", nonce="AAB", uri="/user?x=1", cnonce="c0ffee", nc=00000001, qop=auth, response="ab12", opaque="ff", algorithm=MD5-sess';
  const requests =
    'Digest username="user", realm="User Zone", nonce="AAB", uri="/user?x=1", response="ab12", opaque="ff", algorithm="MD5-sess", qop="auth", nc=00000001, cnonce="c0ffee"';
  const expected = {
    username: 'user',
    realm: 'User Zone',
    nonce: 'AAB',
    uri: '/user?x=1',
    algorithm: 'MD5-sess',
    response: 'ab12',
    opaque: 'ff',
    qop: 'auth',
    nc: '00000001',
    cnonce: 'c0ffee',
  };
  for (const header of [chromium, curl, requests]) {
    const { scheme, params } = parseDigestCredentials(header);
    assert.equal(scheme, 'Digest');
    assert.deepEqual({ ...params }, expected);
  }
});

test('RFC 9110 syntax: case-insensitive names, whitespace around = and commas, escapes, empty strings, empty elements', () => {
  const { scheme, params } = parseDigestCredentials('  digest  UserName = "a\\"b\\\\c" ,, realm="" ,\tnc=0000000a , ');
  assert.equal(scheme, 'digest');
  assert.deepEqual({ ...params }, { username: 'a"b\\c', realm: '', nc: '0000000a' });
  assert.deepEqual({ ...parseDigestCredentials('Digest').params }, {});
  assert.deepEqual({ ...parseDigestCredentials('Digest ').params }, {});
});

test('a UTF-8 user name, sent as its bytes or as username* (RFC 8187)', () => {
  const bytes = Buffer.from('username="Ondřej", realm="Zóna"', 'utf8').toString('latin1');
  assert.deepEqual({ ...parseDigestCredentials(`Digest ${bytes}`).params }, { username: 'Ondřej', realm: 'Zóna' });
  // every byte of 'ř' (C5 99) escaped: only escaped characters are above ASCII
  const escaped = 'username="\\\xc5\\\x99"';
  assert.equal(parseDigestCredentials(`Digest ${escaped}`).params?.username, 'ř', 'escaped bytes of a UTF-8 character');
  const extended = parseDigestCredentials('Digest username*=UTF-8\'\'Ond%C5%99ej, realm="R"').params;
  assert.equal(extended?.username, 'Ondřej');
  assert.equal(parseDigestCredentials("Digest username*=utf-8'cs'%C5%99").params?.username, 'ř');
});

test('malformed headers give no parameters, with the scheme for the log', () => {
  const bad: ReadonlyArray<[string, string]> = [
    ['Digest username="open', 'Digest'],
    ['Digest username="ends with a backslash\\', 'Digest'],
    ['Digest username', 'Digest'],
    ['Digest =value', 'Digest'],
    ['Digest username=', 'Digest'],
    ['Digest username="a" realm="b"', 'Digest'],
    ['Digest username="a"; realm="b"', 'Digest'],
    ['Digest username="a\x01"', 'Digest'],
    ['Digest username="a\x7f"', 'Digest'],
    ['Digest nonce="a", nonce="b"', 'Digest'],
    ['Digest nonce="a", NONCE="a"', 'Digest'],
    ['Digest username="a", username*=UTF-8\'\'b', 'Digest'],
    ["Digest username*=latin1''b", 'Digest'],
    ['Digest username=a@b', 'Digest'],
    ['', ''],
    ['"Digest"', '"Digest"'],
    ['Digest@ x=1', 'Digest@ x=1'],
  ];
  for (const [header, scheme] of bad) {
    const parsed = parseDigestCredentials(header);
    assert.equal(parsed.params, undefined, JSON.stringify(header));
    assert.equal(parsed.scheme, scheme, JSON.stringify(header));
  }
});

test('other schemes parse as far as they are auth-params; a token68 does not', () => {
  assert.equal(parseDigestCredentials('Basic dXNlcjpwYXNz').scheme, 'Basic');
  assert.equal(parseDigestCredentials('Basic dXNlcjpwYXNz').params, undefined);
  assert.deepEqual({ ...parseDigestCredentials('Other a=1').params }, { a: '1' });
});
