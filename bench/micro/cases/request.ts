/**
 * Request cases: the lazy `Request` getters on a browser-like request. Each
 * operation builds a new `Request` (the getters cache their value), so the
 * first case is the cost every other one includes.
 * @module
 */
import { Application } from '../../../src/index.ts';
import { Request } from '../../../src/request/request.ts';
import type { BenchCase } from '../harness.ts';
import { BROWSER_HEADERS, fakeRequest } from './fake-request.ts';

/** The request-header cases. */
export function requestCases(): BenchCase[] {
  const app = new Application('micro');
  const raw = fakeRequest('GET', '/user/12345?page=2&sort=name', BROWSER_HEADERS);
  const encoded = fakeRequest('GET', '/caf%C3%A9/na%C3%AFve%20path', BROWSER_HEADERS);
  const make = () => new Request(raw, app);
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
  ];
  return cases.map(([name, fn]) => ({ group: 'request', name, fn }));
}
