/** /etc/passwd and /etc/group lookups (Node has no getpwnam), relative to the supervisor's root. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface UserEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}
export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

function readLines(file: string): string[][] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split(':'));
  } catch {
    return [];
  }
}

export function lookupUser(nameOrId: string, root = '/'): UserEntry | null {
  for (const f of readLines(path.join(root, 'etc/passwd'))) {
    if (f.length < 7) continue;
    if (f[0] === nameOrId || f[2] === nameOrId)
      return { name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5]!, shell: f[6]! };
  }
  if (/^\d+$/.test(nameOrId))
    return {
      name: nameOrId,
      uid: Number(nameOrId),
      gid: Number(nameOrId),
      home: '/',
      shell: '/bin/sh',
    };
  return null;
}

export function lookupGroup(nameOrId: string, root = '/'): GroupEntry | null {
  for (const f of readLines(path.join(root, 'etc/group'))) {
    if (f.length < 4) continue;
    if (f[0] === nameOrId || f[2] === nameOrId)
      return { name: f[0]!, gid: Number(f[2]), members: f[3] ? f[3].split(',') : [] };
  }
  if (/^\d+$/.test(nameOrId)) return { name: nameOrId, gid: Number(nameOrId), members: [] };
  return null;
}

/** Groups a user belongs to through /etc/group member lists (what initgroups() would add). */
export function memberGroups(user: string, root = '/'): number[] {
  return readLines(path.join(root, 'etc/group'))
    .filter((f) => f.length >= 4 && f[3]!.split(',').includes(user))
    .map((f) => Number(f[2]));
}
