/**
 * `poorwsgi digest` on real files, in process through `main()` with the
 * password on a stream (the path of a pipe). The real command, on a pipe and
 * on a terminal, is in `test/e2e/cli-digest-terminal.test.ts`.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { hexdigest } from '../../src/auth/hexdigest.ts';
import { digestCommand } from '../../src/cli/digest-command.ts';
import { main } from '../../src/cli/main.ts';
import { tempFiles } from '../helpers/temp-files.ts';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
const LOOSER = hexdigest('user', 'User Zone', 'looser');

interface Result {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Run `poorwsgi digest ...args` in process; `input` is its standard input (a pipe: no terminal). */
async function digest(args: readonly string[], input = ''): Promise<Result> {
  let out = '';
  let err = '';
  const stdin = new PassThrough();
  stdin.end(input);
  const code = await main(
    ['digest', ...args],
    (text) => {
      out += text;
    },
    (text) => {
      err += text;
    },
    stdin,
  );
  return { code, out, err };
}

/** A path in the temporary folder, with `text` written there when given. */
const path = tempFiles('poorwsgi-cli-digest-', 'users', '.digest');

describe('poorwsgi digest: usage', () => {
  for (const args of [['-h'], ['--help'], ['file', 'realm', '-h'], ['-c', '--help']]) {
    test(`${args.join(' ')}: the help on stdout, exit 0`, async () => {
      const result = await digest(args);
      assert.deepEqual(result, { code: 0, out: `${digestCommand.usage}\n`, err: '' });
      assert.match(
        result.out,
        /^Usage: poorwsgi digest \[-c\] \[-n\] \[-m \| -s\] \[-D\] \[-v\] \[passwordfile\] realm username/,
      );
    });
  }

  test('--version', async () => {
    assert.deepEqual(await digest(['--version']), { code: 0, out: `poorwsgi digest ${VERSION}\n`, err: '' });
  });

  const bad: ReadonlyArray<[args: string[], reason: string]> = [
    [[], 'the realm and the user name are required'],
    [['realm'], 'the realm and the user name are required'],
    [['file', 'realm', 'user', 'more', 'most'], 'too many arguments: more most'],
    [['-x', 'realm', 'user'], 'unknown option "-x"'],
    [['-cx', 'realm', 'user'], 'unknown option "-cx"'],
    [['--create', 'realm', 'user'], 'unknown option "--create"'],
    [['-n', 'realm', 'a:b'], `the user name "a:b" contains ':'`],
    [['-n', 'realm', ''], 'the user name is empty'],
    [['-n', 'rea\nlm', 'user'], 'the realm and the user name may not contain a line break'],
    [['realm', 'user'], 'the password file is required (or -n)'],
    [['/nonexistent/users.digest', 'realm', 'user'], 'password file not found: /nonexistent/users.digest'],
    [['-c', '-v', '/nonexistent/users.digest', 'realm', 'user'], 'password file not found: /nonexistent/users.digest'],
    [['-cD', '/nonexistent/users.digest', 'realm', 'user'], 'password file not found: /nonexistent/users.digest'],
  ];
  for (const [args, reason] of bad) {
    test(`${JSON.stringify(args)}: exit 2, the reason then the usage on stderr`, async () => {
      assert.deepEqual(await digest(args, 'secret\n'), {
        code: 2,
        out: '',
        err: `poorwsgi digest: ${reason}\n${digestCommand.usage}\n`,
      });
    });
  }
});

describe('poorwsgi digest -n: print, touch no file', () => {
  test('MD5 by default, the password from a line of stdin', async () => {
    assert.deepEqual(await digest(['-n', 'User Zone', 'user'], 'looser\n'), {
      code: 0,
      out: `user:User Zone:${LOOSER}\n`,
      err: '',
    });
  });

  test('UTF-8 names and password, the last line without a line break', async () => {
    const result = await digest(['-n', 'User Zone', 'Ondřej'], 'heslíčko');
    assert.equal(result.out, 'Ondřej:User Zone:10b692fa4bb8c2572042cf933b86a3b0\n');
  });

  test('-s is SHA-256, -m wins over it, -ns combines', async () => {
    const sha = 'sha:User Zone:f90881bb149a81e3a7bed12616ca0b313c8dadfa9ffaaeeb26db48afd8749d9e\n';
    assert.equal((await digest(['-n', '-s', 'User Zone', 'sha'], 'sha\r\n')).out, sha);
    assert.equal((await digest(['-ns', 'User Zone', 'sha'], 'sha\n')).out, sha);
    assert.equal((await digest(['-s', '-m', '-n', 'User Zone', 'user'], 'looser\n')).out, `user:User Zone:${LOOSER}\n`);
  });

  test('a password file given with -n is left alone', async () => {
    const file = path();
    const result = await digest(['-n', '-c', file, 'User Zone', 'user'], 'looser\n');
    assert.equal(result.out, `user:User Zone:${LOOSER}\n`);
    assert.throws(() => readFileSync(file), { code: 'ENOENT' });
  });

  test('-- before a user name that starts with "-"', async () => {
    const result = await digest(['-n', '--', 'Zone', '-dash'], 'p\n');
    assert.equal(result.out, `-dash:Zone:${hexdigest('-dash', 'Zone', 'p')}\n`);
  });

  test('nothing on stdin: no password, exit 1', async () => {
    assert.deepEqual(await digest(['-n', 'Zone', 'user'], ''), {
      code: 1,
      out: '',
      err: 'poorwsgi digest: no password given\n',
    });
  });

  test('an empty line is the empty password', async () => {
    assert.equal((await digest(['-n', 'Zone', 'user'], '\n')).out, `user:Zone:${hexdigest('user', 'Zone', '')}\n`);
  });
});

describe('poorwsgi digest on a password file', () => {
  test('-c creates, then change, verify, delete', async () => {
    const file = path();
    assert.deepEqual(await digest(['-c', file, 'User Zone', 'user'], 'loser\n'), {
      code: 0,
      out: 'Adding user `user` in realm `User Zone`.\n',
      err: '',
    });
    assert.equal(readFileSync(file, 'utf8'), `user:User Zone:${hexdigest('user', 'User Zone', 'loser')}\n`);

    assert.deepEqual(await digest([file, 'User Zone', 'user'], 'looser\n'), {
      code: 0,
      out: 'Changing password for user `user` in realm `User Zone`.\n',
      err: '',
    });
    assert.deepEqual(await digest([file, 'Admin Zone', 'admin'], 'admin\n'), {
      code: 0,
      out: 'Adding user `admin` in realm `Admin Zone`.\n',
      err: '',
    });
    assert.equal(
      readFileSync(file, 'utf8'),
      `user:User Zone:${LOOSER}\nadmin:Admin Zone:${hexdigest('admin', 'Admin Zone', 'admin')}\n`,
    );

    assert.deepEqual(await digest(['-v', file, 'User Zone', 'user'], 'looser\n'), {
      code: 0,
      out: 'Valid user.\n',
      err: '',
    });
    assert.deepEqual(await digest(['-v', file, 'User Zone', 'user'], 'loser\n'), {
      code: 2,
      out: 'Invalid user.\n',
      err: '',
    });
    // a user of the other realm is not valid here
    assert.equal((await digest(['-v', file, 'User Zone', 'admin'], 'admin\n')).code, 2);
    assert.deepEqual(await digest(['-v', file, 'User Zone', 'user'], ''), {
      code: 1,
      out: '',
      err: 'poorwsgi digest: no password given\n',
    });

    assert.deepEqual(await digest(['-D', file, 'User Zone', 'user']), {
      code: 0,
      out: 'User `user` was deleted.\n',
      err: '',
    });
    const left = readFileSync(file, 'utf8');
    assert.equal(left, `admin:Admin Zone:${hexdigest('admin', 'Admin Zone', 'admin')}\n`);
    assert.deepEqual(await digest(['-D', file, 'User Zone', 'user']), {
      code: 0,
      out: 'User `user` not found.\n',
      err: '',
    });
    assert.equal(readFileSync(file, 'utf8'), left);
  });

  test('-s: a SHA-256 user, verified with -s', async () => {
    const file = path();
    await digest(['-c', '-s', file, 'User Zone', 'sha'], 'sha\n');
    assert.equal(
      readFileSync(file, 'utf8'),
      'sha:User Zone:f90881bb149a81e3a7bed12616ca0b313c8dadfa9ffaaeeb26db48afd8749d9e\n',
    );
    assert.equal((await digest(['-v', '-s', file, 'User Zone', 'sha'], 'sha\n')).code, 0);
    assert.equal((await digest(['-v', file, 'User Zone', 'sha'], 'sha\n')).code, 2);
  });

  test('-c on an existing file keeps its users; a realm with ":" round-trips', async () => {
    const file = path(`user:User Zone:${LOOSER}\n`);
    assert.equal((await digest(['-c', file, 'urn:zone', 'bob'], 'pw\n')).code, 0);
    assert.equal(
      readFileSync(file, 'utf8'),
      `user:User Zone:${LOOSER}\nbob:urn:zone:${hexdigest('bob', 'urn:zone', 'pw')}\n`,
    );
    assert.equal((await digest(['-v', file, 'urn:zone', 'bob'], 'pw\n')).out, 'Valid user.\n');
  });

  test('no password on stdin: exit 1, the file untouched', async () => {
    const file = path(`user:User Zone:${LOOSER}\n`);
    assert.deepEqual(await digest([file, 'User Zone', 'user'], ''), {
      code: 1,
      out: 'Changing password for user `user` in realm `User Zone`.\n',
      err: 'poorwsgi digest: no password given\n',
    });
    assert.equal(readFileSync(file, 'utf8'), `user:User Zone:${LOOSER}\n`);
  });

  test('a bad line: exit 1 naming the file and line, no stack trace, the file untouched', async () => {
    const file = path(`user:User Zone:${LOOSER}\nbroken line\n`);
    assert.deepEqual(await digest([file, 'User Zone', 'foo'], 'bar\n'), {
      code: 1,
      out: '',
      err: `poorwsgi digest: ${file}:2: expected user:realm:HA1\n`,
    });
    assert.equal(readFileSync(file, 'utf8'), `user:User Zone:${LOOSER}\nbroken line\n`);
  });

  test('a file that cannot be written: exit 1 with the reason', async () => {
    const folder = join(dirname(path()), 'a-folder');
    mkdirSync(join(folder, 'inside'), { recursive: true });
    const result = await digest(['-c', folder, 'Zone', 'user'], 'pw\n');
    assert.equal(result.code, 1);
    assert.match(result.err, /^poorwsgi digest: (EISDIR|ENOTEMPTY|EEXIST|EPERM)\b.*\n$/);
  });
});
