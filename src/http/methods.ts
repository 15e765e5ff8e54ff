/**
 * HTTP method bit flags, as in PoorWSGI's `state` module.
 * @module
 */

export const METHOD_HEAD = 1;
export const METHOD_GET = 2;
export const METHOD_POST = 4;
export const METHOD_PUT = 8;
export const METHOD_DELETE = 16;
export const METHOD_TRACE = 32;
export const METHOD_OPTIONS = 64;
export const METHOD_CONNECT = 128;
export const METHOD_PATCH = 256;
/** `HEAD | GET | POST` */
export const METHOD_GET_POST = METHOD_HEAD | METHOD_GET | METHOD_POST;
/** Every supported method (511). */
export const METHOD_ALL = 511;

/** Method name to flag. Methods not in this table are answered with 501. */
export const METHODS: ReadonlyMap<string, number> = new Map<string, number>([
  ['HEAD', METHOD_HEAD],
  ['GET', METHOD_GET],
  ['POST', METHOD_POST],
  ['PUT', METHOD_PUT],
  ['DELETE', METHOD_DELETE],
  ['TRACE', METHOD_TRACE],
  ['OPTIONS', METHOD_OPTIONS],
  ['CONNECT', METHOD_CONNECT],
  ['PATCH', METHOD_PATCH],
]);

/** `[name, flag]` pairs sorted by flag value. */
export const SORTED_METHODS: ReadonlyArray<readonly [string, number]> = [...METHODS].sort((a, b) => a[1] - b[1]);

/**
 * The flag of a method name, or 0 for a method the server does not implement.
 * Method names are case-sensitive (RFC 9110 §9.1).
 */
export function methodFlag(method: string): number {
  // a switch, not METHODS.get(): Node's method strings are internalized, so
  // each case is a pointer compare, where a Map lookup hashes (bench/micro `request`)
  switch (method) {
    case 'GET':
      return METHOD_GET;
    case 'POST':
      return METHOD_POST;
    case 'HEAD':
      return METHOD_HEAD;
    case 'PUT':
      return METHOD_PUT;
    case 'DELETE':
      return METHOD_DELETE;
    case 'PATCH':
      return METHOD_PATCH;
    case 'OPTIONS':
      return METHOD_OPTIONS;
    case 'TRACE':
      return METHOD_TRACE;
    case 'CONNECT':
      return METHOD_CONNECT;
    default:
      return 0;
  }
}

/**
 * The names of the methods in a mask, in flag order.
 * @example methodNames(METHOD_GET_POST) // ['HEAD', 'GET', 'POST']
 */
export function methodNames(mask: number): string[] {
  const names: string[] = [];
  for (const [name, flag] of SORTED_METHODS) if (mask & flag) names.push(name);
  return names;
}

/**
 * Human form of a mask: `ALL`, or names joined with `" | "`.
 * @example humanMethods(METHOD_HEAD | METHOD_GET) // 'HEAD | GET'
 */
export function humanMethods(mask: number): string {
  if (mask === METHOD_ALL) return 'ALL';
  return methodNames(mask).join(' | ');
}

/**
 * Flags of a mask, one by one, in flag order.
 * @example methodFlags(METHOD_GET_POST) // [1, 2, 4]
 */
export function methodFlags(mask: number): number[] {
  const flags: number[] = [];
  for (const [, flag] of SORTED_METHODS) if (mask & flag) flags.push(flag);
  return flags;
}
