/**
 * What logging costs: the application called as a `node:http` listener in
 * process (stub request and response, as the `listener` cases of
 * `hot-path.ts`) with the access log off, in the combined format and as
 * JSON (lines handed to a writer that keeps the last one: the formatting,
 * not the terminal, is timed); the built-in logger writing a line, and
 * skipping one below its level; `req.logInfo()` from a handler.
 * @module
 */
import { Application, tuple } from '../../../src/index.ts';
import { type AccessLogEntry, createLogger } from '../../../src/log/index.ts';
import { HELLO } from '../../http/servers/shared.ts';
import type { BenchCase } from '../harness.ts';

type Listener = (...args: unknown[]) => void;

/** What the application and the access log touch of an `IncomingMessage`. */
class StubRequest {
  readonly httpVersion = '1.1';
  readonly socket = { remoteAddress: '127.0.0.1' };
  readonly headers = { host: '127.0.0.1:3106', 'user-agent': 'wrk' };
  complete = false;
  constructor(
    readonly method: string,
    readonly url: string,
    readonly rawHeaders: readonly string[],
  ) {}
  on(): this {
    return this;
  }
  off(): this {
    return this;
  }
}

/** A response that keeps what it is given and closes when told (the access log writes its line then). */
class StubResponse {
  destroyed = false;
  headersSent = false;
  statusCode = 200;
  writableFinished = true;
  body: unknown;
  #close: Listener | undefined;
  writeHead(status: number): void {
    this.statusCode = status;
  }
  write(): boolean {
    return true;
  }
  end(body?: unknown): void {
    this.body = body;
  }
  on(): this {
    return this;
  }
  once(event: string, listener: Listener): this {
    if (event === 'close') this.#close = listener;
    return this;
  }
  close(): void {
    this.#close?.();
    this.#close = undefined;
  }
}

const WRK = ['Host', '127.0.0.1:3106', 'User-Agent', 'wrk'];

/** The logging cases. */
export function loggingCases(): BenchCase[] {
  let last = '';
  const keep = (line: string, _entry?: AccessLogEntry) => {
    last = line;
  };
  const make = (accessLog: false | 'combined' | 'json', logInfo = false) => {
    const app = new Application('bench', {
      batchResponses: 0,
      accessLog: accessLog === false ? false : { format: accessLog, write: keep },
      logger: createLogger({ write: keep }),
    });
    app.route('/', (req) => {
      if (logInfo) req.logInfo('served %s', 'it');
      return tuple(HELLO, 'text/plain; charset=utf-8');
    });
    const listen = app as unknown as (req: unknown, res: unknown) => void;
    return () => {
      const res = new StubResponse();
      listen(new StubRequest('GET', '/', WRK), res);
      res.close();
      return res.body;
    };
  };
  const cases: Array<[string, () => unknown]> = [
    ['app(req, res) GET /, access log off', make(false)],
    ['app(req, res) GET /, access log combined', make('combined')],
    ['app(req, res) GET /, access log json', make('json')],
    ["app(req, res) GET /, access log off, req.logInfo('served %s', 'it')", make(false, true)],
  ];
  for (const [name, fn] of cases) {
    last = '';
    if (String(fn()) !== HELLO) throw new Error(`logging ${name}: wrong body`);
    if (!name.endsWith('off') && !last.includes('GET') && !last.includes('served')) {
      throw new Error(`logging ${name}: no line (${last})`);
    }
  }

  const logger = createLogger({ write: keep });
  const fields = { method: 'GET', path: '/user/12345', status: 200 };
  return [
    ...cases.map(([name, fn]) => ({ group: 'logging', name, fn })),
    {
      group: 'logging',
      name: "logger.info('request', fields) (one JSON line)",
      fn: () => logger.info(fields, 'request'),
    },
    {
      group: 'logging',
      name: "logger.debug('request', fields) below the level",
      fn: () => logger.debug(fields, 'request'),
    },
    {
      group: 'logging',
      name: "logger.error('Request failed:', err) (with its stack)",
      fn: () => logger.error('Request failed:', ERROR),
    },
  ];
}

const ERROR = new Error('boom');
