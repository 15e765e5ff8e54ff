/**
 * The WebSocket benchmark: poorwsgi's `app.websocket()` against `ws` used
 * bare on `node:http`, in the same run, rounds interleaved, each server a
 * fresh process.
 *
 * - echo round trips per second: `CLIENTS` clients, each sending a short
 *   text message and waiting for its echo before the next, for `SECONDS`
 *   after a warm-up;
 * - memory per idle socket: the server's RSS and heap after garbage
 *   collection, before and after `IDLE` sockets are opened (and left idle),
 *   divided by `IDLE`.
 *
 * Prints each round and the medians, and the ratios poorwsgi / bare.
 * Run: `node --import tsx bench/websocket/run.ts` (env ROUNDS, SECONDS,
 * CLIENTS, IDLE). 10,000 idle sockets need `ulimit -n` above 10,000 in both
 * processes.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SECONDS = Number(process.env.SECONDS ?? 3);
const CLIENTS = Number(process.env.CLIENTS ?? 8);
const IDLE = Number(process.env.IDLE ?? 10_000);
const SERVER = fileURLToPath(new URL('server.ts', import.meta.url));
const KINDS = ['bare', 'poorwsgi'] as const;
type Kind = (typeof KINDS)[number];

interface Server {
  readonly child: ChildProcess;
  readonly port: number;
  mem(): Promise<{ rss: number; heap: number; external: number }>;
}

async function startServer(kind: Kind): Promise<Server> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', SERVER, kind], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  let wake: (() => void) | undefined;
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    out += text;
    wake?.();
  });
  const next = async (pattern: RegExp): Promise<RegExpExecArray> => {
    for (;;) {
      const match = pattern.exec(out);
      if (match) {
        out = out.slice(match.index + match[0].length);
        return match;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  const port = Number((await next(/port (\d+)\n/))[1]);
  return {
    child,
    port,
    async mem() {
      child.stdin?.write('mem\n');
      const m = await next(/mem (\d+) (\d+) (\d+)\n/);
      return { rss: Number(m[1]), heap: Number(m[2]), external: Number(m[3]) };
    },
  };
}

async function open(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await once(ws, 'open');
  return ws;
}

/** Round trips per second over `CLIENTS` sequential ping-pong clients. */
async function echo(port: number): Promise<number> {
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => open(`ws://127.0.0.1:${port}/echo`)));
  let count = 0;
  let running = true;
  const loops = clients.map(async (ws) => {
    while (running) {
      const reply = once(ws, 'message');
      ws.send('hello, echo');
      await reply;
      count += 1;
    }
  });
  // warm-up, then the timed window
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const start = count;
  const t0 = process.hrtime.bigint();
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  const done = count - start;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  running = false;
  await Promise.all(loops);
  for (const ws of clients) ws.terminate();
  return done / seconds;
}

/** Bytes per idle socket: server memory after `IDLE` open sockets minus before, over `IDLE`. */
async function idle(server: Server): Promise<{ rss: number; heap: number; external: number }> {
  const before = await server.mem();
  const sockets: WebSocket[] = [];
  for (let i = 0; i < IDLE; i += 500) {
    const batch = Math.min(500, IDLE - i);
    sockets.push(
      ...(await Promise.all(Array.from({ length: batch }, () => open(`ws://127.0.0.1:${server.port}/echo`)))),
    );
  }
  const after = await server.mem();
  for (const ws of sockets) ws.terminate();
  return {
    rss: (after.rss - before.rss) / IDLE,
    heap: (after.heap - before.heap) / IDLE,
    external: (after.external - before.external) / IDLE,
  };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const results: Record<Kind, { echo: number[]; rss: number[]; heap: number[] }> = {
  bare: { echo: [], rss: [], heap: [] },
  poorwsgi: { echo: [], rss: [], heap: [] },
};
for (let round = 1; round <= ROUNDS; round++) {
  // alternate which contender goes first, so that neither always gets the cooler machine
  const order = round % 2 === 1 ? KINDS : ([...KINDS].reverse() as Kind[]);
  for (const kind of order) {
    const server = await startServer(kind);
    const rate = await echo(server.port);
    const mem = await idle(server);
    server.child.kill();
    await once(server.child, 'exit');
    results[kind].echo.push(rate);
    results[kind].rss.push(mem.rss);
    results[kind].heap.push(mem.heap);
    console.log(
      `round ${round} ${kind.padEnd(8)} echo ${rate.toFixed(0)} round trips/s, per idle socket: ` +
        `RSS ${(mem.rss / 1024).toFixed(2)} KiB, heap ${(mem.heap / 1024).toFixed(2)} KiB`,
    );
  }
}
const summary = (kind: Kind) => ({
  echo: median(results[kind].echo),
  rss: median(results[kind].rss),
  heap: median(results[kind].heap),
});
const bare = summary('bare');
const poor = summary('poorwsgi');
console.log(`\nmedians of ${ROUNDS} rounds, ${CLIENTS} echo clients for ${SECONDS} s, ${IDLE} idle sockets`);
console.log('| | echo round trips/s | RSS per idle socket | heap per idle socket |');
console.log('| --- | --- | --- | --- |');
for (const [name, s] of [
  ['ws on node:http', bare],
  ['poorwsgi app.websocket()', poor],
] as const) {
  console.log(
    `| ${name} | ${s.echo.toFixed(0)} | ${(s.rss / 1024).toFixed(2)} KiB | ${(s.heap / 1024).toFixed(2)} KiB |`,
  );
}
console.log(
  `| poorwsgi / ws | ${(poor.echo / bare.echo).toFixed(3)} | ${(poor.rss / bare.rss).toFixed(3)} | ${(poor.heap / bare.heap).toFixed(3)} |`,
);
