/**
 * Built-in state handlers: the pages for 304, 400, 401, 403, 404, 405, 500 and 501,
 * and the directory listing of the document root.
 * @module
 */

export { type DirectoryIndexOptions, directoryIndex, hbytes } from './directory-index.ts';
export { type ErrorFormat, type PageFormat, pageFormat } from './error-format.ts';
export { errorText, footer, page, safePath } from './page.ts';
export * from './state-extra.ts';
export * from './state-handlers.ts';
