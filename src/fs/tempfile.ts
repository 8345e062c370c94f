/**
 * The one way bosun creates a temporary file or directory. bosun runs as root and often writes
 * next to files in directories other users can write (/tmp, upload dirs): a predictable name,
 * a create that follows a planted symlink, or a readable mode would let such a user overwrite any
 * file or read a secret. So every temp name carries 128 random bits (crypto), files are created
 * with O_CREAT|O_EXCL|O_NOFOLLOW (never an existing file, never through a link) and mode 0600,
 * directories with mkdir (exclusive, never through a link) and mode 0700.
 */
import { closeSync, constants, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** open(2) flags of every temp file: write-only, created here, not through a symlink. */
export const TEMP_FLAGS =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/** An unpredictable name `<prefix><32 hex digits><suffix>` (128 bits from the CSPRNG). */
export function randomTempName(prefix: string, suffix = ''): string {
  return `${prefix}${randomBytes(16).toString('hex')}${suffix}`;
}

export interface TempFile {
  path: string;
  /** Open for writing (the caller closes it), or already closed when `data` was given. */
  fd: number;
}

/**
 * Create a fresh 0600 file in `dir` (exclusive, no symlink followed). With `data`, the content is
 * written and the file closed (`fd` is -1); otherwise the open descriptor is returned.
 */
export function createTempFile(
  dir: string,
  options: { prefix?: string; suffix?: string; data?: string | Uint8Array; mode?: number } = {},
): TempFile {
  const p = path.join(dir, randomTempName(options.prefix ?? '.bosun-', options.suffix ?? ''));
  const fd = openSync(p, TEMP_FLAGS, options.mode ?? 0o600);
  if (options.data === undefined) return { path: p, fd };
  try {
    const buf = typeof options.data === 'string' ? Buffer.from(options.data) : options.data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    closeSync(fd);
  } catch (err) {
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
    rmSync(p, { force: true });
    throw err;
  }
  return { path: p, fd: -1 };
}

/** Create a fresh 0700 directory `<base>/<prefix><random>` (mkdir is exclusive and link-safe). */
export function createPrivateDir(base: string, prefix: string): string {
  const dir = path.join(base, randomTempName(prefix));
  mkdirSync(dir, { mode: 0o700 });
  return dir;
}
