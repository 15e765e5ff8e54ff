/**
 * The checks of an upgrade request before anything else runs (RFC 6455
 * §4.2.1), so that a malformed or hostile handshake gets a plain 400 and
 * never reaches routing, the hooks or `ws`; and the raw answers written on
 * a socket that left HTTP.
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { reasonPhrase } from '../http/status.ts';

/** Header fields an upgrade request may have; a browser sends about fifteen. */
export const MAX_UPGRADE_HEADERS = 100;

/** `Sec-WebSocket-Key`: 16 bytes in base64 (RFC 6455 §4.1, item 7). */
const KEY = /^[+/0-9A-Za-z]{22}==$/;

/** Whether the request asks for a WebSocket (`Upgrade: websocket`, any case), rather than another protocol. */
export function wantsWebSocket(req: IncomingMessage): boolean {
  const upgrade = req.headers.upgrade;
  return upgrade !== undefined && upgrade.trim().toLowerCase() === 'websocket';
}

/** Why a WebSocket handshake is malformed, or `undefined` when it is well formed. */
export function handshakeProblem(req: IncomingMessage): string | undefined {
  if (req.rawHeaders.length > 2 * MAX_UPGRADE_HEADERS) return 'Too many header fields';
  if (req.method !== 'GET') return 'A WebSocket handshake is a GET request';
  if (req.httpVersion !== '1.1') return 'A WebSocket handshake needs HTTP/1.1';
  const key = req.headers['sec-websocket-key'];
  if (key === undefined || !KEY.test(key.trim())) return 'Missing or invalid Sec-WebSocket-Key';
  if (req.headers['sec-websocket-version'] !== '13') return 'Unsupported Sec-WebSocket-Version';
  return undefined;
}

/**
 * Answer a handshake with an error status and close the socket; the
 * `Sec-WebSocket-Version` header tells a client of another version which
 * one to use (RFC 6455 §4.4).
 */
export function refuseHandshake(socket: Duplex, status: number, message: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${reasonPhrase(status) ?? ''}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Sec-WebSocket-Version: 13\r\n' +
      `\r\n${body}`,
  );
}
