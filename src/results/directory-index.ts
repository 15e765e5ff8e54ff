import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { timeToHttp } from '../http/dates.ts';
import { htmlEscape } from '../http/html.ts';
import { guessMimeType } from '../http/mime-types.ts';
import type { Request } from '../request/request.ts';
import type { BaseResponse } from '../response/base-response.ts';
import { Response } from '../response/response.ts';
import { footer, pageStyle } from './page.ts';

/** What {@link directoryIndex} lists. */
export interface DirectoryIndexOptions {
  /** The directory on disk. */
  readonly path: string;
  /** Its URL path (normalised, decoded), from which the links are made. */
  readonly uri: string;
  /** Add a `..` link (false at the document root). @default true */
  readonly parent?: boolean;
}

const UNITS = ['', 'k', 'M', 'G', 'T', 'P'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/**
 * A size for people, as PoorWSGI's `hbytes`: divided by 1024 while it is over 1000.
 * @example hbytes(1024); // [1, 'k']
 */
export function hbytes(value: number): [number, string] {
  let unit = 0;
  while (value > 1000 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return [value, UNITS[unit] as string];
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `%d-%b-%Y %H:%M` in UTC. */
function listingDate(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** The link to `name` under `uri`, each segment percent-encoded: names may hold `?`, `#` or `%`. */
function href(uri: string, name: string, directory: boolean): string {
  const segments = uri.split('/').filter((s) => s !== '');
  if (name === '..') segments.pop();
  else segments.push(name);
  const path = segments.map(encodeURIComponent).join('/');
  return path === '' ? '/' : `/${path}${directory ? '/' : ''}`;
}

interface Entry {
  readonly name: string;
  readonly directory: boolean;
  readonly size: number;
  readonly mtimeMs: number;
}

async function entries(path: string): Promise<Entry[]> {
  const names = (await readdir(path)).filter((name) => !name.startsWith('.') && !name.endsWith('~'));
  const found = await Promise.all(
    names.map(async (name): Promise<Entry | undefined> => {
      const full = join(path, name);
      try {
        const stats = await stat(full);
        if (!stats.isFile() && !stats.isDirectory()) return undefined;
        // what cannot be read cannot be served: PoorWSGI does not list it either
        await access(full, constants.R_OK);
        return { name, directory: stats.isDirectory(), size: stats.size, mtimeMs: stats.mtimeMs };
      } catch {
        return undefined;
      }
    }),
  );
  return found.filter((entry): entry is Entry => entry !== undefined).sort((a, b) => (a.name < b.name ? -1 : 1));
}

/**
 * A directory listing (PoorWSGI's `directory_index`, without its bug 1: a
 * 200 `text/html; charset=utf-8` page with `Last-Modified`). Hidden names
 * (`.x`), backups (`x~`), special files and unreadable entries are left out;
 * names and links are escaped.
 * @throws the `fs` error when the directory cannot be read (the application answers 500)
 */
export async function directoryIndex(req: Request, options: DirectoryIndexOptions): Promise<BaseResponse> {
  const { path, uri, parent = true } = options;
  const dirStats = await stat(path);
  const list = await entries(path);
  const title = `Index of ${htmlEscape(uri)}`;
  const rows: string[] = [];
  if (parent) {
    rows.push(
      `   <tr><td><a href="${htmlEscape(href(uri, '..', true))}">..</a></td><td></td><td>-</td><td>Directory</td></tr>`,
    );
  }
  for (const entry of list) {
    const name = entry.directory ? `${entry.name}/` : entry.name;
    const link = href(uri, entry.name, entry.directory);
    const [size, unit] = hbytes(entry.size);
    const columns = [
      `<a href="${htmlEscape(link)}">${htmlEscape(name)}</a>`,
      listingDate(entry.mtimeMs),
      entry.directory ? '-' : `${size.toFixed(1)}${unit}`,
      entry.directory ? 'Directory' : htmlEscape(guessMimeType(entry.name)),
    ];
    rows.push(`   <tr>${columns.map((c) => `<td>${c}</td>`).join('')}</tr>`);
  }
  const software = req.debug ? `  <small><i>${htmlEscape(req.serverSoftware)}</i></small>\n` : '';
  const html = `<!DOCTYPE html>
<html>
 <head>
  <title>${title}</title>
  <meta http-equiv="content-type" content="text/html; charset=utf-8"/>
${pageStyle(
  'table {width: 100%; border-collapse: collapse;}',
  'th, td {text-align: left; padding: 2px 10px;}',
  'tr:nth-child(even) {background: #f0f0f0;}',
)}
 </head>
 <body>
  <h1>${title}</h1>
  <table>
   <tr><th>Name</th><th>Last Modified</th><th>Size</th><th>Type</th></tr>
${rows.join('\n')}
  </table>
${footer(req)}
${software} </body>
</html>`;
  const response = new Response(html, 'text/html; charset=utf-8');
  response.headers.set('Last-Modified', timeToHttp(dirStats.mtimeMs / 1000));
  return response;
}
