/**
 * Where HTTP Digest authentication finds a user's HA1: the application's
 * `authMap`, a plain record by realm and user (as PoorWSGI's dictionary of
 * dictionaries) or any object with `find(realm, user)` (`PasswordMap`).
 * @module
 */

/** Anything that finds HA1 (`H(user:realm:password)`, hexadecimal) by realm and user name. */
export interface PasswordLookup {
  /** The HA1 of `user` in `realm`, or `null`/`undefined` when there is no such user. */
  find(realm: string, user: string): string | null | undefined;
}

/**
 * The users of Digest authentication: `{ [realm]: { [user]: HA1 } }`, or a
 * {@link PasswordLookup} such as `PasswordMap`.
 * @example app.authMap = { 'User Zone': { user: hexdigest('user', 'User Zone', 'looser') } };
 */
export type AuthMap = Readonly<Record<string, Readonly<Record<string, string>>>> | PasswordLookup;

/** Whether `map` is a {@link PasswordLookup} (a record's realm named `find` holds an object, not a function). */
function isLookup(map: AuthMap): map is PasswordLookup {
  return typeof (map as { find?: unknown }).find === 'function';
}

/**
 * The HA1 of `user` in `realm`, or `undefined`. A record is read through its
 * own properties only, so that a user named `constructor` or `__proto__`
 * finds nothing of `Object.prototype`; anything but a non-empty string is no HA1.
 */
export function findHA1(map: AuthMap, realm: string, user: string): string | undefined {
  let found: unknown;
  if (isLookup(map)) {
    found = map.find(realm, user);
  } else if (Object.hasOwn(map, realm)) {
    const users: unknown = map[realm];
    if (typeof users === 'object' && users !== null && Object.hasOwn(users, user)) {
      found = (users as Record<string, unknown>)[user];
    }
  }
  return typeof found === 'string' && found !== '' ? found : undefined;
}

/**
 * Whether `value` can be an {@link AuthMap}: an object with a `find`
 * method, or a plain object (a literal, or of a null prototype) whose every
 * own value is an object (a realm's users). A `Map` or an array is neither:
 * its entries are no properties, so nobody would ever be found.
 */
export function isAuthMap(value: unknown): value is AuthMap {
  // an array has a find method too, of another meaning
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (typeof (value as { find?: unknown }).find === 'function') return true;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value).every((users) => typeof users === 'object' && users !== null);
}
