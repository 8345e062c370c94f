/**
 * `bosun boot` with a password variable in its environment re-executes itself without it:
 * /proc/<pid>/environ is the block the kernel got at the last execve, so a new image is the only
 * way no /proc/<pid>/environ ever shows it. The launcher does this before the bundle loads (measured:
 * the first image then costs Node's own start and nothing else); boot.ts calls it again when the
 * launcher could not (no addon found yet). The variables cross, all of them and unread, in a
 * pipe, so which one wins is decided once, by findPassword; with them the time the first image
 * started, from which "startup finished" counts. The new image's environment only gains
 * BOSUN_REEXEC_FD=<fd number> (deleted from process.env once read, so no child inherits it).
 *
 * Kept tiny and free of bundle code: the launcher imports it.
 */
import { closeSync, readFileSync, realpathSync } from 'node:fs';
import { loadNative } from '../native/addon.js';
import { loadSeaAddon } from './sea-addon.js';
import { sea } from '../process/self.js';
import { processStartedAt } from '../process/start-time.js';
import { environmentBlock } from '../process/env-block.js';

/** Variables that may carry a vault password (password.ts lists them in the order they win). */
export const PASSWORD_VARIABLE = /^(?:CORPUSOPS_VAULT_PASSWORD(?:_.*)?|BOSUN_VAULT_PASSWORD)$/;
/** The pipe holding the password variables and the start time across the re-exec. */
export const REEXEC_FD = 'BOSUN_REEXEC_FD';
/** The pipe's entry giving when the first image started (epoch ms): no variable's name. */
const STARTED = 'started';

/** This very command line again: [binary, argv] for the single executable or node + script. */
function selfArgv(): { file: string; argv: string[] } {
  const args = process.argv.slice(2);
  // process.argv[1] is the name bosun was invoked by in a single executable, the script otherwise.
  if (sea()) return { file: process.execPath, argv: [process.argv[1] ?? process.argv0, ...args] };
  return {
    file: process.execPath,
    argv: [process.argv0, ...process.execArgv, realpathSync(process.argv[1]!), ...args],
  };
}

/** NAME=value\0… : values may hold anything but NUL, which no environment value holds. */
function encode(vars: Array<[string, string]>): Buffer {
  return Buffer.from(vars.map(([k, v]) => `${k}=${v}\0`).join(''), 'utf8');
}

/**
 * Re-execute without the password variables when any is set. Returns false when none is set or
 * the addon is missing, the error's text when execve failed (the caller then scrubs in place).
 */
export function reexecWithoutPasswordVariables(): false | string {
  const vars = Object.entries(process.env).filter(
    (e): e is [string, string] => PASSWORD_VARIABLE.test(e[0]) && e[1] !== undefined,
  );
  if (!vars.length) return false;
  if (sea()) loadSeaAddon();
  const native = loadNative();
  if (typeof native?.execve !== 'function' || typeof native.secretFd !== 'function') return false;
  let fd: number | undefined;
  try {
    fd = native.secretFd(encode([[STARTED, String(processStartedAt())], ...vars]));
    const env = [
      ...environmentBlock(process.env, (k) => !PASSWORD_VARIABLE.test(k) && k !== REEXEC_FD),
      `${REEXEC_FD}=${fd}`,
    ];
    const { file, argv } = selfArgv();
    native.execve(file, argv, env);
  } catch (err) {
    if (fd !== undefined)
      try {
        closeSync(fd);
      } catch {
        /* already closed */
      }
    return (err as Error).message;
  }
  return false; // not reached: execve returns only by throwing
}

export interface ReexecState {
  /** The password variables the previous image had (none without a re-exec). */
  variables: Record<string, string>;
  /** When the boot's first image started (epoch ms): this process's start without a re-exec. */
  startedAt: number;
}

/** What a previous image passed on (the pipe read once and closed, the variable deleted). */
export function readReexecState(): ReexecState {
  const ownStart = processStartedAt();
  const state: ReexecState = { variables: {}, startedAt: ownStart };
  const text = process.env[REEXEC_FD];
  delete process.env[REEXEC_FD];
  if (!text || !/^\d+$/.test(text)) return state;
  const fd = Number(text);
  let data: string;
  try {
    data = readFileSync(fd, 'utf8');
  } catch {
    return state;
  } finally {
    try {
      closeSync(fd);
    } catch {
      /* closed */
    }
  }
  for (const entry of data.split('\0')) {
    const eq = entry.indexOf('=');
    const [name, value] = [entry.slice(0, eq), entry.slice(eq + 1)];
    if (PASSWORD_VARIABLE.test(name)) state.variables[name] = value;
    else if (name === STARTED && Number(value) > 0 && Number(value) <= ownStart)
      state.startedAt = Number(value);
  }
  return state;
}
