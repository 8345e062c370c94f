/**
 * PID 1 replaces itself (execve through the native addon; Node 20 has none):
 *  - without the password in its environment: /proc/1/environ is the block the kernel got at
 *    the last execve, so re-executing with the password variables removed is the only way it
 *    never shows them. The password crosses in a pipe (BOSUN_VAULT_PASSWORD_FD), read and
 *    closed by the new image.
 *  - with real systemd as PID 1 (`--init systemd`), once the configuration is rendered.
 * Without the addon both return false: callers fall back (zeroing the environment block) or fail.
 */
import { closeSync, realpathSync } from 'node:fs';
import { loadNative, type NativeHelper } from '../native/addon.js';
import { sea } from './self.js';

/** The environment as execve wants it, without `drop`, plus `extra`. */
function environment(drop: readonly string[], extra: Record<string, string> = {}): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !drop.includes(k)) out.push(`${k}=${v}`);
  for (const [k, v] of Object.entries(extra)) out.push(`${k}=${v}`);
  return out;
}

/** This very command line again: [binary, argv] for the single executable or node + script. */
function selfArgv(): { file: string; argv: string[] } {
  const args = process.argv.slice(2);
  // process.argv[1] is the name bosun was invoked by in a single executable, the script otherwise.
  if (sea()) return { file: process.execPath, argv: [process.argv[1] ?? process.argv0, ...args] };
  return { file: process.execPath, argv: [process.argv0, ...process.execArgv, realpathSync(process.argv[1]!), ...args] };
}

/**
 * Re-execute without the variables `drop`, the password (unless null) passed in a pipe. Returns only when
 * that is impossible: false without the addon, the error's text when execve failed (the caller
 * warns and zeroes the block in place instead; the pipe is closed again).
 */
export function reexecWithoutPassword(password: string | null, source: string, drop: readonly string[]): false | string {
  const native: NativeHelper | null = loadNative();
  if (typeof native?.execve !== 'function' || typeof native.secretFd !== 'function') return false;
  let fd: number | undefined;
  try {
    // null: the password came from a file, which the new image reads again.
    if (password !== null) fd = native.secretFd(Buffer.from(`${password}\n`, 'utf8'));
    const { file, argv } = selfArgv();
    native.execve(file, argv, environment(drop, fd === undefined ? {} : { BOSUN_VAULT_PASSWORD_FD: String(fd), BOSUN_VAULT_PASSWORD_FROM: source }));
  } catch (err) {
    if (fd !== undefined) try { closeSync(fd); } catch { /* already closed */ }
    return (err as Error).message;
  }
  return false; // not reached: execve returns only by throwing
}

/**
 * Hand PID 1 over to real systemd: argv as a container engine would start it (the binary alone,
 * systemd sees it is PID 1 and runs as the system manager), an environment without `drop` and
 * without bosun's own BOSUN_* variables. Returns false without the addon; throws if execve fails.
 */
export function execSystemd(systemd: string, drop: readonly string[]): boolean {
  const native: NativeHelper | null = loadNative();
  if (typeof native?.execve !== 'function') return false;
  const bosunOwn = Object.keys(process.env).filter((k) => k.startsWith('BOSUN_'));
  return native.execve(systemd, [systemd], environment([...drop, ...bosunOwn]));
}
