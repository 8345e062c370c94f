/**
 * What a command receives instead of touching globals, so commands are testable without
 * spawning a process (corepack's pattern).
 */
import type { Readable, Writable } from 'node:stream';
import { Logger } from '../log/logger.js';

export interface CliContext {
  /** Name bosun was invoked as (`bosun`, `ansible-vault`, `systemctl`, …). */
  argv0: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  log: Logger;
}

/** A command group's entry point: returns the exit code (directly, when it needs no waiting). */
export type CommandMain = (args: string[], ctx: CliContext) => number | Promise<number>;

export function processContext(argv0: string): CliContext {
  return {
    argv0,
    cwd: process.cwd(),
    env: process.env,
    // A getter: creating process.stdin costs several ms, and most commands never read it.
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    log: new Logger({ sink: process.stderr }),
  };
}
