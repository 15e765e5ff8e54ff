/**
 * Test helper: read a prepared body the way an adapter would.
 * @module
 */
import type { ResponseBody } from '../../src/response/base-response.ts';

/** All the bytes of a body; string chunks are encoded as UTF-8. */
export async function readBody(body: ResponseBody): Promise<Buffer> {
  if (body.kind === 'none') return Buffer.alloc(0);
  if (body.kind === 'bytes') return Buffer.from(body.data);
  const parts: Buffer[] = [];
  for await (const chunk of body.source)
    parts.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  return Buffer.concat(parts);
}

/** The UTF-8 text of `bytes`. */
export function text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
