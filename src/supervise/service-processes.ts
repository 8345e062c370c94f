/** A service's processes: its commands started in the unit's context, tracked, and killed. */
import { readFileSync } from 'node:fs';
import type { ExecCommand } from './exec-line.js';
import type { ServiceConfig } from './unit-model.js';
import type { ServiceHost } from './service.js';
import { launch, type UnitProcess } from './launcher.js';
import { isAlive, membersOf } from './proc.js';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The main process as the unit knows it while its processes are killed. */
export interface MainProcess {
  /** Read at every check: the main process's exit clears it during the wait. */
  pid: () => number | null;
  /** Our own child, when the main process is one (not adopted from a PIDFile= or MAINPID=). */
  child: UnitProcess | null;
}

export class ServiceProcesses {
  /** Process groups (and sessions) of everything started for the unit, and adopted main PIDs. */
  readonly groups = new Set<number>();
  /** The environment every command starts with (set up at each start). */
  env: Record<string, string> = {};

  constructor(
    private readonly unit: string,
    private readonly service: ServiceConfig,
    private readonly host: ServiceHost,
  ) {}

  /** Run a control command (pre/post/stop/reload, or oneshot's ExecStart) to completion. */
  run(
    cmd: ExecCommand,
    extra: Record<string, string> = {},
    onPid?: (pid: number | null) => void,
  ): Promise<Exit> {
    return new Promise((resolve) => {
      let child: UnitProcess;
      try {
        child = this.spawn(cmd, extra);
      } catch (err) {
        this.host.log(this.unit, `failed to start ${cmd.path}: ${(err as Error).message}`);
        return resolve({ code: 203, signal: null });
      }
      onPid?.(child.pid ?? null);
      child.once('error', (err) => {
        this.host.log(this.unit, `failed to execute ${cmd.path}: ${err.message}`);
        resolve({ code: 203, signal: null });
      });
      child.once('exit', (code, signal) => {
        onPid?.(null);
        resolve({ code, signal });
      });
    });
  }

  spawn(cmd: ExecCommand, extra: Record<string, string>): UnitProcess {
    const child = launch(cmd, {
      unit: this.unit,
      service: this.service,
      env: { ...this.env, ...extra },
      hostPath: this.host.hostPath,
      root: this.host.root,
      attachOutput: this.host.attachOutput,
      log: (message) => this.host.log(this.unit, message),
    });
    if (child.pid !== undefined) this.groups.add(child.pid);
    child.once('exit', () => {
      if (child.pid !== undefined && !membersOf(new Set([child.pid])).length)
        this.groups.delete(child.pid);
    });
    return child;
  }

  /**
   * Send KillSignal per KillMode=, wait TimeoutStopSec, then SIGKILL if SendSIGKILL=
   * (`onSigkill` first, so the unit can record the timeout).
   */
  async kill(signal: NodeJS.Signals, main: MainProcess, onSigkill: () => void): Promise<void> {
    const mode = this.service.killMode;
    if (mode === 'none') return;
    const targets = (): number[] => {
      const pids = new Set<number>();
      const mainPid = main.pid();
      if (mainPid !== null && isAlive(mainPid)) pids.add(mainPid);
      if (mode !== 'process') for (const p of membersOf(this.groups)) pids.add(p);
      return [...pids];
    };
    const mainPid = main.pid();
    const first = mode === 'mixed' ? (mainPid !== null ? [mainPid] : []) : targets();
    if (!first.length) return;
    for (const pid of first) {
      signalPid(pid, signal);
      signalPid(pid, 'SIGCONT');
    }
    const deadline =
      Date.now() +
      (Number.isFinite(this.service.timeoutStopMs) ? this.service.timeoutStopMs : 2 ** 31 - 1);
    // Our own main process: its exit event (libuv reaped it) is the signal, no /proc checks. Waiting
    // for it also keeps onMainExit() inside the stop, so a stopped unit is never "restarted".
    const child = main.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    // Processes outside our children (group members, adopted daemons) only show their end in
    // /proc: re-check with a short back-off (most services exit within milliseconds of TERM).
    for (let wait = 1; Date.now() < deadline && targets().length; wait = Math.min(wait * 2, 50))
      await sleep(Math.min(wait, Math.max(1, deadline - Date.now())));
    const left = targets();
    if (left.length && this.service.sendSigkill) {
      this.host.log(
        this.unit,
        `processes still running after ${this.service.timeoutStopMs} ms: sending SIGKILL`,
      );
      onSigkill();
      for (const pid of left) signalPid(pid, 'SIGKILL');
      const killDeadline = Date.now() + 5000;
      while (Date.now() < killDeadline && targets().length) await sleep(20);
    }
  }
}

/** The PID a PIDFile= names, or null when it is missing or not a number. */
export function readPidFile(p: string): number | null {
  try {
    const text = readFileSync(p, 'utf8').trim();
    return /^\d+$/.test(text) ? Number(text) : null;
  } catch {
    return null;
  }
}

export function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    /* gone */
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
