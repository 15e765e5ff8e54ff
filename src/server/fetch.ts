import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from '../app/options.ts';
import type { RawRequest } from '../request/raw-request.ts';
import type { BaseResponse, BodyChunk } from '../response/base-response.ts';

const encoder = new TextEncoder();

/** A {@link RawRequest} over a Web `Request`: headers, target and body stream. */
export function fromFetchRequest(request: globalThis.Request): RawRequest {
  const url = new URL(request.url);
  const headers: IncomingHttpHeaders = Object.create(null);
  const rawHeaders: string[] = [];
  for (const [name, value] of request.headers) {
    // Web Headers are joined with ", " already, and lower-cased
    headers[name] = value;
    rawHeaders.push(name, value);
  }
  if (headers.host === undefined) {
    headers.host = url.host;
    rawHeaders.push('host', url.host);
  }
  const body = request.body;
  if (body !== null && headers['content-length'] === undefined && headers['transfer-encoding'] === undefined) {
    // a Web body has no length until it is read: present it as chunked framing does
    headers['transfer-encoding'] = 'chunked';
    rawHeaders.push('transfer-encoding', 'chunked');
  }
  return {
    method: request.method,
    url: `${url.pathname}${url.search}`,
    headers,
    rawHeaders,
    httpVersion: '1.1',
    socket: { encrypted: url.protocol === 'https:' },
    async *[Symbol.asyncIterator]() {
      if (body === null) return;
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) yield chunk;
    },
  };
}

function toBytes(chunk: BodyChunk): Uint8Array {
  return typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
}

/**
 * A Web `Response` for a prepared response; streams are pulled as the reader
 * asks. `onDone` runs once the body was read to its end, cancelled or failed,
 * or at once when there is no stream to read.
 */
export function fetchResponse(
  response: BaseResponse,
  isHead: boolean,
  logger: Logger,
  onDone: () => void = () => {},
): globalThis.Response {
  let doneCalled = false;
  const done = () => {
    if (doneCalled) return;
    doneCalled = true;
    onDone();
  };
  if (response.declined) {
    done();
    return new globalThis.Response(null, { status: 204 });
  }
  const prepared = response.prepare();
  const headers = new globalThis.Headers();
  const wire = prepared.headers.toWire();
  for (let i = 0; i + 1 < wire.length; i += 2) headers.append(wire[i] as string, wire[i + 1] as string);
  const body = prepared.body;
  let payload: ConstructorParameters<typeof globalThis.Response>[0] = null;
  if (!isHead && body.kind === 'bytes') payload = body.data as Uint8Array<ArrayBuffer>;
  else if (!isHead && body.kind === 'stream') {
    const source = body.source as AsyncIterable<BodyChunk>;
    let iterator: AsyncIterator<BodyChunk> | undefined;
    payload = new ReadableStream<Uint8Array>({
      async pull(controller) {
        iterator ??= Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : toAsync(source);
        try {
          const next = await iterator.next();
          if (next.done) {
            controller.close();
            done();
          } else controller.enqueue(toBytes(next.value));
        } catch (err) {
          logger.error({ err }, 'Response stream failed:');
          controller.error(err);
          done();
        }
      },
      async cancel() {
        try {
          await iterator?.return?.();
        } finally {
          done();
        }
      },
    });
  }
  if (payload === null || !(payload instanceof ReadableStream)) done();
  return new globalThis.Response(payload, { status: prepared.statusCode, statusText: prepared.reason, headers });
}

function toAsync(source: Iterable<BodyChunk>): AsyncIterator<BodyChunk> {
  const it = source[Symbol.iterator]();
  return {
    next: async () => it.next(),
    return: async () => it.return?.() ?? { done: true, value: undefined },
  };
}
