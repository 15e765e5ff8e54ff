import type { Request } from '../request/request.ts';
import type { WebSocketSettings } from './settings.ts';

/**
 * An `origins` check that admits pages of the server itself: the `Origin`
 * must be `http(s)://` plus the request's `Host`. Browsers always send
 * `Origin` on a WebSocket handshake (RFC 6455 §4.1); a client without one
 * (not a browser, so no cross-site request forgery) is let in unless
 * `requireOrigin` is set.
 * @example app.websocket('/ws', handler, { origins: sameOrigin() });
 */
export function sameOrigin(requireOrigin = false): (origin: string | undefined, req: Request) => boolean {
  return (origin, req) => {
    if (origin === undefined) return !requireOrigin;
    const host = req.header('Host');
    return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
  };
}

/** Whether the request's `Origin` may open a socket on a route with these settings. */
export function originAllowed(settings: WebSocketSettings, req: Request): boolean {
  const allowed = settings.origins;
  if (allowed === undefined) return true;
  const origin = req.header('Origin');
  if (typeof allowed === 'function') return allowed(origin, req);
  return origin !== undefined && allowed.includes(origin);
}
