import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ApplicationOptions, FieldStorage, METHOD_ALL } from '../../../src/index.ts';
import { ask, makeApp } from '../../helpers/app.ts';
import { bodyApp, FORM, JSON_MIME, seen } from '../../helpers/request-probe.ts';

describe('urlencoded forms', () => {
  const body = 'name=Ond%C5%99ej&x=8&x=7&empty=';
  const cases: ReadonlyArray<{
    name: string;
    method: string;
    type?: string;
    options?: Partial<ApplicationOptions>;
    form: unknown;
  }> = [
    { name: 'POST', method: 'POST', form: { name: ['Ondřej'], x: ['8', '7'] } },
    { name: 'PUT', method: 'PUT', form: { name: ['Ondřej'], x: ['8', '7'] } },
    { name: 'PATCH', method: 'PATCH', form: { name: ['Ondřej'], x: ['8', '7'] } },
    { name: 'DELETE is not parsed', method: 'DELETE', form: 'EmptyForm' },
    { name: 'OPTIONS is not parsed', method: 'OPTIONS', form: 'EmptyForm' },
    {
      name: 'with a charset parameter',
      method: 'POST',
      type: `${FORM}; charset=utf-8`,
      form: { name: ['Ondřej'], x: ['8', '7'] },
    },
    {
      name: 'keepBlankValues',
      method: 'POST',
      options: { keepBlankValues: true },
      form: { name: ['Ondřej'], x: ['8', '7'], empty: [''] },
    },
    { name: 'autoForm off', method: 'POST', options: { autoForm: false }, form: 'EmptyForm' },
    {
      name: 'not in formMimeTypes',
      method: 'POST',
      options: { formMimeTypes: ['multipart/form-data'] },
      form: 'EmptyForm',
    },
    { name: 'another content type', method: 'POST', type: 'text/plain', form: 'EmptyForm' },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const { app } = bodyApp(c.options, ['form', 'json']);
      const res = await ask(app, '/b', { method: c.method, body, headers: { 'Content-Type': c.type ?? FORM } });
      assert.deepEqual(seen(res), { form: c.form, json: 'undefined' });
    });
  }

  const errors: ReadonlyArray<[string, Partial<ApplicationOptions>, string, number]> = [
    ['strictParsing: a bare field', { strictParsing: true }, 'a=1&bare', 400],
    ['maxFields', { maxFields: 2 }, 'a=1&b=2&c=3', 413],
  ];
  for (const [name, options, form, status] of errors) {
    test(`${name} -> ${status}`, async () => {
      const { app, log } = bodyApp(options, ['form']);
      const res = await ask(app, '/b', { method: 'POST', body: form, headers: { 'Content-Type': FORM } });
      assert.equal(res.status, status);
      assert.deepEqual(log.lines, []);
    });
  }
});

describe('JSON bodies', () => {
  const encoder = new TextEncoder();
  const cases: ReadonlyArray<{
    name: string;
    method?: string;
    type?: string;
    body: string | Uint8Array;
    options?: Partial<ApplicationOptions>;
    json?: unknown;
    error?: RegExp;
  }> = [
    { name: 'an object', body: '{"a":1,"b":[true,null]}', json: { a: 1, b: [true, null] } },
    { name: 'a list', body: '[1,"two"]', json: [1, 'two'] },
    { name: 'a string', body: '"čeština"', json: 'čeština' },
    { name: 'a number', body: '42', json: 42 },
    { name: 'null', body: 'null', json: null },
    { name: 'escapes', body: '"\\u010d"', json: 'č' },
    { name: 'PUT', method: 'PUT', body: '{"p":1}', json: { p: 1 } },
    {
      name: 'PATCH merge-patch',
      method: 'PATCH',
      type: 'application/merge-patch+json',
      body: '{"m":1}',
      json: { m: 1 },
    },
    { name: 'application/javascript is not JSON', type: 'application/javascript', body: '[0]', json: 'undefined' },
    { name: 'a +json type (RFC 6839)', type: 'application/vnd.api+json', body: '{"a":1}', json: { a: 1 } },
    { name: 'application/problem+json', type: 'application/problem+json', body: '{"p":2}', json: { p: 2 } },
    { name: 'a bare +json is no type', type: '+json', body: '{"a":1}', json: 'undefined' },
    { name: 'a tab before the parameters', type: 'application/json\t; charset=utf-8', body: '{"t":1}', json: { t: 1 } },
    { name: 'upper case type and charset', type: 'APPLICATION/JSON; Charset=UTF-8', body: '[2]', json: [2] },
    {
      name: 'charset iso-8859-2',
      type: 'application/json; charset=iso-8859-2',
      body: Uint8Array.from([0x22, 0xe8, 0x22]),
      json: 'č',
    },
    {
      name: 'charset utf-16le',
      type: 'application/json; charset=utf-16le',
      body: Uint8Array.from(Buffer.from('{"u":"ž"}', 'utf16le')),
      json: { u: 'ž' },
    },
    { name: 'a UTF-8 BOM', body: Uint8Array.from([0xef, 0xbb, 0xbf, ...encoder.encode('[3]')]), json: [3] },
    { name: 'DELETE is not parsed', method: 'DELETE', body: '{"d":1}', json: 'undefined' },
    { name: 'autoJson off', options: { autoJson: false }, body: '{"a":1}', json: 'undefined' },
    { name: 'a type not in jsonMimeTypes', type: 'application/x-ndjson', body: '{"a":1}', json: 'undefined' },
    {
      name: 'a type added to jsonMimeTypes',
      type: 'application/x-ndjson',
      options: { jsonMimeTypes: ['application/x-ndjson'] },
      body: '{"a":1}',
      json: { a: 1 },
    },
    { name: 'text/plain', type: 'text/plain', body: '{"a":1}', json: 'undefined' },
    { name: 'a bad body', body: '{"a":', error: /Invalid JSON body: .*JSON/ },
    { name: 'an empty body', body: '', json: 'undefined' },
    { name: 'a trailing comma', body: '[1,]', error: /Invalid JSON body/ },
    {
      name: 'bad UTF-8',
      body: Uint8Array.from([0x22, 0xc3, 0x28, 0x22]),
      error: /Invalid JSON body: .*(encoded|invalid)/i,
    },
    {
      name: 'an unknown charset',
      type: 'application/json; charset=klingon',
      body: '[1]',
      error: /Invalid JSON body: .*klingon/,
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const { app, log, calls } = bodyApp(c.options, ['json', 'form']);
      const res = await ask(app, '/b', {
        method: c.method ?? 'POST',
        body: c.body,
        headers: { 'Content-Type': c.type ?? JSON_MIME },
      });
      if (c.error) {
        assert.equal(res.status, 400);
        assert.match(res.text, /400 - Bad Request/);
        const pre = /<pre>([^<]*)<\/pre>/.exec(res.text)?.[1] ?? '';
        assert.match(pre, c.error);
        assert.equal(calls(), 1, 'parsing is lazy: the handler asked for req.json');
      } else {
        assert.deepEqual(seen(res), { json: c.json, form: 'EmptyForm' });
      }
      assert.deepEqual(log.lines, []);
    });
  }

  test('a JSON body and a form are never both parsed', async () => {
    const { app } = bodyApp({ jsonMimeTypes: [FORM] }, ['json', 'form']);
    const res = await ask(app, '/b', { method: 'POST', body: '"a=1"', headers: { 'Content-Type': FORM } });
    assert.deepEqual(seen(res), { json: 'a=1', form: 'EmptyForm' });
  });

  test('req.form can be set when the body is JSON, not when it is a form', async () => {
    const results: unknown[] = [];
    for (const type of [JSON_MIME, FORM]) {
      const { app } = makeApp();
      app.route(
        '/',
        (req) => {
          const mine = new FieldStorage();
          mine.list = [new FieldStorage('mine', 'yes')];
          req.form = mine;
          return { mine: req.form.getfirst('mine') ?? null, a: req.form.getfirst('a') ?? null };
        },
        METHOD_ALL,
      );
      results.push(
        JSON.parse(
          (
            await ask(app, '/', {
              method: 'POST',
              body: type === FORM ? 'a=1' : '{}',
              headers: { 'Content-Type': type },
            })
          ).text,
        ),
      );
    }
    assert.deepEqual(results, [
      { mine: 'yes', a: null },
      { mine: null, a: '1' },
    ]);
  });
});

describe('req.data', () => {
  const cases: ReadonlyArray<{
    name: string;
    options?: Partial<ApplicationOptions>;
    method?: string;
    type: string;
    body?: string;
    length?: boolean;
    data: string | null;
  }> = [
    {
      name: 'a small body with a length',
      type: 'application/octet-stream',
      body: 'raw bytes',
      length: true,
      data: 'raw bytes',
    },
    {
      name: 'exactly dataSize',
      options: { dataSize: 4 },
      type: 'text/plain',
      body: 'four',
      length: true,
      data: 'four',
    },
    { name: 'over dataSize', options: { dataSize: 3 }, type: 'text/plain', body: 'four', length: true, data: null },
    { name: 'autoData off', options: { autoData: false }, type: 'text/plain', body: 'x', length: true, data: null },
    { name: 'no length (chunked)', type: 'text/plain', body: 'chunked', length: false, data: null },
    { name: 'a parsed JSON body is kept', type: JSON_MIME, body: '[1]', length: false, data: '[1]' },
    {
      name: 'a parsed JSON body over dataSize is kept',
      options: { dataSize: 1 },
      type: JSON_MIME,
      body: '[1]',
      length: true,
      data: '[1]',
    },
    { name: 'DELETE with a length', method: 'DELETE', type: 'text/plain', body: 'del', length: true, data: 'del' },
    { name: 'no body', method: 'GET', type: 'text/plain', data: null },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const { app } = bodyApp(c.options, ['data']);
      const headers: Record<string, string> = { 'Content-Type': c.type };
      if (c.length && c.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(c.body));
      const res = await ask(app, '/b', { method: c.method ?? 'POST', body: c.body, headers });
      assert.deepEqual(seen(res), { data: c.data });
    });
  }
});
