import { createReadStream, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after } from 'node:test';
import {
  BaseResponse,
  Declined,
  EmptyResponse,
  FileObjResponse,
  FileResponse,
  GeneratorResponse,
  JSONGeneratorResponse,
  JSONResponse,
  makeResponse,
  NoContentResponse,
  NotModifiedResponse,
  PartialResponse,
  RedirectResponse,
  Response,
  StrGeneratorResponse,
  TextResponse,
  toResponse,
  tuple,
} from '../../src/response/index.ts';
import { type ResponseContractOptions, type ResponseFactory, runResponseContract } from './response.contract.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

const DIR = mkdtempSync(join(tmpdir(), 'poorwsgi-contract-'));
const FILE = join(DIR, 'file.txt');
after(() => rmSync(DIR, { recursive: true, force: true }));
writeFileSync(FILE, 'Hello file ✓\n'.repeat(100));

/** A response with ranges asked for: one range gives a 206, several a multipart/byteranges 206. */
function partial<R extends BaseResponse>(response: R, ranges: [number | null, number | null][]): R {
  response.makePartial(ranges);
  return response;
}

function* byteChunks(): Generator<Uint8Array> {
  for (let i = 0; i < 5; i++) yield bytes(String(i));
}

async function* stringChunks(): AsyncGenerator<string> {
  for (let i = 0; i < 5; i++) yield `č${i}`;
}

const cases: readonly [name: string, factory: ResponseFactory, options?: ResponseContractOptions][] = [
  ['BaseResponse', (h) => new BaseResponse('text/plain', h)],
  ['BaseResponse (no content type)', (h) => new BaseResponse('', h)],
  ['Response', (h) => new Response('Hello ✓', 'text/plain', h)],
  ['Response (empty)', (h) => new Response('', undefined, h)],
  [
    'Response (written)',
    (h) => {
      const response = new Response(bytes('Hello'), 'text/plain', h);
      response.write(' ');
      response.write(bytes('World'));
      return response;
    },
  ],
  ['Response (Content-Type in headers)', (h) => withType(new Response('x', 'text/html', h))],
  ['TextResponse', (h) => new TextResponse('Hello World', 'utf-8', h)],
  ['TextResponse (no charset)', (h) => new TextResponse('Hello World', null, h)],
  ['JSONResponse', (h) => new JSONResponse({ msg: 'Čeština', items: [0, 1, 2] }, { headers: h })],
  ['JSONResponse (null)', (h) => new JSONResponse(undefined, { headers: h })],
  [
    'JSONResponse.fromFields (Python encoder)',
    (h) => JSONResponse.fromFields({ msg: 'Message' }, { headers: h, encoder: { separators: [', ', ': '] } }),
  ],
  ['NoContentResponse', (h) => new NoContentResponse(h)],
  ['NoContentResponse (410)', (h) => new NoContentResponse(h, 410)],
  ['EmptyResponse', () => new EmptyResponse(), { headers: 'default' }],
  ['RedirectResponse', (h) => new RedirectResponse('/a b', 303, 'See Other', h)],
  ['RedirectResponse (no message)', (h) => new RedirectResponse('https://example.com/', 308, '', h)],
  ['Declined', () => new Declined(), { headers: 'none' }],
  [
    'GeneratorResponse (array, known length)',
    (h) => new GeneratorResponse([bytes('ab'), bytes('c')], 'text/plain', h, 200, 3),
  ],
  ['GeneratorResponse (generator, unknown length)', (h) => new GeneratorResponse(byteChunks(), 'text/plain', h)],
  ['GeneratorResponse (Readable)', (h) => new GeneratorResponse(Readable.from(['a', 'b']), 'text/plain', h)],
  ['StrGeneratorResponse', (h) => new StrGeneratorResponse(stringChunks(), 'text/plain; charset=utf-8', h)],
  ['makeResponse(string)', (h) => makeResponse('Hello', 'text/plain', h)],
  ['makeResponse(chunk list)', (h) => makeResponse([bytes('a'), bytes('bc')], 'text/plain', h)],
  ['makeResponse(null)', (h) => makeResponse(null, '', h)],
  ['toResponse(tuple)', (h) => toResponse(tuple(byteChunks(), 'text/plain', h, 201))],
  ['JSONGeneratorResponse', (h) => new JSONGeneratorResponse({ items: [1, 2], gen: byteChunks() }, { headers: h })],
  ['FileResponse', (h) => new FileResponse(FILE, null, h)],
  ['FileResponse (one range)', (h) => partial(new FileResponse(FILE, null, h), [[10, 20]])],
  [
    'FileResponse (several ranges)',
    (h) =>
      partial(new FileResponse(FILE, null, h), [
        [0, 1],
        [null, 5],
      ]),
  ],
  ['FileResponse (unsatisfiable range)', (h) => partial(new FileResponse(FILE, null, h), [[100000, null]])],
  ['FileObjResponse (descriptor)', (h) => new FileObjResponse(openSync(FILE, 'r'), null, h)],
  ['FileObjResponse (ReadStream)', (h) => new FileObjResponse(createReadStream(FILE), 'text/plain', h)],
  ['FileObjResponse (Readable)', (h) => new FileObjResponse(Readable.from([bytes('abc')]), null, h)],
  ['Response (one range)', (h) => partial(new Response('Hello World', 'text/plain', h), [[null, 5]])],
  [
    'Response (several ranges)',
    (h) =>
      partial(new Response('Hello World', 'text/plain', h), [
        [0, 0],
        [6, 7],
      ]),
  ],
  [
    'GeneratorResponse (ranges)',
    (h) =>
      partial(new GeneratorResponse(byteChunks(), 'text/plain', h, 200, 5), [
        [1, 1],
        [3, null],
      ]),
  ],
  ['NotModifiedResponse', (h) => new NotModifiedResponse({ headers: h, etag: '"1"', date: 0, vary: 'Accept' })],
  [
    'PartialResponse',
    (h) => {
      const response = new PartialResponse('ěšč', 'text/plain; charset=utf-8', h);
      response.makeRange([100, 102], 'unicodes', 200);
      return response;
    },
  ],
];

/** The class must not add a second Content-Type when the headers hold one. */
function withType(response: Response): Response {
  response.headers.set('Content-Type', 'text/csv');
  return response;
}

for (const [name, factory, options] of cases) runResponseContract(name, factory, options);
