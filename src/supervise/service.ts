/**
 * One service unit's life: conditions, start rate limit, ExecStartPre → main (by Type=) →
 * ExecStartPost, watching the main process, Restart= with RestartSec=, and stopping with
 * ExecStop=, KillMode=/KillSignal=, TimeoutStopSec=, SendSIGKILL= and ExecStopPost=. Starting,
 * tracking and killing the processes themselves is service-processes.ts's part.
 */
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { ExecCommand } from './exec-line.js';
import type { ServiceConfig, UnitConfig } from './unit-model.js';
import { directoryVariables, serviceEnvironment } from './environment.js';
import type { LaunchContext, UnitProcess } from './launcher.js';
import { exitResult, shouldRestart, type ServiceResult } from './service-policy.js';
import { isAlive } from './proc.js';
import { checkConditions } from './conditions.js';
import { readPidFile, ServiceProcesses, signalPid, type Exit } from './service-processes.js';
import { prepareDirectories, removeRuntimeDirectories } from './service-directories.js';

export type ActiveState =
  'inactive' | 'activating' | 'active' | 'deactivating' | 'failed' | 'reloading';

export interface ServiceHost {
  root: string;
  hostPath: (p: string) => string;
  managerEnv: Readonly<Record<string, string | undefined>>;
  envAllowlist: readonly string[];
  attachOutput: LaunchContext['attachOutput'];
  log: (unit: string, message: string) => void;
  /** Watch a PID that is not our child (forking services' main process). */
  watchPid: (
    pid: number,
    onExit: (code: number | null, signal: NodeJS.Signals | null) => void,
  ) => () => void;
  /** A NOTIFY_SOCKET path for Type=notify, or null when notifications are unavailable. */
  notifySocket: (
    unit: string,
    onMessage: (fields: Map<string, string>, pid: number | null) => void,
  ) => string | null;
}

export class ServiceUnit extends EventEmitter {
  state: ActiveState = 'inactive';
  subState = 'dead';
  result: ServiceResult = 'success';
  mainPid: number | null = null;
  lastExit: Exit | null = null;
  restarts = 0;
  private readonly starts: number[] = [];
  private mainChild: UnitProcess | null = null;
  private unwatchMain: (() => void) | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private watchdogTimer: NodeJS.Timeout | null = null;
  private stopping: Promise<void> | null = null;
  private readonly service: ServiceConfig;
  private readonly processes: ServiceProcesses;

  constructor(
    readonly config: UnitConfig,
    private readonly host: ServiceHost,
  ) {
    super();
    this.service = config.service!;
    this.processes = new ServiceProcesses(config.name, this.service, host);
  }

  get name(): string {
    return this.config.name;
  }

  private setState(state: ActiveState, sub: string): void {
    this.state = state;
    this.subState = sub;
    this.emit('state', state, sub);
  }

  /** Start; resolves when the unit is active (or has ended, for oneshot) — rejects never: see `state`. */
  async start(): Promise<void> {
    if (this.state === 'active' || this.state === 'activating' || this.state === 'reloading')
      return;
    if (this.restartTimer) {
      clearTimeout(this.restartTimer);
      this.restartTimer = null;
    }
    const now = Date.now();
    while (this.starts.length && now - this.starts[0]! > this.config.startLimitIntervalMs)
      this.starts.shift();
    if (
      this.config.startLimitIntervalMs > 0 &&
      this.config.startLimitBurst > 0 &&
      this.starts.length >= this.config.startLimitBurst
    ) {
      this.host.log(this.name, 'start request repeated too quickly (StartLimitBurst reached)');
      this.result = 'start-limit-hit';
      this.setState('failed', 'failed');
      return;
    }
    this.starts.push(now);
    const cond = checkConditions(this.config.conditions, this.host.hostPath);
    if (cond !== null) {
      this.host.log(
        this.name,
        `${cond.assert ? 'assertion' : 'condition'} failed: ${cond.directive}=${cond.negate ? '!' : ''}${cond.value}`,
      );
      this.result = cond.assert ? 'condition' : 'success';
      this.setState(cond.assert ? 'failed' : 'inactive', cond.assert ? 'failed' : 'dead');
      return;
    }
    this.result = 'success';
    this.setState('activating', 'start-pre');
    try {
      prepareDirectories(this.service, this.host);
      this.processes.env = serviceEnvironment({
        service: this.service,
        managerEnv: this.host.managerEnv,
        allowlist: this.host.envAllowlist,
        hostPath: this.host.hostPath,
        extra: { ...directoryVariables(this.service), INVOCATION_ID: cryptoId() },
      });
    } catch (err) {
      this.host.log(this.name, `failed to set up: ${(err as Error).message}`);
      return this.fail('resources');
    }
    const timeout = this.service.timeoutStartMs;
    const started = await withTimeout(this.activate(), timeout);
    if (started === 'timeout') {
      this.host.log(this.name, `start operation timed out after ${timeout} ms`);
      await this.killAll(this.service.killSignal);
      return this.fail('timeout');
    }
  }

  private async activate(): Promise<void> {
    for (const cmd of this.service.execStartPre) {
      const exit = await this.processes.run(cmd);
      if (!this.succeeded(cmd, exit))
        return this.fail(exitResult(this.service, exit.code, exit.signal));
    }
    this.setState('activating', 'start');
    const type = this.service.type;
    if (type === 'oneshot') {
      for (const cmd of this.service.execStart) {
        const exit = await this.processes.run(cmd, {}, (pid) => (this.mainPid = pid));
        this.lastExit = exit;
        if (!this.succeeded(cmd, exit))
          return this.fail(exitResult(this.service, exit.code, exit.signal));
      }
    } else {
      const cmd = this.service.execStart[0];
      if (!cmd) {
        this.host.log(this.name, 'no ExecStart=');
        return this.fail('resources');
      }
      const ok = type === 'forking' ? await this.startForking(cmd) : await this.startMain(cmd);
      if (!ok) return;
    }
    for (const cmd of this.service.execStartPost) {
      const exit = await this.processes.run(cmd);
      if (!this.succeeded(cmd, exit)) {
        await this.killAll(this.service.killSignal);
        return this.fail(exitResult(this.service, exit.code, exit.signal));
      }
    }
    if (type === 'oneshot') {
      if (this.service.remainAfterExit) this.setState('active', 'exited');
      else {
        await this.runStopPost();
        this.setState('inactive', 'dead');
      }
      return;
    }
    if (this.state === 'activating') this.setState('active', 'running');
  }

  /** simple/exec/idle/notify: spawn the main process and watch it. */
  private startMain(cmd: ExecCommand): Promise<boolean> {
    return new Promise((resolve) => {
      let extra: Record<string, string> = {};
      let readyResolve: (() => void) | null = null;
      if (this.service.type === 'notify') {
        const socket = this.host.notifySocket(this.name, (fields, pid) =>
          this.onNotify(fields, pid, () => readyResolve?.()),
        );
        if (socket) extra = { NOTIFY_SOCKET: socket };
        else
          this.host.log(
            this.name,
            'Type=notify without a notification socket: treated as Type=simple',
          );
      }
      if (this.service.watchdogMs > 0) extra.WATCHDOG_USEC = String(this.service.watchdogMs * 1000);
      let child: UnitProcess;
      try {
        child = this.processes.spawn(cmd, extra);
      } catch (err) {
        this.host.log(this.name, `failed to start: ${(err as Error).message}`);
        void this.fail('resources');
        return resolve(false);
      }
      this.mainChild = child;
      child.once('error', (err) => {
        this.host.log(this.name, `failed to execute ${cmd.path}: ${err.message}`);
        this.mainChild = null;
        void this.fail('exit-code').then(() => resolve(false));
      });
      child.once('spawn', () => {
        this.mainPid = child.pid ?? null;
        if (this.service.watchdogMs > 0) this.armWatchdog();
        if (extra.NOTIFY_SOCKET) readyResolve = () => resolve(true);
        else resolve(true);
      });
      child.once('exit', (code, signal) => {
        this.mainChild = null;
        if (this.state === 'activating' && readyResolve) {
          // Died before READY=1.
          void this.onMainExit({ code, signal }).then(() => resolve(false));
          return;
        }
        void this.onMainExit({ code, signal });
      });
    });
  }

  /** forking: the started process exits once the daemon is up; the main PID comes from PIDFile=. */
  private async startForking(cmd: ExecCommand): Promise<boolean> {
    const exit = await this.processes.run(cmd);
    if (!this.succeeded(cmd, exit)) {
      await this.fail(exitResult(this.service, exit.code, exit.signal));
      return false;
    }
    if (this.service.pidFile) {
      const pid = readPidFile(this.host.hostPath(this.service.pidFile));
      if (pid === null || !isAlive(pid)) {
        this.host.log(
          this.name,
          `PIDFile ${this.service.pidFile} ${pid === null ? 'not readable' : `names PID ${pid}, which is not running (stale)`}`,
        );
        await this.fail('resources');
        return false;
      }
      this.adoptMain(pid);
    }
    return true;
  }

  private adoptMain(pid: number): void {
    this.mainPid = pid;
    this.processes.groups.add(pid);
    this.unwatchMain = this.host.watchPid(pid, (code, signal) => {
      this.unwatchMain = null;
      void this.onMainExit({ code, signal });
    });
  }

  private onNotify(fields: Map<string, string>, _pid: number | null, ready: () => void): void {
    const mainpid = fields.get('MAINPID');
    if (mainpid && /^\d+$/.test(mainpid) && Number(mainpid) !== this.mainPid) {
      this.unwatchMain?.();
      this.adoptMain(Number(mainpid));
    }
    if (fields.get('WATCHDOG') === '1') this.armWatchdog();
    if (fields.get('READY') === '1') ready();
    if (fields.has('STATUS')) this.emit('status', fields.get('STATUS'));
  }

  private armWatchdog(): void {
    if (this.watchdogTimer) clearTimeout(this.watchdogTimer);
    this.watchdogTimer = setTimeout(() => {
      this.host.log(this.name, 'watchdog timeout');
      this.result = 'watchdog';
      if (this.mainPid) signalPid(this.mainPid, 'SIGABRT');
    }, this.service.watchdogMs);
    this.watchdogTimer.unref();
  }

  private async onMainExit(exit: Exit): Promise<void> {
    if (this.watchdogTimer) {
      clearTimeout(this.watchdogTimer);
      this.watchdogTimer = null;
    }
    this.lastExit = exit;
    this.mainPid = null;
    if (this.stopping) return; // stop() owns the rest
    const result =
      this.result === 'watchdog' ? 'watchdog' : exitResult(this.service, exit.code, exit.signal);
    this.host.log(
      this.name,
      `main process exited, ${exit.signal ? `signal=${exit.signal}` : `code=${exit.code}`}`,
    );
    this.setState('deactivating', 'stop');
    for (const cmd of this.service.execStop)
      await this.processes.run(cmd, { SERVICE_RESULT: result });
    await this.killAll(this.service.killSignal);
    await this.runStopPost(result);
    this.result = result;
    if (shouldRestart(this.service.restart, result, this.service, exit.code, exit.signal)) {
      this.setState('activating', 'auto-restart');
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        this.restarts++;
        this.setState('inactive', 'dead');
        void this.start();
      }, this.service.restartSecMs);
      return;
    }
    this.setState(
      result === 'success' ? 'inactive' : 'failed',
      result === 'success' ? 'dead' : 'failed',
    );
  }

  private async fail(result: ServiceResult): Promise<void> {
    this.result = result;
    await this.runStopPost(result);
    this.setState('failed', 'failed');
  }

  /** Stop the service (idempotent); resolves when it is inactive or failed. */
  stop(): Promise<void> {
    if (this.restartTimer) {
      clearTimeout(this.restartTimer);
      this.restartTimer = null;
      this.setState('inactive', 'dead');
    }
    if (this.stopping) return this.stopping;
    if (this.state === 'inactive' || this.state === 'failed') return Promise.resolve();
    this.stopping = this.doStop().finally(() => {
      this.stopping = null;
    });
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    this.setState('deactivating', 'stop');
    const extra: Record<string, string> = this.mainPid ? { MAINPID: String(this.mainPid) } : {};
    for (const cmd of this.service.execStop) await this.processes.run(cmd, extra);
    if (this.mainPid !== null || this.processes.groups.size) {
      this.setState('deactivating', 'stop-sigterm');
      await this.killAll(this.service.killSignal);
    }
    await this.runStopPost();
    if (this.watchdogTimer) {
      clearTimeout(this.watchdogTimer);
      this.watchdogTimer = null;
    }
    const failed = this.result !== 'success';
    this.setState(failed ? 'failed' : 'inactive', failed ? 'failed' : 'dead');
  }

  /** systemctl reset-failed: forget the failure and the start-rate history. */
  resetFailed(): void {
    this.resetStartLimit();
    if (this.state === 'failed') {
      this.result = 'success';
      this.setState('inactive', 'dead');
    }
  }

  /** A manual restart is not a crash loop: systemctl restart clears the rate history. */
  resetStartLimit(): void {
    this.starts.length = 0;
  }

  /** Reload: ExecReload= (with $MAINPID), or an error when the unit has none. */
  async reload(): Promise<boolean> {
    if (this.state !== 'active' || !this.service.execReload.length) return false;
    this.setState('reloading', 'reload');
    let ok = true;
    for (const cmd of this.service.execReload) {
      const exit = await this.processes.run(
        cmd,
        this.mainPid ? { MAINPID: String(this.mainPid) } : {},
      );
      if (!this.succeeded(cmd, exit)) {
        ok = false;
        break;
      }
    }
    this.setState('active', 'running');
    return ok;
  }

  /** Kill the unit's processes per KillMode=; a stop that comes to SIGKILL has timed out. */
  private killAll(signal: NodeJS.Signals): Promise<void> {
    const main = { pid: () => this.mainPid, child: this.mainChild };
    return this.processes.kill(signal, main, () => {
      if (this.result === 'success' && this.stopping) this.result = 'timeout';
    });
  }

  private async runStopPost(result?: ServiceResult): Promise<void> {
    for (const cmd of this.service.execStopPost)
      await this.processes.run(cmd, result ? { SERVICE_RESULT: result } : {});
    removeRuntimeDirectories(this.service, this.host);
  }

  private succeeded(cmd: ExecCommand, exit: Exit): boolean {
    return cmd.ignoreFailure || exitResult(this.service, exit.code, exit.signal) === 'success';
  }
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  if (!Number.isFinite(ms)) return p;
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<'timeout'>((r) => {
    timer = setTimeout(() => r('timeout'), ms);
  });
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

function cryptoId(): string {
  // node:crypto is loaded already; the global `crypto` would load WebCrypto (~1.5 ms at boot).
  return randomBytes(16).toString('hex');
}
