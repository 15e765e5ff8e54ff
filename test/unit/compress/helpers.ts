/**
 * Shared fixtures of the compression tests: a request as compression reads
 * it, compressible bodies, decoding.
 * @module
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { CompressRequest } from '../../../src/compress/compress-response.ts';
import type { BodyChunk, ResponseBody } from '../../../src/response/base-response.ts';

/** A request with an `Accept-Encoding` (none when `undefined`). */
export function request(acceptEncoding?: string, method = 'GET'): CompressRequest {
  return {
    method,
    header: (name: string) => (name.toLowerCase() === 'accept-encoding' ? acceptEncoding : undefined),
  };
}

/** `size` bytes of repetitive JSON-like text (compresses well). */
export function text(size: number): string {
  let out = '';
  for (let i = 0; out.length < size; i++) out += `{"id":${i},"name":"user${i}"},`;
  return out.slice(0, size);
}

/** Decode a body of `coding`. */
export function decode(coding: string | null | undefined, data: Uint8Array): Buffer {
  if (coding === 'br') return brotliDecompressSync(data);
  if (coding === 'gzip') return gunzipSync(data);
  throw new Error(`cannot decode ${String(coding)}`);
}

/** Every byte of a body, streams read to their end. */
export async function bodyBytes(body: ResponseBody): Promise<Buffer> {
  if (body.kind === 'none') return Buffer.alloc(0);
  if (body.kind === 'bytes') return Buffer.from(body.data);
  const chunks: Buffer[] = [];
  for await (const chunk of body.source as AsyncIterable<BodyChunk>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}
