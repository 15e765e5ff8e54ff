/**
 * Hostile, truncated and garbage multipart bodies from raw sockets: the
 * server answers every one (200, 400 or 413, never 500, never silence) and
 * leaks no temporary file and no descriptor. Set UPLOAD_FUZZ_SEED to replay.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Application, EmptyForm, METHOD_POST, type Request } from '../../src/index.ts';
import { prng } from '../helpers/prng.ts';
import { quietLogger, type Running, start } from '../helpers/serve.ts';
import {
  eventually,
  field,
  filePart,
  head,
  multipart,
  openDescriptors,
  type Part,
  rawRequest,
  tempDirectory,
} from '../helpers/upload.ts';

const temp = tempDirectory();
const TYPE = 'multipart/form-data; boundary=XyZ';

interface Case {
  name: string;
  body: Buffer;
  type?: string;
  chunked?: boolean;
  /** Statuses allowed; 200 answers list the field names seen. */
  status: readonly number[];
  keys?: string[];
}

const valid = multipart([field('a', '1'), filePart('f', 'f.bin', Buffer.alloc(5000, 1)), field('b', '2')]);

function chunked(body: Buffer): Buffer {
  const pieces: Buffer[] = [];
  for (let i = 0; i < body.length; i += 1000) {
    const piece = body.subarray(i, i + 1000);
    pieces.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n'));
  }
  pieces.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(pieces);
}

const hostile: Case[] = [
  { name: 'a valid body', body: valid, status: [200], keys: ['a', 'f', 'b'] },
  {
    name: 'a leading space in a part header',
    body: multipart([[' Content-Disposition: form-data; name="a"', 'v']]),
    status: [400],
  },
  {
    name: 'a missing final boundary',
    body: multipart([field('a', '1'), filePart('f', 'f', 'data')], 'XyZ', false),
    status: [400],
  },
  {
    name: 'an empty field name',
    body: multipart([field('', 'v'), filePart('', 'f', 'data')]),
    status: [200],
    keys: [''],
  },
  { name: 'no name at all', body: multipart([['Content-Disposition: form-data', 'v']]), status: [200], keys: [] },
  {
    name: '10,000 parts',
    body: multipart(Array.from({ length: 10_000 }, (_, i): Part => field(`f${i}`, 'v'))),
    status: [413],
  },
  {
    name: '10,000 file parts',
    body: multipart(Array.from({ length: 10_000 }, (_, i): Part => filePart(`f${i}`, `f${i}`, 'v'))),
    status: [413],
  },
  {
    name: 'a 1 MiB header',
    body: multipart([[`Content-Disposition: form-data; name="a"\r\nX-Big: ${'h'.repeat(1024 * 1024)}`, 'v']]),
    status: [413],
  },
  {
    name: 'a 1 MiB header line without an end',
    body: Buffer.concat([Buffer.from('--XyZ\r\nX-Big: '), Buffer.alloc(1024 * 1024, 'h')]),
    status: [413],
  },
  {
    name: '20,000 header lines',
    body: multipart([[Array.from({ length: 20_000 }, (_, i) => `X-${i}: v`).join('\r\n'), 'v']]),
    status: [413],
  },
  { name: 'a 1 MiB field name', body: multipart([field('n'.repeat(1024 * 1024), 'v')]), status: [413] },
  { name: 'no boundary parameter', body: valid, type: 'multipart/form-data', status: [400] },
  {
    name: 'an invalid boundary',
    body: valid,
    type: `multipart/form-data; boundary="${'b'.repeat(300)}"`,
    status: [400],
  },
  {
    name: 'a Content-Type that does not parse',
    body: valid,
    type: 'multipart/form-data; boundary',
    status: [200],
    keys: [],
  },
  { name: 'no boundary in the body', body: Buffer.from('just text, no multipart at all'), status: [400] },
  { name: 'an empty body', body: Buffer.alloc(0), status: [200], keys: [] },
  {
    name: 'a nested multipart bomb',
    body: (() => {
      let inner = multipart([field('x', '1')], 'b0');
      for (let level = 1; level < 30; level++) {
        inner = multipart(
          [
            [
              `Content-Disposition: form-data; name="n"\r\nContent-Type: multipart/mixed; boundary=b${level - 1}`,
              inner,
            ],
          ],
          `b${level}`,
        );
      }
      return inner;
    })(),
    type: 'multipart/form-data; boundary=b29',
    status: [400],
  },
  {
    name: 'a nested part without boundary',
    body: multipart([['Content-Disposition: form-data; name="n"\r\nContent-Type: multipart/mixed', 'x']]),
    status: [400],
  },
  {
    name: 'a delimiter followed by garbage',
    body: Buffer.from('--XyZ\r\n\r\nv\r\n--XyZgarbage\r\n--XyZ--'),
    status: [400],
  },
  { name: 'a chunked valid body', body: valid, chunked: true, status: [200], keys: ['a', 'f', 'b'] },
  {
    name: 'a chunked 10,000 parts',
    body: multipart(Array.from({ length: 10_000 }, (_, i): Part => field(`f${i}`, 'v'))),
    chunked: true,
    status: [413],
  },
];

function randomCases(seed: number): Case[] {
  const rand = prng(seed);
  const cases: Case[] = [];
  for (let i = 0; i < 60; i++) {
    const cut = Math.floor(rand() * valid.length);
    cases.push({
      name: `truncated at ${cut} (seed ${seed})`,
      body: valid.subarray(0, cut),
      status: [400, 200],
      chunked: rand() < 0.5,
    });
  }
  for (let i = 0; i < 40; i++) {
    const garbage = Buffer.alloc(1 + Math.floor(rand() * 20_000));
    for (let j = 0; j < garbage.length; j++) garbage[j] = Math.floor(rand() * 256);
    if (rand() < 0.5) garbage.write('--XyZ\r\n', 0, 'latin1');
    cases.push({ name: `garbage ${i} (seed ${seed})`, body: garbage, status: [400, 413] });
  }
  for (let i = 0; i < 40; i++) {
    // flip a few bytes of a valid body
    const body = Buffer.from(valid);
    for (let k = 0; k < 1 + Math.floor(rand() * 5); k++)
      body[Math.floor(rand() * body.length)] = Math.floor(rand() * 256);
    cases.push({ name: `mutated ${i} (seed ${seed})`, body, status: [200, 400, 413] });
  }
  return cases;
}

describe('hostile multipart bodies from raw sockets', () => {
  let srv: Running;
  let descriptors: number;
  before(async () => {
    const app = new Application('fuzz', { tempDir: temp.dir, logger: quietLogger(), autoData: false });
    app.route(
      '/upload',
      (req: Request) => ({ keys: req.form instanceof EmptyForm ? [] : req.form.keys() }),
      METHOD_POST,
    );
    srv = await start(app);
    descriptors = openDescriptors();
  });
  after(async () => {
    await srv.close();
    temp.remove();
  });

  const seed = Number(process.env.UPLOAD_FUZZ_SEED ?? Date.now() % 2 ** 31);
  for (const c of [...hostile, ...randomCases(seed)]) {
    test(c.name, { timeout: 30_000 }, async () => {
      const body = c.chunked ? chunked(c.body) : c.body;
      const exchange = await rawRequest(srv.port, [
        head('POST', '/upload', c.type ?? TYPE, c.chunked ? -1 : c.body.length),
        body,
      ]);
      assert.ok(exchange !== null, `no answer (replay with UPLOAD_FUZZ_SEED=${seed})`);
      const { status, body: text } = exchange.response;
      assert.ok(
        c.status.includes(status),
        `status ${status} not in ${c.status} (replay with UPLOAD_FUZZ_SEED=${seed}): ${text.slice(0, 200)}`,
      );
      if (status === 200 && c.keys !== undefined) assert.deepEqual(JSON.parse(text).keys, c.keys);
    });
  }

  test('20 truncated uploads at once are all answered', { timeout: 30_000 }, async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const body = valid.subarray(0, 100 + i * 200);
        return rawRequest(srv.port, [head('POST', '/upload', TYPE, body.length), body]);
      }),
    );
    assert.deepEqual(
      answers.map((answer) => answer?.response.status),
      Array.from({ length: 20 }, () => 400),
    );
  });

  test('clients that abort mid-upload are answered by nobody and cost nothing', { timeout: 30_000 }, async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        const body = valid.subarray(0, 1000 + i * 300);
        return rawRequest(srv.port, [head('POST', '/upload', TYPE, valid.length), body], { abortAfter: true });
      }),
    );
  });

  test('no temporary file and no descriptor is left', { timeout: 30_000 }, async () => {
    await eventually(() => temp.list().length === 0, `the temporary directory is empty: ${temp.list().join(', ')}`);
    await eventually(() => openDescriptors() <= descriptors, `descriptors back to ${descriptors}`);
  });
});
