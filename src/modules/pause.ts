/** pause: wait a number of seconds/minutes; prompts are refused (bosun runs non-interactively). */
import type { ModuleDef } from './types.js';

export const pause: ModuleDef = {
  name: 'pause',
  spec: {
    seconds: { type: 'raw' },
    minutes: { type: 'raw' },
    prompt: { type: 'str' },
    echo: { type: 'bool', default: true },
  },
  supportsCheck: true,
  async run(args) {
    if (args.seconds === undefined && args.minutes === undefined)
      return {
        failed: true,
        msg: 'pause without seconds/minutes waits for a key press: not supported by bosun',
      };
    const secs = Number(args.seconds ?? 0) + Number(args.minutes ?? 0) * 60;
    const start = new Date();
    await new Promise((r) => setTimeout(r, secs * 1000));
    return {
      changed: false,
      start: start.toISOString(),
      stop: new Date().toISOString(),
      delta: Math.round(secs),
      user_input: '',
      echo: args.echo,
      stdout: `Paused for ${secs} seconds`,
    };
  },
};
