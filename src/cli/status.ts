// `bosun status [--ready] [--json] [-q]`: for Docker HEALTHCHECK / Kubernetes probes. Prints the
// system state as `systemctl is-system-running` words it, then one line per unit. Exit 0 when the
// supervisor answers and no unit failed (with --ready: and every unit of the boot transaction is
// up), 1 otherwise (`degraded`, `starting` with --ready, `offline`).
import type { CommandMain } from './context.js';
import { parseCommandArgs } from './args.js';
import { controlRequest, controlSocketPath } from '../supervise/control-client.js';
import { systemState } from '../supervise/systemctl.js';
import type { UnitStatus } from '../supervise/control-protocol.js';

const USAGE = `usage: bosun status [--ready] [--json] [-q]

Health of the running supervisor, for Docker HEALTHCHECK and Kubernetes probes. Prints the
system state (running, starting, degraded, offline — as systemctl is-system-running), then
'UNIT ACTIVE (SUB)' per unit.

options: --ready    also fail while a unit of the boot transaction is not up yet (readiness)
         --json     {"state": …, "ready": …, "units": [{name, activeState, subState, …}]}
         -q/--quiet print nothing; the exit code says it all

exit: 0 running (or starting, without --ready); 1 degraded (a unit failed), offline (no
supervisor answers on $BOSUN_CONTROL_SOCKET, default /run/bosun/control.sock), or not ready.`;

export const main: CommandMain = async (args, ctx) => {
  const { values } = parseCommandArgs(
    'bosun status',
    args,
    {
      ready: { type: 'boolean' },
      json: { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
    false,
  );
  if (values.help) {
    ctx.stdout.write(USAGE + '\n');
    return 0;
  }
  const socket = controlSocketPath(ctx.env);
  let problem: string | undefined;
  const r = await controlRequest(socket, { command: 'ready', units: [] }).catch((err: unknown) => {
    const code = (err as { code?: unknown }).code;
    problem =
      code === 'EACCES' || code === 'EPERM'
        ? `permission denied on ${socket}`
        : err instanceof Error
          ? err.message
          : String(err);
    return null;
  });
  if (r !== null && !r.ok) problem = r.error;
  const units: UnitStatus[] = r?.ok ? (r.units ?? []) : [];
  const ready = r?.ok ? r.ready === true : false;
  const state = r?.ok ? systemState(units, ready) : 'offline';
  if (values.json) {
    ctx.stdout.write(
      JSON.stringify({ state, ready, units, ...(problem ? { error: problem } : {}) }) + '\n',
    );
  } else if (!values.quiet) {
    ctx.stdout.write(state + '\n');
    for (const u of units) ctx.stdout.write(`${u.name} ${u.activeState} (${u.subState})\n`);
  }
  if (r === null) {
    if (!values.quiet)
      ctx.stderr.write(
        `bosun status: no supervisor answering on ${socket}${problem ? ` (${problem})` : ''}\n`,
      );
    return 1;
  }
  if (problem !== undefined) {
    if (!values.quiet) ctx.stderr.write(`bosun status: ${problem}\n`);
    return 1;
  }
  if (state === 'degraded') {
    const failed = units.filter((u) => u.activeState === 'failed').map((u) => u.name);
    if (!values.quiet) ctx.stderr.write(`bosun status: degraded: failed: ${failed.join(', ')}\n`);
    return 1;
  }
  if (values.ready && !ready) {
    const waiting = units.filter((u) => u.activeState !== 'active').map((u) => u.name);
    if (!values.quiet) ctx.stderr.write(`bosun status: not ready: ${waiting.join(', ')}\n`);
    return 1;
  }
  return 0;
};
