/**
 * Where HTTP Digest authentication remembers the nonce counts it has seen, so
 * that a replayed request (the same nonce with the same or a lower `nc`) is
 * refused. RFC 7616 §3.4 leaves replay protection to the server; the count is
 * the client's request counter for one nonce and must grow.
 *
 * The interface is small on purpose: one call per authenticated request. An
 * application served by one process keeps the default in-memory store; one
 * served by several processes or machines shares a store (for example Redis)
 * so that a request replayed to another process is refused too.
 * @module
 */

/** A record of the highest nonce count used with each nonce. */
export interface NonceCountStore {
  /**
   * Record that nonce count `count` was used with `nonce`.
   *
   * @param nonce the server nonce the client answered
   * @param count the client's nonce count (`nc`, parsed from hexadecimal)
   * @param lifetimeSeconds how much longer the nonce can be accepted; after
   *   that the store may forget it
   * @returns `true` when `count` is greater than every count recorded for this
   *   nonce (a first use included), `false` for a repeated or decreasing count.
   *   Throwing or rejecting means the store is unavailable: the request then
   *   fails closed with 503, it is never let through.
   */
  advance(nonce: string, count: number, lifetimeSeconds: number): boolean | Promise<boolean>;
}
