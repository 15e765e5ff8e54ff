/**
 * Running a client program (python3, pytest, curl) from a test whose servers
 * live in the test's own process: asynchronously, so the event loop keeps
 * answering the client.
 * @module
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root: where the commands run. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** How a command ended. */
export interface CommandRun {
  /** Its exit code; -1 when it did not exit on its own (not found, killed by the timeout). */
  readonly exitCode: number;
  /** Why it did not exit on its own, then its standard output and standard error. */
  readonly output: string;
}

/**
 * Run `command` in the repository's root with `env` added to this process's
 * environment (Python writes no bytecode next to the tests); at most two
 * minutes.
 */
export function runCommand(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CommandRun> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        cwd: ROOT,
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env },
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const exitCode = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
        const reason = err !== null && typeof err.code !== 'number' ? `${err.message}\n` : '';
        resolve({ exitCode, output: `${reason}${stdout}${stderr}` });
      },
    );
  });
}

/** Run a pytest file of `test/e2e/python/` quietly, the URLs of the servers under test in `env`. */
export function runPytest(suite: string, env: NodeJS.ProcessEnv): Promise<CommandRun> {
  return runCommand('python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', suite], env);
}
