/**
 * No stack trace reaches a client unless debug mode is on. Every route of
 * every example is swept with a throwing variant of its handler (one that
 * throws, one that rejects), on a real socket, with debug off: the answer is
 * a 500 that says nothing of the error; with debug on, the same request
 * shows the trace (so the check can fail).
 * @module
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApp as aesSession } from '../../examples/aes-session.ts';
import { createApp as largeFile } from '../../examples/large-file.ts';
import { createApp as metrics } from '../../examples/metrics.ts';
import { createApp as poorSession } from '../../examples/poor-session.ts';
import { createApp as putFile } from '../../examples/put-file.ts';
import { createApp as responseClosed } from '../../examples/response-closed.ts';
import { createApp as session } from '../../examples/session.ts';
import { createApp as simple } from '../../examples/simple.ts';
import { createApp as simpleJson } from '../../examples/simple-json.ts';
import { type Application, METHOD_GET, METHOD_POST, METHOD_PUT } from '../../src/index.ts';
import { quietLogger, start } from '../helpers/serve.ts';

/** A value for each filter the examples use, distinct enough that each route matches its own sample. */
const SAMPLES: Readonly<Record<string, string>> = {
  uuid: '01234567-89ab-cdef-0123-456789abcdef',
  int: '7',
  float: '1.5',
  word: 'w',
  email: 'a@b.c',
  hex: 'ff',
  're:.*': 'a/b',
  '': 'x',
};

/** A concrete path for a route rule: each `<name:filter>` replaced by the filter's sample. */
function samplePath(rule: string): string {
  return rule.replace(/<\w+(?::([^>]*))?>/g, (_, filter: string | undefined) => {
    const sample = SAMPLES[filter ?? ''];
    assert.ok(sample !== undefined, `no sample for the filter ${String(filter)} of ${rule}`);
    return sample;
  });
}

const METHODS: readonly [flag: number, name: string][] = [
  [METHOD_GET, 'GET'],
  [METHOD_POST, 'POST'],
  [METHOD_PUT, 'PUT'],
];

interface Target {
  rule: string;
  method: string;
  path: string;
}

/** Replace every route's handlers with throwing ones (odd routes reject instead); the requests that reach them. */
function throwingVariant(app: Application): Target[] {
  const targets: Target[] = [];
  const routes: [rule: string, flags: number[], regular: boolean][] = [
    ...[...app.routes].map(([rule, handlers]): [string, number[], boolean] => [rule, [...handlers.keys()], false]),
    ...app.regularRoutes.map((r): [string, number[], boolean] => [r.rule, [...r.handlers.keys()], true]),
  ];
  routes.forEach(([rule, flags], index) => {
    const handler =
      index % 2 === 0
        ? () => {
            throw new TypeError(`secret detail of ${rule}`);
          }
        : async () => {
            await Promise.resolve();
            throw new RangeError(`secret detail of ${rule}`);
          };
    const mask = flags.reduce((all, flag) => all | flag, 0);
    app.route(rule, handler, mask);
    const method = METHODS.find(([flag]) => mask & flag);
    assert.ok(method !== undefined, `${rule} answers none of GET, POST, PUT`);
    targets.push({ rule, method: method[1], path: samplePath(rule) });
  });
  return targets;
}

const EXAMPLES: readonly [name: string, make: () => Application][] = [
  ['simple', () => simple()],
  ['simple-json', simpleJson],
  ['large-file', largeFile],
  ['put-file', putFile],
  ['metrics', metrics],
  ['response-closed', responseClosed],
  ['session', () => session()],
  ['poor-session', () => poorSession()],
  ['aes-session', () => aesSession()],
];

/** Signs of a stack trace or of the error's own words in a page. */
const LEAKS = [/\bat \S+ \(/, /\bat file:\/\//, /secret detail/, /TypeError|RangeError/, /\.ts:\d+/];

describe('no stack trace reaches a client unless debug mode is on', () => {
  for (const [name, make] of EXAMPLES) {
    test(`examples/${name}.ts: every route, throwing`, async () => {
      for (const debug of [false, true]) {
        const app = make();
        app.debug = debug;
        app.logger = quietLogger();
        const targets = throwingVariant(app);
        assert.ok(targets.length > 0);
        const srv = await start(app);
        try {
          for (const { rule, method, path } of targets) {
            const res = await fetch(`${srv.url}${path}`, {
              method,
              ...(method === 'GET' ? {} : { body: '{}', headers: { 'Content-Type': 'application/json' } }),
            });
            const body = await res.text();
            assert.equal(res.status, 500, `${method} ${path} (${rule})`);
            if (debug) {
              assert.match(body, /secret detail/, `${method} ${path}: debug mode shows the error`);
              assert.match(body, /\bat /, `${method} ${path}: debug mode shows the trace`);
            } else {
              for (const leak of LEAKS) assert.doesNotMatch(body, leak, `${method} ${path} (${rule})`);
            }
          }
        } finally {
          await srv.close();
        }
      }
    });
  }
});
