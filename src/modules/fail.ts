/** fail: fail the task with a message. */
import type { ModuleDef } from './types.js';

export const fail: ModuleDef = {
  name: 'fail',
  spec: { msg: { type: 'raw', default: 'Failed as requested from task' } },
  supportsCheck: true,
  run(args) {
    return { failed: true, changed: false, msg: args.msg };
  },
};
