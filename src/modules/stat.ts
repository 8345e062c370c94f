/** stat: facts about a path (exists, mode, owner, checksum…), as Ansible's stat module names them. */
import { promises as fs } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { nameOf } from './fileattrs.js';
import type { ModuleDef } from './types.js';

export const stat: ModuleDef = {
  name: 'stat',
  spec: {
    path: { type: 'path', required: true, aliases: ['dest', 'name'] },
    follow: { type: 'bool', default: false },
    get_checksum: { type: 'bool', default: true },
    checksum_algorithm: {
      type: 'str',
      default: 'sha1',
      aliases: ['checksum', 'checksum_algo'],
      choices: ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'],
    },
    get_mime: { type: 'bool', default: true, aliases: ['mime', 'mime_type', 'mime-type'] },
    get_attributes: { type: 'bool', default: true, aliases: ['attr', 'attributes'] },
    get_md5: { type: 'bool', default: false },
  },
  supportsCheck: true,
  async run(args) {
    const p = args.path as string;
    let st;
    try {
      st = args.follow ? await fs.stat(p) : await fs.lstat(p);
    } catch {
      return { changed: false, stat: { exists: false } };
    }
    const mode = st.mode & 0o7777;
    const s: Record<string, unknown> = {
      exists: true,
      path: p,
      mode: '0' + mode.toString(8).padStart(3, '0'),
      isdir: st.isDirectory(),
      ischr: st.isCharacterDevice(),
      isblk: st.isBlockDevice(),
      isreg: st.isFile(),
      isfifo: st.isFIFO(),
      islnk: st.isSymbolicLink(),
      issock: st.isSocket(),
      uid: st.uid,
      gid: st.gid,
      size: st.size,
      inode: st.ino,
      dev: st.dev,
      nlink: st.nlink,
      atime: st.atimeMs / 1000,
      mtime: st.mtimeMs / 1000,
      ctime: st.ctimeMs / 1000,
      wusr: !!(mode & 0o200),
      rusr: !!(mode & 0o400),
      xusr: !!(mode & 0o100),
      wgrp: !!(mode & 0o20),
      rgrp: !!(mode & 0o40),
      xgrp: !!(mode & 0o10),
      woth: !!(mode & 0o2),
      roth: !!(mode & 0o4),
      xoth: !!(mode & 0o1),
      isuid: !!(mode & 0o4000),
      isgid: !!(mode & 0o2000),
      pw_name: nameOf('/etc/passwd', st.uid),
      gr_name: nameOf('/etc/group', st.gid),
    };
    let access = true;
    try {
      await fs.access(p, fs.constants.R_OK);
    } catch {
      access = false;
    }
    s.readable = access;
    try {
      await fs.access(p, 2);
      s.writeable = true;
    } catch {
      s.writeable = false;
    }
    try {
      await fs.access(p, 1);
      s.executable = true;
    } catch {
      s.executable = false;
    }
    if (st.isSymbolicLink()) {
      s.lnk_source = path.resolve(path.dirname(p), await fs.readlink(p));
      s.lnk_target = await fs.readlink(p);
    }
    if (st.isFile() && args.get_checksum && access) {
      s.checksum = createHash(args.checksum_algorithm as string)
        .update(await fs.readFile(p))
        .digest('hex');
    }
    return { changed: false, stat: s };
  },
};
