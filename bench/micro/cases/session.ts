/**
 * What a session costs: loading a cookie and writing it again, for each
 * session class, with 200 bytes of JSON data; and the same through the
 * whole pipeline (`app.handle`), to read next to `pipeline: handle GET /`,
 * the bare request.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { Application, Response } from '../../../src/index.ts';
import type { RawRequest } from '../../../src/request/raw-request.ts';
import { AESSession, type BaseSession, PoorSession, Session, type SessionData } from '../../../src/session/index.ts';
import type { BenchCase } from '../harness.ts';
import { fakeRequest } from './fake-request.ts';

const KEY = randomBytes(32);

/** 200 bytes of JSON, as a login session holds them: who, what they may do, a CSRF token, settings. */
export const DATA: SessionData = {
  user: 'alice@example.com',
  roles: ['reader', 'writer'],
  csrf: 'q1Xo5bKZ3mJ8yV0cT2wA7rN4sE9fL6hD',
  theme: 'dark',
  lang: 'cs',
  cart: [1017, 2048, 77],
  seen: 1_781_000_000,
  flags: { beta: true, tour: false },
};

/** 200 bytes for a plain Session's value (a token's characters: written unquoted). */
const PLAIN_VALUE = JSON.stringify(DATA).replace(/[^A-Za-z0-9]/g, '_');

/** The session classes, each made as a handler makes it (per request). */
const CLASSES: ReadonlyArray<[name: string, make: () => BaseSession, fill: (s: BaseSession) => void]> = [
  [
    'Session',
    () => new Session({ sameSite: 'Lax' }),
    (s) => {
      (s as Session).data = PLAIN_VALUE;
    },
  ],
  ['PoorSession', () => new PoorSession(KEY, { sameSite: 'Lax', maxAge: 3600 }), (s) => fill(s, DATA)],
  ['AESSession', () => new AESSession(KEY, { sameSite: 'Lax', maxAge: 3600 }), (s) => fill(s, DATA)],
];

function fill(session: BaseSession, data: SessionData): void {
  Object.assign((session as PoorSession).data, data);
}

/** The `Cookie` header value a browser sends back for a session's `Set-Cookie`. */
function cookiePair(session: BaseSession): string {
  const [[, header] = ['', '']] = session.header();
  return header.slice(0, header.indexOf(';'));
}

/** The session cases. */
export async function sessionCases(): Promise<BenchCase[]> {
  if (JSON.stringify(DATA).length !== 200) throw new Error(`DATA is ${JSON.stringify(DATA).length} bytes, not 200`);
  const cases: BenchCase[] = [];
  for (const [name, make, fillData] of CLASSES) {
    const written = make();
    fillData(written);
    const pair = cookiePair(written);
    const cookies = { SESSID: pair.slice('SESSID='.length).replace(/^"|"$/g, '') };
    const check = make();
    check.load(cookies);
    if (check.write() === '' || (name !== 'Session' && (check as PoorSession).data.user !== DATA.user)) {
      throw new Error(`${name} does not read its own cookie back`);
    }
    cases.push(
      {
        group: 'session',
        name: `${name}: load (${pair.length} B cookie)`,
        fn: () => {
          const session = make();
          session.load(cookies);
          return session;
        },
      },
      {
        group: 'session',
        name: `${name}: write + header (200 B data)`,
        fn: () => {
          const session = make();
          fillData(session);
          return session.header();
        },
      },
      {
        group: 'session',
        name: `${name}: load + change + header`,
        fn: () => {
          const session = make();
          session.load(cookies);
          fillData(session);
          return session.header();
        },
      },
    );
  }
  cases.push(...(await pipelineSessionCases()));
  return cases;
}

/** The pipeline with a handler that loads the session, changes it and sends it again. */
async function pipelineSessionCases(): Promise<BenchCase[]> {
  const cases: BenchCase[] = [];
  for (const [name, make, fillData] of CLASSES) {
    const app = new Application('bench');
    app.route('/me', (req) => {
      const session = make();
      session.tryLoad(req.cookies);
      fillData(session);
      const response = new Response('hello', 'text/plain; charset=utf-8');
      session.header(response);
      return response;
    });
    const written = make();
    fillData(written);
    const raw: RawRequest = fakeRequest('GET', '/me', ['Host', '127.0.0.1:3106', 'Cookie', cookiePair(written)]);
    const { response } = await app.handle(raw);
    if (response.statusCode !== 200 || response.headers.getAll('Set-Cookie').length !== 1) {
      throw new Error(`pipeline with ${name}: got ${response.statusCode}`);
    }
    cases.push({
      group: 'pipeline',
      name: `handle GET /me, ${name} loaded and sent again`,
      fn: () => app.handle(raw),
      async: true,
    });
  }
  return cases;
}
