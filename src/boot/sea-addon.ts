/**
 * The native addon of the single executable. Beside the executable (`bosun_native.node` next to
 * it, as images built for a read-only root filesystem ship it) or named by BOSUN_NATIVE_ADDON, it
 * is loaded from there. Otherwise it travels as a SEA asset: dlopen needs a file, so it is
 * written to a private directory (under /run when writable: the root filesystem may be
 * read-only), loaded, and removed. tmpfs mounts are often noexec, where dlopen fails: then the
 * next place is tried, and without any bosun runs without it — the returned warning says so.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adoptNative, loadNative } from '../native/addon.js';
import { sea } from '../process/self.js';

export function loadSeaAddon(): string | null {
  const s = sea();
  if (!s || loadNative()) return null;
  let asset: ArrayBuffer;
  try {
    asset = s.getAsset('bosun_native.node');
  } catch {
    return 'this executable carries no native helper: orphan processes will not be reaped';
  }
  const failures: string[] = [];
  for (const base of ['/run/bosun', '/run', tmpdir(), '/dev/shm']) {
    let dir: string;
    try {
      mkdirSync(base, { recursive: true, mode: 0o755 });
      dir = mkdtempSync(path.join(base, 'native-'));
    } catch {
      continue; /* not writable */
    }
    const file = path.join(dir, 'bosun_native.node');
    try {
      writeFileSync(file, Buffer.from(asset), { mode: 0o700 });
      adoptNative(file);
      return null;
    } catch (err) {
      failures.push(`${base}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    } finally {
      // Loaded (or not): the file is not needed any more.
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return `cannot load the native helper (${failures.join('; ') || 'no writable directory'}): orphan processes will not be reaped; ship bosun_native.node next to the executable or mount /run with exec`;
}
