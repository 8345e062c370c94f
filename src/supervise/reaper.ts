/**
 * Orphan reaping for PID 1 (and for a subreaper): on SIGCHLD, find our zombie children via /proc
 * that Node did not spawn (src/process/children.ts) and waitpid() each one individually, so
 * libuv keeps the exit status of its own children. Watchers get the exit of PIDs that are not
 * our spawned children (forking services' daemons).
 */
import { constants } from 'node:os';
import { isOwnChild } from '../process/children.js';
import { allPids, readStat, isAlive } from './proc.js';
import { loadNative } from '../native/addon.js';

export interface Reaper {
  watch(
    pid: number,
    onExit: (code: number | null, signal: NodeJS.Signals | null) => void,
  ): () => void;
  /** Orphans reaped so far. */
  readonly reaped: number;
  stop(): void;
}

type ExitCallback = (code: number | null, signal: NodeJS.Signals | null) => void;

export function signalName(n: number | null): NodeJS.Signals | null {
  if (n === null) return null;
  const entry = Object.entries(constants.signals).find(([, v]) => v === n);
  return (entry?.[0] as NodeJS.Signals | undefined) ?? null;
}

export function startReaper(): Reaper {
  const native = loadNative();
  const watchers = new Map<number, ExitCallback>();
  let reaped = 0;
  if (native && process.pid !== 1) native.setSubreaper();

  const sweep = (): void => {
    if (!native) return;
    for (const pid of allPids()) {
      if (isOwnChild(pid)) continue;
      const st = readStat(pid);
      if (!st || st.ppid !== process.pid || st.state !== 'Z') continue;
      const r = native.waitpid(pid);
      if (!r) continue;
      reaped++;
      const cb = watchers.get(pid);
      if (cb) {
        watchers.delete(pid);
        cb(r.code, signalName(r.signal));
      }
    }
  };
  // Watched PIDs that are not our children (we are neither their parent nor their reaper):
  // their end is only visible by checking, on SIGCHLD of anything and on a slow timer.
  let poll: NodeJS.Timeout | null = null;
  const checkForeign = (): void => {
    for (const [pid, cb] of watchers) {
      const st = readStat(pid);
      if (st && st.ppid === process.pid) continue; // ours: the sweep gets its status
      if (!isAlive(pid)) {
        watchers.delete(pid);
        cb(null, null);
      }
    }
    if (!watchers.size && poll) {
      clearInterval(poll);
      poll = null;
    }
  };
  // One tick later: libuv waits for the children it spawned while dispatching the same SIGCHLD,
  // so any zombie left by then is not one of those — not even one spawned without trackChild.
  let pending = false;
  const onChild = (): void => {
    if (pending) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      sweep();
      checkForeign();
    });
  };
  process.on('SIGCHLD', onChild);
  return {
    watch(pid, onExit) {
      watchers.set(pid, onExit);
      const st = readStat(pid);
      if (!native || !st || st.ppid !== process.pid) poll ??= setInterval(checkForeign, 1000);
      queueMicrotask(onChild);
      return () => {
        watchers.delete(pid);
      };
    },
    get reaped() {
      return reaped;
    },
    stop() {
      // Units are down by now; their last orphans may be zombies whose SIGCHLD is still queued.
      sweep();
      process.off('SIGCHLD', onChild);
      if (poll) clearInterval(poll);
    },
  };
}
