/**
 * The GET handler that stands for a WebSocket route in the route table. A
 * WebSocket route is a GET route of the same router, so it has the same
 * filters, typed parameters and before-hooks; a plain GET of it is answered
 * 426 with `Upgrade: websocket` (RFC 9110 §15.5.22), and an upgrade request
 * finds the WebSocket handler on that GET handler (`webSocketRouteOf`).
 * @module
 */
import { HTTP_UPGRADE_REQUIRED } from '../http/status.ts';
import type { Request } from '../request/request.ts';
import {
  WEBSOCKET_ROUTE,
  type WebSocketOptions,
  type WebSocketPeer,
  type WebSocketRoute,
  type WebSocketRouteHandler,
} from '../request/websocket-contract.ts';
import { TextResponse } from '../response/text-response.ts';
import type { RouteParams } from '../routing/route-params.ts';
import type { Handler } from './handler-types.ts';

/** A WebSocket handler typed from its route string: `/chat/<room>` gives `(socket, req, room: string)`. */
export type WebSocketHandler<Uri extends string = string> = (
  socket: WebSocketPeer,
  req: Request,
  ...params: RouteParams<Uri>
) => unknown;

/** The GET handler of a WebSocket route, with the route on it. */
export type WebSocketGetHandler = Handler & { readonly [WEBSOCKET_ROUTE]: WebSocketRoute };

/** The 426 a plain GET of a WebSocket route gets: `Upgrade: websocket` names what it needs. */
function upgradeRequired(): TextResponse {
  return new TextResponse(
    'This is a WebSocket endpoint: connect with a WebSocket client.\n',
    'utf-8',
    { Upgrade: 'websocket', Connection: 'Upgrade' },
    HTTP_UPGRADE_REQUIRED,
  );
}

/** The GET handler that stands for a WebSocket route in the route table. */
export function webSocketGetHandler(handler: WebSocketRouteHandler, options: WebSocketOptions): WebSocketGetHandler {
  const get = (() => upgradeRequired()) as unknown as WebSocketGetHandler;
  Object.defineProperty(get, WEBSOCKET_ROUTE, { value: Object.freeze({ handler, options: { ...options } }) });
  return get;
}
