/**
 * Stable codes of {@link PoorWSGIError}: API misuse, never request flow.
 * Each is documented in `docs/errors.md`; a test checks that the two agree.
 * @module
 */
export const ERROR_CODES = {
  /** An invalid route definition (spaces in a group, bad group name, duplicate name). */
  PW_ERR_ROUTE: 'PW_ERR_ROUTE',
  /** A route group names a filter that is not defined. */
  PW_ERR_ROUTE_FILTER: 'PW_ERR_ROUTE_FILTER',
  /** A route or filter regular expression that could backtrack catastrophically, or does not compile. */
  PW_ERR_ROUTE_UNSAFE: 'PW_ERR_ROUTE_UNSAFE',
  /** A route, handler or hook that is not registered was popped. */
  PW_ERR_NOT_REGISTERED: 'PW_ERR_NOT_REGISTERED',
  /** A hook was added twice. */
  PW_ERR_DUPLICATE: 'PW_ERR_DUPLICATE',
  /** An application option with a bad value. */
  PW_ERR_OPTION: 'PW_ERR_OPTION',
  /** A status code with no reason phrase, or outside 200-599. */
  PW_ERR_STATUS: 'PW_ERR_STATUS',
  /** A handler returned a value `makeResponse` cannot turn into a response. */
  PW_ERR_RESPONSE: 'PW_ERR_RESPONSE',
  /** A method mask with no known method in it. */
  PW_ERR_METHOD: 'PW_ERR_METHOD',
  /** Bad arguments to a response constructor (both data and fields, bad redirect target, ...). */
  PW_ERR_ARGUMENT: 'PW_ERR_ARGUMENT',
  /** `req.json` or `req.form` asked for before the request body was read. */
  PW_ERR_BODY_NOT_READ: 'PW_ERR_BODY_NOT_READ',
  /** The value of an uploaded file too large to read synchronously was asked for. */
  PW_ERR_SYNC_READ: 'PW_ERR_SYNC_READ',
  /** A cookie that cannot be written: a name that is not a token, a bad `Domain`, `Path`, `SameSite`, ... */
  PW_ERR_COOKIE: 'PW_ERR_COOKIE',
  /** A session set up or used wrongly: no secret key, a bad lifetime, data that is not JSON or too large a cookie. */
  PW_ERR_SESSION: 'PW_ERR_SESSION',
  /** `PasswordMap.load()` or `write()` on a map that has no file name. */
  PW_ERR_PASSWORD_PATH: 'PW_ERR_PASSWORD_PATH',
  /** A line of an htdigest file that is not `user:realm:HA1` (the message names the file and line). */
  PW_ERR_PASSWORD_LINE: 'PW_ERR_PASSWORD_LINE',
  /** A user, realm or HA1 that an htdigest file cannot hold (`PasswordMap.set()`), or an algorithm `hexdigest()` does not know. */
  PW_ERR_PASSWORD_ENTRY: 'PW_ERR_PASSWORD_ENTRY',
  /** Profiling that cannot start: a profile prefix whose directory does not exist, a bad sampling interval or `keepWarm`, a Node without `node:inspector`. */
  PW_ERR_PROFILE: 'PW_ERR_PROFILE',
  /** An OpenAPI document that cannot be used (not 3.0/3.1, a broken `$ref`, a schema that does not compile), ajv missing, or `validated()` of a request no hook validated. */
  PW_ERR_OPENAPI: 'PW_ERR_OPENAPI',
} as const;

/** One of the {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];
