/**
 * PIDs of the children this process spawned and has not yet seen exit. When bosun is PID 1 its
 * orphan reaper must never wait() for these: libuv reaps them itself and would lose their exit
 * status (see src/supervise/reaper.ts). Every spawn in bosun registers here.
 */
import type { ChildProcess } from 'node:child_process';

const live = new Set<number>();

export function trackChild(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return;
  live.add(pid);
  child.once('exit', () => live.delete(pid));
}

/** A child this process reaps itself (started natively): the orphan reaper must leave it alone. */
export function trackPid(pid: number): () => void {
  live.add(pid);
  return () => {
    live.delete(pid);
  };
}

export function isOwnChild(pid: number): boolean {
  return live.has(pid);
}
