/**
 * The systemctl verbs. With a running supervisor, runtime verbs go over its control socket;
 * without one (image build), enable/disable/mask edit symlinks and start/restart are recorded
 * as deferred (started at the next boot), so Ansible's systemd/service modules converge.
 * Exit codes follow systemctl: is-active 3 when inactive, status 3/4, 1 for failures.
 */
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { UnitLoader } from './unit-loader.js';
import { normalizeUnitName } from './unit-name.js';
import { controlRequest } from './control-client.js';
import type { ControlCommand, ControlResponse, UnitStatus } from './control-protocol.js';
import {
  DEFERRED_FILE,
  deferredUnits,
  disableUnits,
  enableUnits,
  enabledState,
  isEnabledSuccess,
  maskUnits,
  unmaskUnits,
} from './unit-enablement.js';
import { UnitError } from './errors.js';

export interface SystemctlOptions {
  root: string;
  socketPath: string;
  quiet: boolean;
  noBlock: boolean;
  now: boolean;
  /** show: only these properties (-p), and only their values (--value). */
  properties?: string[];
  valueOnly?: boolean;
  stdout: Writable;
  stderr: Writable;
}

const RUNTIME: Record<string, ControlCommand> = {
  start: 'start',
  stop: 'stop',
  restart: 'restart',
  'try-restart': 'try-restart',
  reload: 'reload',
  'reload-or-restart': 'reload-or-restart',
  'reset-failed': 'reset-failed',
  'daemon-reload': 'daemon-reload',
};

export async function systemctl(
  verb: string,
  rawUnits: string[],
  o: SystemctlOptions,
): Promise<number> {
  const units = rawUnits.map(normalizeUnitName);
  const loader = new UnitLoader({ root: o.root });
  const say = (text: string): void => {
    if (!o.quiet) o.stdout.write(text + '\n');
  };
  const note = (lines: string[]): void => {
    if (!o.quiet) for (const l of lines) o.stderr.write(l + '\n');
  };
  const ask = (
    command: ControlCommand,
    names = units,
    noBlock = false,
  ): Promise<ControlResponse | null> =>
    controlRequest(o.socketPath, { command, units: names }, noBlock).catch((err: unknown) => {
      // systemctl as a non-root user: "Failed to stop app.service: Access denied".
      const code = (err as { code?: unknown }).code;
      if (code === 'EACCES' || code === 'EPERM')
        throw new UnitError(
          'control',
          `Failed to ${verb}${names.length ? ' ' + names.join(' ') : ''}: Access denied (the control socket ${o.socketPath} is root's)`,
          { exitCode: 4 },
        );
      throw err;
    });
  const needUnits = (): void => {
    if (!units.length)
      throw new UnitError('control', `Too few arguments: systemctl ${verb} needs unit names.`);
  };

  switch (verb) {
    case 'enable':
    case 'disable':
    case 'mask':
    case 'unmask': {
      needUnits();
      const edit = {
        enable: enableUnits,
        disable: disableUnits,
        mask: maskUnits,
        unmask: unmaskUnits,
      }[verb];
      note(edit(loader, units));
      if (o.now && (verb === 'enable' || verb === 'disable'))
        return systemctl(verb === 'enable' ? 'start' : 'stop', units, { ...o, now: false });
      return 0;
    }
    case 'is-enabled': {
      needUnits();
      let ok = false;
      for (const u of units) {
        const s = enabledState(loader, u);
        say(s);
        ok ||= isEnabledSuccess(s);
      }
      return ok ? 0 : 1;
    }
    case 'list-unit-files': {
      const names = loader.listUnitFiles().filter((n) => !units.length || units.includes(n));
      say('UNIT FILE STATE');
      for (const n of names) say(`${n} ${enabledState(loader, n)}`);
      return 0;
    }
  }
  const runtime = RUNTIME[verb];
  if (runtime) {
    if (verb !== 'daemon-reload') needUnits();
    const r = await ask(runtime, units, o.noBlock);
    if (r === null) {
      if (verb === 'start' || verb === 'restart' || verb === 'reload-or-restart') {
        for (const u of units)
          if (loader.load(u).state !== 'loaded')
            throw new UnitError('unit-not-found', `Failed to ${verb} ${u}: Unit ${u} not found.`);
        const file = path.join(o.root, DEFERRED_FILE);
        mkdirSync(path.dirname(file), { recursive: true });
        const already = new Set(deferredUnits(o.root));
        appendFileSync(
          file,
          units
            .filter((u) => !already.has(u))
            .map((u) => u + '\n')
            .join(''),
        );
        note(units.map((u) => `bosun: no supervisor running; ${u} will be started at boot`));
      } else if (verb === 'stop') {
        // Nothing runs at image build time; a deferred start is cancelled instead.
        cancelDeferred(o.root, units);
      }
      return 0;
    }
    if (!r.ok) {
      o.stderr.write(r.error + '\n');
      return 1;
    }
    return 0;
  }

  if (verb === 'status' && !units.length) return overallStatus(o);
  const r = ['status', 'is-active', 'is-failed', 'show', 'list-units'].includes(verb)
    ? await ask(verb as ControlCommand)
    : undefined;
  if (r === undefined) throw new UnitError('control', `Unknown command verb ${verb}.`);
  const statuses: UnitStatus[] =
    r === null ? units.map((u) => offlineStatus(loader, u, o.root)) : r.ok ? (r.units ?? []) : [];
  if (r && !r.ok) {
    o.stderr.write(r.error + '\n');
    return 1;
  }
  switch (verb) {
    case 'is-active':
      for (const s of statuses) say(s.activeState);
      return statuses.some((s) => s.activeState === 'active' || s.activeState === 'reloading')
        ? 0
        : 3;
    case 'is-failed':
      for (const s of statuses) say(s.activeState);
      return statuses.some((s) => s.activeState === 'failed') ? 0 : 1;
    case 'show':
      o.stdout.write(
        statuses
          .map((s) => {
            let lines = showProperties(s, enabledState(loader, s.name)).split('\n').filter(Boolean);
            const wanted = o.properties?.flatMap((p) => p.split(','));
            if (wanted?.length)
              lines = lines.filter((l) => wanted.includes(l.slice(0, l.indexOf('='))));
            if (o.valueOnly) lines = lines.map((l) => l.slice(l.indexOf('=') + 1));
            return lines.map((l) => l + '\n').join('');
          })
          .join('\n'),
      );
      return 0;
    case 'list-units':
      say(formatTable(statuses));
      return 0;
    default: {
      // status
      for (const s of statuses) say(formatStatus(s, enabledState(loader, s.name)));
      if (statuses.some((s) => s.loadState === 'not-found')) return 4;
      return statuses.every((s) => s.activeState === 'active') ? 0 : 3;
    }
  }
}

/**
 * The system's state in `systemctl is-system-running`'s words: `degraded` when a unit failed,
 * `starting` while the boot transaction is not done, else `running`.
 */
export function systemState(
  units: UnitStatus[],
  ready: boolean,
): 'running' | 'starting' | 'degraded' {
  if (units.some((u) => u.activeState === 'failed')) return 'degraded';
  return ready ? 'running' : 'starting';
}

/** `systemctl status` without a unit: the system's overall state, as systemctl prints it. */
async function overallStatus(o: SystemctlOptions): Promise<number> {
  const r = await controlRequest(o.socketPath, { command: 'ready', units: [] });
  const units = r?.ok ? (r.units ?? []) : [];
  const state = r === null ? 'offline' : r.ok ? systemState(units, r.ready === true) : 'unknown';
  const failed = units.filter((u) => u.activeState === 'failed').length;
  const dot = state === 'running' ? '●' : state === 'degraded' ? '×' : '○';
  const lines = [
    `${dot} ${hostname()}`,
    `    State: ${state}`,
    `    Units: ${units.length} loaded`,
    `   Failed: ${failed} units`,
  ];
  if (r === null) lines.push(`           (no supervisor answering on ${o.socketPath})`);
  if (!o.quiet) o.stdout.write(lines.join('\n') + '\n');
  return 0;
}

function cancelDeferred(root: string, units: string[]): void {
  const file = path.join(root, DEFERRED_FILE);
  if (existsSync(file))
    writeFileSync(
      file,
      deferredUnits(root)
        .filter((u) => !units.includes(u))
        .map((u) => u + '\n')
        .join(''),
    );
}

/** Image-build view: not running; a deferred start counts as active so Ansible converges. */
function offlineStatus(loader: UnitLoader, name: string, root: string): UnitStatus {
  const r = loader.load(name);
  const deferred = deferredUnits(root).includes(name);
  if (r.state === 'not-found')
    return {
      name,
      description: '',
      loadState: 'not-found',
      activeState: 'inactive',
      subState: 'dead',
    };
  if (r.state === 'masked')
    return {
      name,
      description: '',
      loadState: 'masked',
      activeState: 'inactive',
      subState: 'dead',
    };
  const description = r.state === 'loaded' ? r.unit.description : '';
  const fragmentPath = r.state === 'loaded' ? r.unit.fragmentPath : undefined;
  return {
    name,
    description,
    loadState: 'loaded',
    activeState: deferred ? 'active' : 'inactive',
    subState: deferred ? 'deferred' : 'dead',
    fragmentPath,
  };
}

function showProperties(s: UnitStatus, unitFileState: string): string {
  const props: [string, string | number | null | undefined][] = [
    ['Id', s.name],
    ['Names', s.name],
    ['Description', s.description || s.name],
    ['LoadState', s.loadState],
    ['ActiveState', s.activeState],
    ['SubState', s.subState],
    ['UnitFileState', unitFileState],
    ['FragmentPath', s.fragmentPath ?? ''],
    ['MainPID', s.mainPid ?? 0],
    ['Result', s.result ?? 'success'],
    ['NRestarts', s.restarts ?? 0],
    ['ExecMainStatus', s.execMainCode ?? 0],
  ];
  return props.map(([k, v]) => `${k}=${v ?? ''}\n`).join('');
}

function formatStatus(s: UnitStatus, unitFileState: string): string {
  if (s.loadState === 'not-found') return `Unit ${s.name} could not be found.`;
  const dot = s.activeState === 'active' ? '●' : s.activeState === 'failed' ? '×' : '○';
  const lines = [
    `${dot} ${s.name}${s.description ? ` - ${s.description}` : ''}`,
    `     Loaded: ${s.loadState}${s.fragmentPath ? ` (${s.fragmentPath}; ${unitFileState})` : ''}`,
    `     Active: ${s.activeState} (${s.subState})${s.result && s.result !== 'success' ? ` (Result: ${s.result})` : ''}`,
  ];
  if (s.mainPid) lines.push(`   Main PID: ${s.mainPid}`);
  if (s.restarts) lines.push(`   Restarts: ${s.restarts}`);
  return lines.join('\n');
}

function formatTable(statuses: UnitStatus[]): string {
  const rows = [
    ['UNIT', 'LOAD', 'ACTIVE', 'SUB', 'DESCRIPTION'],
    ...statuses.map((s) => [s.name, s.loadState, s.activeState, s.subState, s.description]),
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  return (
    rows
      .map((r) =>
        r
          .map((c, i) => (i < 4 ? c.padEnd(widths[i]!) : c))
          .join(' ')
          .trimEnd(),
      )
      .join('\n') + `\n\n${statuses.length} loaded units listed.`
  );
}
