// `bosun shims install DIR [--force]`: make ansible-playbook, ansible, ansible-vault and
// systemctl links to this bosun.
import { UsageError } from '../errors.js';
import type { CommandMain } from './context.js';
import { parseCommandArgs } from './args.js';
import { installShims, SHIM_NAMES } from '../boot/shims.js';
import { selfTarget } from '../process/self.js';
import path from 'node:path';

const USAGE = `Usage: bosun shims install DIR [--force]

Creates ${SHIM_NAMES.join(', ')} in DIR as links to this bosun, which then behaves as that tool.
  --force   replace existing files of those names
`;

export const main: CommandMain = (args, ctx) => {
  const { values, positionals } = parseCommandArgs('bosun shims', args, {
    force: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    ctx.stdout.write(USAGE);
    return Promise.resolve(0);
  }
  const [action, dir, ...extra] = positionals;
  if (action !== 'install' || !dir || extra.length)
    throw new UsageError(`bosun shims: expected 'install DIR' (see 'bosun shims --help')`);
  const results = installShims(path.resolve(ctx.cwd, dir), selfTarget(), values.force ?? false);
  for (const r of results) ctx.stdout.write(`${r.action} ${r.path}\n`);
  return Promise.resolve(0);
};
