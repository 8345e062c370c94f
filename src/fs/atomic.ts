/**
 * Atomic writes: temp file in the same directory, fsync, rename over the target, fsync the
 * directory. A crash leaves either the old file or the new one, never half of either. The
 * target's mode (and owner, when we are root) is preserved unless a mode is given.
 */
import { promises as fs, constants } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { errnoCode } from '../errors.js';

export interface AtomicWriteOptions {
  /** Mode of the written file; default: the existing file's mode, else 0o666 & ~umask. */
  mode?: number;
}

export async function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(target);
  let existing: import('node:fs').Stats | undefined;
  try {
    existing = await fs.stat(target);
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') throw err;
  }
  const tmp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  // Created owner-only so content is never readable by others before the final mode is set.
  const handle = await fs.open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await handle.writeFile(data);
    const mode = options.mode ?? (existing ? existing.mode & 0o7777 : 0o666 & ~process.umask());
    await handle.chmod(mode);
    if (existing && process.getuid?.() === 0) await handle.chown(existing.uid, existing.gid);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await syncDir(dir);
}

async function syncDir(dir: string): Promise<void> {
  try {
    const d = await fs.open(dir, constants.O_RDONLY);
    try { await d.sync(); } finally { await d.close(); }
  } catch {
    /* some filesystems refuse fsync on directories; the rename is still atomic */
  }
}
