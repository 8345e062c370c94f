/**
 * PID 1 hands itself over to real systemd (`--init systemd`) once the configuration is rendered:
 * execve through the native addon (Node 20 has none). Re-executing without the password
 * variables is early-reexec.ts.
 */
import { loadNative, type NativeHelper } from '../native/addon.js';
import { environmentBlock } from '../process/env-block.js';

/**
 * Hand PID 1 over to real systemd: argv as a container engine would start it (the binary alone,
 * systemd sees it is PID 1 and runs as the system manager), this environment (the password
 * variables are gone by now) without bosun's own BOSUN_* variables. Returns false without the
 * addon; throws if execve fails.
 */
export function execSystemd(systemd: string): boolean {
  const native: NativeHelper | null = loadNative();
  if (typeof native?.execve !== 'function') return false;
  return native.execve(
    systemd,
    [systemd],
    environmentBlock(process.env, (k) => !k.startsWith('BOSUN_')),
  );
}
