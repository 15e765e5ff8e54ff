/**
 * The `/debug-info` page as the application serves it in debug mode: the
 * handler that routing gives the path when no route of the application's
 * own has it (for any method, after the before-hooks, as PoorWSGI does; it
 * comes before the document root, so that a file cannot hide it). It reads
 * the application's tables through its public getters, which return
 * copies, and the built-in state pages through a read-only map: showing
 * the tables cannot change them.
 * @module
 */
import { debugInfo } from '../debug/debug-info.ts';
import type { Request } from '../request/request.ts';
import { Response } from '../response/response.ts';
import { DEFAULT_STATES } from '../results/state-handlers.ts';
import type { ApplicationCore } from './application-core.ts';
import { ENV_OPTIONS } from './options.ts';

/** The path of the debug page. */
export const DEBUG_INFO_PATH = '/debug-info';

/** The `poor_*` variables set in the environment, as the page lists them. */
function envOptions(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const variable of Object.keys(ENV_OPTIONS)) {
    const value = env[variable];
    if (value !== undefined) out[variable] = value;
  }
  return out;
}

/**
 * The handler of `/debug-info` in debug mode: the page of the request's
 * application, 200 `text/html`, never cached.
 */
export function debugInfoPage(req: Request): Response {
  // the request's application is the ApplicationCore that routed it here
  const app = req.app as unknown as ApplicationCore;
  const html = debugInfo(
    req,
    {
      name: app.name,
      routes: app.routes,
      regularRoutes: app.regularRoutes,
      defaults: app.defaults,
      states: app.states,
      builtinStates: DEFAULT_STATES,
      errors: app.errors,
      before: app.before,
      after: app.after,
      filters: app.filters,
      options: app.options,
      envOptions: envOptions(process.env),
      appOptions: app.getOptions(),
    },
    !app.isRoute(DEBUG_INFO_PATH),
  );
  const response = new Response(html, { contentType: 'text/html; charset=utf-8' });
  response.headers.set('Cache-Control', 'no-store');
  return response;
}
