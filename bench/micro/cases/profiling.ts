/**
 * What per-request profiling costs when it is off: the application called
 * as a `node:http` listener in process (stub request and response, as the
 * `listener` cases of `hot-path.ts`), one that never profiled beside one
 * that had `setProfile()` then `delProfile()`. Off, a request pays one
 * `null` check of the application's profiler (`Application.handleNode`).
 * Profiling on is not a micro case: it serves one request at a time and
 * writes a file per request (docs/profiling.md has its cost).
 * @module
 */
import { tmpdir } from 'node:os';
import { Application, tuple } from '../../../src/index.ts';
import { HELLO } from '../../http/servers/shared.ts';
import type { BenchCase } from '../harness.ts';

type Listener = (...args: unknown[]) => void;

/** Just what the application touches of an `IncomingMessage`; `headers` throws, as the hot path must not build them. */
class StubRequest {
  readonly httpVersion = '1.1';
  readonly socket = {};
  complete = false;
  constructor(
    readonly method: string,
    readonly url: string,
    readonly rawHeaders: readonly string[],
  ) {}
  get headers(): never {
    throw new Error('the hot path built the request headers');
  }
  on(_event: string, _listener: Listener): this {
    return this;
  }
  off(): this {
    return this;
  }
}

/** What the application wrote last. */
const written: { status: number; body: unknown } = { status: 0, body: undefined };
const stubResponse = {
  destroyed: false,
  headersSent: false,
  writeHead(status: number) {
    written.status = status;
  },
  end(body?: unknown) {
    written.body = body;
  },
  on() {
    return this;
  },
};

const WRK = ['Host', '127.0.0.1:3106'];

/** The profiling cases (group `listener`, beside the bare request case). */
export async function profilingCases(): Promise<BenchCase[]> {
  const make = () => {
    const app = new Application('bench', { batchResponses: 0 });
    app.route('/', () => tuple(HELLO, 'text/plain; charset=utf-8'));
    return app;
  };
  const never = make();
  const wasOn = make();
  wasOn.setProfile(`${tmpdir()}/`);
  await wasOn.delProfile();
  const get = (app: Application) => {
    const listen = app as unknown as (req: unknown, res: unknown) => void;
    return () => {
      listen(new StubRequest('GET', '/', WRK), stubResponse);
      return written.body;
    };
  };
  const cases: Array<[string, () => unknown]> = [
    ['app(req, res) GET / (never profiled)', get(never)],
    ['app(req, res) GET / (profiling off: setProfile + delProfile)', get(wasOn)],
  ];
  for (const [name, fn] of cases) {
    const body = fn();
    if (written.status !== 200 || String(body) !== HELLO) {
      throw new Error(`${name}: got ${written.status} ${String(body)}, expected 200 ${HELLO}`);
    }
  }
  return cases.map(([name, fn]) => ({ group: 'listener', name, fn }));
}
