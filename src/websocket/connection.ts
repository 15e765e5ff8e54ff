import { EventEmitter } from 'node:events';
import type { WebSocketMessage, WebSocketPeer } from '../request/websocket-contract.ts';
import type { WebSocketSettings } from './settings.ts';
import type { WsSocket } from './upgrade.ts';

const STATES = ['connecting', 'open', 'closing', 'closed'] as const;
/** `ws`'s `readyState` of an open socket. */
const OPEN = 1;
/** Messages the async iterator holds unread before the socket stops reading (TCP backpressure then). */
const ITERATOR_HIGH_WATER = 64;

/** A socket's close, for {@link WebSocketConnection.closed}. */
export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
}

/**
 * The socket a WebSocket handler gets: `ws`'s `WebSocket` with the route's
 * limits (message rate, idle timeout, pings) and a smaller API. Messages that
 * arrive before the handler listens (`on('message')` or `for await`) are
 * kept until it does, so a handler may await something first.
 */
export class WebSocketConnection extends EventEmitter implements WebSocketPeer {
  readonly #ws: WsSocket;
  readonly #maxRate: number;
  /** When the current one-second window of the rate guard began, and messages in it. */
  #windowStart = 0;
  #inWindow = 0;
  /** When the client last sent a message (`Date.now()`), for the idle timeout of the sweep (keepalive.ts). */
  lastMessage: number;
  /** When the sweep last pinged the client. */
  lastPing = 0;
  /** Whether the sweep's last ping is still unanswered. */
  pongPending = false;
  /** Messages not yet taken (no listener yet, or the iterator behind); `undefined` while none wait. */
  #queue: WebSocketMessage[] | undefined;
  #iterating = false;
  #wake: (() => void) | undefined;
  #closed: CloseInfo | undefined;
  #closedPromise: Promise<CloseInfo> | undefined;
  /**
   * The collections that count this socket while it is open (its owner's
   * open sockets, its sweep): it leaves them itself when it closes, which
   * costs no listener per collection.
   */
  #memberOf: Array<{ delete(socket: WebSocketConnection): unknown }> | undefined;

  /** @param settings the route's settings (the rate guard's limit) */
  constructor(ws: WsSocket, settings: WebSocketSettings) {
    super();
    this.#ws = ws;
    this.#maxRate = settings.maxMessageRate;
    this.lastMessage = Date.now();
    ws.on('message', (data, isBinary) => this.#message(isBinary ? data : data.toString('utf8')));
    ws.on('pong', (data) => {
      this.pongPending = false;
      this.emit('pong', data);
    });
    ws.on('error', (err) => {
      // a protocol error (bad frame, too large a message): ws closes the socket; listening is optional
      if (this.listenerCount('error') > 0) this.emit('error', err);
    });
    ws.on('close', (code, reason) => {
      this.#closed = { code, reason: reason.toString('utf8') };
      if (this.#memberOf !== undefined) for (const set of this.#memberOf) set.delete(this);
      this.#wake?.();
      this.emit('close', code, this.#closed.reason);
    });
  }

  /** Count this socket in `set` (a `Set` or `Map` keyed by sockets) until it closes. */
  joinWhileOpen(set: { delete(socket: WebSocketConnection): unknown }): void {
    (this.#memberOf ??= []).push(set);
  }

  #message(message: WebSocketMessage): void {
    const now = Date.now();
    this.lastMessage = now;
    if (this.#maxRate > 0) {
      if (now - this.#windowStart >= 1000) {
        this.#windowStart = now;
        this.#inWindow = 0;
      }
      if (++this.#inWindow > this.#maxRate) {
        this.close(1008, 'Message rate exceeded');
        return;
      }
    }
    if (this.#queue === undefined && this.listenerCount('message') > 0 && !this.#iterating) {
      this.emit('message', message);
      return;
    }
    (this.#queue ??= []).push(message);
    if (this.#iterating) {
      if (this.#queue.length >= ITERATOR_HIGH_WATER) this.#ws.pause();
      this.#wake?.();
    }
  }

  /** Hand the kept messages to `message` listeners added since. */
  #flush(): void {
    const queue = this.#queue;
    if (queue === undefined || this.#iterating || this.listenerCount('message') === 0) return;
    this.#queue = undefined;
    for (const message of queue) this.emit('message', message);
  }

  /** Add a listener; the first `message` listener also gets the messages kept until then (on the next tick). */
  override on(event: string | symbol, listener: (...args: never[]) => void): this {
    super.on(event, listener as (...args: unknown[]) => void);
    if (event === 'message' && this.#queue !== undefined) queueMicrotask(() => this.#flush());
    return this;
  }

  /** `'connecting'`, `'open'`, `'closing'` or `'closed'`. */
  get readyState(): WebSocketPeer['readyState'] {
    return STATES[this.#ws.readyState] as WebSocketPeer['readyState'];
  }

  /** The subprotocol agreed with the client (`''` when none). */
  get protocol(): string {
    return this.#ws.protocol;
  }

  /** Bytes queued by `send()` and not yet handed to the kernel. */
  get bufferedAmount(): number {
    return this.#ws.bufferedAmount;
  }

  /** Send a text (string) or binary message; ignored once the socket is not open. */
  send(data: string | Uint8Array): void {
    if (this.#ws.readyState === OPEN) this.#ws.send(data);
  }

  /** Resolves once everything sent so far is written (or the socket closed). */
  drain(): Promise<void> {
    if (this.#ws.readyState !== OPEN || this.#ws.bufferedAmount === 0) return Promise.resolve();
    // an empty frame's callback runs once the frames before it are written
    return new Promise((resolve) => this.#ws.send('', () => resolve()));
  }

  /** Start the closing handshake. */
  close(code = 1000, reason = ''): void {
    this.#ws.close(code, reason);
  }

  /** Destroy the connection without a closing handshake. */
  terminate(): void {
    this.#ws.terminate();
  }

  /** Send a ping; ignored once the socket is not open. */
  ping(data?: string | Uint8Array): void {
    if (this.#ws.readyState === OPEN) this.#ws.ping(data);
  }

  /** Resolves with the close code and reason once the socket has closed. */
  closed(): Promise<CloseInfo> {
    if (this.#closed !== undefined) return Promise.resolve(this.#closed);
    this.#closedPromise ??= new Promise((resolve) =>
      this.once('close', (code: number, reason: string) => resolve({ code, reason })),
    );
    return this.#closedPromise;
  }

  /** The messages, in order, until the socket closes. One iteration at a time. */
  async *[Symbol.asyncIterator](): AsyncGenerator<WebSocketMessage, void, undefined> {
    this.#iterating = true;
    try {
      for (;;) {
        const queue = this.#queue;
        if (queue !== undefined && queue.length > 0) {
          const message = queue.shift() as WebSocketMessage;
          if (queue.length === ITERATOR_HIGH_WATER / 2) this.#ws.resume();
          yield message;
        } else if (this.#closed !== undefined) {
          return;
        } else {
          await new Promise<void>((resolve) => {
            this.#wake = resolve;
          });
          this.#wake = undefined;
        }
      }
    } finally {
      this.#iterating = false;
      if (this.#queue?.length === 0) this.#queue = undefined;
      this.#ws.resume();
      this.#flush();
    }
  }
}
