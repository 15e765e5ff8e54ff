import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CachedInput } from '../../../src/request/cached-input.ts';

const chunks = (...parts: string[]) => parts.map((part) => Buffer.from(part, 'latin1'));
const text = (bytes: Buffer) => bytes.toString('latin1');

async function run(input: CachedInput, ops: ReadonlyArray<[op: 'read' | 'readline' | 'readChunk', size?: number]>) {
  const out: string[] = [];
  for (const [op, size] of ops) out.push(text(op === 'readChunk' ? await input.readChunk() : await input[op](size)));
  return out;
}

describe('CachedInput', () => {
  const cases: ReadonlyArray<{
    name: string;
    source: Buffer[];
    size?: number;
    blockSize?: number;
    ops: ReadonlyArray<['read' | 'readline' | 'readChunk', number?]>;
    expected: string[];
  }> = [
    {
      name: 'read(n) gathers across chunks and is short only at the end',
      source: chunks('ab', 'cde', 'f'),
      ops: [
        ['read', 4],
        ['read', 4],
        ['read', 4],
      ],
      expected: ['abcd', 'ef', ''],
    },
    {
      name: 'read() reads blockSize bytes',
      source: chunks('abcdef', 'gh'),
      blockSize: 3,
      ops: [['read'], ['read'], ['read'], ['read']],
      expected: ['abc', 'def', 'gh', ''],
    },
    {
      name: 'read() with blockSize 0 reads the rest',
      source: chunks('abc', 'def'),
      blockSize: 0,
      ops: [['read', 1], ['read'], ['read']],
      expected: ['a', 'bcdef', ''],
    },
    {
      name: 'never more than size bytes in total',
      source: chunks('abcd', 'efgh'),
      size: 6,
      ops: [
        ['read', 100],
        ['read', 1],
      ],
      expected: ['abcdef', ''],
    },
    {
      name: 'readline ends at CRLF only, across a chunk boundary',
      source: chunks('one\ntwo\r', '\nthree\r\n', 'rest'),
      ops: [['readline'], ['readline'], ['readline'], ['readline']],
      expected: ['one\ntwo\r\n', 'three\r\n', 'rest', ''],
    },
    {
      name: 'readline(size) stops at size without a CRLF',
      source: chunks('abcdef\r\n'),
      ops: [
        ['readline', 4],
        ['readline', 4],
        ['readline', 4],
      ],
      expected: ['abcd', 'ef\r\n', ''],
    },
    {
      name: 'readChunk hands out what is buffered, then the source chunks as they are',
      source: chunks('0', '1', '22', '333'),
      ops: [['read', 1], ['readChunk'], ['read', 1], ['readChunk'], ['readChunk'], ['readChunk']],
      expected: ['0', '1', '2', '2', '333', ''],
    },
    {
      name: 'readline then read share one buffer',
      source: chunks('head\r\nbody bytes'),
      ops: [['readline'], ['read', 4], ['read']],
      expected: ['head\r\n', 'body', ' bytes'],
    },
  ];
  for (const { name, source, size, blockSize, ops, expected } of cases) {
    test(name, async () => {
      assert.deepEqual(await run(new CachedInput(source, size, blockSize), ops), expected);
    });
  }

  test('iteration yields the buffered rest first, then the source; bytesRead and done follow', async () => {
    async function* source() {
      yield Buffer.from('abc');
      yield Buffer.from('def');
    }
    const input = new CachedInput(source(), 6);
    assert.equal(text(await input.read(2)), 'ab');
    const seen: string[] = [];
    for await (const chunk of input) seen.push(text(Buffer.from(chunk)));
    assert.deepEqual(seen, ['c', 'def']);
    assert.equal(input.bytesRead, 6);
    assert.equal(input.done, true);
  });

  test('a source with next() (a body reader) is read directly', async () => {
    const queue = chunks('x', 'y');
    const input = new CachedInput({ next: async () => queue.shift() ?? null });
    assert.equal(text(await input.read(10)), 'xy');
  });
});
