/**
 * Which media types are worth compressing: text and structured text, not
 * formats that are compressed already (images but SVG and BMP/ICO, video,
 * audio, archives, PDF, WOFF fonts), whose size a second coding does not
 * reduce and whose CPU it wastes.
 * @module
 */

/** Types outside `text/*` and the `+json`/`+xml` suffixes that compress well. */
const COMPRESSIBLE: ReadonlySet<string> = new Set([
  'application/json',
  'application/javascript',
  'application/ecmascript',
  'application/x-javascript',
  'application/xml',
  'application/x-ndjson',
  'application/jsonl',
  'application/yaml',
  'application/x-yaml',
  'application/toml',
  'application/graphql',
  'application/sql',
  'application/x-www-form-urlencoded',
  'application/rtf',
  'application/x-sh',
  'application/wasm',
  'application/vnd.ms-fontobject',
  'application/x-font-ttf',
  'font/ttf',
  'font/otf',
  'font/collection',
  'image/bmp',
  'image/x-icon',
  'image/vnd.microsoft.icon',
]);

/**
 * The default `filter` of the `compression` option: `text/*`, every
 * `+json`, `+xml` and `+yaml` type (RFC 6839: `application/problem+json`,
 * `image/svg+xml`, `application/atom+xml`), JSON, JavaScript, XML, YAML,
 * WebAssembly, uncompressed fonts (TTF, OTF, EOT) and BMP/ICO images.
 * @param mediaType the type without parameters, in lower case
 * @example
 * isCompressible('application/vnd.api+json'); // true
 * isCompressible('image/png'); // false
 */
export function isCompressible(mediaType: string): boolean {
  return (
    mediaType.startsWith('text/') ||
    mediaType.endsWith('+json') ||
    mediaType.endsWith('+xml') ||
    mediaType.endsWith('+yaml') ||
    COMPRESSIBLE.has(mediaType)
  );
}
