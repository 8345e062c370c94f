/** lineinfile: ensure a line is present (or absent), following Ansible 2.14's algorithm exactly. */
import { promises as fs, existsSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic.js';
import { applyAttrs, FILE_ATTR_SPEC } from './fileattrs.js';
import { pyExpand, pyRegex, readlines } from './pyre.js';
import type { ModuleDef } from './types.js';
import { validateContent } from './validate.js';

const strip = (s: string): string => s.replace(/[\r\n]+$/, '');

export const lineinfile: ModuleDef = {
  name: 'lineinfile',
  spec: {
    ...FILE_ATTR_SPEC,
    path: { type: 'path', required: true, aliases: ['dest', 'destfile', 'name'] },
    state: { type: 'str', default: 'present', choices: ['absent', 'present'] },
    regexp: { type: 'str', aliases: ['regex'] },
    search_string: { type: 'str' },
    line: { type: 'str', aliases: ['value'] },
    insertafter: { type: 'str' },
    insertbefore: { type: 'str' },
    backrefs: { type: 'bool', default: false },
    create: { type: 'bool', default: false },
    backup: { type: 'bool', default: false },
    firstmatch: { type: 'bool', default: false },
    validate: { type: 'str' },
  },
  supportsCheck: true,
  async run(args, ctx) {
    const dest = args.path as string;
    const regexp = args.regexp as string | undefined;
    const search = args.search_string as string | undefined;
    const line = args.line as string | undefined;
    const before = existsSync(dest) ? await fs.readFile(dest, 'utf8') : undefined;
    if (args.state === 'absent') {
      if (regexp === undefined && search === undefined && line === undefined)
        return {
          failed: true,
          msg: 'one of line, search_string, or regexp is required with state=absent',
        };
      if (before === undefined) return { changed: false, msg: 'file not present' };
      const re = regexp !== undefined ? pyRegex(regexp) : undefined;
      const found: string[] = [];
      const kept = readlines(before).filter((l) => {
        const hit = re ? re.test(l) : search !== undefined ? l.includes(search) : line === strip(l);
        if (hit) found.push(l);
        return !hit;
      });
      const changed = found.length > 0;
      if (changed && !ctx.check) {
        const invalid = await validateContent(kept.join(''), args, ctx, 'edit');
        if (invalid) return invalid;
        await writeFileAtomic(dest, kept.join(''), { durable: false });
      }
      let msg = changed ? `${found.length} line(s) removed` : '';
      const attrs = applyAttrs(dest, args, ctx.check);
      if (attrs)
        msg = msg
          ? `${msg} and ownership, perms or SE linux context changed`
          : 'ownership, perms or SE linux context changed';
      return {
        changed: changed || attrs,
        found: found.length,
        msg,
        backup: '',
        ...(ctx.diff
          ? {
              diff: [
                {
                  before,
                  after: kept.join(''),
                  before_header: `${dest} (content)`,
                  after_header: `${dest} (content)`,
                },
              ],
            }
          : {}),
      };
    }
    if (line === undefined) return { failed: true, msg: 'line is required with state=present' };
    if (args.backrefs && regexp === undefined)
      return { failed: true, msg: 'regexp is required with backrefs=true' };
    if (before === undefined && !args.create)
      return { failed: true, rc: 257, msg: `Destination ${dest} does not exist !` };
    const lines = before === undefined ? [] : readlines(before);
    const insertafter = args.insertafter as string | undefined;
    const insertbefore = args.insertbefore as string | undefined;
    const reIns =
      insertafter !== undefined && insertafter !== 'BOF' && insertafter !== 'EOF'
        ? pyRegex(insertafter)
        : insertbefore !== undefined && insertbefore !== 'BOF'
          ? pyRegex(insertbefore)
          : undefined;
    const index: [number, number] = [-1, -1];
    let match: RegExpExecArray | boolean | null = null;
    let exact = false;
    const firstmatch = args.firstmatch === true;
    if (regexp !== undefined) {
      const re = pyRegex(regexp);
      for (let i = 0; i < lines.length; i++) {
        const m = re.exec(lines[i]!);
        if (m) {
          index[0] = i;
          match = m;
          if (firstmatch) break;
        }
      }
    }
    if (search !== undefined) {
      for (let i = 0; i < lines.length; i++)
        if (lines[i]!.includes(search)) {
          index[0] = i;
          match = true;
          if (firstmatch) break;
        }
    }
    if (!match) {
      for (let i = 0; i < lines.length; i++) {
        if (line === strip(lines[i]!)) {
          index[0] = i;
          exact = true;
        } else if (reIns && reIns.test(lines[i]!)) {
          if (insertafter !== undefined) {
            index[1] = i + 1;
            if (firstmatch) break;
          }
          if (insertbefore !== undefined) {
            index[1] = i;
            if (firstmatch) break;
          }
        }
      }
    }
    let msg = '';
    let changed = false;
    const add = (at: number): void => {
      lines.splice(at, 0, line + '\n');
      msg = 'line added';
      changed = true;
    };
    if (index[0] !== -1) {
      let newLine =
        args.backrefs && match && typeof match === 'object' ? pyExpand(line, match) : line;
      if (!newLine.endsWith('\n')) newLine += '\n';
      if (regexp === undefined && search === undefined && !match && !exact) {
        // unreachable in practice: kept for parity with Ansible's structure
      } else if (lines[index[0]] !== newLine) {
        lines[index[0]] = newLine;
        msg = 'line replaced';
        changed = true;
      }
    } else if (args.backrefs) {
      // No match: a line with backrefs cannot be generated safely.
    } else if (insertbefore === 'BOF' || insertafter === 'BOF') {
      add(0);
    } else if (insertafter === 'EOF' || index[1] === -1) {
      if (lines.length && !/[\n\r]$/.test(lines[lines.length - 1]!)) lines.push('\n');
      add(lines.length);
    } else if (insertafter !== undefined && index[1] !== -1) {
      if (lines.length === index[1]) {
        if (strip(lines[index[1] - 1]!) !== line) add(lines.length);
      } else if (line !== strip(lines[index[1]]!)) add(index[1]);
    } else {
      add(index[1]);
    }
    const after = lines.join('');
    if (changed && !ctx.check) {
      const invalid = await validateContent(after, args, ctx, 'edit');
      if (invalid) return invalid;
      if (before === undefined) await fs.mkdir(path.dirname(dest), { recursive: true });
      await writeFileAtomic(dest, after, { durable: false });
    }
    const diff = ctx.diff
      ? {
          diff: [
            {
              before: before ?? '',
              after,
              before_header: `${dest} (content)`,
              after_header: `${dest} (content)`,
            },
          ],
        }
      : {};
    if (ctx.check && before === undefined) return { changed, msg, backup: '', ...diff };
    const attrs = applyAttrs(dest, args, ctx.check);
    if (attrs) {
      msg = msg
        ? `${msg} and ownership, perms or SE linux context changed`
        : 'ownership, perms or SE linux context changed';
      changed = true;
    }
    return { changed, msg, backup: '', ...diff };
  },
};
