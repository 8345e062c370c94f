/**
 * In the single executable the native PID 1 helper travels as a SEA asset: dlopen needs a file,
 * so it is written to a private directory (0700, under /run when writable: the root filesystem
 * may be read-only) and loaded once, before any service starts. tmpfs mounts are often noexec,
 * where dlopen fails: then the next place is tried, and without any the supervisor runs without
 * the helper (no orphan reaping) — the returned warning says so.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadNative } from '../native/addon.js';
import { sea } from './self.js';

export function loadSeaAddon(): string | null {
  const s = sea();
  if (!s || process.env.BOSUN_NATIVE_ADDON) return null;
  let asset: ArrayBuffer;
  try { asset = s.getAsset('bosun_reaper.node'); } catch { return 'this executable carries no native helper: orphan processes will not be reaped'; }
  const failures: string[] = [];
  for (const base of ['/run/bosun', '/run', tmpdir(), '/dev/shm']) {
    let dir: string;
    try {
      mkdirSync(base, { recursive: true, mode: 0o755 });
      dir = mkdtempSync(path.join(base, 'native-'));
    } catch { continue; /* not writable */ }
    const file = path.join(dir, 'bosun_reaper.node');
    try {
      writeFileSync(file, Buffer.from(asset), { mode: 0o700 });
      // Probe first: loadNative() remembers a failure for good.
      process.dlopen({ exports: {} }, file);
      process.env.BOSUN_NATIVE_ADDON = file;
      loadNative();
      return null;
    } catch (err) {
      failures.push(`${base}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    } finally {
      // Loaded (or not): neither the file nor the variable is needed any more, and children must not see it.
      delete process.env.BOSUN_NATIVE_ADDON;
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return `cannot load the native helper (${failures.join('; ') || 'no writable directory'}): orphan processes will not be reaped; mount /run with exec`;
}
