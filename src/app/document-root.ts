/**
 * The document root: files served for GET and HEAD when no route matches.
 *
 * The request path is normalised once, here, from `req.path` (which is
 * percent-decoded exactly once): `//` collapses, `.` and `..` segments
 * resolve (never above the root), and a path holding a backslash, a NUL or
 * an encoded `/` or `\` in the raw target is refused. The real path of the
 * file (symlinks resolved) must then lie inside the real path of the root.
 * @module
 */
import { realpath, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { HTTPException } from '../errors/http-exception.ts';
import { HTTP_FORBIDDEN } from '../http/status.ts';
import type { Request } from '../request/request.ts';
import type { BaseResponse } from '../response/base-response.ts';
import { FileResponse } from '../response/file-response.ts';
import { directoryIndex } from '../results/directory-index.ts';

/** What the document root holds for a request path. */
export type DocumentTarget =
  | { readonly kind: 'file'; readonly path: string; readonly uri: string }
  | { readonly kind: 'directory'; readonly path: string; readonly uri: string; readonly isRoot: boolean }
  /** It exists inside the root but cannot be served (a FIFO, a socket, an unreadable entry). */
  | { readonly kind: 'forbidden'; readonly uri: string }
  /** Nothing to serve: missing, refused, or outside the root. */
  | { readonly kind: 'missing' };

const MISSING: DocumentTarget = Object.freeze({ kind: 'missing' });
/** `%2F` and `%5C`: a decoded `/` or `\` would not be the segment separator the client meant. */
const ENCODED_SEPARATOR = /%2f|%5c/i;

/**
 * Normalise a decoded request path for the file system, once: `undefined`
 * when it must not be served at all.
 * @param path the decoded path (`req.path`)
 * @param rawTarget the request target as sent (`req.target`), checked for encoded separators
 * @example
 * normalizeDocumentPath('/a//b/./../c', '/a//b/./../c'); // '/a/c'
 * normalizeDocumentPath('/../../etc/passwd', '/../../etc/passwd'); // '/etc/passwd' (inside the root)
 * normalizeDocumentPath('/a/b', '/a%2Fb'); // undefined
 */
export function normalizeDocumentPath(path: string, rawTarget: string): string | undefined {
  const query = rawTarget.indexOf('?');
  const rawPath = query === -1 ? rawTarget : rawTarget.slice(0, query);
  if (ENCODED_SEPARATOR.test(rawPath)) return undefined;
  if (!path.startsWith('/') || path.includes('\\') || path.includes('\0')) return undefined;
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join('/')}`;
}

/** True when a path can only name a directory: it ends with `/` or with a `.` or `..` segment. */
function asksDirectory(path: string): boolean {
  return path.endsWith('/') || path.endsWith('/.') || path.endsWith('/..');
}

function inside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
}

/**
 * Find what the document root `root` holds for the request's path.
 * A relative root is resolved from the current working directory.
 */
export async function findDocument(root: string, req: Request): Promise<DocumentTarget> {
  const uri = normalizeDocumentPath(req.path, req.target);
  if (uri === undefined) return MISSING;
  // hidden files and folders (`.git/`, `.env`) are never served, as the listing never shows them
  if (uri.includes('/.')) return MISSING;
  let rootReal: string;
  let real: string;
  try {
    rootReal = await realpath(resolve(root));
    real = await realpath(`${rootReal}${uri === '/' ? '' : uri}`);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'EACCES' ? { kind: 'forbidden', uri } : MISSING;
  }
  // a symlink may point anywhere: only what really lies under the root is served
  if (!inside(rootReal, real)) return MISSING;
  let stats: Awaited<ReturnType<typeof stat>>;
  try {
    stats = await stat(real);
  } catch {
    return MISSING;
  }
  // `/file.txt/` asks for a directory: a file there is not found, as the file system says (ENOTDIR)
  if (stats.isFile()) return asksDirectory(req.path) ? MISSING : { kind: 'file', path: real, uri };
  if (stats.isDirectory()) return { kind: 'directory', path: real, uri, isRoot: real === rootReal };
  return { kind: 'forbidden', uri };
}

/**
 * The response for a document found under the root: the file (with the
 * request's conditions and ranges applied by the pipeline), the listing of
 * a directory when `index` is on, else 403.
 * @throws HTTPException 403 (a directory without index, a special file), 404 (removed meanwhile)
 */
export async function documentResponse(req: Request, target: DocumentTarget, index: boolean): Promise<BaseResponse> {
  if (target.kind === 'file') return new FileResponse(target.path);
  if (target.kind === 'directory' && index) {
    return directoryIndex(req, { path: target.path, uri: target.uri, parent: !target.isRoot });
  }
  throw new HTTPException(HTTP_FORBIDDEN);
}
