/**
 * In-memory responses written together at the end of the event-loop turn.
 *
 * Why: a server under load reads many requests in one turn (one `epoll`
 * wake-up gives many ready sockets). Written one by one as each is handled,
 * every response may find the client asleep and wake it: with the client on
 * another core, each wake-up is an inter-processor interrupt, dear on a
 * virtual machine, and the client then sends its next request alone. Held
 * until the turn's I/O callbacks are done (`setImmediate` runs right after
 * them), the responses go out back to back, the client wakes once for many,
 * and its next requests arrive together too (docs/performance.md, *The
 * server around the application*).
 *
 * The first response of a turn is written at once: with few connections the
 * client works on it while the server makes the rest, and holding it only
 * made both sides wait for each other (4 connections: 50,000 req/s held,
 * 69,000 written at once). At most `limit` responses are held; then they
 * are written at once. A held response waits for the rest of its turn: the
 * mean latency under load stays about the same (the responses written late
 * in an unbatched turn now go early), but the first in a turn waits longer.
 *
 * Order is kept: responses are written in the order they were made, so
 * pipelined responses on one connection stay in order, as Node requires.
 * @module
 */
import type { ServerResponse } from 'node:http';
import type { Logger } from '../app/options.ts';

/** One in-memory response ready for the wire: what {@link writeNow} writes, and what a batch holds. */
export interface HeldResponse {
  readonly res: ServerResponse;
  readonly status: number;
  readonly reason: string;
  /** The `writeHead` header array. */
  readonly wire: string[];
  /** The body; `undefined` for none (HEAD). */
  readonly body: string | Uint8Array | undefined;
  readonly logger: Logger;
}

/**
 * Write a status line, headers and an in-memory body (none for HEAD) now.
 * A string body is written together with the headers in one write; a Buffer
 * takes a writev. Never throws: a bad header destroys the connection.
 */
export function writeNow(held: HeldResponse): void {
  const { res, body, logger } = held;
  try {
    res.writeHead(held.status, held.reason, held.wire);
  } catch (err) {
    logger.error({ err }, 'Writing the response headers failed:');
    res.destroy();
    return;
  }
  try {
    if (body === undefined) res.end();
    else res.end(body);
  } catch (err) {
    logger.error({ err }, 'Writing the response failed:');
    res.destroy();
  }
}

/**
 * The responses of this turn, in order. One batch for the whole process (all
 * servers of it share the event loop, and so the turn).
 */
let held: HeldResponse[] = [];
let scheduled = false;

/** The turn's I/O is done: the next response starts a new turn. */
function endTurn(): void {
  scheduled = false;
  flushHeld();
}

/** Write every held response, in order. */
function flushHeld(): void {
  if (held.length === 0) return;
  // a fresh array (one per batch, not per response): what is held while this batch is written waits for the next
  const batch = held;
  held = [];
  for (const response of batch) {
    // the client went away while its answer waited: nothing to write
    if (!response.res.destroyed) writeNow(response);
  }
}

/**
 * Hold a response until the end of this event-loop turn (see the module
 * notes), or write the batch at once when it reaches `limit` responses.
 * Never throws.
 * @param limit most responses held; 1 or less writes this one at once
 */
export function writeAtTurnEnd(limit: number, response: HeldResponse): void {
  if (scheduled && limit > 1) {
    held.push(response);
    if (held.length >= limit) flushHeld();
    return;
  }
  if (limit > 1) {
    // the first response of a turn goes at once: the client works on it while the rest are made
    scheduled = true;
    setImmediate(endTurn);
  }
  writeNow(response);
}
