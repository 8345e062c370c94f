/**
 * How this process was started: as a Node single executable (dist/bosun-linux-x64) or as the
 * bundle run by node (`./bosun` in a checkout, the `bosun` bin of `npm link` — a symlink, hence
 * realpath). Re-executing ourselves, installing shims and git's textconv driver all need the
 * command line that starts bosun again.
 */
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';

interface SeaModule {
  isSea(): boolean;
  getAsset(key: string): ArrayBuffer;
}

let seaModule: SeaModule | null | undefined;

/** node:sea when it exists (Node ≥ 20.12) and we run as a single executable, else null. */
export function sea(): SeaModule | null {
  if (seaModule !== undefined) return seaModule;
  seaModule = null;
  try {
    // createRequire: the bundle is CJS, but the source is ESM under tsx.
    // Any absolute path serves: only a built-in module is required.
    const req = createRequire(process.execPath);
    const mod = req('node:sea') as SeaModule;
    if (mod.isSea()) seaModule = mod;
  } catch {
    seaModule = null;
  }
  return seaModule;
}

/** argv that starts bosun again: [binary] for a single executable, [node, bundle] otherwise. */
function selfCommand(): { command: string; args: string[] } {
  if (sea()) return { command: process.execPath, args: [] };
  const script = process.argv[1];
  if (!script) return { command: process.execPath, args: [] };
  return { command: process.execPath, args: [...process.execArgv, realpathSync(script)] };
}

/** The file shims should point at: the single executable, or the bundle (started via its shebang). */
export function selfTarget(): string {
  if (sea()) return process.execPath;
  return realpathSync(process.argv[1] ?? process.execPath);
}

/** selfCommand() plus `args` as one POSIX shell command line (what git runs for a textconv). */
export function selfShellCommand(args: string[]): string {
  const { command, args: pre } = selfCommand();
  const quote = (s: string): string =>
    /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
  return [command, ...pre, ...args].map(quote).join(' ');
}
