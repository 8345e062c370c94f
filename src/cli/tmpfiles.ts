// `systemd-tmpfiles` (multi-call name) and `bosun tmpfiles`: see src/supervise/tmpfiles.ts.
import type { CommandMain } from './context.js';
import { parseCommandArgs } from './args.js';
import { applyTmpfiles } from '../supervise/tmpfiles.js';

const USAGE = `usage: systemd-tmpfiles [--root=DIR] [--create] [--remove] [--boot] [CONFIG…]
Applies tmpfiles.d(5) lines (/etc, /run, /usr/local/lib, /usr/lib tmpfiles.d), or the CONFIG files.
Cleaning by age (--clean) is not done.`;

export const main: CommandMain = async (args, ctx) => {
  const { values, positionals } = parseCommandArgs('tmpfiles', args, {
    root: { type: 'string' },
    create: { type: 'boolean' },
    remove: { type: 'boolean' },
    clean: { type: 'boolean' },
    boot: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean' },
  });
  if (values.help) {
    ctx.stdout.write(USAGE + '\n');
    return 0;
  }
  if (values.version) {
    ctx.stdout.write('systemd 252 (bosun)\n');
    return 0;
  }
  if (!values.create && !values.remove && !values.clean) {
    ctx.stderr.write('You need to specify at least one of --clean, --create or --remove.\n');
    return 1;
  }
  const failures = await applyTmpfiles({
    root: values.root ?? '/',
    create: values.create ?? false,
    remove: values.remove ?? false,
    boot: values.boot ?? false,
    configs: positionals,
    log: (level, message) => {
      if (level !== 'debug') ctx.stderr.write(message + '\n');
    },
  });
  return failures ? 1 : 0;
};
