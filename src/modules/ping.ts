/** ping: answers `pong` (or fails when data is `crash`, as Ansible's). */
import type { ModuleDef } from './types.js';

export const ping: ModuleDef = {
  name: 'ping',
  spec: { data: { type: 'str', default: 'pong' } },
  supportsCheck: true,
  run(args) {
    if (args.data === 'crash') return { failed: true, changed: false, msg: 'boom' };
    return { changed: false, ping: args.data };
  },
};
