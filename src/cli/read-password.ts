/**
 * Reading a password from standard input: from a terminal without echo (raw
 * mode, as `getpass` does), or one line at a time from a pipe or file for
 * scripts. What was typed ahead of a prompt is kept for the next one.
 * @module
 */
import type { CommandInput } from './commands.ts';

/** Control characters a terminal in raw mode sends for the keys a password prompt handles. */
const ENTER = /[\r\n]/;
const CTRL_C = '\x03';
const CTRL_D = '\x04';
const CTRL_U = '\x15';
const BACKSPACE = /^[\x7f\b]$/;

/**
 * One password prompt after another on the same input. On a terminal the
 * keys are read in raw mode, so nothing is echoed; Backspace and Ctrl-U edit,
 * Enter ends the password, Ctrl-D on an empty line and Ctrl-C give up.
 * Elsewhere a password is a line of the input, without its line break, and
 * nothing is prompted.
 */
export class PasswordReader {
  /** `true` once Ctrl-C was pressed at a prompt. */
  interrupted = false;
  readonly #input: CommandInput;
  readonly #prompt: (text: string) => void;
  readonly #tty: boolean;
  /** Input received and not used yet. */
  #pending = '';
  #ended = false;
  #wake: (() => void) | null = null;
  readonly #onData = (chunk: string | Buffer): void => {
    this.#pending += chunk;
    this.#notify();
  };
  readonly #onEnd = (): void => {
    this.#ended = true;
    this.#notify();
  };

  /**
   * @param input standard input (its encoding is set to UTF-8)
   * @param prompt where prompts go on a terminal (standard error, which a
   *   terminal shows and which leaves standard output to the results)
   */
  constructor(input: CommandInput, prompt: (text: string) => void) {
    this.#input = input;
    this.#prompt = prompt;
    this.#tty = input.isTTY === true && typeof input.setRawMode === 'function';
    input.setEncoding('utf8');
    input.on('data', this.#onData);
    input.on('end', this.#onEnd);
    input.on('error', this.#onEnd);
    input.pause();
  }

  /** Whether the input is a terminal (the password is then asked twice when it is set). */
  get isTTY(): boolean {
    return this.#tty;
  }

  /**
   * The next password: `prompt` is shown on a terminal only. `null` when the
   * input ended first, or Ctrl-C was pressed ({@link interrupted}).
   */
  async read(prompt: string): Promise<string | null> {
    if (this.#tty) {
      // echo off before the prompt shows: keys typed as soon as it appears are not echoed
      this.#input.setRawMode?.(true);
      this.#prompt(prompt);
    }
    this.#input.resume();
    try {
      for (;;) {
        const line = this.#tty ? this.#takeKeys() : this.#takeLine();
        if (line !== undefined) return line;
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
      }
    } finally {
      this.#input.pause();
      if (this.#tty) {
        this.#input.setRawMode?.(false);
        // Enter was not echoed: end the prompt's line
        this.#prompt('\n');
      }
    }
  }

  /** Stop listening to the input, so that the process can end. */
  close(): void {
    this.#input.off('data', this.#onData);
    this.#input.off('end', this.#onEnd);
    this.#input.off('error', this.#onEnd);
    this.#input.pause();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  /** A line from a pipe or file; `undefined` while it has not all arrived. */
  #takeLine(): string | null | undefined {
    const end = this.#pending.indexOf('\n');
    if (end === -1) {
      if (!this.#ended) return undefined;
      if (this.#pending === '') return null;
      // the last line, without a line break
      const rest = this.#pending;
      this.#pending = '';
      return rest;
    }
    const line = this.#pending.slice(0, end);
    this.#pending = this.#pending.slice(end + 1);
    return line.endsWith('\r') ? line.slice(0, -1) : line;
  }

  /** The keys typed up to Enter, edited; `undefined` while Enter has not come. */
  #takeKeys(): string | null | undefined {
    let password: string[] = [];
    let used = 0;
    for (const key of this.#pending) {
      used += key.length;
      if (ENTER.test(key)) {
        this.#pending = this.#pending.slice(used);
        return password.join('');
      }
      if (key === CTRL_C) {
        this.#pending = '';
        this.interrupted = true;
        return null;
      }
      if (key === CTRL_D && password.length === 0) {
        this.#pending = this.#pending.slice(used);
        return null;
      }
      if (BACKSPACE.test(key)) password.pop();
      else if (key === CTRL_U) password = [];
      // other control characters (Tab, Escape, a stray Ctrl-D) are not part of a password
      else if (key >= ' ') password.push(key);
    }
    // a terminal that is gone never sends Enter
    return this.#ended ? null : undefined;
  }
}
