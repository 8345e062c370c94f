/**
 * service: Ansible's generic service action. On a systemd host Ansible hands the task to the
 * systemd module, dropping the arguments systemd has no use for (pattern, runlevel, sleep,
 * arguments); bosun's only service manager is its supervisor, so it does the same directly.
 */
import { runSystemd } from './systemd.js';
import type { ModuleDef } from './types.js';

/** Managers whose tasks bosun's supervisor can take (`auto` picks it). */
const USABLE = new Set([
  'auto',
  'systemd',
  'service',
  'ansible.builtin.systemd',
  'ansible.legacy.systemd',
  'ansible.builtin.service',
  'ansible.legacy.service',
]);

export const service: ModuleDef = {
  name: 'service',
  spec: {
    name: { type: 'str', required: true },
    state: { type: 'str', choices: ['started', 'stopped', 'reloaded', 'restarted'] },
    sleep: { type: 'int' },
    pattern: { type: 'str' },
    enabled: { type: 'bool' },
    runlevel: { type: 'str', default: 'default' },
    arguments: { type: 'str', default: '', aliases: ['args'] },
    use: { type: 'str', default: 'auto' },
  },
  supportsCheck: true,
  async run(args, ctx) {
    const use = String(args.use).toLowerCase();
    if (!USABLE.has(use))
      return {
        failed: true,
        changed: false,
        msg: `service manager '${String(args.use)}' is not available: bosun manages services with its supervisor (use: auto or systemd)`,
      };
    if (args.state == null && args.enabled == null)
      return {
        failed: true,
        changed: false,
        msg: 'one of the following is required: state, enabled',
      };
    return runSystemd(
      {
        name: args.name,
        state: args.state,
        enabled: args.enabled,
        daemon_reload: false,
        daemon_reexec: false,
        scope: 'system',
        no_block: false,
      },
      ctx,
    );
  },
};
