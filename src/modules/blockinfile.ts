/** blockinfile: insert/update/remove a block between marker lines, as Ansible 2.14 does. */
import { promises as fs, existsSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic.js';
import { applyAttrs, FILE_ATTR_SPEC } from './fileattrs.js';
import { pyRegex, readlines } from './pyre.js';
import type { ModuleDef } from './types.js';
import { validateContent } from './validate.js';

export const blockinfile: ModuleDef = {
  name: 'blockinfile',
  spec: {
    ...FILE_ATTR_SPEC,
    path: { type: 'path', required: true, aliases: ['dest', 'destfile', 'name'] },
    state: { type: 'str', default: 'present', choices: ['absent', 'present'] },
    marker: { type: 'str', default: '# {mark} ANSIBLE MANAGED BLOCK' },
    block: { type: 'str', default: '', aliases: ['content'] },
    insertafter: { type: 'str' },
    insertbefore: { type: 'str' },
    create: { type: 'bool', default: false },
    backup: { type: 'bool', default: false },
    marker_begin: { type: 'str', default: 'BEGIN' },
    marker_end: { type: 'str', default: 'END' },
    validate: { type: 'str' },
  },
  supportsCheck: true,
  async run(args, ctx) {
    const p = args.path as string;
    let original: string | undefined;
    if (existsSync(p)) original = await fs.readFile(p, 'utf8');
    else if (!args.create) return { failed: true, rc: 257, msg: `Path ${p} does not exist !` };
    const lines = original === undefined ? [] : readlines(original);
    const insertafter = args.insertafter as string | undefined;
    const insertbefore = args.insertbefore as string | undefined;
    const insertre =
      insertafter !== undefined && insertafter !== 'EOF'
        ? pyRegex(insertafter)
        : insertbefore !== undefined && insertbefore !== 'BOF'
          ? pyRegex(insertbefore)
          : undefined;
    const marker = args.marker as string;
    const marker0 = marker.replace(/\{mark\}/g, args.marker_begin as string) + '\n';
    const marker1 = marker.replace(/\{mark\}/g, args.marker_end as string) + '\n';
    let block = args.block as string;
    let blocklines: string[] = [];
    if (args.state === 'present' && block) {
      if (!block.endsWith('\n')) block += '\n';
      blocklines = [marker0, ...readlines(block), marker1];
    }
    let n0: number | undefined;
    let n1: number | undefined;
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] === marker0) n0 = i;
      if (lines[i] === marker1) n1 = i;
    }
    if (n0 === undefined || n1 === undefined) {
      if (insertre) {
        let found: number | undefined;
        for (let i = 0; i < lines.length; i++) if (insertre.test(lines[i]!)) found = i;
        n0 = found === undefined ? lines.length : insertafter !== undefined ? found + 1 : found;
      } else if (insertbefore !== undefined) n0 = 0;
      else n0 = lines.length;
    } else if (n0 < n1) {
      lines.splice(n0, n1 - n0 + 1);
    } else {
      lines.splice(n1, n0 - n1 + 1);
      n0 = n1;
    }
    if (n0 > 0 && !lines[n0 - 1]!.endsWith('\n')) lines[n0 - 1] += '\n';
    lines.splice(n0, 0, ...blocklines);
    const result = lines.join('');
    let changed = original !== result;
    let msg = !changed
      ? ''
      : original === undefined
        ? 'File created'
        : blocklines.length === 0
          ? 'Block removed'
          : 'Block inserted';
    if (original === undefined && blocklines.length === 0) {
      changed = false;
      msg = '';
    }
    if (changed && !ctx.check) {
      const invalid = await validateContent(result, args, ctx, 'edit');
      if (invalid) return invalid;
      await fs.mkdir(path.dirname(p), { recursive: true });
      await writeFileAtomic(p, result, { durable: false });
    }
    if (existsSync(p) && applyAttrs(p, args, ctx.check)) {
      msg = msg
        ? `${msg} and ownership, perms or SE linux context changed`
        : 'ownership, perms or SE linux context changed';
      changed = true;
    }
    return {
      changed,
      msg,
      ...(ctx.diff
        ? {
            diff: {
              before: original ?? '',
              after: result,
              before_header: `${p} (content)`,
              after_header: `${p} (content)`,
            },
          }
        : {}),
    };
  },
};
