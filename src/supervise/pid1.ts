/**
 * PID 1's last duty at shutdown: after the units are stopped, whatever is left in the PID
 * namespace (processes that escaped their unit's process group, `docker exec` leftovers) gets
 * SIGTERM, then SIGKILL after a grace period. Only ever called when we are PID 1 — anywhere
 * else "every other process" would be the host's.
 */
import { allPids, readStat } from './proc.js';

function others(): number[] {
  return allPids().filter((p) => p !== process.pid && readStat(p)?.state !== 'Z');
}

export async function terminateRemaining(graceMs: number, log: (m: string) => void): Promise<void> {
  if (process.pid !== 1) return;
  let left = others();
  if (!left.length) return;
  log(`sending SIGTERM to ${left.length} remaining process(es)`);
  for (const p of left) {
    try {
      process.kill(p, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  // Shutdown only: a short re-check loop, bounded by the grace period.
  const end = Date.now() + graceMs;
  while ((left = others()).length && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  if (!left.length) return;
  log(`sending SIGKILL to ${left.length} remaining process(es)`);
  for (const p of left) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  // SIGKILL is delivered asynchronously; give the kernel a moment so the caller sees them gone.
  const killEnd = Date.now() + 1000;
  while (others().length && Date.now() < killEnd) await new Promise((r) => setTimeout(r, 20));
}
