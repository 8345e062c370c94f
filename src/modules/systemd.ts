/**
 * systemd (systemd_service): Ansible 2.14's module, run over the supervisor's own `systemctl`
 * (src/supervise/systemctl.ts) called in-process — the same code as the `systemctl` shim, so
 * enable/disable/mask edit the links as `systemctl --root` does, and with no supervisor running
 * (image build) start/restart are recorded as deferred. The decisions (what counts as enabled,
 * running, when to act) follow Ansible's module line by line so results match it.
 *
 * The unit tree lives under `BOSUN_SYSTEMD_ROOT` of the task environment (default `/`), as
 * `systemctl --root`; the control socket is `BOSUN_CONTROL_SOCKET` (default /run/bosun/control.sock).
 */
import { Writable } from 'node:stream';
import { controlSocketPath } from '../supervise/control-client.js';
import { systemctl } from '../supervise/systemctl.js';
import type { ArgSpec } from './spec.js';
import type { Args, ModuleContext, ModuleDef, ModuleResult } from './types.js';

const SYSTEMD_SPEC: ArgSpec = {
  name: { type: 'str', aliases: ['service', 'unit'] },
  state: { type: 'str', choices: ['reloaded', 'restarted', 'started', 'stopped'] },
  enabled: { type: 'bool' },
  force: { type: 'bool' },
  masked: { type: 'bool' },
  daemon_reload: { type: 'bool', default: false, aliases: ['daemon-reload'] },
  daemon_reexec: { type: 'bool', default: false, aliases: ['daemon-reexec'] },
  scope: { type: 'str', default: 'system', choices: ['system', 'user', 'global'] },
  no_block: { type: 'bool', default: false },
};

interface Ran {
  rc: number;
  out: string;
  err: string;
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** One systemctl verb, in-process; user errors become rc 1 and a message, as the binary's would. */
async function sctl(
  verb: string,
  units: string[],
  ctx: ModuleContext,
  noBlock: boolean,
): Promise<Ran> {
  const stdout = new Capture();
  const stderr = new Capture();
  try {
    const rc = await systemctl(verb, units, {
      root: ctx.env.BOSUN_SYSTEMD_ROOT || '/',
      socketPath: controlSocketPath(ctx.env),
      quiet: false,
      noBlock,
      now: false,
      stdout,
      stderr,
    });
    return { rc, out: stdout.text, err: stderr.text };
  } catch (e) {
    return {
      rc: 1,
      out: stdout.text,
      err: stderr.text + (e instanceof Error ? e.message : String(e)),
    };
  }
}

/** Ansible's parse_systemctl_show (multi-line values only for Exec* keys). */
function parseShow(text: string): Record<string, string> {
  const parsed: Record<string, string> = {};
  let key: string | null = null;
  let multi: string[] = [];
  for (const line of text.split('\n')) {
    if (key === null) {
      const i = line.indexOf('=');
      if (i < 0) continue;
      const k = line.slice(0, i);
      const v = line.slice(i + 1);
      if (k.startsWith('Exec') && v.trimStart().startsWith('{') && !v.trimEnd().endsWith('}')) {
        key = k;
        multi = [v];
        continue;
      }
      parsed[k] = v.trim();
    } else {
      multi.push(line);
      if (line.trimEnd().endsWith('}')) {
        parsed[key] = multi.join('\n').trim();
        multi = [];
        key = null;
      }
    }
  }
  return parsed;
}

const fail = (msg: string, extra: ModuleResult = {}): ModuleResult => ({
  failed: true,
  changed: false,
  msg,
  ...extra,
});

/** The systemd module's body, shared with `service` (which Ansible hands to systemd on such hosts). */
export async function runSystemd(args: Args, ctx: ModuleContext): Promise<ModuleResult> {
  const unit = args.name as string | undefined | null;
  const state = args.state as string | undefined | null;
  const enabledWanted = args.enabled as boolean | undefined | null;
  const maskedWanted = args.masked as boolean | undefined | null;
  const noBlock = args.no_block === true;
  if (
    state == null &&
    enabledWanted == null &&
    maskedWanted == null &&
    !args.daemon_reload &&
    !args.daemon_reexec
  ) {
    return fail(
      'one of the following is required: state, enabled, masked, daemon_reload, daemon_reexec',
    );
  }
  for (const [k, v] of [
    ['state', state],
    ['enabled', enabledWanted],
    ['masked', maskedWanted],
  ] as const) {
    if (v != null && !unit) return fail(`missing parameter(s) required by '${k}': name`);
  }
  if (unit) {
    for (const g of ['*', '?', '[']) {
      if (unit.includes(g))
        return fail(
          `This module does not currently support using glob patterns, found '${g}' in service name: ${unit}`,
        );
    }
  }
  // The supervisor is the system manager; there is no per-user manager to talk to.
  if (args.scope !== 'system')
    return fail(`scope=${String(args.scope)} is not supported by bosun (only scope=system)`);

  const result: ModuleResult = { name: unit ?? null, changed: false, status: {} };
  if ((args.daemon_reload || args.daemon_reexec) && !ctx.check) {
    // The supervisor has no re-exec; re-reading the unit files is what a re-exec would give.
    const r = await sctl('daemon-reload', [], ctx, noBlock);
    if (r.rc !== 0)
      return fail(
        `failure ${r.rc} during ${args.daemon_reload ? 'daemon-reload' : 'daemon-reexec'}: ${r.err}`,
      );
  }
  if (!unit) return result;

  const shown = await sctl('show', [unit], ctx, false);
  const status = shown.rc === 0 && shown.out ? parseShow(shown.out) : {};
  result.status = status;
  const found = status.LoadState !== undefined && status.LoadState !== 'not-found';
  const missing = (): ModuleResult => fail(`Could not find the requested service ${unit}: host`);

  if (maskedWanted != null) {
    const masked = (await sctl('is-enabled', [unit], ctx, false)).out.trim() === 'masked';
    if (masked !== maskedWanted) {
      result.changed = true;
      if (!ctx.check) {
        const r = await sctl(maskedWanted ? 'mask' : 'unmask', [unit], ctx, noBlock);
        if (r.rc !== 0 && !found) return missing();
      }
    }
  }

  if (enabledWanted != null) {
    if (!found) return missing();
    const r = await sctl('is-enabled', [unit], ctx, false);
    const lines = r.out.split('\n').filter(Boolean);
    const enabled =
      r.rc === 0 && !(lines.length === 1 && (lines[0] === 'indirect' || lines[0] === 'alias'));
    result.enabled = enabled;
    if (enabled !== enabledWanted) {
      result.changed = true;
      if (!ctx.check) {
        const action = enabledWanted ? 'enable' : 'disable';
        const e = await sctl(action, [unit], ctx, noBlock);
        if (e.rc !== 0) return fail(`Unable to ${action} service ${unit}: ${e.out}${e.err}`);
      }
      result.enabled = !enabled;
    }
  }

  if (state != null) {
    if (!found) return missing();
    result.state = state;
    if (status.ActiveState === undefined) return fail('Service is in unknown state', { status });
    const running = status.ActiveState === 'active' || status.ActiveState === 'activating';
    let action: string | undefined;
    if (state === 'started') action = running ? undefined : 'start';
    else if (state === 'stopped')
      action = running || status.ActiveState === 'deactivating' ? 'stop' : undefined;
    else {
      action = running ? state.slice(0, -2) : 'start';
      result.state = 'started';
    }
    if (action) {
      result.changed = true;
      if (!ctx.check) {
        const r = await sctl(action, [unit], ctx, noBlock);
        if (r.rc !== 0) return fail(`Unable to ${action} service ${unit}: ${r.err}`);
      }
    }
  }
  return result;
}

export const systemd: ModuleDef = {
  name: 'systemd',
  spec: SYSTEMD_SPEC,
  supportsCheck: true,
  run: runSystemd,
};

/** Ansible 2.14 names the module systemd_service, with systemd as its alias. */
export const systemd_service: ModuleDef = { ...systemd, name: 'systemd_service' };
