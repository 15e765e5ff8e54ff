import { Readable } from 'node:stream';
import {
  BaseResponse,
  Declined,
  EmptyResponse,
  GeneratorResponse,
  JSONResponse,
  makeResponse,
  NoContentResponse,
  RedirectResponse,
  Response,
  StrGeneratorResponse,
  TextResponse,
  toResponse,
  tuple,
} from '../../src/response/index.ts';
import { type ResponseContractOptions, type ResponseFactory, runResponseContract } from './response.contract.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

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
];

/** The class must not add a second Content-Type when the headers hold one. */
function withType(response: Response): Response {
  response.headers.set('Content-Type', 'text/csv');
  return response;
}

for (const [name, factory, options] of cases) runResponseContract(name, factory, options);
