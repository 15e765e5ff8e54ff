import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import type { Request } from '../request/request.ts';
import type { WebSocketOptions } from '../request/websocket-contract.ts';

/** A WebSocket route's options with every default filled in. */
export interface WebSocketSettings {
  readonly maxPayload: number;
  readonly maxMessageRate: number;
  readonly idleTimeout: number;
  readonly pingInterval: number;
  readonly perMessageDeflate: boolean | Record<string, unknown>;
  readonly protocols: readonly string[];
  readonly origins: readonly string[] | ((origin: string | undefined, req: Request) => boolean) | undefined;
}

/**
 * The defaults. `maxPayload` is 1 MiB where `ws` alone takes 100 MiB: a
 * message is held whole in memory before the handler sees it, so the limit is
 * what one client can make the server allocate per socket.
 */
export const WEBSOCKET_DEFAULTS: WebSocketSettings = Object.freeze({
  maxPayload: 1024 * 1024,
  maxMessageRate: 100,
  idleTimeout: 300,
  pingInterval: 30,
  perMessageDeflate: false,
  protocols: Object.freeze([]),
  origins: undefined,
});

function checkNumber(name: keyof WebSocketOptions, value: number, min: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new PoorWSGIError(
      'PW_ERR_OPTION',
      `WebSocket option ${name} must be a number >= ${min} (got ${String(value)})`,
    );
  }
  return value;
}

/**
 * A route's options checked, defaults filled in.
 * @throws PoorWSGIError `PW_ERR_OPTION` for a value out of range
 */
export function webSocketSettings(options: Readonly<WebSocketOptions>): WebSocketSettings {
  const d = WEBSOCKET_DEFAULTS;
  return {
    maxPayload: checkNumber('maxPayload', options.maxPayload ?? d.maxPayload, 1),
    maxMessageRate: checkNumber('maxMessageRate', options.maxMessageRate ?? d.maxMessageRate, 0),
    idleTimeout: checkNumber('idleTimeout', options.idleTimeout ?? d.idleTimeout, 0),
    pingInterval: checkNumber('pingInterval', options.pingInterval ?? d.pingInterval, 0),
    perMessageDeflate: options.perMessageDeflate ?? d.perMessageDeflate,
    protocols: options.protocols ?? d.protocols,
    origins: options.origins,
  };
}
