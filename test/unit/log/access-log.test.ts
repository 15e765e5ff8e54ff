/**
 * The access log's formats, on entries made by hand: the combined line
 * field by field, escaping of everything a client controls, and the JSON line.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type AccessLogEntry,
  accessLogOf,
  clfEscape,
  clfTime,
  formatCombined,
  formatJson,
  writeAccessLog,
} from 'poorwsgi/log';

const ENTRY: AccessLogEntry = {
  time: Date.UTC(2026, 11, 4, 9, 5, 7, 123),
  remoteAddr: '::1',
  user: null,
  method: 'GET',
  path: '/a?b=1',
  protocol: 'HTTP/1.1',
  status: 200,
  bytes: 12,
  durationMs: 1.23456,
  referer: null,
  userAgent: 'curl/8.5.0',
  completed: true,
};

test('combined: every field, "-" for what is missing, the request time in seconds', () => {
  assert.equal(
    formatCombined(ENTRY),
    '::1 - - [04/Dec/2026:09:05:07 +0000] "GET /a?b=1 HTTP/1.1" 200 12 "-" "curl/8.5.0" 0.001',
  );
  assert.equal(clfTime(Date.UTC(2026, 0, 31, 23, 59, 59)), '[31/Jan/2026:23:59:59 +0000]');
});

test('combined: what a client controls cannot split the line or a field', () => {
  const line = formatCombined({
    ...ENTRY,
    remoteAddr: null,
    user: 'a b"c',
    path: '/x"y\r\nz',
    referer: '',
    userAgent: 'ua\u2028\u00ff',
  });
  assert.equal(
    line,
    '- - a\\x20b\\"c [04/Dec/2026:09:05:07 +0000] "GET /x\\"y\\x0D\\x0Az HTTP/1.1" 200 12 "-" "ua\\xE2\\x80\\xA8\\xFF" 0.001',
  );
  assert.ok(!/[\r\n]/.test(line));
  assert.equal(clfEscape('plain text'), 'plain text');
  assert.equal(clfEscape('back\\slash\x7f'), 'back\\\\slash\\x7F');
});

test('json: the entry, an ISO time, the duration to the microsecond', () => {
  assert.deepEqual(JSON.parse(formatJson(ENTRY)), {
    ...ENTRY,
    time: '2026-12-04T09:05:07.123Z',
    durationMs: 1.235,
  });
});

test('accessLogOf and writeAccessLog', () => {
  const lines: Array<[string, AccessLogEntry]> = [];
  const log = accessLogOf({ format: 'json', write: (line, entry) => lines.push([line, entry]) });
  writeAccessLog(log, ENTRY);
  assert.equal(lines[0]?.[1], ENTRY);
  assert.equal(JSON.parse(lines[0]?.[0] ?? '{}').status, 200);
  assert.equal(accessLogOf('combined').format, 'combined');
  writeAccessLog(
    accessLogOf({
      write: () => {
        throw new Error('broken writer');
      },
    }),
    ENTRY,
  );
});
