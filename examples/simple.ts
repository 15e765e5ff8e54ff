/**
 * The main demo: a port of PoorWSGI's `examples/simple.py`, route for route
 * (PoorWSGI's own demo and test application). Routes of every kind, error pages,
 * streaming, partial content, files, form parsing with uploads stored in
 * `./upload` (relative to the working directory, as in simple.py), and the
 * document root: the working directory, with directory listings on;
 * `/login` and `/logout` set and remove a `PoorSession` cookie, as
 * simple.py did before PoorWSGI moved them to `poor_session.py`.
 *
 * Debug mode is on (as in simple.py): `/debug-info` shows the application's
 * tables, configuration and the request; the 500 page shows the stack.
 *
 * Run: `npx tsx examples/simple.ts` (serves on 127.0.0.1:$PORT, default 8080).
 * @module
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { openSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  Application,
  DiskFile,
  type EmptyForm,
  ERROR_CODES,
  FieldStorage,
  type FieldStorageInterface,
  FieldStorageParser,
  type FieldValue,
  FileObjResponse,
  FileResponse,
  fileStorage,
  GeneratorResponse,
  HTTP_BAD_REQUEST,
  HTTP_FORBIDDEN,
  HTTP_NOT_IMPLEMENTED,
  HTTPException,
  htmlEscape,
  METHOD_GET_POST,
  METHOD_POST,
  NoContentResponse,
  NotModifiedResponse,
  PartialResponse,
  PoorWSGIError,
  RedirectResponse,
  type Request,
  Response,
  tuple,
} from 'poorwsgi';
// the HTTP codecs are in a subpath of their own
import { parseRange, timeToHttp, tryHttpToTime } from 'poorwsgi/http';
import { PoorSession } from 'poorwsgi/session';
import { isMain, serveExample } from './run-direct.ts';

/** This file: served by `/simple`, `/simple.py` and `/simple.ts`. */
const THIS_FILE = fileURLToPath(import.meta.url);

/** PoorWSGI's ValueError, so that the error handler below reads as in Python. */
export class ValueError extends Error {
  override name = 'ValueError';
}

/** The error `/bad-request` throws; its handler answers 400. */
export class MyValueError extends ValueError {
  override name = 'MyValueError';
}

const FAVICON = Buffer.from(
  'AAABAAEAEBAAAAEAIABfAAAAFgAAAIlQTkcNChoKAAAADUlIRFIAAAAQAAAAEAgGAAAAH/P/YQAAACZJREFUeNpjYKAGePDgwX9yMPUNMEhYQBQeNWDUANoaMHB5gRIAAFgJNhvznDclAAAAAElFTkSuQmCC',
  'base64',
);

const STYLE = `body { width: 80%; margin: auto; padding-top: 30px; font-family: sans-serif; }
h1 { text-align: center; color: #707070; }
p { text-indent: 30px; margin-top: 30px; margin-bottom: 30px; }
nav { color: #707070; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: 2px 10px; border-bottom: 1px solid #e0e0e0; vertical-align: top; }
pre { background: #f4f4f4; padding: 10px; }
`;

/** The common head and the crumb navigation of every page. */
function header(title: string): string[] {
  return [
    '<!DOCTYPE html>',
    '<html>',
    ' <head>',
    `  <title>${htmlEscape(title)}</title>`,
    '  <meta http-equiv="content-type" content="text/html; charset=utf-8"/>',
    '  <link rel="stylesheet" href="/style.css" type="text/css"/>',
    ' </head>',
    ' <body>',
    `  <h1>${htmlEscape(title)}</h1>`,
    '  <nav><a href="/">/</a> &gt; <a href="/test/static">static</a></nav>',
  ];
}

const FOOTER = ['  <hr>', '  <small>Copyright (c) 2026 Poor WSGI for TypeScript.</small>', ' </body>', '</html>'];

function page(title: string, body: readonly string[]): string {
  return [...header(title), ...body, ...FOOTER].join('\n');
}

/** Rows of a two-column table, escaped. */
function table(rows: Iterable<readonly [string, unknown]>): string[] {
  const out = ['  <table>'];
  for (const [key, value] of rows) {
    out.push(`   <tr><th>${htmlEscape(key)}</th><td><code>${htmlEscape(String(value))}</code></td></tr>`);
  }
  out.push('  </table>');
  return out;
}

/** What the request says about itself: method, path, headers. */
function requestInfo(req: Request): string[] {
  return [
    '  <h2>Request</h2>',
    ...table([
      ['method', req.method],
      ['path', req.path],
      ['query', req.query],
      ['uri_rule', req.uriRule ?? ''],
      ['remote_addr', req.remoteAddr ?? ''],
      ['protocol', req.protocol],
      ['document_root', req.app instanceof Application ? req.app.documentRoot : ''],
    ]),
    '  <h2>Request headers</h2>',
    ...table(req.headers.items()),
  ];
}

/** A form value as text: file contents are not shown here, only their size. */
function show(value: unknown): string {
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  if (Array.isArray(value)) return JSON.stringify(value.map((item) => (Buffer.isBuffer(item) ? show(item) : item)));
  return String(value);
}

/**
 * The keys of a form or of the query arguments, with getvalue, getfirst and
 * getlist of each; a file too large to read synchronously by its size.
 */
function formInfo(title: string, form: FieldStorageInterface<unknown>): string[] {
  const rows: [string, unknown][] = [];
  for (const key of form.keys()) {
    try {
      rows.push([`${key} getvalue`, show(form.getvalue(key))]);
      rows.push([`${key} getfirst`, show(form.getfirst(key))]);
      rows.push([`${key} getlist`, show(form.getlist(key))]);
    } catch (err) {
      // its content is to be read with `await field.bytes()` or `field.stream()`, not here
      if (!(err instanceof PoorWSGIError && err.code === ERROR_CODES.PW_ERR_SYNC_READ)) throw err;
      const upload = form instanceof FieldStorage ? form.field(key) : undefined;
      rows.push([`${key} file`, `<${upload?.byteLength ?? '?'} bytes>`]);
    }
  }
  const keys = `  <p>keys: <code>${htmlEscape(JSON.stringify(form.keys()))}</code></p>`;
  return [`  <h2>${htmlEscape(title)}</h2>`, keys, ...(rows.length ? table(rows) : ['  <p>(empty)</p>'])];
}

/** The file parts of a form, nested `multipart/mixed` ones included. */
function fileFields(form: FieldStorage<FieldValue>): FieldStorage<FieldValue>[] {
  const found: FieldStorage<FieldValue>[] = [];
  for (const item of form.list ?? []) {
    if (item.list !== null) found.push(...fileFields(item));
    else if (item.filename) found.push(item);
  }
  return found;
}

/**
 * Delete the files the autoForm hook stored in the upload directory, as
 * simple.py did with `os.remove`; by the stored path, never by the client's
 * file name. Left there, the next upload of the same name would be refused.
 */
async function removeUploads(form: FieldStorage<FieldValue> | EmptyForm): Promise<void> {
  if (!(form instanceof FieldStorage)) return;
  const stored = fileFields(form).map((item) => item.file);
  await Promise.all(stored.map((file) => (file instanceof DiskFile ? file.remove() : undefined)));
}

/** Python's `base64.encodebytes`: lines of 76 characters. */
function encodeBytes(bytes: Buffer): string {
  return bytes.toString('base64').replace(/.{76}/g, '$&\n');
}

/** The page part of one uploaded file: its name, type, length and content. */
async function uploadInfo(item: FieldStorage<FieldValue>): Promise<string[]> {
  const content = item.file instanceof DiskFile ? await item.file.read() : Buffer.alloc(0);
  const text = item.type.startsWith('text/') ? new TextDecoder().decode(content) : encodeBytes(content);
  return [
    `  <h2>${htmlEscape(item.filename ?? '')}</h2>`,
    ...table([
      ['field', item.name ?? ''],
      ['type', item.type],
      ['length', content.length],
    ]),
    `  <pre>${htmlEscape(text)}</pre>`,
  ];
}

/** `b"line %d\n"` ten times: 70 bytes. */
function* lines(): Generator<Uint8Array> {
  for (let i = 0; i < 10; i++) yield Buffer.from(`line ${i}\n`);
}

/** PoorWSGI's weak ETag of this file: md5 of the modification second, URL-safe base64. */
function fileETag(mtime: number): string {
  const seconds = Buffer.alloc(4);
  seconds.writeUInt32BE(mtime >>> 0);
  const digest = createHash('md5').update(seconds).digest('base64');
  return `W/"${digest.replaceAll('+', '-').replaceAll('/', '_')}"`;
}

/** Options of {@link createApp}. */
export interface SimpleOptions {
  /**
   * Where uploads are stored, made when missing; relative to the working
   * directory at the time of the upload.
   * @default './upload'
   */
  uploadDir?: string;
}

/** The routes whose POST bodies the autoForm hook parses. */
const FORM_ROUTES: ReadonlySet<string> = new Set(['/test/form', '/test/upload']);

/**
 * A new simple application.
 * @example
 * const server = await createApp({ uploadDir: '/tmp/uploads' }).listen({ port: 8080 });
 */
export function createApp(options: SimpleOptions = {}): Application {
  const app = new Application('simple');
  app.debug = true;
  app.documentRoot = '.';
  app.documentIndex = true;
  // forms are parsed by the autoForm hook below, as in simple.py
  app.autoForm = false;
  app.setFilter('email', '[\\w.-]+@[\\w.-]+');
  // a random key each run, as simple.py: login sessions end with the process
  app.secretKey = randomBytes(32);
  const storeUpload = fileStorage(options.uploadDir ?? './upload');

  app.beforeResponse(function logRequest(req: Request) {
    app.logger.info(`${req.method} ${req.fullPath}`, req.headers.toJSON(), req.data?.byteLength ?? 0, 'bytes of data');
  });

  app.beforeResponse(async function autoForm(req: Request) {
    // simple.py parsed every body; here only POSTs to the form pages, so that
    // POST /yield keeps its chunked body and uploads sent to other routes are
    // never stored (nothing there would remove them)
    if (!(req.methodNumber & METHOD_POST) || !req.isBodyRequest || !FORM_ROUTES.has(req.uriRule ?? '')) return;
    const parser = new FieldStorageParser(req.input, req.headers, {
      keepBlankValues: app.keepBlankValues,
      strictParsing: app.strictParsing,
      fileCallback: storeUpload,
    });
    try {
      req.form = await parser.parse();
    } catch (err) {
      // simple.py let the OSError of an existing file through (500); fileStorage answers 409, and a
      // name the file system refuses 400; the parse already removed this request's files
      app.logger.warn(`Form of ${req.path} refused:`, err);
      throw err;
    }
  });

  app.afterResponse(function logResponse(req: Request, res) {
    app.logger.info(`${req.method} ${req.path} -> ${res.statusCode}`, res.headers.toJSON());
  });

  app.httpState(404, (req) => {
    const body = [`  <p>Your request <code>${htmlEscape(req.path)}</code> was not found.</p>`];
    return tuple(page('404 - Page Not Found', body), 'text/html; charset=utf-8', null, 404);
  });

  app.errorHandler(ValueError, (req, error) => {
    app.logger.error(`ValueError on ${req.path}:`, error);
    throw new HTTPException(HTTP_BAD_REQUEST, { error: error.message });
  });

  app.route('/', (req) => {
    const res = new Response('', 'text/html; charset=utf-8');
    const links: [string, string][] = [
      ['/favicon.ico', 'favicon.ico'],
      ['/style.css', 'style.css'],
      ['/test/static', 'Static request test'],
      ['/test/123', 'Variable int request test'],
      ['/test/1.2', 'Variable float request test'],
      ['/test/word', 'Variable word request test'],
      ['/test/user@example.net', 'Variable email request test'],
      ['/test/ae7d1d8c-6fcc-4d5c-a7ef-51e3b84a7d5c', 'Variable uuid request test'],
      ['/test/one/too/three', 'Variable args request test'],
      ['/test/[grr]', 'Re variable request test'],
      ['/test/form', 'Form test'],
      ['/test/upload', 'File upload test'],
      ['/test/empty', 'Test empty response (204)'],
      ['/test/partial/unicodes', 'Partial content in unicodes'],
      ['/test/partial/empty', 'Partial content of an empty response'],
      ['/test/partial/generator', 'Partial content of a generator'],
      ['/yield', 'Yield test'],
      ['/chunked', 'Chunked response'],
      ['/simple', 'This file as a file object'],
      ['/simple.py', 'This file as a file'],
      ['/internal-server-error', '500 test'],
      ['/none', 'Handler returning null (204)'],
      ['/bad-request', 'Bad Request from an error handler'],
      ['/forbidden', 'Forbidden test'],
      ['/not-modified', 'Not Modified test'],
      ['/not-implemented', 'Not Implemented test'],
      ['/login', 'Create login session'],
      ['/logout', 'Destroy login session'],
      ['/no-page', 'Not Found test'],
      ['/src/', 'The document root: a directory listing'],
    ];
    for (const line of header('Simple example')) res.write(`${line}\n`);
    res.write(`  <p>Served from <code>${htmlEscape(req.constructUrl('/'))}</code>.</p>\n  <ul>\n`);
    for (const [href, title] of links)
      res.write(`   <li><a href="${htmlEscape(href)}">${htmlEscape(title)}</a></li>\n`);
    res.write('  </ul>\n');
    for (const line of FOOTER) res.write(`${line}\n`);
    return res;
  });

  app.route('/favicon.ico', () => tuple(FAVICON, 'image/vnd.microsoft.icon'));

  app.route('/style.css', () => tuple(STYLE, 'text/css'));

  app.route('/test/static', (req) => {
    const etag = 'W/"0123"';
    // PoorWSGI compared the request's ETag header; If-None-Match is what clients send
    const ifNoneMatch = req.headers.get('If-None-Match') ?? req.headers.get('ETag');
    if (ifNoneMatch === etag) return new NotModifiedResponse({ etag, date: timeToHttp() });
    const body = [
      '  <h2>Variables</h2>',
      ...table([
        ['app.name', app.name],
        ['debug', app.debug],
        ['document_root', app.documentRoot],
        ['document_index', app.documentIndex],
      ]),
      ...requestInfo(req),
    ];
    return tuple(page('Static test', body), 'text/html; charset=utf-8', { ETag: etag });
  });

  const testDynamic = (req: Request, variable: unknown) => {
    const body = [
      ...table([
        ['variable type', typeof variable === 'number' && !Number.isInteger(variable) ? 'float' : typeof variable],
        ['variable value', variable],
      ]),
      ...requestInfo(req),
    ];
    return page('Variable test', body);
  };
  // the same order as simple.py's decorators, which Python applies bottom-up
  app.route('/test/<variable:uuid>', testDynamic);
  app.route('/test/<variable:int>', testDynamic);
  app.route('/test/<variable:float>', testDynamic);
  app.route('/test/<variable:word>', testDynamic);
  app.route('/test/<variable:email>', testDynamic);

  const testVarargs = (req: Request, ...args: unknown[]) => {
    const body = [
      ...table([
        ['len(args)', args.length],
        ['uri_rule', req.uriRule ?? ''],
        ['path_args', JSON.stringify(req.pathArgs)],
      ]),
      ...requestInfo(req),
    ];
    return page('Variable args test', body);
  };
  app.route('/test/<variable0>/<variable1>/<variable2>', testVarargs);
  app.route('/test/<variable:re:.*>', testVarargs);

  app.route(
    '/test/form',
    async (req) => {
      const form = req.form;
      try {
        const body = [
          '  <h2>GET form</h2>',
          '  <form method="get"><input type="text" name="name" value="Ondřej"/><input type="text" name="name" value="Tůma"/>',
          '   <input type="number" name="age" value="42"/><button>Send</button></form>',
          '  <h2>POST multipart form</h2>',
          '  <form method="post" enctype="multipart/form-data"><input type="text" name="name" value="Ondřej"/>',
          '   <input type="text" name="name" value="Tůma"/><input type="number" name="age" value="42"/>',
          '   <textarea name="note">Hello</textarea><button>Send</button></form>',
          '  <h2>POST urlencoded form</h2>',
          '  <form method="post"><input type="text" name="name" value="Ondřej"/><input type="text" name="name" value="Tůma"/>',
          '   <input type="number" name="age" value="42"/><button>Send</button></form>',
          ...formInfo('req.args', req.args),
          ...formInfo('req.form', form),
        ];
        return page('Form test', body);
      } finally {
        // a client may send files here too; simple.py kept them for good
        await removeUploads(form);
      }
    },
    METHOD_GET_POST,
  );

  app.route(
    '/test/upload',
    async (req) => {
      const form = req.form;
      try {
        const body = [
          '  <form method="post" enctype="multipart/form-data">',
          '   <input type="file" name="file_0"/><br/>',
          '   <input type="file" name="file_1"/><br/>',
          '   <input type="file" name="file_2"/><br/>',
          '   <button>Upload</button>',
          '  </form>',
        ];
        if (form instanceof FieldStorage) {
          body.push(...formInfo('req.form', form));
          for (const item of fileFields(form)) body.push(...(await uploadInfo(item)));
        }
        return page('File upload test', body);
      } finally {
        await removeUploads(form);
      }
    },
    METHOD_GET_POST,
  );

  app.route('/test/empty', () => {
    const res = new NoContentResponse();
    res.addHeader('Super-Header', 'Value');
    return res;
  });

  app.route('/test/partial/unicodes', (req) => {
    let [start, end] = [100, 199];
    const asked = parseRange(req.headers.get('Range') ?? '').unicodes?.[0];
    if (asked !== undefined) {
      const [first, last] = asked;
      if (first !== null && last !== null && last >= first) [start, end] = [first, Math.min(last, first + 10000)];
    }
    const letters = 'ěščřžýáíé';
    const text = Array.from({ length: end - start + 1 }, () => letters[randomInt(letters.length)]).join('');
    const res = new PartialResponse(text, 'text/plain; charset=utf-8');
    res.makeRange([start, end], 'unicodes');
    return res;
  });

  app.route('/test/partial/empty', (req) => {
    const res = new Response();
    const ranges = parseRange(req.headers.get('Range') ?? '');
    res.makePartial(ranges.bytes ?? []);
    return res;
  });

  app.route('/test/partial/generator', (req) => {
    const res = new GeneratorResponse(lines(), 'text/plain', null, 200, 70);
    const ranges = parseRange(req.headers.get('Range') ?? '');
    res.makePartial(ranges.bytes ?? []);
    return res;
  });

  app.route('/yield', function* yieldLines() {
    yield* lines();
  });

  app.route(
    '/yield',
    async (req) => {
      // one HTTP chunk per readChunk() as Node delivers it; Node decodes the chunked framing
      for (let i = 0; ; i++) {
        const chunk = await req.readChunk();
        if (chunk.length === 0) break;
        if (chunk.toString('latin1') !== String(i)) {
          throw new HTTPException(HTTP_BAD_REQUEST, { error: `Chunk ${i} is not ${i}` });
        }
      }
      return new NoContentResponse(null, 200);
    },
    METHOD_POST,
  );

  app.route('/chunked', () => {
    // simple.py sent "Transfer-Encoding: chanked" (sic); X-Powered-By is sent all the same
    return new GeneratorResponse(lines(), 'text/plain', { 'Transfer-Encoding': 'chunked' });
  });

  app.route('/simple', () => new FileObjResponse(openSync(THIS_FILE, 'r')));

  const thisFile = (req: Request) => {
    const mtime = Math.floor(statSync(THIS_FILE).mtimeMs / 1000);
    const etag = fileETag(mtime);
    if (req.headers.get('If-None-Match') === etag) return new NotModifiedResponse({ etag });
    const since = tryHttpToTime(req.headers.get('If-Modified-Since') ?? '');
    if (since !== undefined && mtime <= since) return new NotModifiedResponse({ etag, date: timeToHttp() });
    const res = new FileResponse(THIS_FILE, 'text/plain; charset=utf-8', { ETag: etag });
    const ranges = parseRange(req.headers.get('Range') ?? '');
    if (ranges.bytes) res.makePartial(ranges.bytes);
    return res;
  };
  app.route('/simple.py', thisFile);
  app.route('/simple.ts', thisFile);

  app.route('/internal-server-error', () => {
    throw new Error('Test of internal server error');
  });

  app.route('/none', () => null);

  app.route('/bad-request', () => {
    throw new MyValueError('Test of bad request');
  });

  app.route('/forbidden', () => {
    throw new HTTPException(HTTP_FORBIDDEN);
  });

  app.route('/not-modified', () => {
    throw new HTTPException(new NotModifiedResponse({ etag: '"012"' }));
  });

  app.route('/not-implemented', () => {
    throw new HTTPException(HTTP_NOT_IMPLEMENTED);
  });

  app.route('/login', (req) => {
    app.logger.debug('Input cookies:', req.cookies);
    const session = new PoorSession(app.secretKey);
    session.data.login = true;
    const response = new RedirectResponse('/');
    session.header(response);
    return response;
  });

  app.route('/logout', (req) => {
    app.logger.debug('Input cookies:', req.cookies);
    const session = new PoorSession(app.secretKey);
    session.destroy();
    const response = new RedirectResponse('/');
    session.header(response);
    return response;
  });

  return app;
}

if (isMain(import.meta.url)) await serveExample(createApp());
