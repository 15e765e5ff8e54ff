/**
 * The subcommands of the `poorwsgi` command, in one table: a new one (for
 * example `serve`, `digest`) is one entry here and a module of its own; the
 * dispatcher in `main.ts` does not change.
 * @module
 */
import { digestCommand } from './digest-command.ts';
import { serveCommand } from './serve-command.ts';

/**
 * Standard input as a subcommand sees it: a stream, and a terminal's raw
 * mode when it is one (`process.stdin` is either a `tty.ReadStream` or not).
 */
export interface CommandInput extends NodeJS.ReadableStream {
  /** `true` when the input is a terminal. */
  readonly isTTY?: boolean;
  /** A terminal's raw mode: keys arrive one by one and are not echoed. */
  setRawMode?(mode: boolean): unknown;
}

/** What a subcommand is given: its arguments, where to write and where to read. */
export interface CommandContext {
  /** The arguments after the subcommand's name. */
  readonly args: readonly string[];
  /** Standard output. */
  readonly out: (text: string) => void;
  /** Standard error. */
  readonly err: (text: string) => void;
  /** Standard input. */
  readonly input: CommandInput;
}

/** One subcommand of `poorwsgi`. */
export interface Command {
  /** One line for `poorwsgi --help`. */
  readonly summary: string;
  /** Usage of the subcommand, for its `--help`. */
  readonly usage: string;
  /** Run it; the exit code (0 success, 1 failure, 2 bad usage). */
  run(context: CommandContext): number | Promise<number>;
}

/** Every subcommand, by name. Later commands register here. */
export const COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  ['digest', digestCommand],
  ['serve', serveCommand],
]);
