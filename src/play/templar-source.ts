/**
 * Where the CLI gets its Templar: the ansible layer's implementation (src/ansible/templar-impl.ts).
 */
import path from 'node:path';
import type { Templar } from '../ansible/templar.js';
import { createTemplar } from '../ansible/templar-impl.js';

/** A Templar whose lookups (file, template, first_found…) resolve from `basedir` (the playbook's dir). */
export function loadTemplar(basedir: string = process.cwd()): Promise<Templar> {
  const dir = path.resolve(basedir);
  return Promise.resolve(
    createTemplar({
      lookup: {
        basedir: dir,
        searchPath: [dir, path.join(dir, 'files'), path.join(dir, 'templates')],
      },
    }),
  );
}
