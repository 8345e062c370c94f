/** tempfile: create a temporary file or directory. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomTempName, TEMP_FLAGS } from '../fs/tempfile.js';
import type { ModuleDef } from './types.js';

export const tempfile: ModuleDef = {
  name: 'tempfile',
  spec: {
    state: { type: 'str', default: 'file', choices: ['file', 'directory'] },
    path: { type: 'path' },
    prefix: { type: 'str', default: 'ansible.' },
    suffix: { type: 'str', default: '' },
  },
  supportsCheck: true,
  async run(args, ctx) {
    const dir = (args.path as string | undefined) ?? os.tmpdir();
    // Unpredictable (128 random bits), exclusive, never through a symlink: see src/fs/tempfile.ts.
    const name = path.join(dir, randomTempName(args.prefix as string, args.suffix as string));
    if (!ctx.check) {
      if (args.state === 'directory') await fs.mkdir(name, { mode: 0o700 });
      else await (await fs.open(name, TEMP_FLAGS, 0o600)).close();
    }
    return {
      changed: true,
      path: name,
      state: args.state,
      ...(ctx.check ? {} : { mode: args.state === 'directory' ? '0700' : '0600' }),
    };
  },
};
