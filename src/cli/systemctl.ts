// `systemctl` (multi-call name) and `bosun systemctl`: see src/supervise/systemctl.ts.
import type { CommandMain } from './context.js';
import { parseCommandArgs } from './args.js';
import { systemctl } from '../supervise/systemctl.js';
import { controlSocketPath } from '../supervise/control-client.js';

const USAGE = `usage: systemctl [--root=DIR] [-q] [--no-block] [--now] VERB [UNIT…]
       (--root defaults to $BOSUN_SYSTEMD_ROOT, else /; 'status' without a unit: the system's state)
verbs: start stop restart try-restart reload reload-or-restart status show is-active is-failed
       is-enabled enable disable mask unmask daemon-reload list-units list-unit-files reset-failed`;

export const main: CommandMain = async (args, ctx) => {
  const { values, positionals } = parseCommandArgs('systemctl', args, {
    root: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    'no-block': { type: 'boolean' },
    now: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    'no-pager': { type: 'boolean' },
    'no-page': { type: 'boolean' },
    system: { type: 'boolean' },
    'no-legend': { type: 'boolean' },
    'no-ask-password': { type: 'boolean' },
    version: { type: 'boolean' },
    plain: { type: 'boolean' },
    property: { type: 'string', short: 'p', multiple: true },
    type: { type: 'string', short: 't' },
    all: { type: 'boolean', short: 'a' },
    force: { type: 'boolean', short: 'f' },
    full: { type: 'boolean', short: 'l' },
    value: { type: 'boolean' },
  });
  if (values.help) {
    ctx.stdout.write(USAGE + '\n');
    return 0;
  }
  if (values.version) {
    ctx.stdout.write('systemd 252 (bosun)\n');
    return 0;
  }
  // Plain `systemctl` lists units, as systemctl does (Ansible runs it to probe for systemd).
  const [verb = 'list-units', ...units] = positionals;
  return systemctl(verb, units, {
    // As the systemd module: BOSUN_SYSTEMD_ROOT is the unit tree's root when --root is not given.
    root: values.root ?? (ctx.env.BOSUN_SYSTEMD_ROOT || '/'),
    socketPath: controlSocketPath(ctx.env),
    quiet: values.quiet ?? false,
    noBlock: values['no-block'] ?? false,
    now: values.now ?? false,
    properties: values.property,
    valueOnly: values.value ?? false,
    stdout: ctx.stdout,
    stderr: ctx.stderr,
  });
};
