/**
 * Response cases: `makeResponse`/`toResponse` for what handlers return, and
 * what `sendNode` does with the result before `writeHead` (`prepare()` and
 * `headers.toWire()`).
 * @module
 */
import {
  type BaseResponse,
  FileResponse,
  JSONResponse,
  makeResponse,
  NoContentResponse,
  RedirectResponse,
  Response,
  toResponse,
  tuple,
} from '../../../src/index.ts';
import { isFileResponse } from '../../../src/response/file-response.ts';
import type { BenchCase } from '../harness.ts';

const USER = { id: 12345, name: 'user12345' };
const ECHOED = { id: 12345, name: 'user12345', tags: ['a', 'b', 'c'], active: true, score: 95 };

const READY: readonly BaseResponse[] = [
  new JSONResponse(USER),
  new Response('Hello World!'),
  new NoContentResponse(),
  new RedirectResponse('/'),
];
let ready = 0;
function nextReady(): BaseResponse {
  return READY[ready++ & 3] as BaseResponse;
}

/** The response cases. */
export function responseCases(): BenchCase[] {
  const cases: Array<[string, () => unknown]> = [
    ["makeResponse('Hello World!')", () => makeResponse('Hello World!')],
    ['makeResponse({id, name})', () => makeResponse(USER)],
    ['makeResponse(echo object, 5 keys)', () => makeResponse(ECHOED)],
    ["toResponse(tuple('Hello World!', 'text/plain'))", () => toResponse(tuple('Hello World!', 'text/plain'))],
    ['new JSONResponse({id, name})', () => new JSONResponse(USER)],
    ['toResponse({id, name}) (plain objects straight to JSON)', () => toResponse(USER)],
    // what the application asks of every response (file-conditions.ts), of several classes
    // as in a real application: the brand, and the prototype walk it replaced
    ['isFileResponse(responses of 4 classes) (brand)', () => isFileResponse(nextReady())],
    [
      'responses of 4 classes instanceof FileResponse (the walk it replaced)',
      () => nextReady() instanceof FileResponse,
    ],
    [
      "makeResponse('Hello World!') + prepare() + toWire()",
      () => makeResponse('Hello World!').prepare().headers.toWire(),
    ],
    ['makeResponse({id, name}) + prepare() + toWire()', () => makeResponse(USER).prepare().headers.toWire()],
  ];
  return cases.map(([name, fn]) => ({ group: 'response', name, fn }));
}
