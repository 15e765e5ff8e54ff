/**
 * `poorwsgi/log`: the application logger's shape (pino's, which `console`
 * fits too), the built-in logger that writes one JSON line per event, and the
 * access log's formats (combined, JSON).
 * @module
 */
export {
  type AccessLog,
  type AccessLogEntry,
  type AccessLogFormat,
  type AccessLogOptions,
  accessLogOf,
  clfEscape,
  clfTime,
  formatCombined,
  formatJson,
  writeAccessLog,
} from './access-log.ts';
export {
  type BuiltinLogger,
  createLogger,
  isLogger,
  LOG_LEVELS,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  logFields,
  serializeError,
} from './logger.ts';
