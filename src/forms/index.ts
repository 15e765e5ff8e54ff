/**
 * Forms: query arguments, urlencoded bodies and the containers handlers read
 * them from (`Args`, `FieldStorage`, `EmptyForm`).
 * @module
 */
export { Args } from './args.ts';
export { EmptyForm } from './empty-form.ts';
export { FieldStorage } from './field-storage.ts';
export { type Converter, FieldStorageInterface } from './field-storage-interface.ts';
export { KeyError } from './key-error.ts';
export { DEFAULT_MAX_FIELDS, DEFAULT_MAX_NAME_LENGTH, type ParseOptions, parseQsl } from './query.ts';
export { decodeUtf8, unquote, unquotePlus } from './unquote.ts';
export { parseUrlencodedForm, URLENCODED_MIME_TYPE } from './urlencoded.ts';
