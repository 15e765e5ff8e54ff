import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { HTTPException } from '../errors/http-exception.ts';
import { HTTP_BAD_REQUEST } from '../http/status.ts';
import { DiskFile } from './disk-file.ts';
import type { FileCallback } from './file-sink.ts';

/**
 * The last path segment of a client's file name, safe to join to a
 * directory: `/` and `\` both separate (old browsers send full Windows
 * paths), control characters are dropped, and `.`, `..` or nothing give `''`.
 * @example
 * safeFilename('C:\\Users\\me\\photo.jpg'); // 'photo.jpg'
 * safeFilename('../../etc/passwd');          // 'passwd'
 * safeFilename('..');                        // ''
 */
export function safeFilename(filename: string): string {
  const base = filename.slice(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
  const clean = base.replace(/[\x00-\x1f\x7f]/g, '').trim();
  return clean === '.' || clean === '..' ? '' : clean;
}

/** Options of {@link fileStorage}. */
export interface FileStorageOptions {
  /**
   * Permission bits of the stored files.
   * @default 0o600
   */
  mode?: number;
}

/**
 * A `fileCallback` that stores each uploaded file as
 * `<directory>/<safeFilename(filename)>` and keeps it (PoorWSGI's
 * `StorageFactory` example): the directory is made when missing, an
 * existing file is never overwritten (the `EEXIST` error stops the parse),
 * and a file whose upload fails is removed. The field's `file` is the
 * {@link DiskFile}; its value reads the stored file back.
 * @throws HTTPException 400 (from the callback) for a file name with nothing left after {@link safeFilename}
 * @example
 * app.fileCallback = fileStorage('./upload');
 * // in the handler: (req.form.item('file_0') as FieldStorage).file.path === './upload/photo.jpg'
 */
export function fileStorage(directory: string, options: FileStorageOptions = {}): FileCallback {
  return async (filename) => {
    const name = safeFilename(filename);
    if (name === '') throw new HTTPException(HTTP_BAD_REQUEST, { error: `Bad file name: ${JSON.stringify(filename)}` });
    await mkdir(directory, { recursive: true });
    return DiskFile.create(join(directory, name), { mode: options.mode ?? 0o600, temporary: false });
  };
}
