/**
 * Response compression (`br`, `gzip`, and `zstd` where Node has it),
 * negotiated by `Accept-Encoding`: what the application's `compression`
 * option runs for every response, and its parts. See
 * docs/cors-compression-http2.md.
 * @example
 * import { Application } from 'poorwsgi';
 * const app = new Application('api', { compression: true });
 * @module
 */
export { type EncodingPreference, negotiateEncoding, parseAcceptEncoding } from './accept-encoding.ts';
export { type Compressor, compressSync, createCompressor, flushKind } from './codecs.ts';
export { addVary, type CompressLogger, type CompressRequest, compressResponse } from './compress-response.ts';
export {
  CompressedFileSource,
  CompressedStream,
  compressChunks,
  releaseSource,
  type Source,
} from './compress-stream.ts';
export { type CompressedBody, CompressedResponse, compressedHeaders, weakenETag } from './compressed-response.ts';
export { isCompressible } from './compressible.ts';
export {
  type CompressionOptions,
  CompressionSettings,
  type ContentCoding,
  resolveCompression,
  ZSTD_SUPPORTED,
} from './settings.ts';
