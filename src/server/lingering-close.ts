/**
 * Closing a connection whose request body was not read to its end, so that
 * the client still sees the answer. Closing a socket with unread bytes in
 * its receive buffer makes the kernel send a reset, and a reset makes the
 * client's kernel throw away the response it has received but not yet read
 * (RFC 9112 §9.6 "tear-down"): the client reports a broken pipe or a reset
 * and never the 413 or 401 it was sent. nginx's `lingering_close` answers
 * this the way done here: send the response, half-close (FIN), read and
 * discard what still comes for a bounded time, then close.
 * @module
 */
import type { Socket } from 'node:net';

/** Close a lingering connection once the client has sent nothing for this long (nginx `lingering_timeout`). */
export const LINGER_TIMEOUT_MS = 5_000;
/** Close a lingering connection after this long whatever the client does (nginx `lingering_time`). */
export const LINGER_TIME_MS = 30_000;

const LINGERING: unique symbol = Symbol('poorwsgi.lingering');

interface Lingerer extends Socket {
  [LINGERING]?: true;
}

/**
 * Make the close that node:http does after a `Connection: close` response a
 * lingering one on `socket`: Node calls `socket.destroySoon()` once the last
 * response is finished; here that sends the FIN after the response, keeps
 * reading (what arrives goes to the request being discarded), and destroys
 * the socket when the client closes its side, after
 * {@link LINGER_TIMEOUT_MS} without data, or after {@link LINGER_TIME_MS}.
 * Safe to call again.
 */
export function lingerOnClose(socket: Socket): void {
  const lingerer = socket as Lingerer;
  if (lingerer[LINGERING]) return;
  lingerer[LINGERING] = true;
  // an own property shadows the prototype's method for this socket only
  socket.destroySoon = () => linger(socket);
}

function linger(socket: Socket): void {
  if (socket.destroyed) return;
  // the FIN goes out after what is queued: the response is sent in full first
  socket.end();
  const close = (): void => {
    clearTimeout(total);
    socket.destroy();
  };
  const total = setTimeout(close, LINGER_TIME_MS);
  // Node's own socket timeout, re-armed by every read: the quiet-client bound
  socket.setTimeout(LINGER_TIMEOUT_MS, close);
  socket.once('end', close);
  socket.once('close', () => clearTimeout(total));
  // reading must go on for the client to finish sending: nothing may hold the socket paused
  socket.resume();
}
