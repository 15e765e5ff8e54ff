import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HTTPException } from '../../../src/errors/http-exception.ts';
import { MultipartParser } from '../../../src/forms/multipart-parser.ts';
import { validBoundary } from '../../../src/forms/valid-boundary.ts';

interface Part {
  headers: Array<[string, string]>;
  data: string;
}

/** Feed `body` in pieces of `size` bytes; the parts found, or the error thrown. */
function parse(boundary: string, body: string | Buffer, size = Number.POSITIVE_INFINITY): Part[] {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
  const parts: Part[] = [];
  let current: Part | null = null;
  const chunks: Buffer[] = [];
  const parser = new MultipartParser(boundary, {
    onPartBegin(headers) {
      current = { headers: headers.items(), data: '' };
      chunks.length = 0;
    },
    onPartData(data) {
      // copies: the views are only valid during the write
      chunks.push(Buffer.from(data));
    },
    onPartEnd() {
      assert.ok(current !== null, 'a part ends after it began');
      current.data = Buffer.concat(chunks).toString('latin1');
      parts.push(current);
      current = null;
    },
  });
  const step = Number.isFinite(size) ? size : bytes.length || 1;
  for (let i = 0; i < bytes.length; i += step) parser.write(bytes.subarray(i, i + step));
  parser.end();
  return parts;
}

const CD = 'Content-Disposition';
const simple = '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue\r\n--b--\r\n';

describe('MultipartParser: well-formed bodies, every chunk size', () => {
  const cases: ReadonlyArray<[name: string, boundary: string, body: string, parts: Part[]]> = [
    ['one field', 'b', simple, [{ headers: [[CD, 'form-data; name="a"']], data: 'value' }]],
    [
      'two parts and a file with CRLF inside',
      'xyz',
      '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--xyz\r\n' +
        'Content-Disposition: form-data; name="f"; filename="x.txt"\r\nContent-Type: text/plain\r\n\r\nline1\r\nline2\r\n\r\n--xyz--',
      [
        { headers: [[CD, 'form-data; name="a"']], data: '1' },
        {
          headers: [
            [CD, 'form-data; name="f"; filename="x.txt"'],
            ['Content-Type', 'text/plain'],
          ],
          data: 'line1\r\nline2\r\n',
        },
      ],
    ],
    [
      'a preamble and an epilogue are ignored',
      'b',
      `This is a preamble\r\n${simple}the epilogue\r\n--b\r\nnot a part`,
      [{ headers: [[CD, 'form-data; name="a"']], data: 'value' }],
    ],
    [
      'an empty part',
      'b',
      '--b\r\nContent-Disposition: form-data; name="e"\r\n\r\n\r\n--b--',
      [{ headers: [[CD, 'form-data; name="e"']], data: '' }],
    ],
    ['a part with no headers', 'b', '--b\r\n\r\nraw\r\n--b--', [{ headers: [], data: 'raw' }]],
    [
      'data that looks like a boundary but is not one',
      'bound',
      '--bound\r\n\r\n--bound \r\n--boun\r\n-bound\r\n\r\n--bounX\r\n--bound--',
      [{ headers: [], data: '--bound \r\n--boun\r\n-bound\r\n\r\n--bounX' }],
    ],
    [
      'transport padding after a boundary',
      'b',
      '--b  \t\r\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n--b\t\r\n\r\nw\r\n--b--',
      [
        { headers: [[CD, 'form-data; name="a"']], data: 'v' },
        { headers: [], data: 'w' },
      ],
    ],
    [
      'a folded header line continues the previous one',
      'b',
      '--b\r\nContent-Disposition: form-data;\r\n name="a"\r\n\r\nv\r\n--b--',
      [{ headers: [[CD, 'form-data; name="a"']], data: 'v' }],
    ],
    ['CR and LF alone in data', 'b', '--b\r\n\r\na\rb\nc\r\r\n\n\r\n--b--', [{ headers: [], data: 'a\rb\nc\r\r\n\n' }]],
    [
      'a boundary with spaces and punctuation',
      "'()+_,-./:=? x",
      "--'()+_,-./:=? x\r\n\r\nv\r\n--'()+_,-./:=? x--",
      [{ headers: [], data: 'v' }],
    ],
  ];
  for (const [name, boundary, body, parts] of cases) {
    test(name, () => {
      const length = Buffer.byteLength(body, 'latin1');
      for (let size = 1; size <= length; size += size < 16 ? 1 : 7) {
        assert.deepEqual(parse(boundary, body, size), parts, `chunk size ${size}`);
      }
      assert.deepEqual(parse(boundary, body), parts, 'one chunk');
    });
  }

  test('a delimiter followed by other characters is refused, not taken as data', () => {
    assert.throws(
      () => parse('bound', '--bound\r\n\r\nx\r\n--bounding\r\n--bound--'),
      (err: unknown) => err instanceof HTTPException && err.statusCode === 400,
    );
  });

  test('binary data with every byte value survives', () => {
    const data = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));
    const body = Buffer.concat([Buffer.from('--b\r\n\r\n'), data, Buffer.from('\r\n--b--')]);
    for (const size of [1, 2, 3, 5, 64, 511, 1000]) {
      assert.deepEqual(Buffer.from(parse('b', body, size)[0]!.data, 'latin1'), data, `chunk size ${size}`);
    }
  });
});

describe('MultipartParser: malformed bodies are a 400 or 413, never a crash', () => {
  const cases: ReadonlyArray<[name: string, body: string, status: number, reason: RegExp]> = [
    ['no boundary at all', 'just some text', 400, /no boundary found/],
    ['an empty body', '', 400, /no boundary found/],
    ['a missing final boundary', '--b\r\n\r\nvalue', 400, /missing final boundary/],
    ['a body cut inside the headers', '--b\r\nContent-Disposition: form-da', 400, /missing final boundary/],
    ['a body cut after a delimiter', '--b\r\n\r\nv\r\n--b', 400, /missing final boundary/],
    [
      'a leading space in a part header (dicer)',
      '--b\r\n Content-Disposition: x\r\n\r\nv\r\n--b--',
      400,
      /starts with whitespace/,
    ],
    ['a header line without a colon', '--b\r\nno colon here\r\n\r\nv\r\n--b--', 400, /no header name/],
    ['a header name that is not a token', '--b\r\nBad Name: x\r\n\r\nv\r\n--b--', 400, /bad header name/],
    ['a delimiter followed by garbage', '--bX\r\n\r\nv\r\n--b--', 400, /boundary followed by other characters/],
    ['a delimiter with a lone CR', '--b\rX\r\n\r\nv\r\n--b--', 400, /bad boundary line ending/],
    ['a final boundary with one dash', '--b\r\n\r\nv\r\n--b-X', 400, /bad final boundary/],
    [
      'a header block over the limit',
      `--b\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\nv\r\n--b--`,
      413,
      /part header too large/,
    ],
  ];
  for (const [name, body, status, reason] of cases) {
    test(name, () => {
      for (const size of [1, 3, 1000, Number.POSITIVE_INFINITY]) {
        assert.throws(
          () => parse('b', body, size),
          (err: unknown) => {
            assert.ok(err instanceof HTTPException, `chunk size ${size}: ${String(err)}`);
            assert.equal(err.statusCode, status);
            assert.match(String(err.extra.error), reason);
            return true;
          },
        );
      }
    });
  }

  test('after an error every later call throws the same error', () => {
    const parser = new MultipartParser('b', { onPartBegin() {}, onPartData() {}, onPartEnd() {} });
    let first: unknown;
    try {
      parser.write(Buffer.from('--b\r\n bad\r\n\r\n'));
    } catch (err) {
      first = err;
    }
    assert.ok(first instanceof HTTPException);
    assert.throws(
      () => parser.write(Buffer.from('more')),
      (err: unknown) => err === first,
    );
    assert.throws(
      () => parser.end(),
      (err: unknown) => err === first,
    );
  });

  test('a handler that throws stops the parser with its error', () => {
    const boom = new Error('boom');
    const parser = new MultipartParser('b', {
      onPartBegin() {
        throw boom;
      },
      onPartData() {},
      onPartEnd() {},
    });
    assert.throws(
      () => parser.write(Buffer.from(simple)),
      (err: unknown) => err === boom,
    );
    assert.throws(
      () => parser.end(),
      (err: unknown) => err === boom,
    );
  });

  test('an invalid boundary is refused when the parser is made', () => {
    for (const boundary of ['', ' ', 'ends with space ', 'x'.repeat(202), 'tab\there', 'é']) {
      assert.throws(
        () => new MultipartParser(boundary, { onPartBegin() {}, onPartData() {}, onPartEnd() {} }),
        (err: unknown) => err instanceof HTTPException && err.statusCode === 400,
        JSON.stringify(boundary),
      );
    }
  });

  test('finished is true only after the final boundary', () => {
    const parser = new MultipartParser('b', { onPartBegin() {}, onPartData() {}, onPartEnd() {} });
    parser.write(Buffer.from('--b\r\n\r\nv\r\n'));
    assert.equal(parser.finished, false);
    parser.write(Buffer.from('--b--'));
    assert.equal(parser.finished, true);
  });
});

describe('validBoundary (PoorWSGI valid_boundary)', () => {
  const cases: ReadonlyArray<[boundary: string | Uint8Array, valid: boolean]> = [
    ['----WebKitFormBoundaryMPRpF8CUUmlmqKqy', true],
    [Buffer.from('----WebKitFormBoundaryMPRpF8CUUmlmqKqy'), true],
    ['', false],
    ['x', true],
    ['x'.repeat(201), true],
    ['x'.repeat(202), false],
    ['   ', false],
    [' a', true],
    ['a ', false],
    ['a\r\nb', false],
    ['ř', false],
    [Buffer.from([0x61, 0x80]), false],
  ];
  for (const [boundary, valid] of cases) {
    test(`${JSON.stringify(String(boundary)).slice(0, 40)} is ${valid ? 'valid' : 'invalid'}`, () => {
      assert.equal(validBoundary(boundary), valid);
    });
  }
});
