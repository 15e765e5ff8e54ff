/**
 * The variables the `/debug-info` page lists: the server's (PoorWSGI's
 * "Poor Request variables"), the options with secrets masked, and the
 * request's environment (what a WSGI environ holds, and the process).
 * @module
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { inspect } from 'node:util';
import type { Request } from '../request/request.ts';

/** Name and value rows. */
export type Variables = Array<[name: string, value: string]>;

/** The options whose values are secrets: the page says whether they are set, never what they are. */
export const SECRET_OPTIONS: ReadonlySet<string> = new Set(['secretKey', 'authMap']);

let packageVersion: string | undefined;

/** The package's version, from its package.json (two folders up from src/debug or dist/debug). */
export function poorwsgiVersion(): string {
  if (packageVersion === undefined) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
        version?: unknown;
      };
      packageVersion = typeof pkg.version === 'string' ? pkg.version : 'unknown';
    } catch {
      packageVersion = 'unknown';
    }
  }
  return packageVersion;
}

/** A value as one line of text: strings as they are, functions by name, the rest as `util.inspect` shows it. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'function') return `${value.name || '(anonymous)'}()`;
  if (typeof value === 'object' && value !== null) {
    const ctor = (value as { constructor?: { name?: unknown } }).constructor?.name;
    // a logger or a store: what it is matters, its insides do not (and may be large)
    if (typeof ctor === 'string' && ctor !== 'Object' && ctor !== 'Array' && !Array.isArray(value)) {
      return inspect(value, { depth: 1, breakLength: Number.POSITIVE_INFINITY, maxArrayLength: 20 });
    }
  }
  return inspect(value, { depth: 3, breakLength: Number.POSITIVE_INFINITY, maxArrayLength: 50 });
}

/** The server's variables, as PoorWSGI's page lists them (the secret key only as set or not). */
export function serverVariables(req: Request, name: string, o: Readonly<Record<string, unknown>>): Variables {
  return [
    ['Application', name],
    ['Debug', String(o.debug)],
    ['Version', `poorwsgi ${poorwsgiVersion()}`],
    ['Node.js', `${process.version} (${process.platform} ${process.arch})`],
    ['Server Software', req.serverSoftware],
    ['Server Hostname', hostname()],
    ['Server Port', String(req.serverPort)],
    ['Server Scheme', req.scheme],
    ['HTTP Host', req.host],
    ['Server Admin', req.serverAdmin],
    ['Forwarded For', req.forwardedFor ?? ''],
    ['Forwarded Host', req.forwardedHost ?? ''],
    ['Forwarded Proto', req.forwardedProto ?? ''],
    ['Document Root', String(o.documentRoot ?? '')],
    ['Document Index', String(o.documentIndex)],
    ['Secret Key', o.secretKey === null || o.secretKey === undefined ? 'not set' : 'set (not shown)'],
  ];
}

/** Every option, sorted by name, secrets masked. */
export function optionVariables(o: Readonly<Record<string, unknown>>): Variables {
  return Object.keys(o)
    .sort()
    .map((name): [string, string] => [name, SECRET_OPTIONS.has(name) ? secretState(o[name]) : describeValue(o[name])]);
}

/** Whether a secret is set: never what it is. */
function secretState(value: unknown): string {
  if (value === null || value === undefined) return 'not set';
  if (
    typeof value === 'object' &&
    Object.keys(value).length === 0 &&
    typeof (value as { find?: unknown }).find !== 'function'
  ) {
    return 'empty';
  }
  return 'set (not shown)';
}

/** The request's environment: what a WSGI server's environ would hold, and the process. */
export function requestEnvironment(req: Request): Variables {
  const raw = req.raw;
  const socket = raw.socket as { localAddress?: string; remotePort?: number; localPort?: number } | undefined;
  return [
    ['REQUEST_METHOD', req.method],
    ['REQUEST_URI', req.target],
    ['PATH_INFO', req.path],
    ['QUERY_STRING', req.query],
    ['SERVER_PROTOCOL', req.protocol],
    ['REMOTE_ADDR', req.remoteAddr ?? ''],
    ['REMOTE_PORT', String(socket?.remotePort ?? '')],
    ['SERVER_ADDR', socket?.localAddress ?? ''],
    ['SERVER_PORT', String(req.serverPort)],
    ['wsgi.url_scheme', req.scheme],
    ['REQUEST_STARTTIME', String(req.startTime)],
    ['os.pid', String(process.pid)],
    ['os.ppid', String(process.ppid)],
    ...(typeof process.getuid === 'function'
      ? ([
          ['os.uid', String(process.getuid())],
          ['os.euid', String(process.geteuid?.() ?? '')],
          ['os.gid', String(process.getgid?.() ?? '')],
          ['os.egid', String(process.getegid?.() ?? '')],
        ] as Array<[string, string]>)
      : []),
    ['os.cwd', process.cwd()],
    ['process.argv', process.argv.join(' ')],
    ['process.execArgv', process.execArgv.join(' ')],
    ['process.uptime', `${process.uptime().toFixed(1)} s`],
    ['process.memoryUsage.rss', `${(process.memoryUsage.rss() / 1048576).toFixed(1)} MiB`],
  ];
}
