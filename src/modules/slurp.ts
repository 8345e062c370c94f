/** slurp: a file's content, base64-encoded. */
import { promises as fs } from 'node:fs';
import type { ModuleDef } from './types.js';

export const slurp: ModuleDef = {
  name: 'slurp',
  spec: { src: { type: 'path', required: true, aliases: ['path'] } },
  supportsCheck: true,
  async run(args) {
    const src = args.src as string;
    try {
      return {
        changed: false,
        content: (await fs.readFile(src)).toString('base64'),
        encoding: 'base64',
        source: src,
      };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return {
        failed: true,
        changed: false,
        msg:
          code === 'ENOENT'
            ? `file not found: ${src}`
            : code === 'EISDIR'
              ? `source is a directory and must be a file: ${src}`
              : `unable to slurp file: ${String(err)}`,
      };
    }
  },
};
