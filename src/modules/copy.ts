/** copy: a file, a directory tree, or inline `content` to `dest`. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ensureDirectory, FILE_ATTR_SPEC } from './fileattrs.js';
import type { ModuleDef, ModuleResult } from './types.js';
import { isDir, writeContent } from './write.js';

/** The directories (parents first, `dir` itself included) and files of a source tree. */
async function walk(dir: string, out = { dirs: [dir], files: [] as string[] }) {
  for (const e of (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      out.dirs.push(p);
      await walk(p, out);
    } else out.files.push(p);
  }
  return out;
}

export const copy: ModuleDef = {
  name: 'copy',
  spec: {
    ...FILE_ATTR_SPEC,
    src: { type: 'path' },
    content: { type: 'raw' },
    dest: { type: 'path', required: true },
    backup: { type: 'bool', default: false },
    force: { type: 'bool', default: true, aliases: ['thirsty'] },
    remote_src: { type: 'bool', default: false },
    directory_mode: { type: 'raw' },
    validate: { type: 'str' },
    follow: { type: 'bool', default: false },
    local_follow: { type: 'bool', default: true },
    decrypt: { type: 'bool', default: true },
    checksum: { type: 'str' },
  },
  supportsCheck: true,
  async run(args, ctx) {
    let dest = args.dest as string;
    if (args.content !== undefined) {
      if (args.src !== undefined)
        return { failed: true, msg: 'src and content are mutually exclusive' };
      const c = args.content;
      const text = typeof c === 'string' ? c : JSON.stringify(c);
      if (dest.endsWith('/') || isDir(dest))
        return { failed: true, msg: 'can not use content with a dir as dest' };
      return writeContent(dest, Buffer.from(text, 'utf8'), args, ctx);
    }
    if (args.src === undefined) return { failed: true, msg: 'src (or content) is required' };
    const srcArg = args.src as string;
    const src = args.remote_src ? srcArg : ctx.findFile('files', srcArg);
    let st;
    try {
      st = await fs.stat(src);
    } catch {
      return { failed: true, msg: `Could not find or access '${srcArg}'` };
    }
    if (st.isDirectory()) {
      // Trailing slash copies the contents; otherwise the directory itself goes under dest.
      const contents = srcArg.endsWith('/');
      const base = contents ? dest : path.join(dest, path.basename(src));
      const tree = await walk(src);
      let changed = false;
      // As Ansible (the file module, state=directory, per source directory): every directory of
      // the tree, and each missing one above it, gets owner/group and `directory_mode` (not
      // `mode`, which is the files'); new ones without directory_mode get the umask's mode.
      // With a trailing slash, dest itself is not one of the tree's directories.
      const dirAttrs = { owner: args.owner, group: args.group, mode: args.directory_mode };
      if (contents) changed = ensureDirectory(base, dirAttrs, ctx.check, false) || changed;
      for (const dir of contents ? tree.dirs.slice(1) : tree.dirs)
        changed =
          ensureDirectory(path.join(base, path.relative(src, dir)), dirAttrs, ctx.check) || changed;
      for (const file of tree.files) {
        const target = path.join(base, path.relative(src, file));
        const r = await writeContent(
          target,
          await fs.readFile(file),
          { ...args, src: file },
          ctx,
          (await fs.stat(file)).mode & 0o7777,
        );
        if (r.failed) return r;
        changed ||= r.changed === true;
      }
      return { changed, dest: base.endsWith('/') ? base : base + '/', src };
    }
    if (dest.endsWith('/') || isDir(dest)) dest = path.join(dest, path.basename(src));
    const r: ModuleResult = await writeContent(
      dest,
      await fs.readFile(src),
      { ...args, src },
      ctx,
      st.mode & 0o7777,
    );
    if (r.changed) r.src = src;
    return r;
  },
};
