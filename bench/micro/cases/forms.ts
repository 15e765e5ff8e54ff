/**
 * Query (`Args`) and cookie (`parseCookieHeader`) parsing.
 * @module
 */
import { Args } from '../../../src/forms/args.ts';
import { parseCookieHeader } from '../../../src/http/cookie.ts';
import type { BenchCase } from '../harness.ts';

const SHORT_QUERY = 'id=5';
const TYPICAL_QUERY = 'q=poor+wsgi&page=2&sort=name&dir=desc&name=Ond%C5%99ej';
const LONG_QUERY = Array.from({ length: 20 }, (_, i) => `field${i}=value%20${i}`).join('&');
const REPEATED_QUERY = 'tag=a&tag=b&tag=c&tag=d&id=1';

const SHORT_COOKIE = 'SESSID=6f1ed002ab5595859014ebf0951522d9; theme=dark; lang=cs';
const LONG_COOKIE = [
  'SESSID=6f1ed002ab5595859014ebf0951522d9',
  '_ga=GA1.2.1234567890.1700000000',
  '_gid=GA1.2.987654321.1700000000',
  'theme=dark',
  'lang=cs',
  'consent="analytics=1; ads=0"',
  'cart=%7B%22items%22%3A3%7D',
  'tz=Europe%2FPrague',
  'seen_banner=1',
  'prefs="a\\"b"',
  'csrftoken=Jx8wQ0n1v7r2kT9m',
  'last=1700000000',
].join('; ');

/** The query and cookie cases. */
export function formCases(): BenchCase[] {
  return [
    { group: 'query', name: `Args '${SHORT_QUERY}'`, fn: () => new Args(SHORT_QUERY) },
    { group: 'query', name: 'Args 5 fields, one UTF-8 escape', fn: () => new Args(TYPICAL_QUERY) },
    { group: 'query', name: 'Args 20 fields, escapes', fn: () => new Args(LONG_QUERY) },
    { group: 'query', name: 'Args repeated name + getfirst', fn: () => new Args(REPEATED_QUERY).getfirst('tag') },
    { group: 'query', name: "Args '' (no query)", fn: () => new Args('') },
    { group: 'cookie', name: 'parseCookieHeader 3 cookies', fn: () => parseCookieHeader(SHORT_COOKIE) },
    { group: 'cookie', name: 'parseCookieHeader 12 cookies, 2 quoted', fn: () => parseCookieHeader(LONG_COOKIE) },
  ];
}
