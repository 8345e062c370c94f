/**
 * Runs a bosun command in this process, through the same dispatch and error reporting as the
 * executable, with an in-memory context (corepack's pattern): no bundle, no spawn. Tests that
 * must see a real process (signals, EPIPE, exit of PID 1, multi-call names on disk) use
 * runBosun() from ./cli.js instead.
 */
import { PassThrough, Readable, Writable } from 'node:stream';
import { dispatch, reportError } from '../../src/cli/main.js';
import type { CliContext } from '../../src/cli/context.js';
import { Logger } from '../../src/log/logger.js';
import type { CliRun } from './cli.js';

export interface InProcessOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Standard input, all of it. */
  input?: string;
  argv0?: string;
}

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Run `bosun ARGS…` in-process; resolves with the exit code and what was written. */
export async function runCli(args: string[], options: InProcessOptions): Promise<CliRun> {
  const stdout = new Sink();
  const stderr = new Sink();
  const stdin = options.input === undefined ? new PassThrough() : Readable.from([options.input]);
  if (options.input === undefined) (stdin as PassThrough).end();
  const ctx: CliContext = {
    argv0: options.argv0 ?? 'bosun',
    cwd: options.cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
    stdin,
    stdout,
    stderr,
    log: new Logger({ sink: stderr }),
  };
  let status: number;
  try {
    status = await dispatch(args, ctx);
  } catch (err) {
    status = reportError(err, ctx);
  }
  return { status, stdout: stdout.text, stderr: stderr.text };
}
