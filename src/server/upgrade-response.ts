/**
 * An HTTP response on a socket Node handed to the `upgrade` listener (off
 * its HTTP parser): how an upgrade request that is not accepted as a
 * WebSocket (404, a hook's refusal, an HTTP route, another protocol) is
 * still answered through the usual `sendNode`, then the connection closed.
 * @module
 */
import { type IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** A `ServerResponse` on an upgraded socket: `Connection: close`, the socket ended once the response is. */
export function responseOn(req: IncomingMessage, socket: Duplex): ServerResponse {
  const res = new ServerResponse(req);
  // the parser is gone: no second request can be read on this connection
  res.shouldKeepAlive = false;
  res.assignSocket(socket as Socket);
  res.once('finish', () => {
    res.detachSocket(socket as Socket);
    socket.end();
  });
  return res;
}

/** An `error` listener that does nothing: a client resetting its connection is no error of the server's. */
export function ignore(): void {
  // nothing to do: the socket closes, and with it whatever was sent on it
}
