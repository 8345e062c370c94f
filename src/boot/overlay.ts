/**
 * The optional /setup overlay of a container: /setup/rootfs is copied over / (so images can
 * ship per-deployment files in a volume), and /setup/*.yml are extra vault files appended to the
 * environment's vault set.
 */
import { cpSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { errnoCode } from '../errors.js';
import { BootError } from './errors.js';

export function applyOverlay(setupDir: string, root = '/'): string[] {
  const rootfs = path.join(setupDir, 'rootfs');
  if (existsSync(rootfs)) {
    try {
      cpSync(rootfs, root, { recursive: true, force: true, preserveTimestamps: true });
    } catch (err) {
      const code = errnoCode(err);
      const target =
        err instanceof Error && 'dest' in err ? String((err as { dest: unknown }).dest) : root;
      const why =
        code === 'EROFS'
          ? 'read-only filesystem'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : (code ?? String(err));
      throw new BootError('overlay', `cannot copy ${rootfs} over ${root}: ${target}: ${why}`, {
        cause: err,
      });
    }
  }
  if (!existsSync(setupDir)) return [];
  return readdirSync(setupDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(setupDir, f));
}
