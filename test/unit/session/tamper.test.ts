/**
 * Byte by byte: a real sealed cookie, as the `Set-Cookie` header carries it
 * (quotes included), with each byte changed in each of its 8 bits, and cut
 * at every length, sent back in a `Cookie` header. Every one is refused
 * with `SessionError` and an empty session, never another error; only the
 * empty cut is "no cookie".
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCookieHeader } from '../../../src/http/cookie.ts';
import { AESSession } from '../../../src/session/aes-session.ts';
import { PoorSession } from '../../../src/session/poor-session.ts';
import type { SealedSession } from '../../../src/session/sealed-session.ts';
import { SessionError } from '../../../src/session/session-error.ts';

const KEY = 'tamper key';

const CLASSES: ReadonlyArray<[string, () => SealedSession]> = [
  ['PoorSession', () => new PoorSession(KEY, { maxAge: 3600, sameSite: 'Lax' })],
  ['AESSession', () => new AESSession(KEY, { maxAge: 3600, sameSite: 'Lax' })],
];

/** The cookie-value of a session's `Set-Cookie`, exactly as sent (between `SESSID=` and the first `;`). */
function wireValue(session: SealedSession): string {
  const [[, header] = ['', '']] = session.header();
  assert.ok(header.startsWith('SESSID="'), header);
  return header.slice('SESSID='.length, header.indexOf(';'));
}

/** What loading `SESSID=<value>` from a Cookie header does: 'ok', 'empty' (no cookie), 'refused', or another error. */
function outcome(make: () => SealedSession, value: string): string {
  const session = make();
  session.data.stale = 'left over';
  const cookies = parseCookieHeader(`SESSID=${value}`);
  try {
    session.load(cookies);
  } catch (err) {
    if (!(err instanceof SessionError)) return `other error: ${String(err)}`;
    assert.deepEqual({ ...session.data }, {}, `data left after refusing ${JSON.stringify(value)}`);
    assert.equal(session.id, null);
    return 'refused';
  }
  return session.data.user === 'alice' ? 'ok' : 'empty';
}

for (const [name, make] of CLASSES) {
  describe(`${name}: a real cookie tampered with`, () => {
    const writer = make();
    writer.data.user = 'alice';
    writer.data.roles = ['reader'];
    const value = wireValue(writer);

    test('the cookie as written opens', () => {
      assert.equal(outcome(make, value), 'ok');
    });

    test(`every byte of ${value.length}, each of its 8 bits flipped: refused`, () => {
      let tried = 0;
      for (let index = 0; index < value.length; index++) {
        for (let bit = 0; bit < 8; bit++) {
          const changed =
            value.slice(0, index) + String.fromCharCode(value.charCodeAt(index) ^ (1 << bit)) + value.slice(index + 1);
          const result = outcome(make, changed);
          assert.equal(result, 'refused', `byte ${index} bit ${bit}: ${JSON.stringify(changed)}`);
          tried++;
        }
      }
      assert.equal(tried, value.length * 8);
    });

    test('cut at every length: refused, and the empty cut is no cookie', () => {
      assert.equal(outcome(make, ''), 'empty');
      for (let length = 1; length < value.length; length++) {
        assert.equal(outcome(make, value.slice(0, length)), 'refused', `first ${length} bytes`);
        assert.equal(outcome(make, value.slice(length)), 'refused', `without the first ${length} bytes`);
      }
    });

    test('bytes added, or the two parts swapped: refused', () => {
      const inner = value.slice(1, -1);
      const [payload = '', signature = ''] = inner.split('.');
      for (const changed of [
        `${value}A`,
        `A${value}`,
        `"${inner}A"`,
        `"${inner}=="`,
        `"${inner}.${signature}"`,
        `"${signature}.${payload}"`,
        `"${payload}.${payload}"`,
        `"${payload}"`,
        `"${payload}.${signature}.${signature}"`,
        `"${payload} .${signature}"`,
        `"${payload}\n.${signature}"`,
      ]) {
        assert.equal(outcome(make, changed), 'refused', JSON.stringify(changed));
      }
    });

    test('the unquoted value (as a client that drops the quotes sends it) still opens: quotes are transport', () => {
      assert.equal(outcome(make, value.slice(1, -1)), 'ok');
    });
  });
}
