import type { WebSocketConnection } from './connection.ts';

/** The open sockets of each application (the owner), for closing them all at shutdown. */
const OPEN = new WeakMap<object, Set<WebSocketConnection>>();

/** Count a socket as the owner's until it closes. */
export function registerSocket(owner: object, socket: WebSocketConnection): void {
  let sockets = OPEN.get(owner);
  if (sockets === undefined) {
    sockets = new Set();
    OPEN.set(owner, sockets);
  }
  sockets.add(socket);
  socket.joinWhileOpen(sockets);
}

/** How many sockets of the owner are open. */
export function openSockets(owner: object): number {
  return OPEN.get(owner)?.size ?? 0;
}

/**
 * Close every open socket of the owner (`app.close()` does, at shutdown) with
 * `code` (1001, going away, by default) and wait for them to close; those
 * whose client does not answer the closing handshake within `graceMs` are
 * destroyed.
 */
export async function closeSockets(
  owner: object,
  code = 1001,
  reason = 'Server shutting down',
  graceMs = 5000,
): Promise<void> {
  const sockets = OPEN.get(owner);
  if (sockets === undefined || sockets.size === 0) return;
  const all = [...sockets];
  const cutOff = setTimeout(() => {
    for (const socket of all) socket.terminate();
  }, graceMs);
  cutOff.unref();
  for (const socket of all) socket.close(code, reason);
  await Promise.all(all.map((socket) => socket.closed()));
  clearTimeout(cutOff);
}
