/**
 * Removes variables from this process's environment *and* from the memory /proc/<pid>/environ
 * reads. Node's `delete process.env.X` only unlinks the variable from libc's environ array: the
 * bytes stay in the initial environment block the kernel exposes as /proc/<pid>/environ. PID 1
 * normally re-executes itself without them (reexec.ts, execve through the native addon: Node 20
 * has none); this is the fallback without the addon, and the clean-up of what remains in
 * process.env: the block is overwritten in place through /proc/self/mem, which a process may
 * always write.
 */
import { closeSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';

function environBlock(): { start: number; end: number } | null {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Fields after "(comm)" start with field 3; env_start and env_end are fields 50 and 51.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const start = Number(fields[47]);
  const end = Number(fields[48]);
  return Number.isSafeInteger(start) && end > start ? { start, end } : null;
}

/** Unset `names` and zero their `NAME=value` entries in the kernel-visible block. */
export function scrubEnvironment(names: readonly string[]): void {
  const present = names.filter((n) => process.env[n] !== undefined);
  for (const n of present) delete process.env[n];
  if (!present.length) return;
  const block = environBlock();
  if (!block) throw new Error('cannot locate the environment block in /proc/self/stat');
  const fd = openSync('/proc/self/mem', 'r+');
  try {
    const buf = Buffer.alloc(block.end - block.start);
    readSync(fd, buf, 0, buf.length, block.start);
    let pos = 0;
    while (pos < buf.length) {
      let end = buf.indexOf(0, pos);
      if (end < 0) end = buf.length;
      const entry = buf.subarray(pos, end).toString('latin1');
      const eq = entry.indexOf('=');
      if (eq > 0 && present.includes(entry.slice(0, eq))) {
        buf.fill(0, pos, end);
        writeSync(fd, buf, pos, end - pos, block.start + pos);
      }
      pos = end + 1;
    }
  } finally {
    closeSync(fd);
  }
}
