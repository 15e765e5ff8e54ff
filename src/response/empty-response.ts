import { HTTP_NO_CONTENT } from '../http/status.ts';
import { NoContentResponse } from './no-content-response.ts';

/** The `code` of the deprecation warning {@link EmptyResponse} emits. */
export const EMPTY_RESPONSE_DEPRECATION = 'PW_DEP_EMPTY_RESPONSE';

// One warning per process is enough to find the call; more would flood the log.
let warned = false;

/**
 * @deprecated Use {@link NoContentResponse}. Kept for PoorWSGI code; the first
 * construction in a process emits a `DeprecationWarning`.
 * @example
 * new EmptyResponse(); // 204, warns once
 */
export class EmptyResponse extends NoContentResponse {
  /** @throws PoorWSGIError `PW_ERR_STATUS` */
  constructor(statusCode: number = HTTP_NO_CONTENT) {
    super(null, statusCode);
    if (!warned) {
      warned = true;
      process.emitWarning('EmptyResponse is deprecated, use NoContentResponse instead', {
        type: 'DeprecationWarning',
        code: EMPTY_RESPONSE_DEPRECATION,
      });
    }
  }
}
