/** find: files matching patterns/age/size/type under paths. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { nameOf } from './fileattrs.js';
import { pyRegex } from './pyre.js';
import type { ModuleDef } from './types.js';

function globRe(p: string): RegExp {
  return new RegExp(
    '^' +
      p
        .replace(/[.+^${}()|\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')
        .replace(/\[!/g, '[^') +
      '$',
  );
}

function sizeBytes(s: string): number {
  const m = /^(-?\d+)([bkmgt]?)$/i.exec(s.trim());
  if (!m) return Number(s);
  const mult: Record<string, number> = {
    '': 1,
    b: 1,
    k: 1024,
    m: 1024 ** 2,
    g: 1024 ** 3,
    t: 1024 ** 4,
  };
  return Number(m[1]) * mult[m[2]!.toLowerCase()]!;
}

function ageSeconds(s: string): number {
  const m = /^(-?\d+)([smhdw]?)$/.exec(s.trim());
  if (!m) return Number(s);
  const mult: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  return Number(m[1]) * mult[m[2]!]!;
}

export const find: ModuleDef = {
  name: 'find',
  spec: {
    paths: { type: 'list', required: true, aliases: ['name', 'path'], elements: 'str' },
    patterns: { type: 'list', default: [], aliases: ['pattern'], elements: 'str' },
    excludes: { type: 'list', aliases: ['exclude'], elements: 'str' },
    contains: { type: 'str' },
    read_whole_file: { type: 'bool', default: false },
    file_type: { type: 'str', default: 'file', choices: ['any', 'directory', 'file', 'link'] },
    age: { type: 'str' },
    age_stamp: { type: 'str', default: 'mtime', choices: ['atime', 'ctime', 'mtime'] },
    size: { type: 'str' },
    recurse: { type: 'bool', default: false },
    hidden: { type: 'bool', default: false },
    follow: { type: 'bool', default: false },
    get_checksum: { type: 'bool', default: false },
    use_regex: { type: 'bool', default: false },
    depth: { type: 'int' },
    mode: { type: 'raw' },
    exact_mode: { type: 'bool', default: true },
  },
  supportsCheck: true,
  async run(args) {
    const patterns = (args.patterns as string[])
      .flatMap((p) => (args.use_regex ? [p] : p.split(',')))
      .filter(Boolean);
    const excludes = ((args.excludes as string[] | undefined) ?? []).filter(Boolean);
    const match = (name: string, pats: string[]): boolean =>
      pats.some((p) => (args.use_regex ? pyRegex(p).test(name) : globRe(p).test(name)));
    const files: Record<string, unknown>[] = [];
    let examined = 0;
    const msgs: string[] = [];
    const now = Date.now() / 1000;
    const visit = async (dir: string, depth: number, root: string): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        msgs.push(
          `${dir} was skipped as it does not seem to be a valid directory or it cannot be accessed`,
        );
        return;
      }
      for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        const full = path.join(dir, e.name);
        examined++;
        if (!args.hidden && e.name.startsWith('.')) continue;
        const st = args.follow ? await fs.stat(full).catch(() => undefined) : await fs.lstat(full);
        if (!st) continue;
        const type = st.isDirectory() ? 'directory' : st.isSymbolicLink() ? 'link' : 'file';
        const typeOk = args.file_type === 'any' || args.file_type === type;
        let ok =
          typeOk &&
          (patterns.length === 0 || match(e.name, patterns)) &&
          !(excludes.length && match(e.name, excludes));
        if (ok && typeof args.age === 'string') {
          const age = ageSeconds(args.age);
          const stamp =
            args.age_stamp === 'atime'
              ? st.atimeMs
              : args.age_stamp === 'ctime'
                ? st.ctimeMs
                : st.mtimeMs;
          const diff = now - stamp / 1000;
          ok = age >= 0 ? diff >= age : diff <= -age;
        }
        if (ok && typeof args.size === 'string' && type === 'file') {
          const size = sizeBytes(args.size);
          ok = size >= 0 ? st.size >= size : st.size <= -size;
        }
        if (ok && typeof args.contains === 'string' && type === 'file')
          ok = pyRegex(args.contains, 'm').test(await fs.readFile(full, 'utf8'));
        if (ok) {
          const mode = st.mode & 0o7777;
          files.push({
            path: full,
            mode: '0' + mode.toString(8).padStart(3, '0'),
            isdir: st.isDirectory(),
            isreg: st.isFile(),
            islnk: st.isSymbolicLink(),
            size: st.size,
            uid: st.uid,
            gid: st.gid,
            pw_name: nameOf('/etc/passwd', st.uid),
            gr_name: nameOf('/etc/group', st.gid),
            mtime: st.mtimeMs / 1000,
            atime: st.atimeMs / 1000,
            ctime: st.ctimeMs / 1000,
            inode: st.ino,
            nlink: st.nlink,
            dev: st.dev,
          });
        }
        const maxDepth = args.depth as number | undefined;
        if (args.recurse && st.isDirectory() && (maxDepth === undefined || depth + 1 < maxDepth))
          await visit(full, depth + 1, root);
      }
    };
    for (const p of args.paths as string[]) await visit(p, 0, p);
    return {
      changed: false,
      files,
      matched: files.length,
      examined,
      msg: msgs.join('\n'),
      skipped_paths: {},
    };
  },
};
