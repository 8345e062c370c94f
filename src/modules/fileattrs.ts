/**
 * File attributes shared by copy, file, template, lineinfile…: `mode` (octal, int or symbolic),
 * `owner`, `group`; applied only when different so modules stay idempotent. System calls are
 * synchronous: each is microseconds, a thread-pool round trip costs more (see src/fs/atomic.ts).
 */
import {
  chmodSync,
  chownSync,
  lchownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  statSync,
  type Stats,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, resolve as resolvePath } from 'node:path';

export const FILE_ATTR_SPEC = {
  mode: { type: 'raw' },
  owner: { type: 'str' },
  group: { type: 'str' },
  seuser: { type: 'str' },
  serole: { type: 'str' },
  setype: { type: 'str' },
  selevel: { type: 'str' },
  unsafe_writes: { type: 'bool', default: false },
  attributes: { type: 'str', aliases: ['attr'] },
} as const;

/** Parsed databases, reused while the file's mtime and size are unchanged (a play may add users). */
const idMaps = new Map<string, { stamp: string; map: Map<string, number> }>();

function idMap(file: string): Map<string, number> {
  let stamp = 'absent';
  try {
    const st = statSync(file);
    stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
  } catch {
    /* no such database */
  }
  const cached = idMaps.get(file);
  if (cached && cached.stamp === stamp) return cached.map;
  const m = new Map<string, number>();
  try {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const parts = line.split(':');
      if (parts.length > 2) m.set(parts[0]!, Number(parts[2]));
    }
  } catch {
    /* no such database */
  }
  idMaps.set(file, { stamp, map: m });
  return m;
}

export function nameOf(file: '/etc/passwd' | '/etc/group', id: number): string {
  for (const [n, i] of idMap(file)) if (i === id) return n;
  return String(id);
}

function resolveId(file: '/etc/passwd' | '/etc/group', name: string): number {
  if (/^\d+$/.test(name)) return Number(name);
  const id = idMap(file).get(name);
  if (id === undefined)
    throw new Error(
      `chown failed: failed to look up ${file === '/etc/passwd' ? 'user' : 'group'} ${name}`,
    );
  return id;
}

/** Apply a symbolic mode (`u=rw,g+r,o-w`, `a+x`) to the current mode. */
function symbolic(spec: string, current: number, isDir: boolean): number {
  let mode = current & 0o7777;
  for (const clause of spec.split(',')) {
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause.trim());
    if (!m) throw new Error(`mode must be in octal or symbolic form: ${spec}`);
    const who = m[1] || 'a';
    let bits = 0;
    for (const p of m[3]!) {
      if (p === 'r') bits |= 0o444;
      if (p === 'w') bits |= 0o222;
      if (p === 'x' || (p === 'X' && (isDir || (current & 0o111) !== 0))) bits |= 0o111;
      if (p === 's') bits |= 0o6000;
      if (p === 't') bits |= 0o1000;
    }
    let mask = 0;
    if (who.includes('u') || who.includes('a')) mask |= 0o4700;
    if (who.includes('g') || who.includes('a')) mask |= 0o2070;
    if (who.includes('o') || who.includes('a')) mask |= 0o1007;
    bits &= mask;
    if (m[2] === '+') mode |= bits;
    else if (m[2] === '-') mode &= ~bits;
    else mode = (mode & ~mask) | bits;
  }
  return mode;
}

/** The numeric mode a `mode:` argument asks for, given the current one. */
export function wantedMode(mode: unknown, current: number, isDir: boolean): number | undefined {
  if (mode === undefined || mode === null || mode === 'preserve') return undefined;
  if (typeof mode === 'number') return mode;
  if (typeof mode !== 'string')
    throw new Error(`mode must be in octal or symbolic form, not a ${typeof mode}`);
  if (/^[0-7]+$/.test(mode)) return parseInt(mode, 8);
  return symbolic(mode, current, isDir);
}

export interface AttrArgs {
  mode?: unknown;
  owner?: unknown;
  group?: unknown;
}

/** Apply mode/owner/group; returns whether anything changed (nothing is touched in check mode). */
export function applyAttrs(path: string, args: AttrArgs, check: boolean, follow = true): boolean {
  let st: Stats;
  try {
    st = follow ? statSync(path) : lstatSync(path);
  } catch {
    return false;
  }
  let changed = false;
  const want = wantedMode(args.mode, st.mode, st.isDirectory());
  if (want !== undefined && (st.mode & 0o7777) !== want && !st.isSymbolicLink()) {
    changed = true;
    if (!check) chmodSync(path, want);
  }
  const uid = typeof args.owner === 'string' ? resolveId('/etc/passwd', args.owner) : st.uid;
  const gid = typeof args.group === 'string' ? resolveId('/etc/group', args.group) : st.gid;
  if (uid !== st.uid || gid !== st.gid) {
    changed = true;
    if (!check) (follow ? chownSync : lchownSync)(path, uid, gid);
  }
  return changed;
}

/**
 * `mkdir -p dir` as Ansible's copy/file modules do it: each directory created gets `attrs`
 * (adjust_recursive_directory_permissions), and so does `dir` itself when it already existed and
 * `existing` is set. Whether anything changed; check mode changes nothing and says what would.
 */
export function ensureDirectory(
  dir: string,
  attrs: AttrArgs,
  check: boolean,
  existing = true,
): boolean {
  const missing: string[] = [];
  for (let p = resolvePath(dir); !existsSync(p); p = dirname(p)) {
    missing.unshift(p);
    if (dirname(p) === p) break;
  }
  if (missing.length === 0) return existing ? applyAttrs(dir, attrs, check) : false;
  if (!check)
    for (const p of missing) {
      mkdirSync(p);
      applyAttrs(p, attrs, false);
    }
  return true;
}

/** The file facts copy/file/template return (`mode` as '0644', owner names…). */
export function fileFacts(path: string): Record<string, unknown> {
  try {
    const st = lstatSync(path);
    const state = st.isDirectory() ? 'directory' : st.isSymbolicLink() ? 'link' : 'file';
    return {
      path,
      uid: st.uid,
      gid: st.gid,
      owner: nameOf('/etc/passwd', st.uid),
      group: nameOf('/etc/group', st.gid),
      mode: '0' + (st.mode & 0o7777).toString(8).padStart(3, '0'),
      state,
      size: st.size,
    };
  } catch {
    return { path, state: 'absent' };
  }
}

export function sha1(data: Buffer | string): string {
  return createHash('sha1').update(data).digest('hex');
}

export function md5(data: Buffer | string): string {
  return createHash('md5').update(data).digest('hex');
}

export function readIfExists(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}
