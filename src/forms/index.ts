/**
 * Forms: query arguments, urlencoded bodies and the containers handlers read
 * them from (`Args`, `FieldStorage`, `EmptyForm`).
 * @module
 */

// kept here too, where PoorWSGI users look for them next to the form parsers
export { decodeUtf8 } from '../http/bytes.ts';
export { unquote, unquotePlus } from '../http/percent.ts';
export { Args } from './args.ts';
export { DiskFile, type DiskFileOptions } from './disk-file.ts';
export { EmptyForm } from './empty-form.ts';
export type { FieldValue } from './field-storage.ts';
export { FieldStorage } from './field-storage.ts';
export { type Converter, FieldStorageInterface } from './field-storage-interface.ts';
export {
  FieldStorageParser,
  type FieldStorageParserOptions,
  type FormHeaders,
  type FormInput,
} from './field-storage-parser.ts';
export type { FileCallback, FileSink, PartInfo } from './file-sink.ts';
export { type FileStorageOptions, fileStorage, MAX_FILENAME_BYTES, safeFilename } from './file-storage.ts';
export { KeyError } from './key-error.ts';
export {
  DEFAULT_MULTIPART_LIMITS,
  MULTIPART_LIMIT_NAMES,
  type MultipartLimits,
  resolveMultipartLimits,
} from './multipart-limits.ts';
export { type MultipartHandler, MultipartParser } from './multipart-parser.ts';
export { type Disposition, decodeExtValue, parseDisposition, parsePartHeaders } from './part-headers.ts';
export { DEFAULT_MAX_FIELDS, DEFAULT_MAX_NAME_LENGTH, type ParseOptions, parseQsl } from './query.ts';
export { TempFiles } from './temp-files.ts';
export { parseUrlencodedForm, URLENCODED_MIME_TYPE } from './urlencoded.ts';
export { validBoundary } from './valid-boundary.ts';
