/**
 * The pipelining bound as a unit: fake sockets and responses (event emitters
 * with the fields Node's server sets), no network.
 * @module
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, test } from 'node:test';
import { startExchange } from '../../../src/server/pipelining.ts';

class FakeSocket extends EventEmitter {
  destroyed = false;
  _paused = false;
  paused = 0;
  resumed = 0;
  parserResumed = 0;
  readonly parser = { resume: () => this.parserResumed++ };
  pause(): this {
    this.paused++;
    return this;
  }
  resume(): this {
    this.resumed++;
    return this;
  }
}

class FakeResponse extends EventEmitter {
  /** Node leaves a queued response without a socket until its turn. */
  socket: FakeSocket | null = null;
  destroyed = false;
  writableFinished = false;
  destroy(): this {
    this.destroyed = true;
    return this;
  }
  /** What Node does when a response is done: finish, then close. */
  finishNormally(): void {
    this.writableFinished = true;
    this.destroyed = true;
    this.emit('close');
  }
}

function exchange(socket: FakeSocket): { req: IncomingMessage; res: FakeResponse } {
  return { req: { socket } as unknown as IncomingMessage, res: new FakeResponse() };
}

function setup(limit: number) {
  const socket = new FakeSocket();
  const started: FakeResponse[] = [];
  const start = (_req: IncomingMessage, res: ServerResponse) => started.push(res as unknown as FakeResponse);
  const send = () => {
    const { req, res } = exchange(socket);
    startExchange(req, res as unknown as ServerResponse, limit, start);
    return res;
  };
  return { socket, started, send };
}

describe('startExchange: responses queued behind another on one connection', () => {
  test('a response that has the connection starts at once, with no bookkeeping', () => {
    const socket = new FakeSocket();
    const { req, res } = exchange(socket);
    res.socket = socket;
    let started = 0;
    startExchange(req, res as unknown as ServerResponse, 1, () => started++);
    assert.equal(started, 1);
    assert.equal(socket.listenerCount('close'), 0);
  });

  test('past the limit, exchanges wait unhandled and the connection is paused; each one done starts the next', () => {
    const { socket, started, send } = setup(2);
    const sent = [send(), send(), send(), send()];
    assert.deepEqual(started, sent.slice(0, 2));
    assert.equal(socket._paused, true);
    assert.equal(socket.paused, 1);
    sent[0]?.finishNormally();
    assert.deepEqual(started, sent.slice(0, 3));
    assert.equal(socket.resumed, 0, 'still one waiting');
    sent[1]?.finishNormally();
    assert.deepEqual(started, sent);
    // nothing waits any more: the connection is read again, as Node resumes it
    assert.equal(socket._paused, false);
    assert.equal(socket.resumed, 1);
    assert.equal(socket.parserResumed, 1);
  });

  test('the connection closing destroys the queued responses in progress (with close) and never starts the waiting ones', () => {
    const { socket, started, send } = setup(1);
    const [first, second] = [send(), send()];
    let closes = 0;
    first.on('close', () => closes++);
    socket.destroyed = true;
    socket.emit('close');
    assert.equal(first.destroyed, true);
    assert.equal(closes, 1);
    assert.deepEqual(started, [first]);
    assert.equal(second.destroyed, false, 'never started, nothing to release');
    // a request parsed after the close is not started either
    send();
    assert.deepEqual(started, [first]);
  });

  test('a response already finished when the connection closes is left to Node (no second close)', () => {
    const { socket, send } = setup(1);
    const res = send();
    res.writableFinished = true;
    let closes = 0;
    res.on('close', () => closes++);
    socket.emit('close');
    assert.equal(closes, 0);
    assert.equal(res.destroyed, false);
  });
});
