/*
 * PoorWSGI's `valid_boundary`: `^[ -~]{0,200}[!-~]$`, i.e. 1 to 201 printable
 * ASCII characters, the last one not a space. RFC 2046 §5.1.1 is stricter
 * (70 characters of `bchars`); browsers stay well inside both.
 */
const BOUNDARY = /^[ -~]{0,200}[!-~]$/;

/**
 * Whether `boundary` is a usable multipart boundary (PoorWSGI's
 * `valid_boundary`): 1 to 201 printable ASCII characters, not ending in a
 * space. Bytes are checked as latin-1 characters, one per byte.
 * @example
 * validBoundary('----WebKitFormBoundaryMPRpF8CUUmlmqKqy'); // true
 * validBoundary('');                                       // false
 * validBoundary('x'.repeat(202));                          // false
 */
export function validBoundary(boundary: string | Uint8Array): boolean {
  const text = typeof boundary === 'string' ? boundary : Buffer.from(boundary).toString('latin1');
  return BOUNDARY.test(text);
}
