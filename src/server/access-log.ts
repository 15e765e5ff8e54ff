/**
 * The access log of a Node server's exchanges: started per request only
 * when the `accessLog` option is on (the server's one check), written when
 * the response closes. The body bytes are counted at the response's `write`
 * and `end`, which every way of sending goes through (the batched writes,
 * streams, files, HTTP/2's compatibility API).
 * @module
 */
import type { NodeRequest, NodeResponse } from '../app/application-core.ts';
import { type AccessLog, writeAccessLog } from '../log/access-log.ts';
import type { Request } from '../request/request.ts';

type Write = (chunk: unknown, ...rest: unknown[]) => unknown;

/** Bytes of a chunk given to `write`/`end` (a function is `end`'s callback: none). */
function sizeOf(chunk: unknown, encoding: unknown): number {
  if (typeof chunk === 'string')
    return Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  if (chunk instanceof Uint8Array) return chunk.byteLength;
  return 0;
}

/**
 * The first value of a header, from the raw pairs: reading `req.headers`
 * would make Node build the whole headers object, which a request that
 * never asked for it has not paid for.
 */
function header(raw: readonly string[], name: 'referer' | 'user-agent'): string | null {
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i] as string;
    if (key.length === name.length && key.toLowerCase() === name) return raw[i + 1] ?? null;
  }
  return null;
}

/**
 * Count the body bytes of `res` and write the access-log line of the
 * exchange when it closes (finished, or the client gone).
 */
export function trackAccess(log: AccessLog, request: Request, req: NodeRequest, res: NodeResponse): void {
  let bytes = 0;
  const target = res as unknown as { write: Write; end: Write };
  const write = target.write;
  const end = target.end;
  target.write = function (this: unknown, chunk: unknown, ...rest: unknown[]) {
    bytes += sizeOf(chunk, rest[0]);
    return write.call(this, chunk, ...rest);
  };
  target.end = function (this: unknown, chunk: unknown, ...rest: unknown[]) {
    bytes += sizeOf(chunk, rest[0]);
    return end.call(this, chunk, ...rest);
  };
  res.once('close', () => {
    const user = request.user;
    writeAccessLog(log, {
      time: request.startTime * 1000,
      remoteAddr: request.remoteAddr,
      user: typeof user === 'string' ? user : null,
      method: req.method ?? '-',
      path: req.url ?? '-',
      protocol: request.protocol,
      status: res.statusCode,
      bytes,
      durationMs: performance.timeOrigin + performance.now() - request.startTime * 1000,
      referer: header(req.rawHeaders, 'referer'),
      userAgent: header(req.rawHeaders, 'user-agent'),
      completed: res.writableFinished,
    });
  });
}
