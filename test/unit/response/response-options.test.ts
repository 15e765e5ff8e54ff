/**
 * Every response class takes a trailing options object in place of its
 * positional arguments (PoorWSGI's), and the two forms build the same response.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { PoorWSGIError } from '../../../src/errors/poorwsgi-error.ts';
import type { BaseResponse } from '../../../src/response/base-response.ts';
import { FileObjResponse } from '../../../src/response/file-obj-response.ts';
import { FileResponse } from '../../../src/response/file-response.ts';
import { GeneratorResponse } from '../../../src/response/generator-response.ts';
import { NoContentResponse } from '../../../src/response/no-content-response.ts';
import { PartialResponse } from '../../../src/response/partial-response.ts';
import { RedirectResponse } from '../../../src/response/redirect-response.ts';
import { Response } from '../../../src/response/response.ts';
import { StrGeneratorResponse } from '../../../src/response/str-generator-response.ts';
import { TextResponse } from '../../../src/response/text-response.ts';
import { readBody } from '../../helpers/read-body.ts';

const dir = mkdtempSync(join(tmpdir(), 'poorwsgi-test-options-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'a.txt');
writeFileSync(file, 'file body');

const H = { 'X-Test': 'yes' };

const PAIRS: readonly [what: string, positional: () => BaseResponse, options: () => BaseResponse][] = [
  [
    'Response',
    () => new Response('hi', 'text/plain', H, 201),
    () => new Response('hi', { contentType: 'text/plain', headers: H, statusCode: 201 }),
  ],
  ['Response, defaults', () => new Response('hi'), () => new Response('hi', {})],
  [
    'TextResponse',
    () => new TextResponse('t', 'latin1', H, 410),
    () => new TextResponse('t', { charset: 'latin1', headers: H, statusCode: 410 }),
  ],
  ['TextResponse without a charset', () => new TextResponse('t', null), () => new TextResponse('t', { charset: null })],
  [
    'FileResponse',
    () => new FileResponse(file, 'text/x-a', H),
    () => new FileResponse(file, { contentType: 'text/x-a', headers: H }),
  ],
  [
    'FileResponse with a status',
    () => new FileResponse(file, null, null, 404),
    () => new FileResponse(file, { statusCode: 404 }),
  ],
  [
    'GeneratorResponse',
    () => new GeneratorResponse(['a', 'b'], 'text/plain', H, 202, 2),
    () =>
      new GeneratorResponse(['a', 'b'], { contentType: 'text/plain', headers: H, statusCode: 202, contentLength: 2 }),
  ],
  [
    'StrGeneratorResponse',
    () => new StrGeneratorResponse(['a'], 'text/csv', null, 203),
    () => new StrGeneratorResponse(['a'], { contentType: 'text/csv', statusCode: 203 }),
  ],
  [
    'PartialResponse',
    () => new PartialResponse('p', 'text/plain', H),
    () => new PartialResponse('p', { contentType: 'text/plain', headers: H }),
  ],
  [
    'RedirectResponse',
    () => new RedirectResponse('/x', 303, 'see', H),
    () => new RedirectResponse('/x', { statusCode: 303, message: 'see', headers: H }),
  ],
  [
    'NoContentResponse',
    () => new NoContentResponse(H, 205),
    () => new NoContentResponse({ headers: H, statusCode: 205 }),
  ],
  [
    'FileObjResponse',
    () => new FileObjResponse([Buffer.from('x')], 'text/plain', H, 200),
    () => new FileObjResponse([Buffer.from('x')], { contentType: 'text/plain', headers: H }),
  ],
];

describe('the options object builds what the positional arguments build', () => {
  for (const [what, positional, options] of PAIRS) {
    test(what, async () => {
      const [a, b] = [positional().prepare(), options().prepare()];
      assert.equal(b.statusCode, a.statusCode);
      const withoutDate = (items: [string, string][]) => items.filter(([name]) => name !== 'Date');
      assert.deepEqual(withoutDate(b.headers.items()), withoutDate(a.headers.items()));
      assert.deepEqual(await readBody(b.body), await readBody(a.body));
    });
  }

  test('a headers record for NoContentResponse is still headers (only { headers, statusCode } are options)', () => {
    const res = new NoContentResponse({ ETag: '"1"' });
    assert.equal(res.headers.get('ETag'), '"1"');
    assert.equal(res.statusCode, 204);
  });

  test('options are checked as the positional arguments are', () => {
    const refused = [
      () => new Response('x', { contentType: 'text/plain\r\nX: y' }),
      () => new TextResponse('x', { charset: 'a b' }),
      () => new RedirectResponse('/x', { statusCode: 200 as 301 }),
      () => new GeneratorResponse(['x'], { contentLength: -1 }),
    ];
    for (const make of refused) {
      assert.throws(make, (err: unknown) => err instanceof PoorWSGIError && err.code === 'PW_ERR_ARGUMENT');
    }
    assert.throws(
      () => new Response('x', { statusCode: 99 }),
      (err: unknown) => err instanceof PoorWSGIError && err.code === 'PW_ERR_STATUS',
    );
  });
});
