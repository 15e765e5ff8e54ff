/**
 * WebDAV-like uploads with PUT: a port of PoorWSGI's `examples/put_file.py`.
 *
 * `PUT /blackhole/<filename>` reads the body in `app.cachedSize` blocks with
 * `req.read(n)` and only hashes it; `PUT /temporary/<filename>` also writes
 * it to a temporary file (removed when the request ends). Both answer
 * `{"uploaded": <bytes>, "checksum": <sha256>, "filename": <filename>}`.
 * Chunked bodies (no Content-Length) are read with `req.readChunk()`, and the
 * last byte is not dropped (the Python loop stops one byte short).
 *
 * Run: `npx tsx examples/put-file.ts` (serves on 127.0.0.1:$PORT, default 8080).
 * @module
 */
import { createHash, type Hash } from 'node:crypto';
import { Application, type DiskFile, JSONResponse, METHOD_PUT, type Request } from 'poorwsgi';
import { isMain, serveExample } from './run-direct.ts';

/** Read the whole body block by block, handing each block to `sink`. */
async function readBody(app: Application, req: Request, sink: (block: Buffer) => unknown): Promise<number> {
  let uploaded = 0;
  const length = req.contentLength;
  if (length > 0) {
    for (let left = length; left > 0; left = length - uploaded) {
      const block = await req.read(Math.min(app.cachedSize, left));
      if (block.length === 0) break;
      uploaded += block.length;
      await sink(block);
    }
  } else if (req.isChunked) {
    for (let block = await req.readChunk(); block.length > 0; block = await req.readChunk()) {
      uploaded += block.length;
      await sink(block);
    }
  }
  return uploaded;
}

function answer(uploaded: number, checksum: Hash, filename: string): JSONResponse {
  return JSONResponse.fromFields({ uploaded, checksum: checksum.digest('hex'), filename }, { statusCode: 200 });
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
          <input type="file" name="file"/>
        <ul>
          <li><a href="#blackhole" id="blackhole"/>Blackhole</a>
          <li><a href="#temporary" id="temporary"/>Temporary</a>
        </ul>
        <hr>
        <small>Copyright (c) 2021 Ondřej Tůma. See
          <a href="http://poorhttp.zeropage.cz">poorhttp.zeropage.cz</a>
        </small>
        <script>
          function upload(path){
            let file = document.querySelector('input[type=file]').files[0];
            if (file === undefined) {
                alert("No file selected.");
                return;
            }

            let ajax = new XMLHttpRequest();
            ajax.open("PUT", path+file.name, true);
            ajax.onload = function (ev) {
              alert(ajax.response);
            };

            const reader = new FileReader();
            reader.onload = function(e) {
                const blob = new Blob([new Uint8Array(e.target.result)],
                                      {type: file.type });
                ajax.send(blob);
            };
            reader.readAsArrayBuffer(file);
          }

          let blackhole = document.getElementById('blackhole');
          blackhole.addEventListener('click', function(event){
            upload('/blackhole/');
          });

          let temporary = document.getElementById('temporary');
          temporary.addEventListener('click', function(event){
            upload('/temporary/');
          });
        </script>
      </body>
    </html>
    `;

/** A new PUT upload application. */
export function createApp(): Application {
  const app = new Application('large_file');
  app.debug = true;

  app.route(
    '/blackhole/<filename>',
    async (req: Request, filename: string) => {
      const checksum = createHash('sha256');
      const uploaded = await readBody(app, req, (block) => checksum.update(block));
      return answer(uploaded, checksum, filename);
    },
    METHOD_PUT,
  );

  app.route(
    '/temporary/<filename>',
    async (req: Request, filename: string) => {
      const checksum = createHash('sha256');
      let temp: DiskFile | null = null;
      const uploaded = await readBody(app, req, async (block) => {
        temp ??= await req.tempFiles.create();
        checksum.update(block);
        await temp.write(block);
      });
      // the request's temporary files are removed when the response is finished
      await (temp as DiskFile | null)?.close();
      return answer(uploaded, checksum, filename);
    },
    METHOD_PUT,
  );

  app.route('/', () => INDEX);

  return app;
}

if (isMain(import.meta.url)) await serveExample(createApp());
