/**
 * A private directory for plaintext while an editor runs: on tmpfs (/dev/shm) when present so
 * plaintext never reaches a disk, mode 0700, files 0600, removed on exit, on error and on
 * SIGINT/SIGTERM/SIGHUP (the signal is re-raised after cleanup so the exit status stays right).
 */
import { mkdtempSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function baseDir(): string {
  try {
    if (statSync('/dev/shm').isDirectory()) return '/dev/shm';
  } catch {
    /* no tmpfs */
  }
  return os.tmpdir();
}

/** Run `body` with a 0600 file holding `content` inside a fresh 0700 directory, then remove it. */
export async function withPrivateFile<T>(
  name: string,
  content: Uint8Array,
  body: (file: string) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(path.join(baseDir(), 'bosun-vault-'));
  chmodSync(dir, 0o700);
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
    const file = path.join(dir, path.basename(name) || 'vault');
    writeFileSync(file, content, { mode: 0o600 });
    return await body(file);
  } finally {
    cleanup();
    for (const s of SIGNALS) process.off(s, onSignal);
    process.off('exit', cleanup);
  }
}
