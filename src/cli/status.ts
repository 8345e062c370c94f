// `bosun status [--ready]`: for Docker HEALTHCHECK / Kubernetes probes. Exit 0 when the
// supervisor answers (and, with --ready, every unit of the boot transaction is up), 1 otherwise.
import type { CommandMain } from './context.js';
import { parseCommandArgs } from './args.js';
import { controlRequest, controlSocketPath } from '../supervise/control-client.js';

export const main: CommandMain = async (args, ctx) => {
  const { values } = parseCommandArgs(
    'bosun status',
    args,
    { ready: { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' } },
    false,
  );
  const socket = controlSocketPath(ctx.env);
  const r = await controlRequest(socket, { command: 'ready', units: [] }).catch((err: Error) => {
    ctx.stderr.write(`bosun status: ${err.message}\n`);
    return null;
  });
  if (r === null) {
    ctx.stderr.write(`bosun status: no supervisor answering on ${socket}\n`);
    return 1;
  }
  if (!r.ok) {
    ctx.stderr.write(`bosun status: ${r.error}\n`);
    return 1;
  }
  const units = r.units ?? [];
  if (!values.quiet) {
    for (const u of units) ctx.stdout.write(`${u.name} ${u.activeState} (${u.subState})\n`);
  }
  if (values.ready && !r.ready) {
    const waiting = units.filter((u) => u.activeState !== 'active').map((u) => u.name);
    ctx.stderr.write(`bosun status: not ready: ${waiting.join(', ')}\n`);
    return 1;
  }
  return 0;
};
