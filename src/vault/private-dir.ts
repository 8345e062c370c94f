/**
 * A private directory for plaintext while an editor runs: on tmpfs (/dev/shm) when present so
 * plaintext never reaches a disk, mode 0700, files 0600, removed on exit, on error and on
 * SIGINT/SIGTERM/SIGHUP (the signal is re-raised after cleanup so the exit status stays right).
 * SIGKILL cannot be caught: the directory is named after our pid, and the next editor run
 * removes the directories of pids that no longer exist.
 */
import { closeSync, lstatSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { errnoCode } from '../errors.js';
import { createPrivateDir, TEMP_FLAGS } from '../fs/tempfile.js';

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const PREFIX = 'bosun-vault-';
const OURS = /^bosun-vault-(\d+)-[0-9a-f]{32}$/;

function privateBaseDir(): string {
  try {
    if (statSync('/dev/shm').isDirectory()) return '/dev/shm';
  } catch {
    /* no tmpfs */
  }
  return os.tmpdir();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errnoCode(err) === 'EPERM'; // exists, not ours to signal
  }
}

/**
 * Remove the private directories a killed bosun left behind: ours by name, owned by this user,
 * real directories (never a link), of a pid that is gone. Returns the removed paths.
 */
function sweepStalePrivateDirs(base = privateBaseDir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return removed;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    const m = OURS.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    const dir = path.join(base, name);
    try {
      const st = lstatSync(dir);
      if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) continue;
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      /* raced with another sweeper */
    }
  }
  return removed;
}

/** Run `body` with a 0600 file holding `content` inside a fresh 0700 directory, then remove it. */
export async function withPrivateFile<T>(
  name: string,
  content: Uint8Array,
  body: (file: string) => Promise<T>,
): Promise<T> {
  sweepStalePrivateDirs();
  const dir = createPrivateDir(privateBaseDir(), `${PREFIX}${process.pid}-`);
  const cleanup = (): void => {
    rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    cleanup();
    for (const s of SIGNALS) process.off(s, onSignal);
    process.kill(process.pid, signal);
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('exit', cleanup);
  try {
    // The original's name (editors pick the syntax from it), created exclusively in our dir.
    const file = path.join(dir, path.basename(name) || 'vault');
    const fd = openSync(file, TEMP_FLAGS, 0o600);
    try {
      let off = 0;
      while (off < content.length) off += writeSync(fd, content, off, content.length - off);
    } finally {
      closeSync(fd);
    }
    return await body(file);
  } finally {
    cleanup();
    for (const s of SIGNALS) process.off(s, onSignal);
    process.off('exit', cleanup);
  }
}
