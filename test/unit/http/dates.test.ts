import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  dateToHttp,
  httpToDate,
  httpToTime,
  PW_ERR_HTTP_DATE,
  timeToHttp,
  tryHttpToTime,
} from '../../../src/http/dates.ts';

describe('timeToHttp', () => {
  const cases: Array<[number, string]> = [
    [0, 'Thu, 01 Jan 1970 00:00:00 GMT'],
    [784111777, 'Sun, 06 Nov 1994 08:49:37 GMT'],
    [784111777.999, 'Sun, 06 Nov 1994 08:49:37 GMT'],
    [951782400, 'Tue, 29 Feb 2000 00:00:00 GMT'],
    [253402300799, 'Fri, 31 Dec 9999 23:59:59 GMT'],
    [-1, 'Wed, 31 Dec 1969 23:59:59 GMT'],
  ];
  for (const [seconds, expected] of cases) {
    test(`${seconds} → ${expected}`, () => assert.equal(timeToHttp(seconds), expected));
  }

  test('no argument is now, in IMF-fixdate', () => {
    const text = timeToHttp();
    assert.match(text, /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    assert.ok(Math.abs(httpToTime(text) - Date.now() / 1000) < 3600);
  });

  for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 253402300800]) {
    test(`refuses ${bad}`, () => assert.throws(() => timeToHttp(bad), { name: 'RangeError', code: PW_ERR_HTTP_DATE }));
  }
});

describe('dateToHttp', () => {
  test('formats in GMT and drops milliseconds', () => {
    assert.equal(dateToHttp(new Date(Date.UTC(1994, 10, 6, 8, 49, 37, 999))), 'Sun, 06 Nov 1994 08:49:37 GMT');
  });
  test('refuses an invalid Date', () => {
    assert.throws(() => dateToHttp(new Date(Number.NaN)), { name: 'RangeError', code: PW_ERR_HTTP_DATE });
  });
});

describe('httpToDate / httpToTime', () => {
  const valid: Array<[string, number]> = [
    ['Thu, 01 Jan 1970 00:00:00 GMT', 0],
    ['Sun, 06 Nov 1994 08:49:37 GMT', 784111777],
    ['Sunday, 06-Nov-94 08:49:37 GMT', 784111777],
    ['Sun Nov  6 08:49:37 1994', 784111777],
    ['Wed Nov 16 08:49:37 1994', 784975777],
    ['Tue, 29 Feb 2000 12:00:00 GMT', 951825600],
    ['  Sun, 06 Nov 1994 08:49:37 GMT\t', 784111777],
    // a leap second on the last second of a year is kept, not refused
    ['Sat, 31 Dec 2016 23:59:60 GMT', 1483228800],
    // the day name is not checked against the date, as Python's strptime
    ['Mon, 06 Nov 1994 08:49:37 GMT', 784111777],
  ];
  for (const [text, seconds] of valid) {
    test(`${JSON.stringify(text)} → ${seconds}`, () => {
      assert.equal(httpToTime(text), seconds);
      assert.equal(httpToDate(text).getTime(), seconds * 1000);
      assert.equal(tryHttpToTime(text), seconds);
    });
  }

  test('an RFC 850 year more than 50 years ahead is in the past century', () => {
    const now = new Date().getUTCFullYear();
    const ahead = (now + 51) % 100;
    const year = httpToDate(`Monday, 01-Jan-${String(ahead).padStart(2, '0')} 00:00:00 GMT`).getUTCFullYear();
    assert.equal(year, now + 51 - 100);
    const near = (now + 1) % 100;
    assert.equal(httpToDate(`Monday, 01-Jan-${String(near).padStart(2, '0')} 00:00:00 GMT`).getUTCFullYear(), now + 1);
  });

  test('years 0-99 of IMF-fixdate stay themselves', () => {
    assert.equal(httpToDate('Sat, 01 Jan 0050 00:00:00 GMT').getUTCFullYear(), 50);
  });

  const invalid = [
    '',
    'yesterday',
    '1994-11-06T08:49:37Z',
    'Sun, 06 Nov 1994 08:49:37 UTC',
    'sun, 06 nov 1994 08:49:37 GMT',
    'Sun, 6 Nov 1994 08:49:37 GMT',
    'Sun, 06 Nov 94 08:49:37 GMT',
    'Sun, 31 Feb 1994 08:49:37 GMT',
    'Sun, 29 Feb 1900 08:49:37 GMT',
    'Sun, 00 Nov 1994 08:49:37 GMT',
    'Sun, 06 Foo 1994 08:49:37 GMT',
    'Sun, 06 Nov 1994 24:00:00 GMT',
    'Sun, 06 Nov 1994 08:60:00 GMT',
    'Sun, 06 Nov 1994 08:49:61 GMT',
    'Sun, 06 Nov 1994 08:49:37 GMT\r\n',
    'Sun,  06 Nov 1994 08:49:37 GMT',
    'Sun, 06-Nov-94 08:49:37 GMT',
    'Sunday, 06 Nov 1994 08:49:37 GMT',
    'Sun Nov 6 08:49:37 1994',
  ];
  for (const text of invalid) {
    test(`refuses ${JSON.stringify(text)}`, () => {
      assert.throws(() => httpToDate(text), { name: 'RangeError', code: PW_ERR_HTTP_DATE });
      assert.throws(() => httpToTime(text), { name: 'RangeError', code: PW_ERR_HTTP_DATE });
      assert.equal(tryHttpToTime(text), undefined);
    });
  }

  test('the epoch round-trips through every function', () => {
    assert.equal(httpToTime(timeToHttp(0)), 0);
    assert.equal(dateToHttp(httpToDate(timeToHttp(0))), timeToHttp(0));
    assert.ok(timeToHttp().endsWith(' GMT'));
  });
});
