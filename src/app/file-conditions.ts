/**
 * What the application does for a `FileResponse` by itself: the request's
 * preconditions (304, 412) and its `Range` (206, 416), as a static file
 * server would.
 * @module
 */
import { HTTPException } from '../errors/http-exception.ts';
import { evaluatePreconditions, ifRangeMatches } from '../http/conditional.ts';
import { tryHttpToTime } from '../http/dates.ts';
import { parseRange } from '../http/range.ts';
import { HTTP_NOT_MODIFIED, HTTP_OK, HTTP_PRECONDITION_FAILED } from '../http/status.ts';
import type { Request } from '../request/request.ts';
import type { BaseResponse } from '../response/base-response.ts';
import { isFileResponse } from '../response/file-response.ts';

/**
 * Apply the request's conditional headers and `Range` to a 200 `FileResponse`
 * (other responses are returned untouched), after RFC 9110 §13.2.2:
 * - a false `If-Match`/`If-Unmodified-Since` → `HTTPException(412)`;
 * - a false `If-None-Match`/`If-Modified-Since` on GET/HEAD → the same
 *   response turned 304, keeping its `ETag`, `Last-Modified`, cache headers and cookies;
 * - GET with `Range: bytes=...` (and an `If-Range` that still matches) →
 *   `makePartial`, unless the handler already did. HEAD ignores `Range`
 *   (§14.2: range handling is defined for GET only) and gets the 200 headers.
 * @throws HTTPException 412
 */
export function applyFileConditions(req: Request, response: BaseResponse): BaseResponse {
  if (!isFileResponse(response) || response.statusCode !== HTTP_OK) return response;
  const lastModifiedHeader = response.headers.get('Last-Modified');
  const validators = {
    etag: response.headers.get('ETag') ?? null,
    lastModified: lastModifiedHeader === undefined ? response.lastModified : tryHttpToTime(lastModifiedHeader),
  };
  const result = evaluatePreconditions(
    req.method,
    {
      ifMatch: req.header('if-match'),
      ifNoneMatch: req.header('if-none-match'),
      ifModifiedSince: req.header('if-modified-since'),
      ifUnmodifiedSince: req.header('if-unmodified-since'),
    },
    validators,
  );
  if (result === 'precondition-failed') throw new HTTPException(HTTP_PRECONDITION_FAILED);
  if (result === 'not-modified') {
    response.statusCode = HTTP_NOT_MODIFIED;
    return response;
  }
  const range = req.header('range');
  if (req.method !== 'GET' || range === undefined || response.ranges.length > 0) return response;
  const ifRange = req.header('if-range');
  if (ifRange !== undefined && !ifRangeMatches(ifRange, validators)) return response;
  const bytes = parseRange(range).bytes;
  if (bytes !== undefined) response.makePartial(bytes);
  return response;
}
