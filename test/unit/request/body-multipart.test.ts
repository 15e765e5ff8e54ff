import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  Application,
  type ApplicationOptions,
  DiskFile,
  EmptyForm,
  type FieldStorage,
  FieldStorageParser,
  type FieldValue,
  JSONResponse,
  METHOD_ALL,
  PoorWSGIError,
  type Request,
} from '../../../src/index.ts';
import { errorText } from '../../../src/results/page.ts';
import { quietLogger, type Running, start } from '../../helpers/serve.ts';
import {
  eventually,
  field,
  filePart,
  head,
  multipart,
  openDescriptors,
  rawRequest,
  tempDirectory,
} from '../../helpers/upload.ts';

const temp = tempDirectory();
after(() => temp.remove());

const TYPE = 'multipart/form-data; boundary=XyZ';

/** What the handler saw, and the paths of its files (to check they are gone later). */
function describeForm(req: Request): Record<string, unknown> {
  const form = req.form;
  if (form instanceof EmptyForm) return { form: 'EmptyForm', data: req.data?.length ?? null };
  const fields: Record<string, unknown> = {};
  for (const key of form.keys()) {
    const item = form.item(key) as FieldStorage<FieldValue>;
    const value = form.getfirst(key);
    fields[key] = {
      value: Buffer.isBuffer(value) ? `bytes:${value.toString()}` : value,
      filename: item.filename,
      path: item.file instanceof DiskFile ? item.file.path : null,
    };
  }
  return { form: fields, data: req.data?.length ?? null };
}

function makeApp(options: Partial<ApplicationOptions> = {}): Application {
  const app = new Application('body-multipart', { tempDir: temp.dir, logger: quietLogger(), ...options });
  for (const code of [400, 413])
    app.setHttpState(code, (_req, extra) => `${code}: ${errorText(extra.error)}`, METHOD_ALL);
  app.route('/form', (req: Request) => new JSONResponse(describeForm(req)), METHOD_ALL);
  app.route(
    '/manual',
    async (req: Request) => {
      const parser = new FieldStorageParser(req.input, req.headers);
      const form = await parser.parse();
      const file = form.item('f') as FieldStorage<FieldValue>;
      return { bytes: parser.bytesRead, path: (file.file as DiskFile).path, same: parser.tempFiles === req.tempFiles };
    },
    METHOD_ALL,
  );
  return app;
}

async function post(app: Application, body: Buffer, method = 'POST', type = TYPE): Promise<[number, unknown]> {
  const res = await app.request('/form', { method, headers: { 'Content-Type': type }, body });
  const text = await res.text();
  try {
    return [res.status, JSON.parse(text)];
  } catch {
    return [res.status, text];
  }
}

const FORM = multipart([field('a', '1'), filePart('f', 'f.txt', 'FILE')]);

describe('automatic multipart parsing (app.request)', () => {
  test('POST, PUT and PATCH are parsed before the handler; files go to temporary files removed afterwards', async () => {
    for (const method of ['POST', 'PUT', 'PATCH']) {
      const [status, seen] = await post(makeApp({ autoData: false }), FORM, method);
      assert.equal(status, 200, method);
      const form = (seen as { form: Record<string, { value: unknown; filename: unknown; path: string }> }).form;
      assert.equal(form.a?.value, '1');
      assert.equal(form.f?.value, 'bytes:FILE');
      assert.equal(form.f?.filename, 'f.txt');
      assert.ok(form.f?.path.startsWith(temp.dir));
      await eventually(() => !existsSync(form.f!.path), 'the temporary file is removed after the response');
    }
  });

  const notParsed: ReadonlyArray<[name: string, method: string, options: Partial<ApplicationOptions>]> = [
    ['GET with a body', 'GET', {}],
    ['DELETE with a body', 'DELETE', {}],
    ['autoForm off', 'POST', { autoForm: false }],
    ['multipart/form-data not in formMimeTypes', 'POST', { formMimeTypes: ['application/x-www-form-urlencoded'] }],
  ];
  for (const [name, method, options] of notParsed) {
    test(`${name}: the form is an EmptyForm`, async () => {
      const [status, seen] = await post(
        makeApp({ autoData: false, ...options }),
        FORM,
        method === 'GET' ? 'POST' : method,
      );
      if (method === 'GET') {
        // fetch refuses GET bodies: ask over the raw request instead
        const app = makeApp({ autoData: false, ...options });
        const srv = await start(app);
        try {
          const exchange = await rawRequest(srv.port, [
            head('GET', '/form', TYPE, FORM.length) + FORM.toString('latin1'),
          ]);
          assert.deepEqual(JSON.parse(exchange!.response.body), { form: 'EmptyForm', data: null });
        } finally {
          await srv.close();
        }
        return;
      }
      assert.equal(status, 200);
      assert.deepEqual(seen, { form: 'EmptyForm', data: null });
    });
  }

  test('the JSON parser claims a type in both lists, never both parsers', async () => {
    const app = makeApp({ jsonMimeTypes: ['multipart/form-data'] });
    app.route('/both', (req: Request) => ({ form: req.form instanceof EmptyForm, json: String(req.json) }), METHOD_ALL);
    const res = await app.request('/both', { method: 'POST', headers: { 'Content-Type': TYPE }, body: FORM });
    // the body is not JSON: the JSON parser answers 400, the form parser never ran
    assert.equal(res.status, 400);
    assert.match(await res.text(), /Invalid JSON body/);
  });

  test('with autoData a small multipart body (Content-Length <= dataSize) is in req.data and parsed too', async () => {
    const srv = await start(makeApp());
    try {
      const exchange = await rawRequest(srv.port, [head('POST', '/form', TYPE, FORM.length), FORM]);
      const seen = JSON.parse(exchange!.response.body) as { data: number; form: Record<string, { value: unknown }> };
      assert.equal(seen.data, FORM.length);
      assert.equal(seen.form.a?.value, '1');
      assert.equal(seen.form.f?.value, 'bytes:FILE');
    } finally {
      await srv.close();
    }
  });

  test('app.fileCallback receives the files of an automatic parse', async () => {
    const names: string[] = [];
    const app = makeApp({
      fileCallback: (filename) => {
        names.push(filename);
        const chunks: Uint8Array[] = [];
        return { write: (chunk) => chunks.push(Buffer.from(chunk)), readSync: () => Buffer.concat(chunks) };
      },
    });
    const [, seen] = await post(app, FORM);
    assert.deepEqual(names, ['f.txt']);
    assert.deepEqual((seen as { form: Record<string, unknown> }).form.f, {
      value: 'bytes:FILE',
      filename: 'f.txt',
      path: null,
    });
  });

  test('a handler parsing itself uses the request’s temporary files, removed at its end', async () => {
    const res = await makeApp({ autoForm: false, autoData: false }).request('/manual', {
      method: 'POST',
      headers: { 'Content-Type': TYPE },
      body: FORM,
    });
    const seen = (await res.json()) as { bytes: number; path: string; same: boolean };
    assert.deepEqual([seen.bytes, seen.same], [FORM.length, true]);
    await eventually(() => !existsSync(seen.path), 'the manually parsed file is removed after the response');
  });

  const limits: ReadonlyArray<[name: string, options: Partial<ApplicationOptions>, body: Buffer, reason: RegExp]> = [
    [
      'uploadLimit',
      { uploadLimit: 100 },
      multipart([filePart('f', 'f', 'x'.repeat(500))]),
      /larger than the limit of 100 bytes/,
    ],
    ['maxParts', { maxParts: 1 }, FORM, /Too many parts/],
    ['maxFields', { maxFields: 0 }, FORM, /Too many fields/],
    ['maxNameLength', { maxNameLength: 0 }, FORM, /Field name too long/],
    ['maxPartHeaderSize', { maxPartHeaderSize: 10 }, FORM, /part header too large/],
    ['maxFileSize', { maxFileSize: 3 }, FORM, /File too large/],
    ['maxFieldSize', { maxFieldSize: 0 }, FORM, /Field too large/],
  ];
  for (const [name, options, body, reason] of limits) {
    test(`${name} breaks with 413 and its reason; no file is left`, async () => {
      const [status, text] = await post(makeApp({ autoData: false, ...options }), body);
      assert.equal(status, 413);
      assert.match(String(text), reason);
      await eventually(() => temp.list().length === 0, 'no temporary file left');
    });
  }
});

describe('automatic multipart parsing on node:http', () => {
  let srv: Running;
  before(async () => {
    srv = await start(makeApp({ autoData: false, maxFileSize: 1024 }));
  });
  after(() => srv.close());

  test('a refused upload is read away and answered (413 closes the connection after the answer)', async () => {
    const big = multipart([filePart('f', 'f', 'y'.repeat(200_000)), field('after', 'x')]);
    const exchange = await rawRequest(srv.port, [head('POST', '/form', TYPE, big.length), big]);
    assert.equal(exchange?.response.status, 413);
    assert.match(exchange!.response.body, /File too large/);
    assert.deepEqual(exchange!.response.headers.get('connection'), ['close']);
  });

  test('a malformed upload is read away and the connection stays usable', async () => {
    // the first part header is bad: the rest (100 kB) is read away before the answer
    const body = multipart([[' Bad: header', 'v'], field('t', 'y'.repeat(100_000))]);
    const exchange = await rawRequest(srv.port, [head('POST', '/form', TYPE, body.length), body]);
    assert.equal(exchange?.response.status, 400);
    assert.match(exchange!.response.body, /starts with whitespace/);
    assert.deepEqual(exchange!.response.headers.get('connection'), ['keep-alive']);
  });

  test('a malformed body is a 400 with its reason', async () => {
    const body = Buffer.from('--XyZ\r\n Content-Disposition: form-data; name="a"\r\n\r\nv\r\n--XyZ--');
    const exchange = await rawRequest(srv.port, [head('POST', '/form', TYPE, body.length), body]);
    assert.equal(exchange?.response.status, 400);
    assert.match(exchange!.response.body, /starts with whitespace/);
  });

  test('a client that aborts mid-upload leaves no temporary file and no open descriptor', async () => {
    const before = openDescriptors();
    const done = new Promise<void>((resolve) => {
      srv.server.once('request', (_req, res) => res.once('close', () => resolve()));
    });
    const partial = multipart([field('a', '1'), filePart('f', 'f', 'z'.repeat(900))], 'XyZ', false);
    await rawRequest(srv.port, [head('POST', '/form', TYPE, partial.length + 1000), partial], { abortAfter: true });
    await done;
    await eventually(() => temp.list().length === 0, 'no temporary file left after the abort');
    await eventually(() => openDescriptors() <= before, `descriptors back to ${before}`);
  });
});

describe('options of request bodies', () => {
  const bad: ReadonlyArray<[name: keyof ApplicationOptions, value: unknown]> = [
    ['cachedSize', -1],
    ['readTimeout', Number.NaN],
    ['readTimeout', -1],
    ['fileCallback', 'FileIO'],
    ['tempDir', 'a\0b'],
    ['uploadLimit', -5],
    ['maxParts', 1.5],
    ['maxFileSize', '10'],
    ['fieldSpillSize', null],
  ];
  for (const [name, value] of bad) {
    test(`${name} = ${String(value)} is refused with PW_ERR_OPTION`, () => {
      assert.throws(
        () => new Application('bad', { [name]: value } as Partial<ApplicationOptions>),
        (err: unknown) => err instanceof PoorWSGIError && err.code === 'PW_ERR_OPTION' && err.message.includes(name),
      );
    });
  }

  test('defaults, setters and the multipart limits view', () => {
    const app = new Application('defaults');
    assert.deepEqual(
      [app.cachedSize, app.readTimeout, app.fileCallback, app.tempDir, app.maxParts, app.fieldSpillSize],
      [65365, 10, null, null, 1000, 65536],
    );
    app.uploadLimit = Number.POSITIVE_INFINITY;
    app.maxFileSize = 10;
    app.readTimeout = 0;
    assert.equal(app.multipartLimits.uploadLimit, Number.POSITIVE_INFINITY);
    assert.equal(app.multipartLimits.maxFileSize, 10);
    assert.equal(app.readTimeout, 0);
    assert.throws(() => {
      app.maxParts = -1;
    }, PoorWSGIError);
  });
});
