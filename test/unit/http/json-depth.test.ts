import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { jsonDumps, PW_ERR_JSON } from '../../../src/http/json.ts';
import { jsonNestingExceeds, MAX_JSON_DEPTH } from '../../../src/http/json-depth.ts';
import { encodeJson } from '../../../src/response/json-generator-response.ts';

function arrays(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

function nested(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = kind === 'array' ? [] : {};
  for (let i = 1; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

describe('jsonNestingExceeds', () => {
  const cases: [text: string, limit: number, exceeds: boolean][] = [
    ['[]', 1, false],
    ['[[]]', 1, true],
    [arrays(128), 128, false],
    [arrays(129), 128, true],
    [arrays(10_000), 128, true],
    ['{"a":{"b":{"c":1}}}', 3, false],
    ['{"a":{"b":{"c":{}}}}', 3, true],
    ['[{"a":[{"b":[]}]}]', 4, true],
    ['[{"a":[{"b":[]}]}]', 5, false],
    // brackets in strings do not count, escaped quotes do not end them
    [`["${'['.repeat(500)}"]`, 2, false],
    [`["\\"${'{'.repeat(500)}"]`, 2, false],
    [`["\\\\", ${arrays(3)}]`, 3, true],
    [`["\\\\\\"[[[[[[[[", 1]`, 1, false],
    // siblings do not add up
    [
      Array.from({ length: 300 }, () => '[[]]')
        .join(',')
        .replace(/^/, '[')
        .concat(']'),
      3,
      false,
    ],
    // an unterminated string ends the scan (the parser refuses the text anyway)
    [`["${'['.repeat(500)}`, 2, false],
    // deep text too short to be valid JSON of that depth: the parser refuses it
    ['['.repeat(100), 128, false],
  ];
  for (const [text, limit, exceeds] of cases) {
    test(`${JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text)} limit ${limit}: ${exceeds}`, () => {
      assert.equal(jsonNestingExceeds(text, limit), exceeds);
    });
  }
});

describe('JSON encoders: values nested up to MAX_JSON_DEPTH are written, deeper ones refused with a coded error', () => {
  const encoders: [name: string, encode: (value: unknown) => Promise<string>][] = [
    ['jsonDumps', async (v) => jsonDumps(v)],
    ['jsonDumps with indent', async (v) => jsonDumps(v, { indent: 2 })],
    ['jsonDumps with separators', async (v) => jsonDumps(v, { separators: [', ', ': '] })],
    ['jsonDumps through the encoder (a Map inside)', async (v) => jsonDumps(new Map([['v', v]]))],
    [
      'encodeJson (JSONGeneratorResponse)',
      async (v) => {
        let text = '';
        // a Set is walked by the streaming encoder, not handed to JSON.stringify
        for await (const chunk of encodeJson(new Set([v]))) text += chunk;
        return text;
      },
    ],
  ];
  for (const [name, encode] of encoders) {
    for (const kind of ['array', 'object'] as const) {
      test(`${name}, ${kind}s`, async () => {
        const text = await encode(nested(MAX_JSON_DEPTH - 2, kind));
        assert.ok(text.length > MAX_JSON_DEPTH);
        await assert.rejects(
          encode(nested(MAX_JSON_DEPTH * 10, kind)),
          (err: unknown) => err instanceof RangeError && (err as { code?: string }).code === PW_ERR_JSON,
        );
      });
    }
  }
});
