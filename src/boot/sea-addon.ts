/**
 * In the single executable the native PID 1 helper travels as a SEA asset: dlopen needs a file,
 * so it is written to a private directory (0700, under /run when writable: the root filesystem
 * may be read-only) and loaded once, before any service starts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadNative } from '../supervise/native.js';
import { sea } from './self.js';

export function loadSeaAddon(): void {
  const s = sea();
  if (!s || process.env.BOSUN_NATIVE_ADDON) return;
  let asset: ArrayBuffer;
  try { asset = s.getAsset('bosun_reaper.node'); } catch { return; }
  let dir: string | undefined;
  for (const base of ['/run', tmpdir()]) {
    try { dir = mkdtempSync(path.join(base, 'bosun-native-')); break; } catch { /* try the next */ }
  }
  if (!dir) return;
  const file = path.join(dir, 'bosun_reaper.node');
  writeFileSync(file, Buffer.from(asset), { mode: 0o700 });
  process.env.BOSUN_NATIVE_ADDON = file;
  try {
    loadNative();
  } finally {
    // Loaded (or not): neither the file nor the variable is needed any more, and children must not see it.
    delete process.env.BOSUN_NATIVE_ADDON;
    rmSync(dir, { recursive: true, force: true });
  }
}
