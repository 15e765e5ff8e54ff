/**
 * Test helpers for WebSocket routes: a `ws` client that records what it
 * receives and how it closed, and the raw handshake request.
 * @module
 */
import { once } from 'node:events';
import WebSocket from 'ws';

/** A connected client: messages in order, a way to wait for the next ones and for the close. */
export interface Client {
  readonly ws: WebSocket;
  /** The next `n` messages (text as strings, binary as Buffers), waiting for them. */
  next(n?: number): Promise<Array<string | Buffer>>;
  /** Resolves with the close code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;
}

/** Connect a `ws` client to `url` and resolve once it is open. */
export async function connectClient(
  url: string,
  options: WebSocket.ClientOptions = {},
  protocols?: string[],
): Promise<Client> {
  const ws = new WebSocket(url, protocols, options);
  const inbox: Array<string | Buffer> = [];
  let wake: (() => void) | undefined;
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    inbox.push(isBinary ? data : data.toString('utf8'));
    wake?.();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString('utf8') });
      wake?.();
    });
  });
  await once(ws, 'open');
  return {
    ws,
    closed,
    async next(n = 1) {
      while (inbox.length < n) {
        if (ws.readyState === WebSocket.CLOSED) throw new Error(`closed with ${inbox.length} of ${n} messages`);
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      return inbox.splice(0, n);
    },
  };
}

/** Why a client's handshake failed: the HTTP status the server answered. */
export function refusedStatus(url: string, options: WebSocket.ClientOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.on('error', () => undefined);
    ws.on('open', () => {
      ws.terminate();
      reject(new Error('the handshake was accepted'));
    });
  });
}

/** A handshake request for `path`, with `extra` header lines (`Name: value`), without the header lines that start with one of `omit`. */
export function handshake(path: string, extra: readonly string[] = [], omit: readonly string[] = []): string {
  const lines = [
    `GET ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
  ].filter((line) => !omit.some((name) => line.startsWith(name)));
  return [...lines, ...extra, '', ''].join('\r\n');
}
