/** assert: every `that` conditional must hold. */
import { resolve, toJs, type PyValue } from '../py/values.js';
import type { ModuleDef } from './types.js';

export const assert: ModuleDef = {
  name: 'assert',
  spec: {
    that: { type: 'raw', required: true },
    fail_msg: { type: 'raw', aliases: ['msg'] },
    success_msg: { type: 'raw' },
    quiet: { type: 'bool', default: false },
  },
  supportsCheck: true,
  run(args, ctx) {
    const that = Array.isArray(args.that) ? args.that : [args.that];
    for (const cond of that) {
      if (!ctx.templar.evaluateConditional(cond as PyValue, ctx.vars)) {
        const msg =
          args.fail_msg === undefined
            ? 'Assertion failed'
            : toJs(resolve(ctx.templar.template(args.fail_msg, ctx.vars)));
        return { failed: true, changed: false, assertion: cond, evaluated_to: false, msg };
      }
    }
    const msg =
      args.success_msg === undefined
        ? 'All assertions passed'
        : toJs(resolve(ctx.templar.template(args.success_msg, ctx.vars)));
    return { changed: false, msg, ...(args.quiet ? {} : { _ansible_verbose_always: true }) };
  },
};
