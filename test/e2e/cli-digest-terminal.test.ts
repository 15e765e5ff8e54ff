/**
 * The real `poorwsgi digest` command, `node src/cli/bin.ts digest`: with its
 * standard input piped (scripts), and on a pseudo-terminal (Python's `pty`),
 * where the password is read without echo, asked twice, and edited with
 * Backspace and Ctrl-U. The same command in process is
 * `test/unit/cli-digest.test.ts`.
 * @module
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { hexdigest } from '../../src/auth/hexdigest.ts';
import { tempFiles } from '../helpers/temp-files.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const LOOSER = hexdigest('user', 'User Zone', 'looser');

/** A path in the temporary folder, with `text` written there when given. */
const path = tempFiles('poorwsgi-cli-terminal-', 'users', '.digest');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the real command, `node --import tsx src/cli/bin.ts ...args`, with `input` piped to its stdin. */
function command(args: readonly string[], input: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/bin.ts', ...args],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
      (err, stdout, stderr) => {
        if (err !== null && typeof err.code !== 'number') reject(err);
        else resolve({ code: err === null ? 0 : (err.code as number), stdout, stderr });
      },
    );
    child.stdin?.end(input);
  });
}

/**
 * Drives a command on a pseudo-terminal: for each step, waits until the
 * terminal has shown the prompt (its n-th appearance), then types the keys;
 * prints what the terminal showed and the exit code as JSON. The waits are
 * for output, never for time: the deadline only stops a hung run.
 */
const PTY_DRIVER = `
import json, os, pty, select, sys
spec = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.chdir(spec['cwd'])
    os.execv(spec['argv'][0], spec['argv'])
shown = b''
def more():
    global shown
    ready, _, _ = select.select([fd], [], [], 60)
    if not ready:
        raise SystemExit('no output for 60 s: ' + repr(shown))
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        chunk = b''
    shown += chunk
    return chunk != b''
for prompt, keys, nth in spec['steps']:
    while shown.count(prompt.encode()) < nth:
        if not more():
            raise SystemExit('ended before ' + repr(prompt) + ': ' + repr(shown))
    os.write(fd, keys.encode())
while more():
    pass
_, status = os.waitpid(pid, 0)
print(json.dumps({'shown': shown.decode('utf-8', 'replace'), 'code': os.waitstatus_to_exitcode(status)}))
`;

/** Run the real command on a pseudo-terminal, answering `steps`: [prompt to wait for, keys to type]. */
function onTerminal(
  args: readonly string[],
  steps: ReadonlyArray<[prompt: string, keys: string]>,
): Promise<{ shown: string; code: number }> {
  const counts = new Map<string, number>();
  const numbered = steps.map(([prompt, keys]) => {
    const nth = (counts.get(prompt) ?? 0) + 1;
    counts.set(prompt, nth);
    return [prompt, keys, nth];
  });
  return new Promise((resolve, reject) => {
    const spec = {
      cwd: ROOT,
      argv: [process.execPath, '--import', 'tsx', 'src/cli/bin.ts', ...args],
      steps: numbered,
    };
    execFile(
      'python3',
      ['-c', PTY_DRIVER, JSON.stringify(spec)],
      { encoding: 'utf8', timeout: 90_000 },
      (err, stdout, stderr) => {
        if (err !== null) reject(new Error(`${err.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as { shown: string; code: number });
      },
    );
  });
}

describe('the real command: poorwsgi digest with stdin piped', () => {
  test('adds a user to a new file, then verifies it', { timeout: 60_000 }, async () => {
    const file = path();
    const added = await command(['digest', '-c', file, 'User Zone', 'Ondřej'], 'heslíčko\n');
    assert.deepEqual(added, { code: 0, stdout: 'Adding user `Ondřej` in realm `User Zone`.\n', stderr: '' });
    assert.equal(readFileSync(file, 'utf8'), 'Ondřej:User Zone:10b692fa4bb8c2572042cf933b86a3b0\n');
    const verified = await command(['digest', '-v', file, 'User Zone', 'Ondřej'], 'heslíčko\n');
    assert.deepEqual(verified, { code: 0, stdout: 'Valid user.\n', stderr: '' });
    const wrong = await command(['digest', '-v', file, 'User Zone', 'Ondřej'], 'heslicko\n');
    assert.deepEqual(wrong, { code: 2, stdout: 'Invalid user.\n', stderr: '' });
  });
});

describe('the real command on a terminal (a pseudo-terminal)', () => {
  const NEW = 'New password: ';
  const AGAIN = 'Re-type new password: ';

  test('the password is asked twice and never echoed; Backspace and Ctrl-U edit it', { timeout: 90_000 }, async () => {
    const file = path();
    const run = await onTerminal(
      ['digest', '-c', file, 'User Zone', 'Ondřej'],
      [
        [NEW, 'wrong\x15heslíčkx\x7fo\r'],
        [AGAIN, 'heslíčko\r'],
      ],
    );
    assert.equal(run.code, 0, run.shown);
    assert.equal(
      run.shown,
      'Adding user `Ondřej` in realm `User Zone`.\r\nNew password: \r\nRe-type new password: \r\n',
    );
    assert.equal(readFileSync(file, 'utf8'), 'Ondřej:User Zone:10b692fa4bb8c2572042cf933b86a3b0\n');

    const verified = await onTerminal(['digest', '-v', file, 'User Zone', 'Ondřej'], [['Password: ', 'heslíčko\r']]);
    assert.deepEqual(verified, { code: 0, shown: 'Password: \r\nValid user.\r\n' });
  });

  test("passwords that differ: They don't match, sorry. exit 1, the file untouched", { timeout: 90_000 }, async () => {
    const file = path(`user:User Zone:${LOOSER}\n`);
    const run = await onTerminal(
      ['digest', file, 'User Zone', 'user'],
      [
        [NEW, 'first-secret\r'],
        [AGAIN, 'second-secret\r'],
      ],
    );
    assert.equal(run.code, 1, run.shown);
    assert.match(run.shown, /Re-type new password: \r\nThey don't match, sorry\.\r\n$/);
    assert.doesNotMatch(run.shown, /secret/);
    assert.equal(readFileSync(file, 'utf8'), `user:User Zone:${LOOSER}\n`);
  });

  test('-n on a terminal: typed ahead keys serve the second prompt', { timeout: 90_000 }, async () => {
    const run = await onTerminal(['digest', '-n', 'User Zone', 'user'], [[NEW, 'looser\rlooser\r']]);
    assert.equal(run.code, 0, run.shown);
    assert.match(run.shown, new RegExp(`\\r\\nuser:User Zone:${LOOSER}\\r\\n$`));
  });

  test('Ctrl-C at the prompt: exit 130; Ctrl-D on an empty line: no password, exit 1', {
    timeout: 90_000,
  }, async () => {
    const file = path(`user:User Zone:${LOOSER}\n`);
    const interrupted = await onTerminal(['digest', file, 'User Zone', 'user'], [[NEW, 'abc\x03']]);
    assert.equal(interrupted.code, 130, interrupted.shown);
    const ended = await onTerminal(['digest', '-v', file, 'User Zone', 'user'], [['Password: ', '\x04']]);
    assert.equal(ended.code, 1, ended.shown);
    assert.match(ended.shown, /poorwsgi digest: no password given/);
    assert.equal(readFileSync(file, 'utf8'), `user:User Zone:${LOOSER}\n`);
  });
});
