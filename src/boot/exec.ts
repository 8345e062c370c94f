/**
 * `bosun boot -- CMD…`: run CMD as the single child, as tini does: forward signals to it, reap
 * orphans that get reparented to us (as PID 1, or as a subreaper), and exit with its status
 * (128+signal when it was killed).
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { startReaper } from '../supervise/reaper.js';
import { trackChild } from '../process/children.js';
import { BootError } from './errors.js';

const FORWARDED: NodeJS.Signals[] = [
  'SIGTERM',
  'SIGINT',
  'SIGHUP',
  'SIGQUIT',
  'SIGUSR1',
  'SIGUSR2',
  'SIGWINCH',
];

export async function execChild(command: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [file, ...args] = command;
  if (!file) throw new BootError('exec-empty', 'bosun boot: no command after --');
  const reaper = startReaper();
  const child = spawn(file, args, { stdio: 'inherit', env });
  // Registered so the orphan reaper leaves its status to libuv (else `exit` could see code 0).
  trackChild(child);
  const handlers = new Map<NodeJS.Signals, () => void>();
  for (const sig of FORWARDED) {
    const h = (): void => {
      if (child.pid) {
        try {
          process.kill(child.pid, sig);
        } catch {
          /* already gone */
        }
      }
    };
    handlers.set(sig, h);
    process.on(sig, h);
  }
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', (err) =>
        reject(new BootError('exec-spawn', `cannot run ${file}: ${err.message}`, { cause: err })),
      );
      child.once('exit', (code, signal) =>
        resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)),
      );
    });
  } finally {
    for (const [sig, h] of handlers) process.off(sig, h);
    reaper.stop();
  }
}
