/**
 * A response whose data is read after it was made: a port of PoorWSGI's
 * `examples/response_closed.py`, route for route.
 *
 * In PoorWSGI 2.7 a `Response`'s body was a buffer closed once the response
 * had been sent, so reading `res.data` late failed with "I/O operation on
 * closed file" (fixed in 2.8.0: an empty body and a warning). Here the body
 * is bytes in memory: `res.data` reads the same whenever it is read, before
 * the response is returned, in an after-hook, or after it was sent.
 *
 * - `/test`: a plain `Response`.
 * - `/test-after-response`: reads `res.data` before returning the response.
 * - an after-hook reads `res.data` of every response (its size goes to the log).
 *
 * Run: `npx tsx examples/response-closed.ts` (serves on 127.0.0.1:$PORT, default 8080).
 * @module
 */
import { Application, type BaseResponse, type Request, Response } from 'poorwsgi';
import { isMain, serveExample } from './run-direct.ts';

/** A new application of the example. */
export function createApp(): Application {
  const app = new Application('response_closed');

  app.route('/test', () => new Response('Hello world', { contentType: 'text/plain; charset=utf-8' }));

  app.route('/test-after-response', () => {
    const res = new Response('Hello world', { contentType: 'text/plain; charset=utf-8' });
    // read before it is returned: the same bytes are sent afterwards
    app.logger.info(`data before return: ${res.data.byteLength} bytes`);
    return res;
  });

  app.afterResponse((req: Request, res: BaseResponse) => {
    app.logger.info(`${req.path}: ${res.data.byteLength} bytes of data after the handler`);
    return res;
  });

  return app;
}

if (isMain(import.meta.url)) await serveExample(createApp());
