import type { IncomingHttpHeaders } from 'node:http';

/**
 * What a {@link Request} reads from the transport. Node's `IncomingMessage`
 * and `Http2ServerRequest` (HTTP/2, with its pseudo-header fields in
 * `headers` and `rawHeaders`) satisfy it as they are; the Fetch adapter
 * builds one from a Web `Request`.
 */
export interface RawRequest extends AsyncIterable<Uint8Array> {
  /** The method token as sent. */
  readonly method?: string | undefined;
  /** The request target as sent (`/path?query`, or absolute-form). */
  readonly url?: string | undefined;
  /** Header values by lower-case name (Node's joined form). */
  readonly headers: IncomingHttpHeaders;
  /** `[name, value, name, value, ...]` as received, case and order kept. */
  readonly rawHeaders: readonly string[];
  /** `1.1`, `1.0`, `2.0`. */
  readonly httpVersion: string;
  /** The major version as a number: 2 for a request of Node's HTTP/2 compatibility API. */
  readonly httpVersionMajor?: number | undefined;
  /**
   * The HTTP/2 stream of a request of Node's HTTP/2 compatibility API:
   * `endAfterHeaders` is false when a body follows the headers.
   */
  readonly stream?: { readonly endAfterHeaders: boolean } | undefined;
  /** The connection, when there is one. */
  readonly socket?: RawSocket | null | undefined;
  /** Stop delivering body data (a limit was broken). */
  pause?(): unknown;
}

/** The parts of a socket a request reads. */
export interface RawSocket {
  readonly remoteAddress?: string | undefined;
  readonly remotePort?: number | undefined;
  readonly localAddress?: string | undefined;
  readonly localPort?: number | undefined;
  /** True on TLS sockets. */
  readonly encrypted?: boolean | undefined;
}
