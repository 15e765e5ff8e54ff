/**
 * The `node:zlib` side of each content coding: one-shot compression of a
 * body in memory, a compressing stream, and the flush that makes a stream
 * give out what it has so far. zstd is reached through a feature check: it
 * is in `node:zlib` from Node 22.15 on, and absent from the types of Node 20.
 * @module
 */
import type { Transform } from 'node:stream';
import zlib from 'node:zlib';
import type { CompressionSettings, ContentCoding } from './settings.ts';

/** The zstd part of `node:zlib` (Node 22.15+), absent before. */
interface ZstdZlib {
  zstdCompressSync?(data: string | Uint8Array, options: object): Buffer;
  createZstdCompress?(options: object): Compressor;
}

const zstd = zlib as unknown as ZstdZlib;

/** A compressing stream: a `Transform` with zlib's `flush(kind, callback)`. */
export type Compressor = Transform & Pick<zlib.Zlib, 'flush'>;
/** zstd's constants are in `zlib.constants` where Node has zstd. */
const constants = zlib.constants as unknown as Readonly<Record<string, number>>;

/**
 * The brotli window of a stream: 2^18 bytes (256 KiB), not brotli's default
 * 2^22. With the default, a brotli stream held up to 4 MiB of input before it
 * gave out a byte, and 50 streams took 7 MiB each; with 2^18, output comes
 * every 512 KiB at most (sooner with the flushes), streams took 2.8 MiB each,
 * and JSON compressed no worse at quality 4 (measured on 1 MiB of JSON).
 */
const STREAM_BROTLI_LGWIN = 18;

function brotliParams(settings: CompressionSettings, sizeHint: number | undefined): Record<number, number> {
  const params: Record<number, number> = { [zlib.constants.BROTLI_PARAM_QUALITY]: settings.brotliQuality };
  // a known size lets brotli size its buffers to the body
  if (sizeHint !== undefined) params[zlib.constants.BROTLI_PARAM_SIZE_HINT] = sizeHint;
  return params;
}

function zstdParams(settings: CompressionSettings): object {
  return { params: { [constants.ZSTD_c_compressionLevel as number]: settings.zstdLevel } };
}

/**
 * Compress a body in memory at once, on the calling thread: measured faster
 * than the threadpool for every size of body a response holds in memory
 * (docs/cors-compression-http2.md, *Compression*).
 */
export function compressSync(coding: ContentCoding, data: string | Uint8Array, settings: CompressionSettings): Buffer {
  if (coding === 'br') {
    return zlib.brotliCompressSync(data, { params: brotliParams(settings, Buffer.byteLength(data)) });
  }
  if (coding === 'gzip') return zlib.gzipSync(data, { level: settings.gzipLevel });
  return (zstd.zstdCompressSync as NonNullable<ZstdZlib['zstdCompressSync']>)(data, zstdParams(settings));
}

/**
 * A compressing stream for `coding`. Its work runs in libuv's threadpool, a
 * chunk at a time; the caller writes, and reads what comes out.
 * @param sizeHint the body's length when known (a file)
 */
export function createCompressor(
  coding: ContentCoding,
  settings: CompressionSettings,
  sizeHint: number | undefined,
): Compressor {
  if (coding === 'br') {
    const params = brotliParams(settings, sizeHint);
    params[zlib.constants.BROTLI_PARAM_LGWIN] = STREAM_BROTLI_LGWIN;
    return zlib.createBrotliCompress({ params });
  }
  if (coding === 'gzip') return zlib.createGzip({ level: settings.gzipLevel });
  return (zstd.createZstdCompress as NonNullable<ZstdZlib['createZstdCompress']>)(zstdParams(settings));
}

/**
 * The flush that makes a compressing stream give out everything written so
 * far, as a whole that the client can decode, without ending the stream:
 * `Z_SYNC_FLUSH` for gzip (`Z_FULL_FLUSH`, zlib's default for `flush()`,
 * would also forget the dictionary), `BROTLI_OPERATION_FLUSH`, `ZSTD_e_flush`.
 */
export function flushKind(coding: ContentCoding): number {
  if (coding === 'br') return zlib.constants.BROTLI_OPERATION_FLUSH;
  if (coding === 'gzip') return zlib.constants.Z_SYNC_FLUSH;
  return constants.ZSTD_e_flush as number;
}
