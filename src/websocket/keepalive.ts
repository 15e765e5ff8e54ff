/**
 * Idle timeout and pings for every socket, with one interval timer per
 * period rather than timers per socket: a socket costs one Set entry, a
 * message one `Date.now()` (in the connection), and an idle socket nothing
 * between sweeps. A sweep closes sockets silent for `idleTimeout` (1001),
 * cuts off those that did not answer the previous ping, and pings the
 * others every `pingInterval`.
 * @module
 */
import type { WebSocketConnection } from './connection.ts';
import type { WebSocketSettings } from './settings.ts';

/** One interval and the sockets it sweeps. */
interface Sweep {
  readonly timer: NodeJS.Timeout;
  readonly sockets: Map<WebSocketConnection, WebSocketSettings>;
}

const SWEEPS = new Map<number, Sweep>();

/** The sweep period of a route: a quarter of its shortest limit, between 10 ms and 1 s (limits are kept within 25 %). */
function periodOf(idleMs: number, pingMs: number): number {
  const shortest = Math.min(idleMs || Number.POSITIVE_INFINITY, pingMs || Number.POSITIVE_INFINITY);
  return Math.max(10, Math.min(1000, Math.floor(shortest / 4)));
}

function sweep(period: number, sockets: Map<WebSocketConnection, WebSocketSettings>): void {
  if (sockets.size === 0) {
    // every socket closed (each leaves the map itself): the interval stops until the next one
    clearInterval(SWEEPS.get(period)?.timer);
    SWEEPS.delete(period);
    return;
  }
  const now = Date.now();
  for (const [socket, settings] of sockets) {
    const idleMs = settings.idleTimeout * 1000;
    const pingMs = settings.pingInterval * 1000;
    if (idleMs > 0 && now - socket.lastMessage >= idleMs) {
      socket.close(1001, 'Idle timeout');
      sockets.delete(socket);
    } else if (pingMs > 0 && now - socket.lastPing >= pingMs) {
      if (socket.pongPending) {
        // the previous ping went unanswered for a whole interval: the peer is gone
        socket.terminate();
        sockets.delete(socket);
      } else {
        socket.pongPending = true;
        socket.lastPing = now;
        socket.ping();
      }
    }
  }
}

function startSweep(period: number): Sweep {
  const sockets = new Map<WebSocketConnection, WebSocketSettings>();
  const timer = setInterval(() => sweep(period, sockets), period);
  // the sweep alone keeps no process alive: the sockets do
  timer.unref();
  const entry = { timer, sockets };
  SWEEPS.set(period, entry);
  return entry;
}

/** Watch a socket until it closes, with its route's limits; nothing to do when both are off. */
export function watchSocket(socket: WebSocketConnection, settings: WebSocketSettings): void {
  const idleMs = settings.idleTimeout * 1000;
  const pingMs = settings.pingInterval * 1000;
  if (idleMs === 0 && pingMs === 0) return;
  socket.lastPing = Date.now();
  const period = periodOf(idleMs, pingMs);
  const entry = SWEEPS.get(period) ?? startSweep(period);
  const { sockets } = entry;
  // the route's settings object, shared by its sockets: a watched socket costs one Map entry
  sockets.set(socket, settings);
  socket.joinWhileOpen(sockets);
}
