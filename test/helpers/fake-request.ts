/**
 * A `Request` with no application and no transport: a `RawRequest` and a
 * `RequestApp` made of plain objects, so that `src/request/` is tested as a
 * unit (the application and the Fetch adapter stay out of it).
 * @module
 */
import type { IncomingHttpHeaders } from 'node:http';
import { type ApplicationOptions, DEFAULT_OPTIONS } from '../../src/app/options.ts';
import { MULTIPART_LIMIT_NAMES, type MultipartLimits } from '../../src/forms/multipart-limits.ts';
import type { RawRequest } from '../../src/request/raw-request.ts';
import { Request } from '../../src/request/request.ts';
import type { RequestApp } from '../../src/request/request-app.ts';

/** What the fake request is made of; every field has a plain default. */
export interface FakeRequestInit {
  method?: string;
  /** The request target. @default '/' */
  url?: string;
  /** Headers as `[name, value]` pairs, as a client sends them (case and repeats kept). */
  headers?: readonly (readonly [string, string])[];
  /** The body, delivered in these chunks. @default none */
  body?: readonly (string | Uint8Array)[];
  /** Options over the defaults. */
  settings?: Partial<ApplicationOptions>;
  /** @default '1.1' */
  httpVersion?: string;
}

/** The options of a fake application: the defaults, quiet, with `settings` over them. */
export function fakeApp(settings: Partial<ApplicationOptions> = {}): RequestApp {
  const options = { ...DEFAULT_OPTIONS, logger: { error() {}, warn() {}, info() {}, debug() {} }, ...settings };
  const limits = Object.fromEntries(
    MULTIPART_LIMIT_NAMES.map((name) => [name, options[name]]),
  ) as unknown as MultipartLimits;
  return { name: 'fake', settings: options, multipartLimits: limits };
}

/** A raw request from plain values: headers folded as Node folds them (lower-case names, repeats joined). */
export function fakeRaw(init: FakeRequestInit = {}): RawRequest {
  const headers: IncomingHttpHeaders = Object.create(null);
  const rawHeaders: string[] = [];
  for (const [name, value] of init.headers ?? []) {
    rawHeaders.push(name, value);
    const key = name.toLowerCase();
    const had = headers[key];
    if (key === 'set-cookie') headers[key] = [...((had as string[] | undefined) ?? []), value];
    else headers[key] = had === undefined ? value : `${had as string}, ${value}`;
  }
  const chunks = (init.body ?? []).map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
  return {
    method: init.method ?? 'GET',
    url: init.url ?? '/',
    headers,
    rawHeaders,
    httpVersion: init.httpVersion ?? '1.1',
    socket: { remoteAddress: '127.0.0.1', remotePort: 40000, localAddress: '127.0.0.1', localPort: 8080 },
    async *[Symbol.asyncIterator]() {
      yield* chunks;
    },
  };
}

/** A request of a fake application over a fake raw request. */
export function fakeRequest(init: FakeRequestInit = {}): Request {
  return new Request(fakeRaw(init), fakeApp(init.settings));
}
