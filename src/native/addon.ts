/**
 * Loads bosun's native addon (native/addon: PID 1 helpers, the vault body decoder): from
 * BOSUN_NATIVE_ADDON, next to the executable or the bundle (dist/bosun_native.node), or from the
 * source tree's build. Absent addon → null, and callers degrade (supervisor: no orphan reaping,
 * Type=notify treated as simple, with a warning; vault: the JavaScript decoder).
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface NativeHelper {
  waitpid(pid: number): { pid: number; code: number | null; signal: number | null } | null;
  setSubreaper(): boolean;
  notifyListen(socketPath: string, onMessage: (message: string, pid: number) => void): () => void;
  /** execve(2): replaces this process; returns only by throwing. */
  execve(path: string, argv: string[], envp: string[]): never;
  /** A pipe's read end holding `bytes`, inherited across execve (write end closed). */
  secretFd(bytes: Buffer): number;
  /**
   * posix_spawn(path, argv, envp) in `cwd` with stdio [in, out, err] in a new session, default
   * signal dispositions: the pid, or -errno (exec errors included). Absent in older addons.
   */
  spawn?(
    path: string,
    argv: string[],
    envp: string[],
    cwd: string,
    stdio: [number, number, number],
  ): number;
  /** pipe2(O_CLOEXEC): [read end, write end]. */
  pipe?(): [number, number];
  /** The vault body from `start` decoded to [salt, hmac, ciphertext]; null when irregular. */
  vaultDecode(body: Uint8Array, start: number): [Buffer, Buffer, Buffer] | null;
  /** [index of the password that opens it, buffer, plaintext length]; -1: none; null: irregular. */
  vaultOpen(
    body: Uint8Array,
    start: number,
    passwords: Buffer[],
  ): [number, Buffer, number] | -1 | null;
}

const ADDON = 'bosun_native.node';
let cached: NativeHelper | null | undefined;

function candidates(): string[] {
  const list: string[] = [];
  if (process.env.BOSUN_NATIVE_ADDON) list.push(process.env.BOSUN_NATIVE_ADDON);
  // A single executable (SEA) keeps the addon next to itself.
  list.push(path.join(path.dirname(process.execPath), ADDON));
  const script = process.argv[1];
  if (script && existsSync(script)) list.push(path.join(path.dirname(realpathSync(script)), ADDON));
  let moduleUrl: string | undefined;
  try {
    moduleUrl = import.meta.url;
  } catch {
    moduleUrl = undefined;
  }
  if (moduleUrl) {
    const dir = path.dirname(fileURLToPath(moduleUrl));
    list.push(
      path.join(dir, ADDON),
      path.resolve(dir, '../../native/addon/build/Release', ADDON),
      path.resolve(dir, '../../dist', ADDON),
    );
  }
  return list;
}

export function loadNative(): NativeHelper | null {
  if (cached !== undefined) return cached;
  cached = null;
  for (const file of candidates()) {
    if (!existsSync(file)) continue;
    cached = adoptNative(file);
    break;
  }
  return cached;
}

/** Load the addon from `file` (throws when dlopen fails) and use it from now on. */
export function adoptNative(file: string): NativeHelper {
  const mod = { exports: {} as NativeHelper };
  process.dlopen(mod, file);
  cached = mod.exports;
  return cached;
}
