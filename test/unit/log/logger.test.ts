/**
 * The built-in logger: one JSON line per event in pino's format, levels,
 * `child`, both call shapes (pino's `(fields, message)` and console's
 * `(message, ...values)`), errors with their stacks, values JSON cannot
 * hold; and `req.logError()`/`req.logInfo()` through it and through a
 * pino-shaped logger.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createLogger, isLogger, LOG_LEVELS, type Logger, logFields, serializeError } from 'poorwsgi/log';
import { Application } from '../../../src/index.ts';

function collect(options: Parameters<typeof createLogger>[0] = {}) {
  const lines: string[] = [];
  const logger = createLogger({ ...options, write: (line) => lines.push(line) });
  const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, parsed };
}

describe('createLogger', () => {
  test('one JSON line per event, pino fields', () => {
    const { logger, lines, parsed } = collect({ name: 'shop' });
    const before = Date.now();
    logger.info('started on port %d', 8080);
    assert.equal(lines.length, 1);
    assert.ok(!lines[0]?.includes('\n'));
    const [line] = parsed();
    assert.equal(line?.level, 30);
    assert.equal(line?.name, 'shop');
    assert.equal(line?.pid, process.pid);
    assert.equal(line?.msg, 'started on port 8080');
    assert.ok(typeof line?.time === 'number' && line.time >= before && line.time <= Date.now());
  });

  test('levels: below the threshold nothing is written; silent writes nothing', () => {
    const info = collect();
    info.logger.debug('hidden');
    info.logger.info('i');
    info.logger.warn('w');
    info.logger.error('e');
    assert.deepEqual(
      info.parsed().map((l) => [l.level, l.msg]),
      [
        [30, 'i'],
        [40, 'w'],
        [50, 'e'],
      ],
    );
    const debug = collect({ level: 'debug' });
    debug.logger.debug('shown');
    assert.equal(debug.parsed()[0]?.level, LOG_LEVELS.debug);
    const silent = collect({ level: 'silent' });
    silent.logger.error('nothing');
    assert.equal(silent.lines.length, 0);
    assert.throws(() => createLogger({ level: 'loud' as 'info' }), /Unknown log level "loud"/);
  });

  test("pino's shape: fields, then the message", () => {
    const { logger, parsed } = collect();
    logger.warn({ user: 'tom', tries: 3 }, 'login refused');
    assert.deepEqual(
      { ...parsed()[0], time: 0 },
      { level: 40, time: 0, pid: process.pid, user: 'tom', tries: 3, msg: 'login refused' },
    );
  });

  test("console's shape: an error among the values goes to err with its stack, not into the message", () => {
    const { logger, lines, parsed } = collect();
    const err = new TypeError('bad\nthing');
    (err as Error & { code: string }).code = 'E_BAD';
    logger.error('Request failed:', err);
    assert.equal(lines.length, 1);
    const line = parsed()[0] as { msg: string; err: Record<string, unknown> };
    assert.equal(line.msg, 'Request failed:');
    assert.equal(line.err.type, 'TypeError');
    assert.equal(line.err.message, 'bad\nthing');
    assert.equal(line.err.code, 'E_BAD');
    assert.match(String(line.err.stack), /logger\.test\.ts/);
  });

  test('an Error alone, an Error first with a message, and err in the fields', () => {
    const { logger, parsed } = collect();
    logger.error(new Error('alone'));
    logger.error(new Error('first'), 'while %s', 'saving');
    logger.error({ err: new RangeError('field'), id: 7 }, 'failed');
    const [a, b, c] = parsed() as Array<{ msg: string; err: { message: string; type: string }; id?: number }>;
    assert.equal(a?.msg, 'alone');
    assert.equal(a?.err.message, 'alone');
    assert.equal(b?.msg, 'while saving');
    assert.equal(b?.err.message, 'first');
    assert.equal(c?.msg, 'failed');
    assert.equal(c?.err.type, 'RangeError');
    assert.equal(c?.id, 7);
  });

  test('objects among the values stay on one line; cycles and BigInts do not throw', () => {
    const { logger, lines, parsed } = collect();
    const big = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`key${i}`, 'x'.repeat(10)]));
    logger.info('headers', big);
    assert.ok(!String(parsed()[0]?.msg).includes('\n'));
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    logger.info({ cycle, n: 10n }, 'odd values');
    logger.info({ n: 12n }, 'bigint');
    assert.equal(lines.length, 3);
    const [, odd, bigint] = parsed();
    assert.match(String(odd?.cycle), /Circular/);
    assert.equal(odd?.n, '10');
    assert.equal(bigint?.n, '12');
  });

  test('a message-less call and an error with a cause', () => {
    const { logger, parsed } = collect();
    logger.info({ only: 'fields' });
    logger.error('outer', new Error('outer', { cause: new Error('inner') }));
    logger.error('plain cause', new Error('x', { cause: 'text' }));
    const [fieldsOnly, withCause, plain] = parsed() as Array<Record<string, unknown>>;
    assert.equal('msg' in (fieldsOnly ?? {}), false);
    assert.equal((withCause?.err as { cause: { message: string } } | undefined)?.cause.message, 'inner');
    assert.equal((plain?.err as { cause: unknown } | undefined)?.cause, 'text');
  });

  test('child adds its bindings to every line, keeps the level, name and writer', () => {
    const { logger, parsed } = collect({ name: 'app', level: 'warn' });
    const child = logger.child({ requestId: 'r1' }).child({ user: 'tom' });
    child.info('hidden');
    child.warn('shown');
    const [line] = parsed();
    assert.equal(child.level, 'warn');
    assert.equal(line?.name, 'app');
    assert.equal(line?.requestId, 'r1');
    assert.equal(line?.user, 'tom');
    const nameless = collect().logger.child({ a: 1 });
    assert.equal(nameless.level, 'info');
  });

  test('the default writer is stderr, one line each', () => {
    const written: string[] = [];
    const original = process.stderr.write;
    process.stderr.write = ((chunk: string) => {
      written.push(chunk);
      return true;
    }) as typeof process.stderr.write;
    try {
      createLogger().warn('to stderr');
    } finally {
      process.stderr.write = original;
    }
    assert.equal(written.length, 1);
    assert.match(written[0] ?? '', /^\{"level":40,.*"msg":"to stderr"\}\n$/);
  });

  test('logFields and serializeError, as exported', () => {
    assert.deepEqual(logFields([]), { fields: {}, msg: undefined });
    assert.deepEqual(serializeError(Object.assign(new Error('n'), { code: 42 })).code, 42);
    assert.equal(isLogger(console), true);
    assert.equal(isLogger({ info() {} }), false);
    assert.equal(isLogger(null), false);
  });
});

describe('req.logError and req.logInfo', () => {
  test("through the built-in logger: the request's method and path, the error's stack", async () => {
    const { logger, parsed } = collect();
    const app = new Application('logs', { logger });
    app.route('/pay', (req) => {
      req.logInfo('paying %d', 12);
      req.logError(new Error('card refused'));
      req.logError('refused:', 'insufficient funds');
      return 'ok';
    });
    assert.equal((await app.request('/pay?x=1')).status, 200);
    const [info, error, text] = parsed() as Array<Record<string, unknown>>;
    assert.deepEqual([info?.level, info?.method, info?.path, info?.msg], [30, 'GET', '/pay?x=1', 'paying 12']);
    assert.equal(error?.level, 50);
    assert.equal(error?.msg, 'card refused');
    assert.match(String((error?.err as { stack: string } | undefined)?.stack), /card refused/);
    assert.equal(text?.msg, 'refused: insufficient funds');
  });

  test('a pino-shaped logger receives (fields, message, ...values)', async () => {
    const calls: Array<[string, unknown[]]> = [];
    const pinoLike: Logger = {
      error: (...args: unknown[]) => calls.push(['error', args]),
      warn: (...args: unknown[]) => calls.push(['warn', args]),
      info: (...args: unknown[]) => calls.push(['info', args]),
      debug: (...args: unknown[]) => calls.push(['debug', args]),
      child: () => pinoLike,
    };
    const app = new Application('pino', { logger: pinoLike });
    const err = new Error('boom');
    app.route('/', (req) => {
      req.logError(err);
      req.logInfo('hello %s', 'world');
      return 'ok';
    });
    await app.request('/');
    assert.deepEqual(calls, [
      ['error', [{ method: 'GET', path: '/', err }, 'boom']],
      ['info', [{ method: 'GET', path: '/' }, 'hello %s', 'world']],
    ]);
  });
});
