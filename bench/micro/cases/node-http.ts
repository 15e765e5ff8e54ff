/**
 * What a `node:http` listener pays per request before any framework code:
 * Node's own request and response objects, and the listeners poorwsgi's
 * `handleNode` adds to them (two `error` listeners, `finished(res)` for the
 * cleanup of temporary files).
 * @module
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { finished } from 'node:stream';
import type { BenchCase } from '../harness.ts';

function ignore(): void {}

/** The node:http cases. */
export function nodeHttpCases(): BenchCase[] {
  const socket = new Socket();
  const make = () => {
    const req = new IncomingMessage(socket);
    return { req, res: new ServerResponse(req) };
  };
  const cases: Array<[string, () => unknown]> = [
    ['new IncomingMessage + ServerResponse (every case below includes it)', () => make().res],
    [
      "+ res.on('error') + req.on('error')",
      () => {
        const { req, res } = make();
        res.on('error', ignore);
        req.on('error', ignore);
        return res;
      },
    ],
    [
      '+ finished(res, cb)',
      () => {
        const { res } = make();
        finished(res, ignore);
        return res;
      },
    ],
    [
      '+ both, as Application.handleNode does',
      () => {
        const { req, res } = make();
        res.on('error', ignore);
        req.on('error', ignore);
        finished(res, ignore);
        return res;
      },
    ],
  ];
  return cases.map(([name, fn]) => ({ group: 'node:http', name, fn }));
}
