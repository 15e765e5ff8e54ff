/**
 * `poorwsgi serve --workers 2` under a steady stream of requests: a worker
 * killed with SIGKILL loses exactly the requests it had in flight and is
 * replaced; SIGTERM to the primary mid-stream lets every request a worker
 * had accepted finish, and the command exits 0.
 *
 * Every request is a `/hold`: its worker answers its pid at once and the
 * rest when the client ends the body. Around the kill and the SIGTERM, no
 * new request starts and every one in flight is held at the pid: so the
 * test knows, without a clock, which worker has each request in flight.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type HoldResult, hold, SERVE_FIXTURE, ServeProcess } from '../helpers/serve-process.ts';

/** Client loops, each one request after another. */
const CONCURRENCY = 6;

/** A steady stream of `/hold` requests that can be frozen with every request in flight held. */
class Load {
  readonly results: Array<HoldResult & { readonly id: number }> = [];
  /** Requests in flight: their pid once known, and whether they wait at the gate. */
  readonly inFlight = new Map<number, { pid: number | null; held: boolean }>();
  #gate: { promise: Promise<void>; open: () => void } | null = null;
  #waiters: Array<() => void> = [];
  #nextId = 0;
  #running = true;
  readonly #loops: Promise<void>[] = [];

  constructor(
    readonly port: number,
    /** Stop a loop at its first failure (the server is going away). */
    private stopOnFailure = false,
  ) {
    for (let i = 0; i < CONCURRENCY; i++) this.#loops.push(this.#loop());
  }

  #wake(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }

  /** Resolve when `condition` holds (checked at every change). */
  async until(condition: () => boolean): Promise<void> {
    while (!condition()) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  async #loop(): Promise<void> {
    while (this.#running) {
      if (this.#gate) {
        await this.#gate.promise;
        continue;
      }
      const id = this.#nextId++;
      const entry = { pid: null as number | null, held: false };
      this.inFlight.set(id, entry);
      const result = await hold(
        this.port,
        async () => {
          const gate = this.#gate;
          if (gate === null) return;
          entry.held = true;
          this.#wake();
          await gate.promise;
          entry.held = false;
        },
        (pid) => {
          entry.pid = pid;
        },
      );
      this.inFlight.delete(id);
      this.results.push({ ...result, id });
      this.#wake();
      if (!result.ok && this.stopOnFailure) this.#running = false;
    }
  }

  /** Stop starting requests and wait until every request in flight is held with its worker's pid; them. */
  async freeze(): Promise<Map<number, number>> {
    let open = () => {};
    const promise = new Promise<void>((resolve) => {
      open = resolve;
    });
    this.#gate = { promise, open };
    await this.until(() => [...this.inFlight.values()].every((entry) => entry.held));
    return new Map([...this.inFlight].map(([id, entry]) => [id, entry.pid as number]));
  }

  /** Let the held requests finish and new ones start. */
  thaw(): void {
    const gate = this.#gate;
    this.#gate = null;
    gate?.open();
  }

  /** From now on, stop each loop at its first failure. */
  stopAtFailure(): void {
    this.stopOnFailure = true;
  }

  /** Stop the loops and wait for them. */
  async stop(): Promise<void> {
    this.#running = false;
    this.thaw();
    await Promise.all(this.#loops);
  }

  /** Wait for the loops to end by themselves (each at a failure). */
  async ended(): Promise<void> {
    await Promise.all(this.#loops);
  }

  /** Successful requests so far. */
  get successes(): number {
    return this.results.filter((r) => r.ok).length;
  }
}

describe('poorwsgi serve --workers 2 under load', () => {
  test('a killed worker loses only its requests in flight and is replaced; SIGTERM lets every accepted request finish', async () => {
    const serve = new ServeProcess([SERVE_FIXTURE, '--port', '0', '--workers', '2']);
    let load: Load | undefined;
    try {
      const port = await serve.port();
      load = new Load(port);
      const current = load;
      await current.until(() => new Set(current.results.filter((r) => r.ok).map((r) => r.pid)).size === 2);
      const firstPids = new Set(current.results.map((r) => r.pid));
      assert.equal(current.results.filter((r) => !r.ok).length, 0, 'no failure before the kill');

      // the kill: every request in flight is held by a known worker
      const held = await current.freeze();
      const byPid = new Map<number, number[]>();
      for (const [id, pid] of held) byPid.set(pid, [...(byPid.get(pid) ?? []), id]);
      const [victim, victimIds] = [...byPid].sort((a, b) => b[1].length - a[1].length)[0] as [number, number[]];
      assert.ok(firstPids.has(victim));
      const before = current.results.length;
      process.kill(victim, 'SIGKILL');
      await serve.waitFor(new RegExp(`worker ${victim} exited on SIGKILL: restarting in \\d+ ms`));
      await current.until(() => current.results.length >= before + victimIds.length);
      current.thaw();
      await serve.waitFor(/worker (\d+) started/);
      // a new worker answers, and the stream goes on
      await current.until(() => current.results.some((r) => r.ok && r.pid !== null && !firstPids.has(r.pid)));
      const afterKill = current.successes;
      await current.until(() => current.successes >= afterKill + 20);

      const failed = current.results.filter((r) => !r.ok);
      assert.deepEqual(
        failed.map((r) => r.id).sort((a, b) => a - b),
        [...victimIds].sort((a, b) => a - b),
        `only the killed worker's ${victimIds.length} requests in flight failed: ${JSON.stringify(failed)}`,
      );
      assert.ok(failed.every((r) => r.pid === victim));
      const survivors = [...held].filter(([, pid]) => pid !== victim).map(([id]) => id);
      for (const id of survivors)
        assert.ok(current.results.find((r) => r.id === id)?.ok, `held request ${id} finished`);
      const pidsNow = new Set(
        current.results
          .filter((r) => r.ok)
          .slice(-20)
          .map((r) => r.pid),
      );
      assert.ok(!pidsNow.has(victim));

      // SIGTERM mid-stream: the requests in flight are held, then let go once the primary has the signal
      const phase = current.results.length;
      const inFlight = await current.freeze();
      assert.ok(inFlight.size > 0);
      current.stopAtFailure();
      serve.child.kill('SIGTERM');
      await serve.waitFor(/SIGTERM: stopping 2 worker\(s\)/);
      current.thaw();
      await current.ended();
      assert.equal(await serve.exited, 0, serve.err);
      const late = current.results.slice(phase);
      for (const id of inFlight.keys()) {
        assert.ok(late.find((r) => r.id === id)?.ok, `request ${id}, in flight at SIGTERM, finished`);
      }
      for (const result of late) {
        if (result.pid !== null) assert.ok(result.ok, `accepted by worker ${result.pid}, it finished: ${result.error}`);
        else
          assert.match(result.error ?? '', /^(ECONNREFUSED|ECONNRESET|EPIPE)$/, 'a request never accepted was refused');
      }
    } finally {
      await load?.stop();
      serve.kill();
      await serve.exited;
    }
  });
});
