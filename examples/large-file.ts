/**
 * Large file uploads with own file callbacks: a port of PoorWSGI's
 * `examples/large_file.py`.
 *
 * `autoForm` is off; each POST route parses its multipart form itself with
 * `FieldStorageParser(req.input, req.headers, { fileCallback })`:
 * `/blackhole` only hashes the file (SHA-256), `/temporary` also writes it to
 * a temporary file, `/no-factory` uses the default temporary files. The page
 * reports size, time, speed and the SHA-256. (The Python `/no-factory` always
 * answered 400 because it never counted the bytes read; fixed here.)
 *
 * Run: `npx tsx examples/large-file.ts` (serves on 127.0.0.1:$PORT, default 8080).
 * @module
 */
import { createHash } from 'node:crypto';
import {
  Application,
  type DiskFile,
  FieldStorageParser,
  type FileCallback,
  type FileSink,
  HTTP_BAD_REQUEST,
  HTTPException,
  METHOD_GET_POST,
  type Request,
  type TempFiles,
} from 'poorwsgi';
import { isMain, serveExample } from './run-direct.ts';

/** A sink that only counts and hashes what it is given. */
export class Blackhole implements FileSink {
  uploaded = 0;
  readonly #hash = createHash('sha256');

  write(data: Uint8Array): number {
    this.uploaded += data.byteLength;
    this.#hash.update(data);
    return data.byteLength;
  }

  /** The SHA-256 of the file, in hex. */
  hexdigest(): string {
    return this.#hash.copy().digest('hex');
  }
}

/** A sink that hashes the file and writes it to one of the request's temporary files. */
export class Temporary implements FileSink {
  uploaded = 0;
  readonly #hash = createHash('sha256');
  readonly #file: DiskFile;

  private constructor(file: DiskFile) {
    this.#file = file;
  }

  static async create(tempFiles: TempFiles): Promise<Temporary> {
    return new Temporary(await tempFiles.create());
  }

  async write(data: Uint8Array): Promise<void> {
    this.#hash.update(data);
    await this.#file.write(data);
    this.uploaded += data.byteLength;
  }

  close(): Promise<void> {
    return this.#file.close();
  }

  abort(): Promise<void> {
    return this.#file.remove();
  }

  readSync(): Uint8Array {
    return this.#file.readSync();
  }

  /** Bytes written: the form's synchronous getters refuse a large file and name the async API. */
  get size(): number {
    return this.uploaded;
  }

  /** The content, read without blocking. */
  read(): Promise<Uint8Array> {
    return this.#file.read();
  }

  /** The SHA-256 of the file, in hex. */
  hexdigest(): string {
    return this.#hash.copy().digest('hex');
  }
}

type Factory = ((req: Request) => FileCallback) | null;

function checkLength(req: Request): void {
  if (req.contentLength <= 0)
    throw new HTTPException(HTTP_BAD_REQUEST, { error: 'Missing content length or no content' });
}

/** The factory of `/blackhole`: a {@link Blackhole} per file. */
function blackholeFactory(req: Request): FileCallback {
  checkLength(req);
  return () => new Blackhole();
}

/** The factory of `/temporary`: a {@link Temporary} per file. */
function temporaryFactory(req: Request): FileCallback {
  checkLength(req);
  return () => Temporary.create(req.tempFiles);
}

/** PoorWSGI's `hbytes`: a size for people. */
function hbytes(value: number): [number, string] {
  const units = ['', 'k', 'M', 'G', 'T', 'P'];
  let unit = 0;
  while (value > 1000 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return [value, units[unit]!];
}

async function htmlForm(app: Application, req: Request, name: string, factory: Factory): Promise<string> {
  let stats = '';
  if (req.method === 'POST') {
    const start = performance.now();
    const parser = new FieldStorageParser(req.input, req.headers, {
      keepBlankValues: app.keepBlankValues,
      strictParsing: app.strictParsing,
      fileCallback: factory === null ? null : factory(req),
      // this page is for large files: no upload limit here (the default is 100 MiB);
      // a route parsed automatically raises it with withBody({ uploadLimit, maxFileSize }, handler)
      uploadLimit: Number.POSITIVE_INFINITY,
      maxFileSize: Number.POSITIVE_INFINITY,
    });
    const form = await parser.parse();
    const bytesRead = parser.bytesRead;
    let hexdigest = '';
    const file = form.field('file')?.file ?? null;
    // the default temporary files are not hashed (PoorWSGI shows no checksum there either)
    if (file instanceof Blackhole || file instanceof Temporary) hexdigest = file.hexdigest();
    const end = (performance.now() - start) / 1000;
    const size = hbytes(bytesRead);
    const speed = hbytes(bytesRead / end);
    stats = `Upload: ${size[0].toFixed(2)}${size[1]} in ${end}s -> ${speed[0].toFixed(2)}${speed[1]}ps SHA256: ${hexdigest}`;
    app.logger.info(stats);
    if (bytesRead !== req.contentLength) {
      app.logger.error('File uploading not complete');
      throw new HTTPException(HTTP_BAD_REQUEST, { error: 'File uploading not complete' });
    }
  }
  return `
    <html>
      <head>
        <meta http-equiv="content-type" content="text/html; charset=utf-8"/>
        <title>Upload form for ${name}</title>
        <style>
          body {width:90%; max-width:900px; margin:auto; padding-top:30px;}
          h1 {text-align: center; color: #707070;}
        </style>
      </head>
      <body>
        <a href="/">/</a>
        <h1>Upload form for ${name}</h1>
        <form method="post" enctype="multipart/form-data">
          <input type="file" name="file"/>
          <input type="submit" value="Send"/>
        </form>
        <pre>${stats}</pre>
        <hr>
        <small>Copyright (c) 2021 Ondřej Tůma. See
          <a href="http://poorhttp.zeropage.cz">poorhttp.zeropage.cz</a>
        </small>
      </body>
    </html>`;
}

const INDEX = `<html>
      <head>
        <meta http-equiv="content-type" content="text/html; charset=utf-8"/>
        <title>Large File Upload Example</title>
        <style>
          body {width:90%; max-width:900px; margin:auto; padding-top:30px;}
          h1 {text-align: center; color: #707070;}
        </style>
      </head>
      <body>
        <h1>Large File Upload Example</h1>
        <ul>
          <li><a href="/blackhole">Blackhole file callback</a></li>
          <li><a href="/temporary">Temporary file callback</a></li>
          <li><a href="/no-factory">No Formfield</a></li>
        </ul>
        <hr>
        <small>Copyright (c) 2021 Ondřej Tůma. See
          <a href="http://poorhttp.zeropage.cz">poorhttp.zeropage.cz</a>
        </small>
      </body>
    </html>
    `;

/** A new large-file upload application. */
export function createApp(): Application {
  const app = new Application('large_file');
  app.debug = true;
  app.autoForm = false;

  app.route('/blackhole', (req: Request) => htmlForm(app, req, 'blackhole_factory', blackholeFactory), METHOD_GET_POST);
  app.route('/temporary', (req: Request) => htmlForm(app, req, 'temporary_factory', temporaryFactory), METHOD_GET_POST);
  app.route('/no-factory', (req: Request) => htmlForm(app, req, 'original_factory', null), METHOD_GET_POST);
  app.route('/', () => INDEX);

  return app;
}

if (isMain(import.meta.url)) await serveExample(createApp());
