/**
 * The application logger: the shape the framework calls (pino's `error`,
 * `warn`, `info`, `debug` and `child`, which `console` fits too, without
 * `child`), and a small built-in one that writes one JSON line per event in
 * pino's format (`level` as pino's numbers, `time` in epoch milliseconds,
 * `msg`), so that the tools that read pino's output (pino-pretty, log
 * shippers) read it too.
 * @module
 */
import { formatWithOptions, inspect } from 'node:util';

/**
 * Where the application writes what it logs. A pino logger fits, as does
 * `console` or the built-in {@link createLogger}. The framework calls the
 * levels in pino's two shapes: `(message, ...values)` and
 * `(fields, message)`, with an `Error` under the field `err`.
 */
export interface Logger {
  error(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  info(...args: unknown[]): void;
  debug(...args: unknown[]): void;
  /** A logger that adds `bindings` to every line (pino's `child`); optional, `console` has none. */
  child?(bindings: Record<string, unknown>): Logger;
}

/** The levels of the built-in logger, least to most severe, and `'silent'`. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** pino's level numbers, which the lines carry. */
export const LOG_LEVELS: Readonly<Record<LogLevel, number>> = Object.freeze({
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  silent: Number.POSITIVE_INFINITY,
});

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /**
   * Least severe level written.
   * @default 'info'
   */
  readonly level?: LogLevel;
  /** A `name` field on every line (pino's `name`), such as the application's name. */
  readonly name?: string;
  /** Fields on every line. */
  readonly bindings?: Readonly<Record<string, unknown>>;
  /**
   * Where each line goes, without its newline.
   * @default a write of the line and `\n` to `process.stderr`
   */
  readonly write?: (line: string) => void;
}

/** The built-in logger: a {@link Logger} with `child` and its level. */
export interface BuiltinLogger extends Logger {
  readonly level: LogLevel;
  child(bindings: Record<string, unknown>): BuiltinLogger;
}

function toStderr(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** An `Error` as pino's standard serializer gives it: `type`, `message`, `stack` and a string `code`. */
export function serializeError(err: Error): Record<string, unknown> {
  const out: Record<string, unknown> = { type: err.name, message: err.message, stack: err.stack };
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (err.cause !== undefined) out.cause = err.cause instanceof Error ? serializeError(err.cause) : err.cause;
  return out;
}

const ONE_LINE = { breakLength: Number.POSITIVE_INFINITY, depth: 4 };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Error);
}

/**
 * The fields and message of one call, in pino's two shapes: `(fields, message, ...values)`
 * (an `Error` alone or as `fields.err`) and `(message, ...values)`. In the second,
 * as `console` is called (`logger.error('Request failed:', err)`), an `Error` among
 * the values goes to `err` with its stack, not into the message.
 */
export function logFields(args: readonly unknown[]): { fields: Record<string, unknown>; msg: string | undefined } {
  let fields: Record<string, unknown> = {};
  let rest = args;
  const first = args[0];
  if (first instanceof Error) {
    fields = { err: first };
    rest = args.slice(1);
    if (rest.length === 0) return { fields: { err: serializeError(first) }, msg: first.message };
  } else if (isRecord(first)) {
    fields = { ...first };
    rest = args.slice(1);
  }
  const values: unknown[] = [];
  for (const value of rest) {
    if (value instanceof Error && fields.err === undefined) fields.err = value;
    else values.push(value);
  }
  if (fields.err instanceof Error) fields.err = serializeError(fields.err);
  // objects among the values on one line: a line per event, also inside the message
  return { fields, msg: values.length === 0 ? undefined : formatWithOptions(ONE_LINE, ...values).trimEnd() };
}

/** JSON that never throws: a value JSON cannot hold (a cycle, a BigInt) is written as `util.inspect` shows it. */
function stringify(line: Record<string, unknown>): string {
  try {
    // no replacer on the usual line: a replacer function is called for every value
    return JSON.stringify(line);
  } catch {
    const safe: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(line)) {
      try {
        JSON.stringify(value);
        safe[key] = value;
      } catch {
        if (typeof value === 'bigint') {
          safe[key] = value.toString();
          continue;
        }
        safe[key] = inspect(value, { breakLength: Number.POSITIVE_INFINITY, depth: 4 });
      }
    }
    return JSON.stringify(safe);
  }
}

/**
 * The built-in logger: one JSON line per event, in pino's format, to
 * `process.stderr` unless `write` is given. Lines below `level` cost one
 * comparison.
 * @example
 * const app = new Application('shop', { logger: createLogger({ level: 'debug', name: 'shop' }) });
 * // {"level":30,"time":1764843300000,"pid":4711,"name":"shop","msg":"started"}
 */
export function createLogger(options: LoggerOptions = {}): BuiltinLogger {
  const level = options.level ?? 'info';
  if (!Object.hasOwn(LOG_LEVELS, level)) throw new RangeError(`Unknown log level ${JSON.stringify(level)}`);
  const threshold = LOG_LEVELS[level];
  const write = options.write ?? toStderr;
  const base: Record<string, unknown> = { pid: process.pid };
  if (options.name !== undefined) base.name = options.name;
  Object.assign(base, options.bindings);
  const emit = (levelNumber: number, args: readonly unknown[]): void => {
    if (levelNumber < threshold) return;
    const { fields, msg } = logFields(args);
    const line: Record<string, unknown> = { level: levelNumber, time: Date.now(), ...base, ...fields };
    if (msg !== undefined) line.msg = msg;
    write(stringify(line));
  };
  return {
    level,
    error: (...args: unknown[]) => emit(LOG_LEVELS.error, args),
    warn: (...args: unknown[]) => emit(LOG_LEVELS.warn, args),
    info: (...args: unknown[]) => emit(LOG_LEVELS.info, args),
    debug: (...args: unknown[]) => emit(LOG_LEVELS.debug, args),
    child: (bindings: Record<string, unknown>) =>
      createLogger({ level, write, bindings: { ...options.bindings, ...bindings }, ...nameOf(options) }),
  };
}

function nameOf(options: LoggerOptions): { name?: string } {
  return options.name === undefined ? {} : { name: options.name };
}

/** Whether `value` has the methods of a {@link Logger} (`child` is optional). */
export function isLogger(value: unknown): value is Logger {
  return (
    typeof value === 'object' &&
    value !== null &&
    ['error', 'warn', 'info', 'debug'].every((k) => typeof (value as Record<string, unknown>)[k] === 'function')
  );
}
