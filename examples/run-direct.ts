/**
 * Shared start-up of the examples: `npx tsx examples/<name>.ts` serves the
 * example on 127.0.0.1:$PORT (default 8080).
 * @module
 */
import { pathToFileURL } from 'node:url';
import type { Application } from 'poorwsgi';
import { serverPort } from 'poorwsgi';

/** True when `moduleUrl` is the script node was started with. */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && pathToFileURL(script).href === moduleUrl;
}

/** Listen on 127.0.0.1:$PORT (default 8080) and say where. */
export async function serveExample(app: Application): Promise<void> {
  const port = Number(process.env.PORT ?? 8080);
  const server = await app.listen({ host: '127.0.0.1', port });
  console.log(`Starting to serve on http://127.0.0.1:${serverPort(server)}`);
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
