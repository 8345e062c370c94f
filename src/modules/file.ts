/** file: make a path a file, directory, link or hard link, touch it, or remove it; set attributes. */
import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { applyAttrs, fileFacts, FILE_ATTR_SPEC } from './fileattrs.js';
import type { ModuleDef, ModuleResult } from './types.js';

async function lstat(p: string): Promise<Stats | undefined> {
  try {
    return await fs.lstat(p);
  } catch {
    return undefined;
  }
}

async function recurseAttrs(
  dir: string,
  args: Record<string, unknown>,
  check: boolean,
): Promise<boolean> {
  let changed = false;
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (applyAttrs(p, args, check, false)) changed = true;
    if (e.isDirectory()) changed = (await recurseAttrs(p, args, check)) || changed;
  }
  return changed;
}

export const file: ModuleDef = {
  name: 'file',
  spec: {
    ...FILE_ATTR_SPEC,
    path: { type: 'path', required: true, aliases: ['dest', 'name'] },
    state: { type: 'str', choices: ['absent', 'directory', 'file', 'hard', 'link', 'touch'] },
    src: { type: 'path' },
    recurse: { type: 'bool', default: false },
    force: { type: 'bool', default: false },
    follow: { type: 'bool', default: true },
    modification_time: { type: 'str' },
    modification_time_format: { type: 'str' },
    access_time: { type: 'str' },
    access_time_format: { type: 'str' },
    _original_basename: { type: 'str' },
    _diff_peek: { type: 'bool' },
  },
  supportsCheck: true,
  async run(args, ctx) {
    const p = args.path as string;
    const st = await lstat(p);
    const state =
      (args.state as string | undefined) ??
      (args.src !== undefined ? 'link' : st ? (st.isDirectory() ? 'directory' : 'file') : 'file');
    const beforeMode = st ? '0' + (st.mode & 0o7777).toString(8).padStart(3, '0') : undefined;
    const out = (changed: boolean, extra: ModuleResult = {}): ModuleResult => {
      const f = fileFacts(p);
      const prev = st
        ? st.isDirectory()
          ? 'directory'
          : st.isSymbolicLink()
            ? 'link'
            : 'file'
        : 'absent';
      const before: Record<string, unknown> = { path: p };
      const after: Record<string, unknown> = { path: p };
      // As Ansible: the state shows when it changes, the mode when it changes (a new directory
      // starts from the umask default).
      if (prev !== state) {
        before.state = prev;
        after.state = state;
      }
      const initial =
        beforeMode ??
        (state === 'directory' ? '0' + (0o777 & ~process.umask()).toString(8) : undefined);
      if (args.mode !== undefined && initial !== undefined && f.mode !== initial) {
        before.mode = initial;
        after.mode = f.mode;
      }
      return {
        ...f,
        ...extra,
        changed,
        path: p,
        ...(ctx.diff ? { diff: { before, after } } : {}),
      };
    };
    switch (state) {
      case 'absent':
        if (!st) return { changed: false, path: p, state: 'absent' };
        if (!ctx.check) await fs.rm(p, { recursive: true, force: true });
        return { changed: true, path: p, state: 'absent' };
      case 'directory': {
        let changed = false;
        if (st && !st.isDirectory())
          return { failed: true, path: p, msg: `there is already a file at ${p}` };
        if (!st) {
          changed = true;
          if (ctx.check) return { changed, path: p, state: 'directory' };
          // Parents made on the way get the same mode and owner, as Ansible does.
          const missing: string[] = [];
          for (let d = path.resolve(p); !(await lstat(d)); d = path.dirname(d)) missing.unshift(d);
          for (const d of missing) {
            await fs.mkdir(d);
            applyAttrs(d, args, false);
          }
        }
        if (applyAttrs(p, args, ctx.check)) changed = true;
        if (args.recurse === true && (await recurseAttrs(p, args, ctx.check))) changed = true;
        return out(changed);
      }
      case 'file':
        if (!st)
          return {
            failed: true,
            changed: false,
            path: p,
            msg: `file (${p}) is absent, cannot continue`,
            state: 'absent',
          };
        return out(applyAttrs(p, args, ctx.check));
      case 'touch': {
        if (!ctx.check) {
          if (!st) await fs.writeFile(p, '', { flag: 'a' });
          const now = new Date();
          await fs.utimes(p, now, now);
        }
        const attrs = !ctx.check || st ? applyAttrs(p, args, ctx.check) : false;
        return out(true, attrs ? {} : {});
      }
      case 'link':
      case 'hard': {
        const src = args.src as string | undefined;
        if (!src) return { failed: true, msg: `src is required for creating a ${state} link` };
        let changed = false;
        if (state === 'link') {
          const cur = st?.isSymbolicLink() ? await fs.readlink(p) : undefined;
          if (cur !== src) {
            if (st && !st.isSymbolicLink() && !args.force)
              return {
                failed: true,
                msg: `refusing to convert from ${st.isDirectory() ? 'directory' : 'file'} to symlink for ${p}`,
                path: p,
              };
            changed = true;
            if (!ctx.check) {
              if (st) await fs.rm(p, { recursive: true, force: true });
              await fs.symlink(src, p);
            }
          }
        } else {
          const target = path.resolve(path.dirname(p), src);
          const sst = await lstat(target);
          if (!sst)
            return {
              failed: true,
              msg: `src file does not exist, use "force=yes" if you really want to create the link: ${target}`,
              path: p,
            };
          if (!st || st.ino !== sst.ino) {
            changed = true;
            if (!ctx.check) {
              if (st) await fs.rm(p, { force: true });
              await fs.link(target, p);
            }
          }
        }
        if (!ctx.check && applyAttrs(p, args, ctx.check, state !== 'link')) changed = true;
        return out(changed, { src });
      }
      default:
        return { failed: true, msg: `unsupported state ${state}` };
    }
  },
};
