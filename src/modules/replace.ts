/** replace: regex replacement over a whole file (Python re, MULTILINE), optionally between markers. */
import { promises as fs } from 'node:fs';
import { writeFileAtomic } from '../fs/atomic.js';
import { applyAttrs, FILE_ATTR_SPEC } from './fileattrs.js';
import { pyExpand, pyRegex } from './pyre.js';
import type { ModuleDef } from './types.js';
import { validateContent } from './validate.js';

export const replace: ModuleDef = {
  name: 'replace',
  spec: {
    ...FILE_ATTR_SPEC,
    path: { type: 'path', required: true, aliases: ['dest', 'destfile', 'name'] },
    regexp: { type: 'str', required: true },
    replace: { type: 'str', default: '' },
    after: { type: 'str' },
    before: { type: 'str' },
    backup: { type: 'bool', default: false },
    validate: { type: 'str' },
    encoding: { type: 'str', default: 'utf-8' },
  },
  supportsCheck: true,
  async run(args, ctx) {
    const p = args.path as string;
    let text: string;
    try {
      text = await fs.readFile(p, 'utf8');
    } catch {
      return { failed: true, rc: 257, msg: `Path ${p} does not exist !` };
    }
    let start = 0;
    let end = text.length;
    if (typeof args.after === 'string') {
      const m = pyRegex(args.after, 'ms').exec(text);
      if (m) start = m.index + m[0].length;
    }
    if (typeof args.before === 'string') {
      const m = pyRegex(args.before, 'ms').exec(text.slice(start));
      if (m) end = start + m.index;
    }
    const section = text.slice(start, end);
    const re = pyRegex(args.regexp as string, 'gm');
    let count = 0;
    const replaced = section.replace(re, (...all: unknown[]) => {
      count++;
      const m = all.slice(0, -2) as unknown as RegExpExecArray;
      const groups = all[all.length - 1];
      (m as { groups?: unknown }).groups = typeof groups === 'object' ? groups : undefined;
      return pyExpand(args.replace as string, m);
    });
    const after = text.slice(0, start) + replaced + text.slice(end);
    let changed = after !== text;
    let msg = changed ? `${count} replacements made` : '';
    if (changed && !ctx.check) {
      const invalid = await validateContent(after, args, ctx, 'edit');
      if (invalid) return invalid;
      await writeFileAtomic(p, after, { durable: false });
    }
    if (applyAttrs(p, args, ctx.check)) {
      msg = msg
        ? `${msg} and ownership, perms or SE linux context changed`
        : 'ownership, perms or SE linux context changed';
      changed = true;
    }
    return {
      changed,
      msg,
      rc: 0,
      ...(ctx.diff && after !== text
        ? { diff: { before: text, after, before_header: p, after_header: p } }
        : {}),
    };
  },
};
