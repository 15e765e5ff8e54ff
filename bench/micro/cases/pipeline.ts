/**
 * The whole pipeline in process, no socket: `app.handle(req)` (Request,
 * routing, body, handler, response object) for the four HTTP cases, and the
 * same plus `prepare()` + `toWire()`, which is all `sendNode` adds before
 * `writeHead`. The difference to the HTTP benchmark is node:http itself.
 * The request is the `fakeRequest` of `fake-request.ts`, reused; its body
 * comes through async iteration, not Node's `data`/`end` events, so the
 * echo case times the generic body path; the HTTP echo case times the real
 * one. (A fresh real `IncomingMessage` per operation was tried: its
 * unconsumed streams make the numbers drift as the heap fills.)
 * @module
 */
import { Application, METHOD_POST, type ResponseValue, tuple } from '../../../src/index.ts';
import type { RawRequest } from '../../../src/request/raw-request.ts';
import { ECHO_BODY, HELLO, STATIC_ROUTES, STATIC_TARGET, user } from '../../http/servers/shared.ts';
import type { BenchCase } from '../harness.ts';
import { fakeRequest } from './fake-request.ts';

/** The wrk request headers (wrk sends only Host; the POST adds its type and length). */
const WRK_HEADERS = ['Host', '127.0.0.1:3106'];

/** The pipeline cases. */
export async function pipelineCases(): Promise<BenchCase[]> {
  // the same application as bench/http/servers/poorwsgi.ts
  const app = new Application('bench');
  app.route('/', () => tuple(HELLO, 'text/plain; charset=utf-8'));
  app.route('/user/<id:int>', (_req, id) => user(id));
  // the bench's clients send a JSON object, which is a response value as it is
  app.route('/echo', (req) => req.json as ResponseValue, METHOD_POST);
  for (const path of STATIC_ROUTES) app.route(path, () => tuple(path, 'text/plain; charset=utf-8'));

  const JSON_HEADERS = [...WRK_HEADERS, 'Content-Type', 'application/json'];
  // built once: a request object holds no state of its own, so each operation reuses it
  const requests: Array<[string, RawRequest, string]> = [
    ['GET /', fakeRequest('GET', '/', WRK_HEADERS), HELLO],
    ['GET /user/12345', fakeRequest('GET', '/user/12345', WRK_HEADERS), JSON.stringify(user(12345))],
    ['POST /echo (77 B JSON)', fakeRequest('POST', '/echo', JSON_HEADERS, ECHO_BODY), ECHO_BODY],
    ['GET static, last of 50', fakeRequest('GET', STATIC_TARGET, WRK_HEADERS), STATIC_TARGET],
  ];
  const cases: BenchCase[] = [];
  for (const [name, raw, expected] of requests) {
    const { response } = await app.handle(raw);
    const body = Buffer.from(response.data).toString('utf8');
    if (response.statusCode !== 200 || body !== expected) {
      throw new Error(`pipeline ${name}: got ${response.statusCode} ${body}, expected 200 ${expected}`);
    }
    cases.push({ group: 'pipeline', name: `handle ${name}`, fn: () => app.handle(raw), async: true });
  }
  for (const [name, raw] of requests) {
    cases.push({
      group: 'pipeline',
      name: `handle + prepare + toWire ${name}`,
      fn: async () => (await app.handle(raw)).response.prepare().headers.toWire(),
      async: true,
    });
  }
  return cases;
}
