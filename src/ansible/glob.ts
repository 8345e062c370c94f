/**
 * Python's glob.glob for the fileglob lookup (Node 20 has no fs.globSync): *, ?, [..] per
 * segment, names in directory order as os.scandir gives them (fs.readdirSync sorts: libuv's
 * scandir does), so results come in the order Ansible returns them.
 */
import { opendirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function segmentRegex(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const j = seg.indexOf(']', i + 2);
      if (j < 0) {
        re += '\\[';
        continue;
      }
      let body = seg.slice(i + 1, j);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      re += '[' + body.replace(/\\/g, '\\\\') + ']';
      i = j;
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Matching paths, files and directories; hidden names only when the pattern starts with '.'. */
export function globFiles(pattern: string): string[] {
  const abs = pattern.startsWith('/');
  const segs = pattern.split('/').filter((s) => s !== '');
  let current = [abs ? '/' : ''];
  for (const seg of segs) {
    const next: string[] = [];
    const magic = /[*?[]/.test(seg);
    for (const base of current) {
      if (!magic) {
        const p = base ? join(base, seg) : seg;
        try {
          statSync(p);
          next.push(p);
        } catch {
          /* no match */
        }
        continue;
      }
      let names: string[];
      try {
        names = directoryOrder(base || '.');
      } catch {
        continue;
      }
      const re = segmentRegex(seg);
      for (const n of names)
        if (re.test(n) && (seg.startsWith('.') || !n.startsWith('.')))
          next.push(base ? join(base, n) : n);
    }
    current = next;
  }
  return current.filter((p) => p !== '/' && p !== '');
}

/** The names of a directory in readdir(3) order. */
function directoryOrder(dir: string): string[] {
  const d = opendirSync(dir);
  const names: string[] = [];
  try {
    for (let e = d.readSync(); e !== null; e = d.readSync()) names.push(e.name);
  } finally {
    d.closeSync();
  }
  return names;
}
