import type { MultipartLimits } from '../forms/multipart-limits.ts';

/**
 * Limits of one route's request bodies that replace the application's
 * (`withBody()` sets them): `bodyLimit` for a body read whole (JSON,
 * urlencoded), the multipart limits for a streamed form. A limit left out
 * is the application's.
 */
export interface BodyLimits extends Partial<MultipartLimits> {
  /** Largest JSON or urlencoded body read whole, in bytes. */
  readonly bodyLimit?: number;
}
