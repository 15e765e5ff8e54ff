import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { COMMANDS } from '../../src/cli/commands.ts';
import { EXIT_USAGE, main, usage, version } from '../../src/cli/main.ts';

const PACKAGE_VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Run the command line, keeping what it writes. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(
    argv,
    (text) => {
      out += text;
    },
    (text) => {
      err += text;
    },
  );
  return { code, out, err };
}

describe('the poorwsgi command', () => {
  for (const flag of ['--help', '-h', 'help']) {
    test(`${flag}: the usage on stdout, exit 0`, async () => {
      const result = await cli(flag);
      assert.deepEqual(result, { code: 0, out: usage(), err: '' });
      assert.match(result.out, /^Usage: poorwsgi <command> \[options\]/);
    });
  }

  for (const flag of ['--version', '-V']) {
    test(`${flag}: the package's version`, async () => {
      assert.deepEqual(await cli(flag), { code: 0, out: `${PACKAGE_VERSION}\n`, err: '' });
      assert.equal(version(), PACKAGE_VERSION);
    });
  }

  const bad: [argv: string[], reason: string][] = [
    [[], 'poorwsgi: no command given'],
    [['frobnicate'], 'poorwsgi: unknown command "frobnicate"'],
    [['--frobnicate'], 'poorwsgi: unknown option "--frobnicate"'],
    [['-x', 'serve'], 'poorwsgi: unknown option "-x"'],
  ];
  for (const [argv, reason] of bad) {
    test(`${JSON.stringify(argv)}: exit ${EXIT_USAGE}, one line of reason then the usage on stderr`, async () => {
      const result = await cli(...argv);
      assert.equal(result.code, EXIT_USAGE);
      assert.equal(result.out, '');
      assert.equal(result.err, `${reason}\n${usage()}`);
    });
  }

  test('every registered command is listed in the usage, with its summary', () => {
    const lines = usage().split('\n');
    for (const [name, command] of COMMANDS) {
      assert.ok(
        lines.some((line) => line.trim().startsWith(`${name} `) && line.endsWith(command.summary)),
        name,
      );
    }
    assert.ok(COMMANDS.size > 0);
  });
});
