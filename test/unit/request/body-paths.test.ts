/**
 * The two ways a request body is read agree: the callback collector of the
 * node:http hot path (`collectBody`, small bodies of known length) and the
 * streaming reader (`BodyReader`, everything else) give the same bytes for
 * the same events, and the same error when the client goes away first.
 * @module
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, test } from 'node:test';
import { HTTPException } from '../../../src/errors/http-exception.ts';
import { BodyReader, type EventedBody } from '../../../src/request/body-reader.ts';
import { collectBodyAsync } from '../../../src/request/collect-body.ts';
import type { RawRequest } from '../../../src/request/raw-request.ts';

/** What the client does: chunks of the body, then the end of it or a closed connection. */
type Script = readonly (string | 'END' | 'CLOSE')[];

/** An IncomingMessage as far as the readers see it, played from a script one event per turn. */
class ScriptedBody extends EventEmitter {
  readonly method = 'POST';
  readonly url = '/';
  readonly headers = {};
  complete = false;
  readableEnded = false;
  destroyed = false;

  constructor(script: Script) {
    super();
    void this.#play(script);
  }

  pause(): this {
    return this;
  }

  resume(): this {
    return this;
  }

  async #play(script: Script): Promise<void> {
    for (const step of script) {
      await new Promise((resolve) => setImmediate(resolve));
      if (step === 'END') {
        this.complete = true;
        this.readableEnded = true;
        this.emit('end');
        this.emit('close');
      } else if (step === 'CLOSE') {
        this.destroyed = true;
        this.emit('aborted');
        this.emit('close');
      } else {
        this.emit('data', Buffer.from(step, 'latin1'));
      }
    }
  }
}

type Outcome = { bytes: string } | { status: number; error: unknown };

function outcome(promise: Promise<Uint8Array>): Promise<Outcome> {
  return promise.then(
    (body) => ({ bytes: Buffer.from(body).toString('latin1') }),
    (err: unknown) => {
      assert.ok(err instanceof HTTPException, String(err));
      return { status: err.statusCode, error: err.extra.error };
    },
  );
}

async function streamed(raw: RawRequest): Promise<Uint8Array> {
  const reader = new BodyReader(raw, 0);
  const chunks: Uint8Array[] = [];
  for (let chunk = await reader.next(); chunk !== null; chunk = await reader.next()) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const SCRIPTS: readonly [what: string, script: Script][] = [
  ['an empty body', ['END']],
  ['one chunk', ['{"a":1}', 'END']],
  ['several chunks', ['{"a"', ':', '[1,2', ',3]}', 'END']],
  ['bytes that are not UTF-8', ['\xff\xfe\x00', '\x80', 'END']],
  ['a client gone before the end', ['{"a"', 'CLOSE']],
  ['a client gone before any byte', ['CLOSE']],
];

describe('collectBody and BodyReader give the same result for the same body', () => {
  for (const [what, script] of SCRIPTS) {
    test(what, async () => {
      const collected = await outcome(collectBodyAsync(new ScriptedBody(script) as unknown as EventedBody, 0));
      const read = await outcome(streamed(new ScriptedBody(script) as unknown as RawRequest));
      assert.deepEqual(collected, read);
      if (script.includes('CLOSE')) assert.equal((collected as { status: number }).status, 400);
      else assert.equal((collected as { bytes: string }).bytes, script.filter((s) => s !== 'END').join(''));
    });
  }
});
