/** template: render a Jinja2 file with the task's variables to `dest`. */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { FILE_ATTR_SPEC } from './fileattrs.js';
import type { ModuleDef } from './types.js';
import { isDir, writeContent } from './write.js';

export const template: ModuleDef = {
  name: 'template',
  spec: {
    ...FILE_ATTR_SPEC,
    src: { type: 'path', required: true },
    dest: { type: 'path', required: true },
    backup: { type: 'bool', default: false },
    force: { type: 'bool', default: true },
    validate: { type: 'str' },
    follow: { type: 'bool', default: false },
    newline_sequence: { type: 'str', default: '\n', choices: ['\n', '\r', '\r\n'] },
    trim_blocks: { type: 'bool', default: true },
    lstrip_blocks: { type: 'bool', default: false },
    block_start_string: { type: 'str' },
    block_end_string: { type: 'str' },
    variable_start_string: { type: 'str' },
    variable_end_string: { type: 'str' },
    comment_start_string: { type: 'str' },
    comment_end_string: { type: 'str' },
    output_encoding: { type: 'str', default: 'utf-8' },
  },
  supportsCheck: true,
  async run(args, ctx) {
    const src = ctx.findFile('templates', args.src as string);
    if (!existsSync(src))
      return {
        failed: true,
        changed: false,
        msg: `Could not find or access '${String(args.src)}'`,
      };
    let dest = args.dest as string;
    if (dest.endsWith('/') || isDir(dest)) dest = path.join(dest, path.basename(src));
    const s = (k: string): string | undefined =>
      typeof args[k] === 'string' ? args[k] : undefined;
    const text = ctx.templar.renderFile(src, ctx.vars, {
      trimBlocks: args.trim_blocks !== false,
      lstripBlocks: args.lstrip_blocks === true,
      newlineSequence: s('newline_sequence'),
      blockStartString: s('block_start_string'),
      blockEndString: s('block_end_string'),
      variableStartString: s('variable_start_string'),
      variableEndString: s('variable_end_string'),
      commentStartString: s('comment_start_string'),
      commentEndString: s('comment_end_string'),
      outputEncoding: s('output_encoding'),
      searchPath: [path.dirname(src), ...ctx.templateSearchPath],
    });
    return writeContent(dest, Buffer.from(text, 'utf8'), { ...args, src }, ctx);
  },
};
