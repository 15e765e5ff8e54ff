import { Headers, type HeadersInit, type HeaderValue, type NegotiationList } from '../http/headers.ts';
import { HTTP_OK } from '../http/status.ts';
import { BaseResponse, POWERED_BY } from './base-response.ts';

/**
 * "Send nothing": no status line, no headers, no body. The adapter sees
 * `declined === true` and leaves the connection to whoever took it over
 * (a WebSocket upgrade, for example). Its headers are always a fresh empty
 * `Headers`; setting them or `addHeader()` does nothing.
 *
 * `abort(DECLINED)` and `throw new HTTPException(DECLINED)` give one.
 * @example
 * return new Declined();
 */
export class Declined extends BaseResponse {
  static {
    // nothing is sent, X-Powered-By neither
    (Declined.prototype as { [POWERED_BY]?: string | null })[POWERED_BY] = null;
  }

  /** Always `true`: the adapter sends nothing. */
  override readonly declined = true;

  constructor() {
    super('', new Headers(), HTTP_OK);
  }

  /** A fresh empty `Headers` each time: nothing added to it is ever sent. */
  override get headers(): Headers {
    return new Headers();
  }

  override set headers(_value: HeadersInit) {
    // Ignored on purpose: a declined response has no headers to set.
  }

  /** Does nothing. */
  override addHeader(
    _name: string,
    _value?: HeaderValue | NegotiationList | null,
    _params?: Readonly<Record<string, string | null>>,
  ): void {
    // Ignored on purpose: a declined response has no headers to add to.
  }

  /** `undefined`: nothing is sent, so no `Content-Length` is prepared either. */
  override get contentLength(): number | undefined {
    return undefined;
  }
}
