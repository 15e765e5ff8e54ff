/**
 * The shortcuts of the hot path, each beside what it replaced:
 * - `listener`: the application called as a `node:http` listener in process,
 *   with a stub response whose `writeHead`/`end` keep their arguments, for the
 *   four HTTP cases (the POST body is delivered by calling the `data`/`end`
 *   listeners the application added). What node:http itself costs is not in it.
 * - `response`: `wireBody()` + `wireHeaders()` (the adapter's fast path)
 *   against `prepare()` + `toWire()`.
 * - `response` (batch, keep-alive): holding responses for the end of the
 *   turn against writing each at once, and Node's per-request keep-alive
 *   timeout that the idle-connection sweep replaces.
 * - `request`: the shared read watchdog against a `setTimeout`/`clearTimeout`
 *   pair per body, and the JSON body parse against the bare `TextDecoder` +
 *   `JSON.parse` it wraps (Node's own `toString` with a U+FFFD check was tried
 *   instead of the strict decoder, and was slower on small bodies).
 * @module
 */
import type { ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { Application, Response, tuple } from '../../../src/index.ts';
import { parseJsonBody } from '../../../src/request/json-body.ts';
import { watchdogFor } from '../../../src/request/read-watchdog.ts';
import { writeAtTurnEnd, writeNow } from '../../../src/server/write-batch.ts';
import { ECHO_BODY, HELLO, STATIC_ROUTES, STATIC_TARGET, user } from '../../http/servers/shared.ts';
import type { BenchCase } from '../harness.ts';

type Listener = (...args: unknown[]) => void;

/** Just what the application touches of an `IncomingMessage`; `headers` throws, as the hot path must not build them. */
class StubRequest {
  readonly httpVersion = '1.1';
  readonly socket = {};
  complete = false;
  readonly listeners = new Map<string, Listener>();
  constructor(
    readonly method: string,
    readonly url: string,
    readonly rawHeaders: readonly string[],
  ) {}
  get headers(): never {
    throw new Error('the hot path built the request headers');
  }
  on(event: string, listener: Listener): this {
    this.listeners.set(event, listener);
    return this;
  }
  off(): this {
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    this.listeners.get(event)?.apply(this, args);
  }
}

/** What the application wrote last. */
const written: { status: number; headers: unknown; body: unknown } = { status: 0, headers: undefined, body: undefined };
const stubResponse = {
  destroyed: false,
  headersSent: false,
  writeHead(status: number, _reason: string, headers: unknown) {
    written.status = status;
    written.headers = headers;
  },
  end(body?: unknown) {
    written.body = body;
  },
  on() {
    return this;
  },
};

const WRK = ['Host', '127.0.0.1:3106'];

/**
 * The listener cases: requests without a body (a body is read by async
 * iteration of a real stream, which this stub is not: `pipeline: POST /echo`
 * times that path).
 */
function listenerCases(): BenchCase[] {
  // each answer written at once, so that it can be checked after the call (holding: the batch cases)
  const app = new Application('bench', { batchResponses: 0 });
  app.route('/', () => tuple(HELLO, 'text/plain; charset=utf-8'));
  app.route('/user/<id:int>', (_req, id) => user(id));
  for (const path of STATIC_ROUTES) app.route(path, () => tuple(path, 'text/plain; charset=utf-8'));
  const listen = app as unknown as (req: unknown, res: unknown) => void;

  const get = (url: string) => () => {
    listen(new StubRequest('GET', url, WRK), stubResponse);
    return written.body;
  };
  const cases: Array<[string, () => unknown, string]> = [
    ['GET /', get('/'), HELLO],
    ['GET /user/12345', get('/user/12345'), JSON.stringify(user(12345))],
    ['GET static, last of 50', get(STATIC_TARGET), STATIC_TARGET],
  ];
  for (const [name, fn, expected] of cases) {
    const body = fn();
    if (written.status !== 200 || String(body) !== expected) {
      throw new Error(`listener ${name}: got ${written.status} ${String(body)}, expected 200 ${expected}`);
    }
  }
  return cases.map(([name, fn]) => ({ group: 'listener', name: `app(req, res) ${name}`, fn }));
}

function wireCases(): BenchCase[] {
  const make = () => new Response(HELLO, 'text/plain; charset=utf-8');
  return [
    {
      group: 'response',
      name: "new Response('Hello World!') + wireBody() + wireHeaders() (fast path)",
      fn: () => {
        const res = make();
        res.wireBody();
        return res.wireHeaders();
      },
    },
    {
      group: 'response',
      name: "new Response('Hello World!') + prepare() + toWire() (general path)",
      fn: () => make().prepare().headers.toWire(),
    },
  ];
}

function noop(): void {}

function requestCases(): BenchCase[] {
  const dog = watchdogFor(10_000);
  const item = { stamp: 0, prev: null, next: null, expire: noop };
  const bytes = Buffer.from(ECHO_BODY);
  const strict = new TextDecoder('utf-8', { fatal: true });
  return [
    {
      group: 'request',
      name: 'body timeout: watchdog watch + touch + unwatch',
      fn: () => {
        dog.watch(item);
        dog.touch(item);
        dog.unwatch(item);
        return item;
      },
    },
    {
      group: 'request',
      name: 'body timeout: setTimeout + clearTimeout twice (one chunk, as before)',
      fn: () => {
        let timer = setTimeout(noop, 10_000);
        clearTimeout(timer);
        timer = setTimeout(noop, 10_000);
        clearTimeout(timer);
        return timer;
      },
    },
    {
      group: 'request',
      name: 'JSON body: parseJsonBody (strict UTF-8, 400 on errors)',
      fn: () => parseJsonBody(bytes),
    },
    {
      group: 'request',
      name: 'JSON body: strict TextDecoder + JSON.parse',
      fn: () => JSON.parse(strict.decode(bytes)),
    },
  ];
}

/**
 * What holding responses for the end of the turn costs per response, against
 * writing each at once (stub responses: the gain, fewer wake-ups of the
 * client, is on the wire and measured by bench/http). In a synchronous loop
 * the turn never ends, so every `limit`-th call writes the held batch.
 */
function batchCases(): BenchCase[] {
  const wire = ['Content-Type', 'text/plain; charset=utf-8', 'Content-Length', '12'];
  const res = stubResponse as unknown as ServerResponse;
  return [
    {
      group: 'response',
      name: 'writeAtTurnEnd(32, ...): held, written 32 at a time',
      fn: () => writeAtTurnEnd(32, { res, status: 200, reason: 'OK', wire, body: HELLO, logger: console }),
    },
    {
      group: 'response',
      name: 'writeNow(...): written at once',
      fn: () => writeNow({ res, status: 200, reason: 'OK', wire, body: HELLO, logger: console }),
    },
  ];
}

/**
 * What Node's own keep-alive timeout costs per request, which
 * `sweepIdleConnections` (src/server/idle-connections.ts) replaces by a sweep
 * that costs a request nothing: the socket timeout set when a response ends
 * and cleared when the next request begins.
 */
function keepAliveCases(): BenchCase[] {
  const socket = new Socket();
  return [
    {
      group: 'response',
      name: "Node's keep-alive timeout per request: socket.setTimeout(6000) + socket.setTimeout(0)",
      fn: () => {
        socket.setTimeout(6000);
        return socket.setTimeout(0);
      },
    },
  ];
}

/** The hot-path cases. */
export function hotPathCases(): BenchCase[] {
  return [...listenerCases(), ...wireCases(), ...requestCases(), ...batchCases(), ...keepAliveCases()];
}
