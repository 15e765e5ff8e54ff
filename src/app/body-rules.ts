/**
 * Rules a route sets for its request bodies: limits of its own, and whether
 * it takes JSON only. They ride on the handler (`withBody()` returns a new
 * function that carries them), so every registration call takes them as it
 * is, and the pipeline reads them when the route is chosen.
 * @module
 */
import { ERROR_CODES } from '../errors/codes.ts';
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import { isLimit } from '../forms/multipart-limits.ts';
import type { BodyLimits } from '../request/body-limits.ts';

/** What {@link withBody} takes: the route's body limits, and `requireJson`. */
export interface BodyRules extends BodyLimits {
  /**
   * Answer 415 Unsupported Media Type, after the before-hooks and without
   * reading the body, to a request that carries no JSON body (see `req.json`).
   */
  readonly requireJson?: boolean;
}

const BODY_RULES: unique symbol = Symbol('poorwsgi.bodyRules');

interface RuledHandler {
  readonly [BODY_RULES]?: Readonly<BodyRules>;
}

/**
 * The handler with body rules of its route: limits that replace the
 * application's (a larger upload on one route, a smaller JSON body on
 * another), and `requireJson`. Checked when called: a bad limit throws here,
 * not at the first request.
 * @throws PoorWSGIError `PW_ERR_OPTION` for an unknown rule or a limit that is not a whole number >= 0 or Infinity
 * @example
 * app.route('/videos', withBody({ uploadLimit: 4 * 1024 ** 3, maxFileSize: 4 * 1024 ** 3 }, upload), METHOD_POST);
 * app.route('/orders', withBody({ requireJson: true, bodyLimit: 64 * 1024 }, (req) => order(req.json)), METHOD_POST);
 */
export function withBody<H extends (...args: never[]) => unknown>(rules: BodyRules, handler: H): H {
  const checked = checkRules(rules);
  // a new function, so that the same handler can serve other routes with other rules (or none)
  const ruled = function (this: unknown, ...args: Parameters<H>): ReturnType<H> {
    return handler.apply(this, args) as ReturnType<H>;
  };
  Object.defineProperty(ruled, 'name', { value: handler.name });
  Object.defineProperty(ruled, BODY_RULES, { value: checked });
  return ruled as unknown as H;
}

/** The body rules a handler was given by {@link withBody}, else `undefined`. */
export function bodyRulesOf(handler: unknown): Readonly<BodyRules> | undefined {
  return typeof handler === 'function' ? (handler as RuledHandler)[BODY_RULES] : undefined;
}

const RULE_NAMES = new Set([
  'requireJson',
  'bodyLimit',
  'uploadLimit',
  'maxParts',
  'maxFields',
  'maxNameLength',
  'maxPartHeaderSize',
  'maxFileSize',
  'maxFieldSize',
  'fieldSpillSize',
]);

function checkRules(rules: BodyRules): Readonly<BodyRules> {
  for (const [name, value] of Object.entries(rules)) {
    if (!RULE_NAMES.has(name)) throw new PoorWSGIError(ERROR_CODES.PW_ERR_OPTION, `Unknown body rule ${name}`);
    if (value === undefined) continue;
    const ok = name === 'requireJson' ? typeof value === 'boolean' : isLimit(value);
    if (!ok) {
      const expected = name === 'requireJson' ? 'a boolean' : 'a whole number >= 0 or Infinity';
      throw new PoorWSGIError(
        ERROR_CODES.PW_ERR_OPTION,
        `Body rule ${name} must be ${expected} (got ${String(value)})`,
      );
    }
  }
  return Object.freeze({ ...rules });
}
