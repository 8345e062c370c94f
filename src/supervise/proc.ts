/** What /proc says about processes: parent, process group, session, state (Linux only). */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcStat {
  pid: number;
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
}

export function readStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // comm may contain spaces and parentheses: fields resume after the last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    pid,
    state: rest[0]!,
    ppid: Number(rest[1]),
    pgrp: Number(rest[2]),
    session: Number(rest[3]),
  };
}

export function allPids(): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .map(Number);
}

/** Live processes (not zombies) in any of the given process groups or sessions. */
export function membersOf(groups: ReadonlySet<number>): number[] {
  const out: number[] = [];
  for (const pid of allPids()) {
    const st = readStat(pid);
    if (st && st.state !== 'Z' && (groups.has(st.pgrp) || groups.has(st.session))) out.push(pid);
  }
  return out;
}

export function isAlive(pid: number): boolean {
  const st = readStat(pid);
  return st !== null && st.state !== 'Z';
}
