/**
 * What `req.logError()` and `req.logInfo()` hand the application's logger:
 * pino's `(fields, message, ...values)`, the fields naming the request.
 * @module
 */

/** The logger levels a request writes to. */
interface LevelLogger {
  error(...args: unknown[]): void;
  info(...args: unknown[]): void;
}

/** What a request tells the logger about itself. */
interface Logged {
  readonly method: string;
  readonly target: string;
}

/**
 * Log `message` (and `values`, formatted into it as `util.format` does) at
 * `level`, with the request's `method` and `path` (its target) as fields;
 * an `Error` as `message` goes under `err` (with its stack), its message as the message.
 */
export function logRequest(
  logger: LevelLogger,
  level: 'error' | 'info',
  req: Logged,
  message: unknown,
  values: readonly unknown[],
): void {
  const fields: Record<string, unknown> = { method: req.method, path: req.target };
  if (message instanceof Error) {
    fields.err = message;
    logger[level](fields, message.message, ...values);
  } else {
    logger[level](fields, message, ...values);
  }
}
