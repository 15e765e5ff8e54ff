import * as assert from 'node:assert/strict';
import { mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { PoorWSGIError } from '../../../src/errors/poorwsgi-error.ts';
import type { RangePair } from '../../../src/http/range.ts';
import type { BaseResponse } from '../../../src/response/base-response.ts';
import { FileObjResponse } from '../../../src/response/file-obj-response.ts';
import { FileResponse } from '../../../src/response/file-response.ts';
import { GeneratorResponse } from '../../../src/response/generator-response.ts';
import { JSONGeneratorResponse } from '../../../src/response/json-generator-response.ts';
import { PartialResponse } from '../../../src/response/partial-response.ts';
import { Response } from '../../../src/response/response.ts';
import { StrGeneratorResponse } from '../../../src/response/str-generator-response.ts';
import { boundaryOf, parseByteranges } from '../../helpers/multipart-parse.ts';
import { readBody } from '../../helpers/read-body.ts';

const dir = mkdtempSync(join(tmpdir(), 'poorwsgi-partial-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** 30 bytes: ten 3-byte blocks `000111...999`, as PoorWSGI's test. */
const CONTENT = Array.from({ length: 10 }, (_, i) => String(i).repeat(3)).join('');
const FILE = join(dir, 'blocks.txt');
writeFileSync(FILE, CONTENT);

function* blocks(): Generator<Uint8Array> {
  for (let i = 0; i < 10; i++) yield Buffer.from(String(i).repeat(3));
}

/** Every body kind holding CONTENT with a known length. */
const KINDS: readonly [label: string, make: () => BaseResponse][] = [
  ['Response', () => new Response(CONTENT, 'text/plain')],
  ['GeneratorResponse with a length', () => new GeneratorResponse(blocks(), 'text/plain', null, 200, 30)],
  ['FileResponse', () => new FileResponse(FILE, 'text/plain')],
  ['FileObjResponse (descriptor)', () => new FileObjResponse(openSync(FILE, 'r'), 'text/plain')],
];

async function body(res: BaseResponse): Promise<{ status: number; headers: Map<string, string>; text: string }> {
  const prepared = res.prepare();
  const headers = new Map(prepared.headers.items().map(([k, v]) => [k.toLowerCase(), v]));
  const text = (await readBody(prepared.body)).toString('latin1');
  return { status: prepared.statusCode, headers, text };
}

const slice = (start: number, end: number) => CONTENT.slice(start, end + 1);

describe('makePartial on every body kind', () => {
  for (const [label, make] of KINDS) {
    describe(label, () => {
      test('no ranges: 200, the whole body, Accept-Ranges: bytes', async () => {
        const res = make();
        res.makePartial();
        const { status, headers, text } = await body(res);
        assert.equal(status, 200);
        assert.equal(headers.get('accept-ranges'), 'bytes');
        assert.equal(text, CONTENT);
      });

      const single: readonly [pairs: RangePair[], start: number, end: number][] = [
        [[[8, 16]], 8, 16],
        [[[null, 5]], 25, 29],
        [[[25, null]], 25, 29],
        [[[0, 1000]], 0, 29],
        [
          [
            [0, 3],
            [2, 9],
          ],
          0,
          9,
        ],
      ];
      for (const [pairs, start, end] of single) {
        test(`${JSON.stringify(pairs)}: 206 bytes ${start}-${end}/30`, async () => {
          const res = make();
          res.makePartial(pairs);
          const { status, headers, text } = await body(res);
          assert.equal(status, 206);
          assert.equal(headers.get('content-range'), `bytes ${start}-${end}/30`);
          assert.equal(headers.get('content-length'), String(end - start + 1));
          assert.equal(headers.get('content-type'), 'text/plain');
          assert.equal(text, slice(start, end));
        });
      }

      test('several ranges: one multipart/byteranges 206', async () => {
        const res = make();
        res.makePartial([
          [20, 22],
          [null, 2],
          [0, 1],
        ]);
        const { status, headers, text } = await body(res);
        assert.equal(status, 206);
        assert.equal(headers.get('content-range'), undefined);
        assert.equal(headers.get('content-length'), String(text.length));
        const parts = parseByteranges(text, boundaryOf(headers.get('content-type')));
        assert.deepEqual(
          parts.map((p) => [p.headers['content-type'], p.headers['content-range'], p.body]),
          [
            ['text/plain', 'bytes 0-1/30', slice(0, 1)],
            ['text/plain', 'bytes 20-22/30', slice(20, 22)],
            ['text/plain', 'bytes 28-29/30', slice(28, 29)],
          ],
        );
      });

      test('nothing satisfiable: 416 with Content-Range: bytes */30 (bug 20)', async () => {
        const res = make();
        res.makePartial([[30, 40]]);
        const { status, headers, text } = await body(res);
        assert.equal(status, 416);
        assert.equal(headers.get('content-range'), 'bytes */30');
        assert.equal(headers.get('content-length'), '0');
        assert.equal(headers.has('content-type'), false);
        assert.equal(text, '');
      });

      test('other units: the whole 200 body', async () => {
        const res = make();
        res.makePartial([[0, 1]], 'lines');
        const { status, headers, text } = await body(res);
        assert.equal(status, 200);
        assert.equal(headers.get('accept-ranges'), undefined);
        assert.equal(text, CONTENT);
      });
    });
  }
});

describe('makePartial on bodies of unknown length', () => {
  const unknown: readonly [label: string, make: () => BaseResponse][] = [
    ['GeneratorResponse', () => new GeneratorResponse(blocks(), 'text/plain')],
    ['StrGeneratorResponse', () => new StrGeneratorResponse(['a', 'b'], 'text/plain')],
    ['JSONGeneratorResponse', () => new JSONGeneratorResponse({ a: [1, 2] })],
  ];
  for (const [label, make] of unknown) {
    test(`${label}: the range is ignored, the whole body is sent (RFC 9110 §14.2)`, async () => {
      const full = await body(make());
      const res = make();
      res.makePartial([[0, 0]]);
      const { status, headers, text } = await body(res);
      assert.equal(status, 200);
      assert.equal(headers.has('accept-ranges'), false);
      assert.equal(text, full.text);
    });
  }

  test('an empty Response with a range: 416 bytes */0', async () => {
    const res = new Response();
    res.makePartial([[0, 99]]);
    const { status, headers } = await body(res);
    assert.equal(status, 416);
    assert.equal(headers.get('content-range'), 'bytes */0');
  });
});

describe('makePartial arguments', () => {
  test('accepts one pair, a Set of pairs, and drops duplicates and reversed pairs', () => {
    const res = new Response('x');
    res.makePartial([null, 100]);
    assert.deepEqual(res.ranges, [[null, 100]]);
    res.makePartial(
      new Set<[number | null, number | null]>([
        [50, 100],
        [60, 20],
        [150, null],
        [null, 200],
        [50, 100],
      ]),
    );
    assert.deepEqual(res.ranges, [
      [50, 100],
      [150, null],
      [null, 200],
    ]);
    assert.equal(res.units, 'bytes');
    assert.equal(res.headers.get('Accept-Ranges'), 'bytes');
  });

  const bad: readonly [label: string, fn: () => unknown, message: RegExp][] = [
    ['a 404 response', () => new Response('x', 'text/plain', null, 404).makePartial([[0, 1]]), /needs a 200 response/],
    ['a negative position', () => new Response('x').makePartial([[-1, 2]]), /pairs of whole numbers/],
    ['a fractional position', () => new Response('x').makePartial([[0.5, 2]]), /pairs of whole numbers/],
    ['a triple', () => new Response('x').makePartial([[0, 1, 2] as unknown as RangePair]), /pairs/],
    ['a number', () => new Response('x').makePartial(5 as unknown as RangePair[]), /got number 5/],
    ['units with a space', () => new Response('x').makePartial([], 'by tes'), /units must be a token/],
    ['a PartialResponse', () => new PartialResponse('x').makePartial([[0, 1]]), /use its makeRange/],
  ];
  for (const [label, fn, message] of bad) {
    test(`refuses ${label}`, () => {
      assert.throws(fn, (err: unknown) => err instanceof PoorWSGIError && err.code === 'PW_ERR_ARGUMENT');
      assert.throws(fn, message);
    });
  }

  test('a status other than 200 or 206 forgets the ranges and Accept-Ranges (as PoorWSGI)', async () => {
    const res = new Response(CONTENT);
    res.makePartial([[0, 1]]);
    res.statusCode = 404;
    assert.deepEqual(res.ranges, []);
    assert.equal(res.headers.has('Accept-Ranges'), false);
    const { status, text } = await body(res);
    assert.equal(status, 404);
    assert.equal(text, CONTENT);
  });
});

describe('PartialResponse.makeRange', () => {
  test('Content-Range in custom units; Content-Length counts bytes', async () => {
    const res = new PartialResponse('ěščřžýáíé'.repeat(6).slice(0, 50), 'text/plain; charset=utf-8');
    res.makeRange([[50, 99]], 'unicodes');
    const { status, headers, text } = await body(res);
    assert.equal(status, 206);
    assert.equal(headers.get('content-range'), 'unicodes 50-99/*');
    assert.equal(headers.get('content-length'), '100');
    assert.equal(Buffer.from(text, 'latin1').toString('utf8').length, 50);
  });

  const ok: readonly [args: Parameters<PartialResponse['makeRange']>, expected: string][] = [
    [[[1, 3], 'blocks'], 'blocks 1-3/*'],
    [[[100, 199], 'unicodes', 200], 'unicodes 100-199/200'],
    [[[[0, 0]]], 'bytes 0-0/*'],
  ];
  for (const [args, expected] of ok) {
    test(expected, () => {
      const res = new PartialResponse('x');
      res.makeRange(...args);
      assert.equal(res.headers.get('Content-Range'), expected);
    });
  }

  const bad: readonly [label: string, fn: () => unknown][] = [
    [
      'two ranges',
      () =>
        new PartialResponse('x').makeRange([
          [0, 1],
          [2, 3],
        ]),
    ],
    ['an open range', () => new PartialResponse('x').makeRange([null, 3])],
    ['end before start', () => new PartialResponse('x').makeRange([3, 1])],
    ['no range', () => new PartialResponse('x').makeRange([])],
    ['a bad full length', () => new PartialResponse('x').makeRange([0, 1], 'bytes', -1)],
    ['a 200 response', () => new Response('x').makeRange([0, 1])],
  ];
  for (const [label, fn] of bad) {
    test(`refuses ${label}`, () =>
      assert.throws(fn, (err: unknown) => err instanceof PoorWSGIError && err.code === 'PW_ERR_ARGUMENT'));
  }
});
