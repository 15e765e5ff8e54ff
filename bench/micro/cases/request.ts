/**
 * Request cases: the lazy `Request` getters on a browser-like request. Each
 * operation builds a new `Request` (the getters cache their value), so the
 * first case is the cost every other one includes.
 * @module
 */
import { METHODS, methodFlag } from '../../../src/http/methods.ts';
import { Application } from '../../../src/index.ts';
import { contentTypeOf, scanBodyHeaders } from '../../../src/request/body-headers.ts';
import { Request } from '../../../src/request/request.ts';
import type { BenchCase } from '../harness.ts';
import { BROWSER_HEADERS, fakeRequest } from './fake-request.ts';

const POST_HEADERS = ['Host', '127.0.0.1:8080', 'Content-Length', '77', 'Content-Type', 'application/json'];
const LOWER_HEADERS = POST_HEADERS.map((value, i) => (i % 2 === 0 ? value.toLowerCase() : value));
const JSON_TYPE = ['application/json'];

/**
 * Copies of `values` made of new strings, as Node's parser gives every request
 * (a literal would be interned), made beforehand and taken in turn.
 */
function freshPool(values: readonly string[]): () => string[] {
  const pool = Array.from({ length: 64 }, () => values.map((value) => Buffer.from(value, 'latin1').toString('latin1')));
  let i = 0;
  return () => pool[i++ & 63] as string[];
}

/** The request-header cases. */
export function requestCases(): BenchCase[] {
  const app = new Application('micro');
  const raw = fakeRequest('GET', '/user/12345?page=2&sort=name', BROWSER_HEADERS);
  const encoded = fakeRequest('GET', '/caf%C3%A9/na%C3%AFve%20path', BROWSER_HEADERS);
  const make = () => new Request(raw, app);
  const postHeaders = freshPool(POST_HEADERS);
  const lowerHeaders = freshPool(LOWER_HEADERS);
  const jsonType = freshPool(JSON_TYPE);
  const post = fakeRequest('POST', '/echo', ['Host', '127.0.0.1:8080', 'Content-Type', 'application/json'], '{"a":1}');
  const cases: Array<[string, () => unknown]> = [
    ['new Request (every case below includes it)', make],
    ['.path (plain)', () => make().path],
    ['.path (percent-encoded)', () => new Request(encoded, app).path],
    ['.headers (Headers of 13 pairs)', () => make().headers],
    ['.headers.get(user-agent)', () => make().headers.get('user-agent')],
    ['.userAgent', () => make().userAgent],
    ['.contentType + .charset', () => make().charset],
    ['.contentLength + .isChunked', () => make().isBodyRequest],
    ['.accept (negotiation list)', () => make().accept],
    ['.acceptLanguage', () => make().acceptLanguage],
    [
      '.host + .hostname + .hostPort',
      () => {
        const req = make();
        return req.host.length + req.hostname.length + req.hostPort;
      },
    ],
    [
      '.forwardedFor + .remoteAddr',
      () => {
        const req = make();
        return `${req.forwardedFor}${req.remoteAddr}`;
      },
    ],
    ['.cookies (3 cookies)', () => make().cookies],
    ['.args (2 fields)', () => make().args],
    ['.constructUrl(/login)', () => make().constructUrl('/login')],
    // the body-header shortcuts of the JSON POST hot path (body-headers.ts, methods.ts)
    ['scanBodyHeaders (POST, canonical names)', () => scanBodyHeaders(postHeaders())],
    ['scanBodyHeaders (POST, lower-case names)', () => scanBodyHeaders(lowerHeaders())],
    ['contentTypeOf (the same type again, a new string)', () => contentTypeOf(jsonType()[0])],
    ['.collectsBody (JSON POST)', () => new Request(post, app).collectsBody],
    // Node's method strings are interned, as these literals are
    ["methodFlag('POST') (switch)", () => methodFlag('POST')],
    ["METHODS.get('POST') (the Map it replaced)", () => METHODS.get('POST')],
  ];
  return cases.map(([name, fn]) => ({ group: 'request', name, fn }));
}
