/**
 * `PasswordMap`: the users of HTTP Digest authentication by realm, read from
 * and written to an Apache `htdigest` file, one `user:realm:HA1` line each.
 * An application's `authMap` can be one, since it has `find(realm, user)`.
 * @module
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PasswordLookup } from '../crypto/auth-map.ts';
import { ERROR_CODES } from '../errors/codes.ts';
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';

/** One user of a {@link PasswordMap}. */
export interface PasswordEntry {
  readonly realm: string;
  readonly user: string;
  /** HA1, `H(user:realm:password)` in lowercase hexadecimal (see `hexdigest`). */
  readonly digest: string;
}

/** HA1 of MD5 (32 digits) or SHA-256 (64 digits); upper case is read and stored as lower case. */
const HA1 = /^(?:[0-9a-f]{32}|[0-9a-f]{64})$/i;
/** What would end a line of the file. */
const LINE_BREAK = /[\r\n]/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Why `user`, `realm` or `digest` cannot be a line of an htdigest file, or
 * `null`. The user name ends at the first `:` of a line and HA1 starts after
 * the last, so only the realm may contain `:`.
 */
function entryProblem(realm: string, user: string, digest: string): string | null {
  if (user === '') return 'the user name is empty';
  if (user.includes(':')) return `the user name ${JSON.stringify(user)} contains ':'`;
  if (LINE_BREAK.test(user)) return `the user name ${JSON.stringify(user)} contains a line break`;
  if (LINE_BREAK.test(realm)) return `the realm ${JSON.stringify(realm)} contains a line break`;
  if (!HA1.test(digest)) return `${JSON.stringify(digest)} is not an HA1 (32 or 64 hexadecimal digits)`;
  return null;
}

/** SHA-256 of a string: equal-length inputs for `timingSafeEqual`, whatever was given. */
function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * The users of HTTP Digest authentication, by realm: the HA1 of each, never a
 * password. Loaded from and written to an Apache `htdigest` file (UTF-8, one
 * `user:realm:HA1` line per user), the format of `htdigest` and of
 * `poorwsgi digest`.
 *
 * The file is read and written synchronously: it is small, and is read when
 * the application starts and written by the command line or, rarely, by a
 * handler that changes a password.
 * @example
 * const users = new PasswordMap(new URL('./users.digest', import.meta.url)).load();
 * app.secretKey = randomBytes(32);
 * app.authType = 'Digest';
 * app.authMap = users;
 * users.set('User Zone', 'bfu', hexdigest('bfu', 'User Zone', 'secret'));
 * users.write(); // atomically: a reader sees the old file or the new one
 */
export class PasswordMap implements PasswordLookup, Iterable<PasswordEntry> {
  /** The htdigest file of {@link load} and {@link write}, `null` for a map kept in memory only. */
  pathname: string | null;
  /** realm → user → HA1, in the order they were first set (the order {@link write} keeps). */
  #realms = new Map<string, Map<string, string>>();

  /** @param pathname the htdigest file (a path or a `file:` URL); none for a map in memory only */
  constructor(pathname: string | URL | null = null) {
    this.pathname = pathname instanceof URL ? fileURLToPath(pathname) : pathname;
  }

  /** How many users, in all realms. */
  get size(): number {
    let size = 0;
    for (const users of this.#realms.values()) size += users.size;
    return size;
  }

  /**
   * Add `user` to `realm`, or change its HA1.
   * @param digest HA1, `hexdigest(user, realm, password)`
   * @throws PoorWSGIError `PW_ERR_PASSWORD_ENTRY` for an empty user name, one
   *   with `:`, a line break in either name, or a digest that is not 32 or 64
   *   hexadecimal digits: the file could not hold them
   */
  set(realm: string, user: string, digest: string): this {
    const problem = entryProblem(realm, user, digest);
    if (problem !== null) {
      throw new PoorWSGIError(ERROR_CODES.PW_ERR_PASSWORD_ENTRY, `PasswordMap.set(): ${problem}`);
    }
    this.#put(this.#realms, realm, user, digest.toLowerCase());
    return this;
  }

  /** Remove `user` from `realm`; whether it was there. */
  delete(realm: string, user: string): boolean {
    const users = this.#realms.get(realm);
    if (users === undefined || !users.delete(user)) return false;
    if (users.size === 0) this.#realms.delete(realm);
    return true;
  }

  /** The HA1 of `user` in `realm`, or `null` when there is no such user. */
  find(realm: string, user: string): string | null {
    return this.#realms.get(realm)?.get(user) ?? null;
  }

  /**
   * Whether `user` of `realm` has the HA1 `digest`. The comparison takes the
   * same time whatever the digests, so that its timing tells nothing of the
   * stored one.
   */
  verify(realm: string, user: string, digest: string): boolean {
    const found = this.find(realm, user);
    const same = timingSafeEqual(sha256(found ?? ''), sha256(digest.toLowerCase()));
    return same && found !== null;
  }

  /** Every user: realm by realm, in the order they were first set or read. */
  *entries(): IterableIterator<PasswordEntry> {
    for (const [realm, users] of this.#realms) {
      for (const [user, digest] of users) yield { realm, user, digest };
    }
  }

  /** The same as {@link entries}. */
  [Symbol.iterator](): IterableIterator<PasswordEntry> {
    return this.entries();
  }

  /**
   * Read the file of {@link pathname}, replacing what the map held: a user
   * deleted from the file is gone after a reload. Empty lines are skipped;
   * nothing changes when the file cannot be read or has a bad line.
   * @throws PoorWSGIError `PW_ERR_PASSWORD_PATH` without a pathname;
   *   `PW_ERR_PASSWORD_LINE` for a line that is not UTF-8 or not
   *   `user:realm:HA1`, or a user listed twice in one realm (the message
   *   names the file and line); Node's `ENOENT` and other file-system errors as they are
   */
  load(): this {
    const pathname = this.#pathname('load');
    const bytes = readFileSync(pathname);
    const realms = new Map<string, Map<string, string>>();
    const seen = new Map<string, number>();
    let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    for (let number = 1; start < bytes.length; number += 1) {
      let end = bytes.indexOf(0x0a, start);
      if (end === -1) end = bytes.length;
      const line = this.#decode(bytes.subarray(start, end), pathname, number).trim();
      start = end + 1;
      if (line === '') continue;
      const bad = (why: string) => new PoorWSGIError(ERROR_CODES.PW_ERR_PASSWORD_LINE, `${pathname}:${number}: ${why}`);
      const first = line.indexOf(':');
      const last = line.lastIndexOf(':');
      if (first === last) throw bad('expected user:realm:HA1');
      const user = line.slice(0, first);
      const realm = line.slice(first + 1, last);
      const digest = line.slice(last + 1);
      const problem = entryProblem(realm, user, digest);
      if (problem !== null) throw bad(problem);
      const key = `${realm}\n${user}`;
      const before = seen.get(key);
      if (before !== undefined) {
        throw bad(`user ${JSON.stringify(user)} of realm ${JSON.stringify(realm)} is already on line ${before}`);
      }
      seen.set(key, number);
      this.#put(realms, realm, user, digest.toLowerCase());
    }
    this.#realms = realms;
    return this;
  }

  /**
   * Write the map to the file of {@link pathname}, atomically: into a new
   * file in the same folder, flushed to disk, then renamed over the old one,
   * so that a reader (another process, a crash half-way) sees the old file or
   * the new one, never a part. The file keeps its permissions; a new file is
   * readable by its owner only (`0600`), since an HA1 is enough to log in
   * with Digest. A symbolic link stays a link: the file it points to is replaced.
   * @throws PoorWSGIError `PW_ERR_PASSWORD_PATH` without a pathname; Node's
   *   file-system errors as they are (the temporary file is removed)
   */
  write(): void {
    let pathname = this.#pathname('write');
    let mode = 0o600;
    try {
      pathname = realpathSync(pathname);
      mode = statSync(pathname).mode & 0o7777;
    } catch {
      // a new file: the name as given, owner only
    }
    let text = '';
    for (const { realm, user, digest } of this.entries()) text += `${user}:${realm}:${digest}\n`;
    const temporary = join(
      dirname(pathname),
      `.${basename(pathname)}.${process.pid}.${randomBytes(6).toString('hex')}`,
    );
    const fd = openSync(temporary, 'wx', 0o600);
    let renamed = false;
    try {
      try {
        writeFileSync(fd, text, 'utf8');
        fchmodSync(fd, mode);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, pathname);
      renamed = true;
    } finally {
      if (!renamed) rmSync(temporary, { force: true });
    }
  }

  #put(realms: Map<string, Map<string, string>>, realm: string, user: string, digest: string): void {
    const users = realms.get(realm);
    if (users === undefined) realms.set(realm, new Map([[user, digest]]));
    else users.set(user, digest);
  }

  #pathname(method: string): string {
    if (this.pathname === null || this.pathname === '') {
      throw new PoorWSGIError(
        ERROR_CODES.PW_ERR_PASSWORD_PATH,
        `PasswordMap.${method}(): no pathname was set: new PasswordMap(pathname), or set map.pathname`,
      );
    }
    return this.pathname;
  }

  #decode(line: Uint8Array, pathname: string, number: number): string {
    try {
      return UTF8.decode(line);
    } catch {
      throw new PoorWSGIError(ERROR_CODES.PW_ERR_PASSWORD_LINE, `${pathname}:${number}: not UTF-8`);
    }
  }
}
