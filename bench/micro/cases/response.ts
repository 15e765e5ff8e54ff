/**
 * Response cases: `makeResponse`/`toResponse` for what handlers return, and
 * what `sendNode` does with the result before `writeHead` (`prepare()` and
 * `headers.toWire()`).
 * @module
 */
import { JSONResponse, makeResponse, toResponse, tuple } from '../../../src/index.ts';
import type { BenchCase } from '../harness.ts';

const USER = { id: 12345, name: 'user12345' };
const ECHOED = { id: 12345, name: 'user12345', tags: ['a', 'b', 'c'], active: true, score: 95 };

/** The response cases. */
export function responseCases(): BenchCase[] {
  const cases: Array<[string, () => unknown]> = [
    ["makeResponse('Hello World!')", () => makeResponse('Hello World!')],
    ['makeResponse({id, name})', () => makeResponse(USER)],
    ['makeResponse(echo object, 5 keys)', () => makeResponse(ECHOED)],
    ["toResponse(tuple('Hello World!', 'text/plain'))", () => toResponse(tuple('Hello World!', 'text/plain'))],
    ['new JSONResponse({id, name})', () => new JSONResponse(USER)],
    [
      "makeResponse('Hello World!') + prepare() + toWire()",
      () => makeResponse('Hello World!').prepare().headers.toWire(),
    ],
    ['makeResponse({id, name}) + prepare() + toWire()', () => makeResponse(USER).prepare().headers.toWire()],
  ];
  return cases.map(([name, fn]) => ({ group: 'response', name, fn }));
}
