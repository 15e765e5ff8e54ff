/**
 * The before-hooks of a request: run in order until one answers, each
 * synchronous until a hook returns a promise. A hook returns nothing to let
 * the request go on, or a response to answer with (hono's and fastify's
 * short-circuit); anything else is a 500 that says what it returned.
 * @module
 */
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import { isThenable } from '../http/thenable.ts';
import type { Request } from '../request/request.ts';
import { describeValue } from '../response/arguments.ts';
import { BaseResponse } from '../response/base-response.ts';
import type { BeforeHook } from './handler-types.ts';
import type { HookList } from './hook-list.ts';

/** What the before-hooks end with: nothing (go on), or the response one of them answered with. */
export type HooksDone = undefined | BaseResponse;

/**
 * A before-hook's value: `undefined` (or `null`) goes on, a response answers.
 * Anything else is a mistake the types refuse: a 500, saying so.
 */
function hookAnswer(value: unknown): HooksDone {
  if (value === undefined || value === null) return undefined;
  if (value instanceof BaseResponse) return value;
  throw new PoorWSGIError(
    'PW_ERR_RESPONSE',
    `A before-hook returns nothing, or a response to answer with (got ${describeValue(value)})`,
  );
}

/** Run the before-hooks, up to one that answers; a promise only when a hook returns one. */
export function runBeforeHooks(list: HookList<BeforeHook>, req: Request): HooksDone | Promise<HooksDone> {
  const hooks = list.items;
  for (let i = 0; i < hooks.length; i++) {
    const value = (hooks[i] as BeforeHook)(req);
    if (value === undefined) continue;
    if (isThenable(value)) return continueBeforeHooks(value, hooks, i + 1, req);
    const answer = hookAnswer(value);
    if (answer !== undefined) return answer;
  }
  return undefined;
}

async function continueBeforeHooks(
  pending: PromiseLike<unknown>,
  hooks: readonly BeforeHook[],
  from: number,
  req: Request,
): Promise<HooksDone> {
  const first = hookAnswer(await pending);
  if (first !== undefined) return first;
  for (let i = from; i < hooks.length; i++) {
    const value = (hooks[i] as BeforeHook)(req);
    const answer = hookAnswer(isThenable(value) ? await value : value);
    if (answer !== undefined) return answer;
  }
  return undefined;
}

/** `next()` after the before-hooks (synchronously when they were), unless one of them answered. */
export function whenBeforeHooksDone<R>(
  before: HooksDone | Promise<HooksDone>,
  next: () => R | Promise<R>,
): R | BaseResponse | Promise<R | BaseResponse> {
  if (before === undefined) return next();
  if (before instanceof BaseResponse) return before;
  return before.then((answer) => answer ?? next());
}
