/**
 * The root export of `poorwsgi` is the public API, pinned here: a new name
 * there is a decision (add it to this list), not a side effect of a
 * re-export. Everything else is in the subpaths.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { STATUS_PHRASES } from '../../src/http/status.ts';
import * as root from '../../src/index.ts';

const NAMES = [
  'Application',
  'Args',
  'BaseResponse',
  'DECLINED',
  'DEFAULT_OPTIONS',
  'Declined',
  'DiskFile',
  'ERROR_CODES',
  'EmptyForm',
  'EmptyResponse',
  'FieldStorage',
  'FieldStorageInterface',
  'FieldStorageParser',
  'FileObjResponse',
  'FileResponse',
  'GeneratorResponse',
  'HTTPException',
  'Headers',
  'JSONGeneratorResponse',
  'JSONResponse',
  'METHOD_ALL',
  'METHOD_CONNECT',
  'METHOD_DELETE',
  'METHOD_GET',
  'METHOD_GET_POST',
  'METHOD_HEAD',
  'METHOD_OPTIONS',
  'METHOD_PATCH',
  'METHOD_POST',
  'METHOD_PUT',
  'METHOD_TRACE',
  'NoContentResponse',
  'NotModifiedResponse',
  'PartialResponse',
  'PoorWSGIError',
  'RedirectResponse',
  'Request',
  'Response',
  'STATUS_PHRASES',
  'StrGeneratorResponse',
  'TempFiles',
  'TextResponse',
  'abort',
  'fileStorage',
  'fromEnv',
  'getOptions',
  'htmlEscape',
  'jsonDumps',
  'makeResponse',
  'reasonPhrase',
  'redirect',
  'serverPort',
  'sweepIdleConnections',
  'toResponse',
  'tuple',
  'withBody',
];

describe("the root export of 'poorwsgi'", () => {
  test("is exactly the pinned names and PoorWSGI's 62 HTTP_* status constants", () => {
    const names = Object.keys(root).sort();
    const statuses = names.filter((name) => name.startsWith('HTTP_'));
    assert.deepEqual(
      names.filter((name) => !name.startsWith('HTTP_')),
      [...NAMES].sort(),
    );
    // PoorWSGI's poorwsgi.state names 62 status codes; all but nginx's 444, 499 and 599 have a phrase
    assert.equal(statuses.length, 62);
    const unnamed = statuses.filter((name) => {
      const code = (root as unknown as Record<string, number>)[name];
      return code === undefined || !STATUS_PHRASES.has(code);
    });
    assert.deepEqual(unnamed.sort(), [
      'HTTP_CLIENT_CLOSED_REQUEST',
      'HTTP_CONNECTION_CLOSED_WITHOUT_RESPONSE',
      'HTTP_NETWORK_CONNECT_TIMEOUT_ERROR',
    ]);
  });
});
