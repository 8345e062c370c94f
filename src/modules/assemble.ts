/** assemble: concatenate the files of a directory (sorted) into one destination file. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FILE_ATTR_SPEC } from './fileattrs.js';
import { pyRegex } from './pyre.js';
import type { ModuleDef } from './types.js';
import { writeContent } from './write.js';

export const assemble: ModuleDef = {
  name: 'assemble',
  spec: {
    ...FILE_ATTR_SPEC,
    src: { type: 'path', required: true },
    dest: { type: 'path', required: true },
    backup: { type: 'bool', default: false },
    delimiter: { type: 'str' },
    remote_src: { type: 'bool', default: true },
    regexp: { type: 'str' },
    ignore_hidden: { type: 'bool', default: false },
    validate: { type: 'str' },
    decrypt: { type: 'bool', default: true },
  },
  supportsCheck: true,
  async run(args, ctx) {
    const src = args.remote_src ? (args.src as string) : ctx.findFile('files', args.src as string);
    let names: string[];
    try {
      names = (await fs.readdir(src)).sort();
    } catch {
      return { failed: true, msg: `Source (${src}) is not a directory` };
    }
    const re = typeof args.regexp === 'string' ? pyRegex(args.regexp) : undefined;
    const parts: Buffer[] = [];
    let delimit = false;
    let addNewline = false;
    for (const n of names) {
      if (re && !re.test(n)) continue;
      if (args.ignore_hidden && n.startsWith('.')) continue;
      const f = path.join(src, n);
      if (!(await fs.stat(f)).isFile()) continue;
      const data = await fs.readFile(f);
      // As Ansible: a newline after a fragment that lacks one; delimiters only between fragments.
      if (addNewline) parts.push(Buffer.from('\n'));
      if (delimit && typeof args.delimiter === 'string') {
        const d = args.delimiter.replace(/\\n/g, '\n');
        parts.push(Buffer.from(d));
        if (!d.endsWith('\n')) parts.push(Buffer.from('\n'));
      }
      parts.push(data);
      delimit = true;
      addNewline = !(data.length > 0 && data[data.length - 1] === 10);
    }
    const result = await writeContent(
      args.dest as string,
      Buffer.concat(parts),
      { ...args, src },
      ctx,
      undefined,
      'edit', // assemble reports "failed to validate: rc:… error:…" as lineinfile does
    );
    delete result.diff; // Ansible's assemble reports no diff
    return result;
  },
};
