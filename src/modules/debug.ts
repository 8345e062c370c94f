/** debug: print a message or a variable (the callback shows it verbosely). */
import { resolve, toJs, Undefined } from '../py/values.js';
import { arg } from './spec.js';
import type { ModuleDef } from './types.js';

export const debug: ModuleDef = {
  name: 'debug',
  // `var` is a str, as in Ansible's argument spec.
  spec: { msg: { type: 'raw' }, var: { type: 'str' }, verbosity: { type: 'int', default: 0 } },
  supportsCheck: true,
  run(args, ctx) {
    const base = { changed: false, _ansible_verbose_always: true };
    if (
      (args.verbosity as number) > 0 &&
      Number(resolve(ctx.vars.get('ansible_verbosity') ?? 0)) < (args.verbosity as number)
    ) {
      return { changed: false, skipped: true, skipped_reason: 'Verbosity threshold not met.' };
    }
    const name = arg.str(args, 'var');
    if (name !== undefined && args.msg !== undefined)
      return { failed: true, msg: "'msg' and 'var' are incompatible options" };
    if (name !== undefined) {
      let value: unknown;
      try {
        const v = resolve(ctx.templar.template(`{{ ${name} }}`, ctx.vars));
        value =
          v instanceof Undefined || v === `{{ ${name} }}` ? 'VARIABLE IS NOT DEFINED!' : toJs(v);
      } catch {
        value = 'VARIABLE IS NOT DEFINED!';
      }
      return { ...base, [name]: value };
    }
    return { ...base, msg: args.msg === undefined ? 'Hello world!' : args.msg };
  },
};
