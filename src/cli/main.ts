/**
 * The `poorwsgi` command: `poorwsgi --help`, `poorwsgi --version`, and the
 * subcommands of `commands.ts`. Bad usage (an unknown command or option)
 * exits 2 with a one-line reason and the usage, as POSIX utilities do.
 * @module
 */
import { COMMANDS, type CommandContext, type CommandInput } from './commands.ts';
import { version } from './version.ts';

export { version };

/** Exit code of bad usage. */
export const EXIT_USAGE = 2;

/** The usage of `poorwsgi`, listing the registered subcommands. */
export function usage(): string {
  const lines = [
    'Usage: poorwsgi <command> [options]',
    '       poorwsgi --help | --version',
    '',
    'PoorWSGI for Node.js: a light HTTP connector with URI routing.',
    '',
  ];
  lines.push('Commands:');
  const width = Math.max(...[...COMMANDS.keys()].map((name) => name.length));
  for (const [name, command] of COMMANDS) lines.push(`  ${name.padEnd(width)}  ${command.summary}`);
  lines.push('', 'Options:', '  -h, --help     show this help', '  -V, --version  show the version', '');
  return lines.join('\n');
}

/**
 * Run the command line `argv` (without `node` and the script); the exit code.
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
export async function main(
  argv: readonly string[],
  out: (text: string) => void = (text) => process.stdout.write(text),
  err: (text: string) => void = (text) => process.stderr.write(text),
  input: CommandInput = process.stdin,
): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    err(`poorwsgi: no command given\n${usage()}`);
    return EXIT_USAGE;
  }
  if (first === '-h' || first === '--help' || first === 'help') {
    out(usage());
    return 0;
  }
  if (first === '-V' || first === '--version') {
    out(`${version()}\n`);
    return 0;
  }
  const command = COMMANDS.get(first);
  if (command === undefined) {
    const what = first.startsWith('-')
      ? `unknown option ${JSON.stringify(first)}`
      : `unknown command ${JSON.stringify(first)}`;
    err(`poorwsgi: ${what}\n${usage()}`);
    return EXIT_USAGE;
  }
  if (rest[0] === '-h' || rest[0] === '--help') {
    out(`${command.usage}\n`);
    return 0;
  }
  const context: CommandContext = { args: rest, out, err, input };
  return command.run(context);
}
