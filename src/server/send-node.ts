import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Logger } from '../app/options.ts';
import type { BaseResponse, BodyChunk } from '../response/base-response.ts';

/**
 * Write a response to a `node:http` response: status line and headers in one
 * `writeHead` with a flat array, then the body. Streams honour backpressure
 * (`write()` returning false waits for `drain`) and stop when the client goes
 * away. HEAD gets the headers of GET and no body. Never throws.
 */
export async function sendNode(
  response: BaseResponse,
  res: ServerResponse,
  isHead: boolean,
  logger: Logger,
  closeConnection = false,
): Promise<void> {
  if (response.declined) return;
  if (res.destroyed) return;
  let prepared: ReturnType<BaseResponse['prepare']>;
  try {
    prepared = response.prepare();
  } catch (err) {
    logger.error('Preparing the response failed:', err);
    if (!res.headersSent) res.writeHead(500, { 'Content-Length': '0' });
    res.end();
    return;
  }
  const wire = prepared.headers.toWire();
  if (closeConnection) wire.push('Connection', 'close');
  try {
    res.writeHead(prepared.statusCode, prepared.reason, wire);
  } catch (err) {
    logger.error('Writing the response headers failed:', err);
    res.destroy();
    return;
  }
  const body = prepared.body;
  if (body.kind === 'none' || isHead) {
    res.end();
    if (body.kind === 'stream') closeSource(body.source);
    return;
  }
  if (body.kind === 'bytes') {
    res.end(body.data);
    return;
  }
  await pipeStream(body.source, res, logger);
}

function closeSource(source: Iterable<BodyChunk> | AsyncIterable<BodyChunk>): void {
  // let a generator run its finally blocks
  const it = source as { return?: () => unknown };
  try {
    const result = it.return?.();
    if (result instanceof Promise) result.catch(() => {});
  } catch {
    // a source that fails to close has nothing more to say
  }
}

async function pipeStream(
  source: Iterable<BodyChunk> | AsyncIterable<BodyChunk>,
  res: ServerResponse,
  logger: Logger,
): Promise<void> {
  let closed = false;
  const onClose = () => {
    closed = true;
  };
  res.once('close', onClose);
  res.on('error', onClose);
  try {
    for await (const chunk of source as AsyncIterable<BodyChunk>) {
      if (closed || res.destroyed) break;
      if (!res.write(chunk)) {
        await Promise.race([once(res, 'drain'), once(res, 'close')]);
      }
    }
    if (!closed && !res.destroyed) res.end();
  } catch (err) {
    // the status line is gone already: the only honest end is a broken connection
    logger.error('Response stream failed:', err);
    res.destroy();
  } finally {
    res.off('close', onClose);
  }
}
