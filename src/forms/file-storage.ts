import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { HTTPException } from '../errors/http-exception.ts';
import { HTTP_BAD_REQUEST, HTTP_CONFLICT } from '../http/status.ts';
import { DiskFile } from './disk-file.ts';
import type { FileCallback } from './file-sink.ts';

/**
 * Longest name, in UTF-8 bytes, that {@link safeFilename} gives: 255 bytes
 * (the `NAME_MAX` of ext4, XFS, btrfs and most other file systems) less
 * room for a suffix a caller may add (`.part`, `-1`, `.tmp`).
 */
export const MAX_FILENAME_BYTES = 255 - 16;

/** How a shortened name stays unique: `~` and eight hex digits of the SHA-256 of the whole name. */
const HASH_BYTES = 9;
/** An extension longer than this is not kept apart when a name is shortened. */
const MAX_EXTENSION_BYTES = 16;

/** The longest start of `text` of at most `bytes` UTF-8 bytes, never cutting a character in two. */
function truncateUtf8(text: string, bytes: number): string {
  let used = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (used + size > bytes) break;
    used += size;
    end += char.length;
  }
  return text.slice(0, end);
}

/**
 * A name of at most {@link MAX_FILENAME_BYTES} UTF-8 bytes: a longer one is
 * cut, its extension kept, and `~` and a hash of the whole name inserted, so
 * that two long names that start alike still give two names.
 */
function shorten(name: string): string {
  if (Buffer.byteLength(name, 'utf8') <= MAX_FILENAME_BYTES) return name;
  const hash = `~${createHash('sha256')
    .update(name)
    .digest('hex')
    .slice(0, HASH_BYTES - 1)}`;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && Buffer.byteLength(name.slice(dot), 'utf8') <= MAX_EXTENSION_BYTES ? name.slice(dot) : '';
  const stem = name.slice(0, name.length - extension.length);
  const room = MAX_FILENAME_BYTES - HASH_BYTES - Buffer.byteLength(extension, 'utf8');
  return `${truncateUtf8(stem, room)}${hash}${extension}`;
}

/**
 * The last path segment of a client's file name, safe to join to a
 * directory: `/` and `\` both separate (old browsers send full Windows
 * paths), control characters are dropped, `.`, `..` or nothing give `''`,
 * and a name longer than {@link MAX_FILENAME_BYTES} UTF-8 bytes is
 * shortened (extension kept, a hash of the whole name added), so that no
 * file system refuses it as too long.
 * @example
 * safeFilename('C:\\Users\\me\\photo.jpg'); // 'photo.jpg'
 * safeFilename('../../etc/passwd');          // 'passwd'
 * safeFilename('..');                        // ''
 * safeFilename(`${'a'.repeat(300)}.txt`);    // 'aaa…a~1f2e3d4c.txt' (239 bytes)
 */
export function safeFilename(filename: string): string {
  const base = filename.slice(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
  const clean = base.replace(/[\x00-\x1f\x7f]/g, '').trim();
  return clean === '.' || clean === '..' ? '' : shorten(clean);
}

/** Options of {@link fileStorage}. */
export interface FileStorageOptions {
  /**
   * Permission bits of the stored files.
   * @default 0o600
   */
  mode?: number;
}

/** `fs` errors that a client's file name can cause, as the client's fault: a 400. */
const BAD_NAME = new Set(['ENAMETOOLONG', 'EINVAL', 'EILSEQ', 'EISDIR', 'ENOTDIR']);

/**
 * A `fileCallback` that stores each uploaded file as
 * `<directory>/<safeFilename(filename)>` and keeps it (PoorWSGI's
 * `StorageFactory` example): the directory is made when missing, an
 * existing file is never overwritten, and a file whose upload fails is
 * removed. The field's `file` is the {@link DiskFile}; its value reads the
 * stored file back.
 * @throws HTTPException (from the callback, which stops the parse) 409 when a
 *   file of that name exists; 400 for a name with nothing left after
 *   {@link safeFilename} or one the file system refuses. Other `fs` errors
 *   (the directory not writable, the disk full) are the server's and pass through.
 * @example
 * app.fileCallback = fileStorage('./upload');
 * // in the handler: (req.form.item('file_0') as FieldStorage).file.path === './upload/photo.jpg'
 */
export function fileStorage(directory: string, options: FileStorageOptions = {}): FileCallback {
  return async (filename) => {
    const name = safeFilename(filename);
    if (name === '') throw new HTTPException(HTTP_BAD_REQUEST, { error: `Bad file name: ${JSON.stringify(filename)}` });
    await mkdir(directory, { recursive: true });
    try {
      return await DiskFile.create(join(directory, name), { mode: options.mode ?? 0o600, temporary: false });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (code === 'EEXIST') {
        throw new HTTPException(HTTP_CONFLICT, {
          error: `A file named ${JSON.stringify(name)} is already in the upload directory`,
        });
      }
      if (BAD_NAME.has(code)) {
        throw new HTTPException(HTTP_BAD_REQUEST, { error: `Bad file name: ${JSON.stringify(filename)} (${code})` });
      }
      throw err;
    }
  };
}
