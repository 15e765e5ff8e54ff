/**
 * Type-level tests: the application is a request listener of every Node
 * server, HTTP/2 ones included, with no cast. Checked by `npx tsc --noEmit -p .`;
 * test/unit/routing/app-route-types.test.ts proves the expectations below can fail.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  createServer as createHttp2Server,
  createSecureServer,
  type Http2SecureServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
} from 'node:http2';
import { createServer as createHttpsServer } from 'node:https';
import { Application, serverPort, sweepIdleConnections } from '../../src/index.ts';

const app = new Application('types');

// HTTP/2 over TLS, HTTP/1.1 on the same port for clients without ALPN h2
const secure = createSecureServer({ key: 'k', cert: 'c', allowHTTP1: true }, app);
secure.on('checkContinue', app.checkContinue);
// HTTP/2 in clear text (prior knowledge)
const clear = createHttp2Server(app);
clear.on('request', app);
clear.on('checkContinue', app.checkContinue);
// HTTP/1.1 as before
const plain = createServer(app);
plain.on('checkContinue', app.checkContinue);
createHttpsServer({ key: 'k', cert: 'c' }, app);

// app.listen() makes the HTTP/2 server itself, typed as one; the sweep takes its HTTP/1.1 connections
export async function listened(key: Buffer, cert: Buffer): Promise<number> {
  const server: Http2SecureServer = await app.listen({ port: 0, http2: true, key, cert });
  sweepIdleConnections(server, 5, 60);
  const plainServer: Server = await app.listen({ port: 0 });
  return serverPort(server) + serverPort(plainServer);
}

// the application is called with either kind of exchange
const h1: (req: IncomingMessage, res: ServerResponse) => void = app;
const h2: (req: Http2ServerRequest, res: Http2ServerResponse) => void = app;

export { h1, h2, plain, secure };

// a listener of node:http alone is no HTTP/2 listener: the checks above are not vacuous
declare const http1Only: (req: IncomingMessage, res: ServerResponse) => void;
// @ts-expect-error an HTTP/1 listener does not take an Http2ServerRequest
createHttp2Server(http1Only);

// @ts-expect-error nor is the application something else than a listener
const notAListener: (req: string) => void = app;

export { notAListener };
