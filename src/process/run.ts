/**
 * The one process runner: argv arrays (never shell strings), stdin input, timeouts with a
 * graceful signal then SIGKILL, whole process groups killed, and failures that name the command,
 * the cause and stderr — as execa does.
 */
import { spawn, type SpawnOptions } from 'node:child_process';
import { BosunError } from '../errors.js';
import { maskSecrets } from '../log/secrets.js';
import { trackChild } from './children.js';

export interface RunOptions {
  cwd?: string;
  /** Full environment of the child (not merged with process.env unless the caller does it). */
  env?: NodeJS.ProcessEnv;
  /** Bytes or text written to the child's stdin, which is then closed. */
  input?: string | Buffer;
  /** Kill the child after this many milliseconds. */
  timeoutMs?: number;
  /** Signal sent first on timeout or abort (default SIGTERM). */
  killSignal?: NodeJS.Signals;
  /** Delay before SIGKILL follows the first signal (default 2000 ms). */
  forceKillAfterMs?: number;
  /** Reject when the exit code is not 0 (default true). */
  reject?: boolean;
  /** Pass the parent's stdio through instead of capturing (for interactive editors). */
  inherit?: boolean;
  /** Cap on captured output per stream, in bytes (default 64 MiB). */
  maxBuffer?: number;
  signal?: AbortSignal;
  /** Extra file descriptors for the child (index 3 and up). */
  extraStdio?: SpawnOptions['stdio'];
}

export interface RunResult {
  command: string;
  args: readonly string[];
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: Buffer;
  timedOut: boolean;
}

export type ProcessFailure =
  | { kind: 'spawn'; errno: string | undefined }
  | { kind: 'exit'; exitCode: number }
  | { kind: 'signal'; signal: NodeJS.Signals }
  | { kind: 'timeout'; timeoutMs: number };

export class ProcessError extends BosunError {
  override name = 'ProcessError';
  readonly failure: ProcessFailure;
  readonly result?: RunResult;

  constructor(commandLine: string, failure: ProcessFailure, result?: RunResult, cause?: unknown) {
    super('process-failed', describeFailure(commandLine, failure, result), { cause });
    this.failure = failure;
    this.result = result;
  }
}

function describeFailure(commandLine: string, failure: ProcessFailure, result?: RunResult): string {
  let why: string;
  switch (failure.kind) {
    case 'spawn':
      why =
        failure.errno === 'ENOENT'
          ? 'command not found'
          : `could not start (${failure.errno ?? 'unknown error'})`;
      break;
    case 'exit':
      why = `exited with code ${failure.exitCode}`;
      break;
    case 'signal':
      why = `killed with ${failure.signal}`;
      break;
    case 'timeout':
      why = `timed out after ${failure.timeoutMs} ms`;
      break;
  }
  const stderr = result ? result.stderr.toString('utf8').trim() : '';
  const tail = stderr ? `: ${lastLines(stderr, 5)}` : '';
  return maskSecrets(`${commandLine} ${why}${tail}`);
}

function lastLines(text: string, count: number): string {
  const lines = text.split('\n');
  return lines.slice(-count).join(' | ');
}

/** A readable command line for messages (arguments quoted only when needed). */
function formatCommand(command: string, args: readonly string[]): string {
  return [command, ...args]
    .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

/** Run a command to completion. */
export function run(
  command: string,
  args: readonly string[] = [],
  options: RunOptions = {},
): Promise<RunResult> {
  const commandLine = formatCommand(command, args);
  const maxBuffer = options.maxBuffer ?? 64 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const stdio: SpawnOptions['stdio'] = options.inherit
      ? ['inherit', 'inherit', 'inherit']
      : [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'];
    if (Array.isArray(options.extraStdio)) (stdio as unknown[]).push(...options.extraStdio);
    let child;
    try {
      child = spawn(command, args, {
        cwd: options.cwd,
        env: options.env ?? process.env,
        stdio,
        detached: !options.inherit,
      });
    } catch (err) {
      reject(
        new ProcessError(
          commandLine,
          { kind: 'spawn', errno: (err as NodeJS.ErrnoException).code },
          undefined,
          err,
        ),
      );
      return;
    }
    trackChild(child);
    const out: Buffer[] = [];
    const errOut: Buffer[] = [];
    let outSize = 0;
    let errSize = 0;
    child.stdout?.on('data', (chunk: Buffer) => {
      if (outSize < maxBuffer) out.push(chunk);
      outSize += chunk.length;
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (errSize < maxBuffer) errOut.push(chunk);
      errSize += chunk.length;
    });
    if (options.input !== undefined && child.stdin) {
      child.stdin.on('error', () => {
        /* child closed stdin early: its exit status tells the story */
      });
      child.stdin.end(options.input);
    }

    let timedOut = false;
    let forceTimer: NodeJS.Timeout | undefined;
    const killGroup = (sig: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(options.inherit ? child.pid : -child.pid, sig);
      } catch {
        /* already gone */
      }
    };
    const stop = (): void => {
      killGroup(options.killSignal ?? 'SIGTERM');
      forceTimer = setTimeout(() => killGroup('SIGKILL'), options.forceKillAfterMs ?? 2000);
      forceTimer.unref();
    };
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            stop();
          }, options.timeoutMs);
    const onAbort = (): void => stop();
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.on('error', (err: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      reject(new ProcessError(commandLine, { kind: 'spawn', errno: err.code }, undefined, err));
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (forceTimer) clearTimeout(forceTimer);
      options.signal?.removeEventListener('abort', onAbort);
      const result: RunResult = {
        command,
        args,
        exitCode: code,
        signal,
        timedOut,
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(errOut),
      };
      if (timedOut)
        return reject(
          new ProcessError(
            commandLine,
            { kind: 'timeout', timeoutMs: options.timeoutMs ?? 0 },
            result,
          ),
        );
      if (signal) return reject(new ProcessError(commandLine, { kind: 'signal', signal }, result));
      if (code !== 0 && options.reject !== false)
        return reject(
          new ProcessError(commandLine, { kind: 'exit', exitCode: code ?? -1 }, result),
        );
      resolve(result);
    });
  });
}
