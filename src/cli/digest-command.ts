/**
 * `poorwsgi digest`: add, change, delete and verify the users of an Apache
 * `htdigest` file (the `authMap` of HTTP Digest authentication, read by
 * `PasswordMap`), with the options of PoorWSGI's `python3 -m poorwsgi.digest`.
 * @module
 */
import { existsSync } from 'node:fs';
import { hexdigest } from '../auth/hexdigest.ts';
import { PasswordMap } from '../auth/password-map.ts';
import type { DigestAlgorithm } from '../crypto/digest-algorithm.ts';
import type { Command, CommandContext } from './commands.ts';
import { PasswordReader } from './read-password.ts';
import { version } from './version.ts';

/** Exit codes: the password file was written, or the user is valid. */
const EXIT_OK = 0;
/** An error (the file could not be read or written), or the two passwords differ. */
const EXIT_FAILED = 1;
/** Bad usage, a missing password file, or a wrong password with `-v`. */
const EXIT_USAGE = 2;
/** Ctrl-C at a password prompt (128 + SIGINT, as a shell reports it). */
const EXIT_INTERRUPTED = 130;

const USAGE = `Usage: poorwsgi digest [-c] [-n] [-m | -s] [-D] [-v] [passwordfile] realm username

Add or change (the default), delete (-D) or verify (-v) a user of an htdigest
password file: one user:realm:HA1 line per user, the users of HTTP Digest
authentication (an application's authMap, read with PasswordMap).

Options:
  -c          create the password file when it does not exist
  -n          touch no file: print user:realm:HA1 on standard output
              (the password file can then be left out)
  -m          MD5 HA1, what htdigest writes (the default)
  -s          SHA-256 HA1 (unless -m is given too)
  -D          delete the user
  -v          verify the user's password
  -h, --help  show this help
  --version   show the version

The password is read without echo from a terminal (asked twice when it is
set), or as one line of standard input when that is not a terminal:
  printf '%s\\n' "$PASSWORD" | poorwsgi digest -c users.digest 'User Zone' bfu

Exit status: 0 done (or a valid user with -v), 1 an error or passwords that
do not match, 2 bad usage, a missing password file, or an invalid user with -v.`;

/** The options and arguments of one command line. */
interface DigestArgs {
  readonly create: boolean;
  readonly print: boolean;
  readonly algorithm: DigestAlgorithm;
  readonly remove: boolean;
  readonly verify: boolean;
  readonly file: string | undefined;
  readonly realm: string;
  readonly user: string;
}

/** What the command line asks for: something to do, help, the version, or a usage error. */
type Parsed = DigestArgs | { readonly show: 'help' | 'version' } | { readonly error: string };

const FLAGS = new Set(['c', 'n', 'm', 's', 'D', 'v']);

/** Read the command line as `argparse` would: flags anywhere, `-cn` for `-c -n`, `--` before a name starting with `-`. */
function parse(args: readonly string[]): Parsed {
  const flags = new Set<string>();
  const names: string[] = [];
  let options = true;
  for (const arg of args) {
    if (!options || arg === '-' || !arg.startsWith('-')) {
      names.push(arg);
    } else if (arg === '--') {
      options = false;
    } else if (arg === '-h' || arg === '--help') {
      return { show: 'help' };
    } else if (arg === '--version') {
      return { show: 'version' };
    } else {
      for (const flag of arg.slice(1)) {
        if (arg.startsWith('--') || !FLAGS.has(flag)) return { error: `unknown option ${JSON.stringify(arg)}` };
        flags.add(flag);
      }
    }
  }
  if (names.length < 2) return { error: 'the realm and the user name are required' };
  if (names.length > 3) return { error: `too many arguments: ${names.slice(3).join(' ')}` };
  const [file, realm, user] = names.length === 3 ? names : [undefined, ...names];
  return {
    create: flags.has('c'),
    print: flags.has('n'),
    algorithm: flags.has('s') && !flags.has('m') ? 'SHA-256' : 'MD5',
    remove: flags.has('D'),
    verify: flags.has('v'),
    file,
    realm: realm as string,
    user: user as string,
  };
}

/** Why an htdigest file cannot hold this user, or `null`; the user name ends at a line's first `:`. */
function nameProblem(realm: string, user: string): string | null {
  if (user === '') return 'the user name is empty';
  if (user.includes(':')) return `the user name ${JSON.stringify(user)} contains ':'`;
  if (/[\r\n]/.test(`${realm}${user}`)) return 'the realm and the user name may not contain a line break';
  return null;
}

/** A new password, asked twice on a terminal; an exit code when there is none. */
async function newPassword(reader: PasswordReader, context: CommandContext): Promise<string | number> {
  const password = await reader.read('New password: ');
  if (password === null) return noPassword(reader, context);
  if (!reader.isTTY) return password;
  const again = await reader.read('Re-type new password: ');
  if (again === null) return noPassword(reader, context);
  if (again !== password) {
    context.err("They don't match, sorry.\n");
    return EXIT_FAILED;
  }
  return password;
}

/** The exit code when no password came: Ctrl-C, or the end of the input. */
function noPassword(reader: PasswordReader, context: CommandContext): number {
  if (reader.interrupted) return EXIT_INTERRUPTED;
  context.err('poorwsgi digest: no password given\n');
  return EXIT_FAILED;
}

/** Do what the parsed command line asks; the exit code. */
async function digest(args: DigestArgs, reader: PasswordReader, context: CommandContext): Promise<number> {
  const { out, err } = context;
  const { realm, user, algorithm } = args;
  const usageError = (reason: string) => {
    err(`poorwsgi digest: ${reason}\n${USAGE}\n`);
    return EXIT_USAGE;
  };
  const problem = nameProblem(realm, user);
  if (problem !== null) return usageError(problem);

  if (args.print) {
    const password = await newPassword(reader, context);
    if (typeof password === 'number') return password;
    out(`${user}:${realm}:${hexdigest(user, realm, password, algorithm)}\n`);
    return EXIT_OK;
  }
  if (args.file === undefined) return usageError('the password file is required (or -n)');

  const map = new PasswordMap(args.file);
  if (existsSync(args.file)) map.load();
  else if (!args.create || args.verify || args.remove) return usageError(`password file not found: ${args.file}`);

  if (args.verify) {
    const password = await reader.read('Password: ');
    if (password === null) return noPassword(reader, context);
    if (map.verify(realm, user, hexdigest(user, realm, password, algorithm))) {
      out('Valid user.\n');
      return EXIT_OK;
    }
    out('Invalid user.\n');
    return EXIT_USAGE;
  }

  if (args.remove) {
    if (!map.delete(realm, user)) {
      out(`User \`${user}\` not found.\n`);
      return EXIT_OK;
    }
    map.write();
    out(`User \`${user}\` was deleted.\n`);
    return EXIT_OK;
  }

  out(
    map.find(realm, user) === null
      ? `Adding user \`${user}\` in realm \`${realm}\`.\n`
      : `Changing password for user \`${user}\` in realm \`${realm}\`.\n`,
  );
  const password = await newPassword(reader, context);
  if (typeof password === 'number') return password;
  map.set(realm, user, hexdigest(user, realm, password, algorithm)).write();
  return EXIT_OK;
}

/** `poorwsgi digest`, for the command table. */
export const digestCommand: Command = {
  summary: 'add, change, delete or verify a user of an htdigest password file',
  usage: USAGE,
  async run(context: CommandContext): Promise<number> {
    const parsed = parse(context.args);
    if ('error' in parsed) {
      context.err(`poorwsgi digest: ${parsed.error}\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    if ('show' in parsed) {
      context.out(parsed.show === 'help' ? `${USAGE}\n` : `poorwsgi digest ${version()}\n`);
      return EXIT_OK;
    }
    const reader = new PasswordReader(context.input, context.err);
    try {
      return await digest(parsed, reader, context);
    } catch (error) {
      // a bad line of the file, a file that cannot be read or written: say so, no stack trace
      context.err(`poorwsgi digest: ${error instanceof Error ? error.message : String(error)}\n`);
      return EXIT_FAILED;
    } finally {
      reader.close();
    }
  },
};
