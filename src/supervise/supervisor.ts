/**
 * `startSupervisor`: the PID 1 side of bosun boot. Loads units under `root`, starts the default
 * target's transaction, forwards signals, reaps orphans when it is PID 1, serves the control
 * socket, and resolves `exited` with the container's exit code.
 */
import type { Writable } from 'node:stream';
import { Logger } from '../log/logger.js';
import { Manager } from './manager.js';
import { UnitLoader, SYSTEM_UNIT_PATH } from './unit-loader.js';
import { PrefixedOutput } from './output.js';
import { startReaper, type Reaper } from './reaper.js';
import { loadNative } from '../native/addon.js';
import { NotifySockets } from './notify.js';
import { startControlServer, type ControlServer } from './control-server.js';
import type { ServiceHost } from './service.js';
import { deferredUnits } from './unit-enablement.js';
import { terminateRemaining } from './pid1.js';
import { runGenerators } from './generators.js';
import { DEFAULT_CONTROL_SOCKET } from './control-protocol.js';
import { processStartedAt } from '../process/start-time.js';
import { applyTmpfiles } from './tmpfiles.js';

export interface SupervisorOptions {
  /** Root the unit files are found under (default `/`; tests use a temp tree). Services see the real filesystem. */
  root?: string;
  unitPath?: string[];
  defaultTarget?: string;
  /** Units whose end stops the container; the exit code comes from the unit. */
  critical?: string[];
  /** Manager environment variables passed to every service when set (never secrets). */
  envAllowlist?: string[];
  /** The manager's own environment (source of PassEnvironment=). */
  managerEnv?: Readonly<Record<string, string | undefined>>;
  /** Control socket path (default $BOSUN_CONTROL_SOCKET, else /run/bosun/control.sock); null disables it. */
  controlSocket?: string | null;
  /** Directory of Type=notify sockets (default /run/bosun/notify). */
  notifyDir?: string;
  logger?: Logger;
  stdout?: Writable;
  /** As PID 1: how long processes left after the units stopped get between SIGTERM and SIGKILL. */
  finalKillGraceMs?: number;
  /** Handle SIGTERM/SIGINT/SIGHUP of this process (default true). */
  handleSignals?: boolean;
  /** Run the system generators under root before loading units (default true). */
  generators?: boolean;
  /** Apply tmpfiles.d under root before any unit starts, as systemd-tmpfiles-setup (default true). */
  tmpfiles?: boolean;
  /** When the boot began (epoch ms, before a re-exec): "startup finished" counts from there. */
  startedAt?: number;
  /** Durations (ms) of what came before the supervisor, reported with "startup finished". */
  phases?: ReadonlyArray<readonly [string, number]>;
}

export interface Supervisor {
  manager: Manager;
  /** Resolves once the boot transaction has settled (every unit started, failed or skipped). */
  ready: Promise<void>;
  /** Stop all units in reverse order; `exited` then resolves. */
  stop(code?: number): Promise<void>;
  /** The container's exit code. */
  exited: Promise<number>;
}

export const DEFAULT_ENV_ALLOWLIST = ['TZ', 'LANG', 'LC_ALL', 'container'];

export function startSupervisor(options: SupervisorOptions = {}): Supervisor {
  const root = options.root ?? '/';
  const log = options.logger ?? new Logger();
  const out = new PrefixedOutput(options.stdout ?? process.stdout);
  const hostPath = (p: string): string => p;
  const reaper: Reaper = startReaper();
  if (!loadNative()) {
    log.warn(
      `native helper ${'bosun_native.node'} not found (next to the bosun binary or BOSUN_NATIVE_ADDON): ` +
        `${process.pid === 1 ? 'orphaned processes will not be reaped, ' : ''}Type=notify runs as Type=simple`,
    );
  }
  const notify = new NotifySockets(options.notifyDir ?? '/run/bosun/notify');
  const host: ServiceHost = {
    // Processes run on the real system (hostPath is the identity), so users and groups come from
    // the real /etc/passwd and /etc/group; `root` only relocates the unit files.
    root: '/',
    hostPath,
    managerEnv: options.managerEnv ?? process.env,
    envAllowlist: options.envAllowlist ?? DEFAULT_ENV_ALLOWLIST,
    attachOutput: (child, unit) => {
      if (child.stdout) out.attach(child.stdout, unit);
      if (child.stderr) out.attach(child.stderr, unit);
    },
    log: (unit, message) => log.info(`${unit}: ${message}`),
    watchPid: (pid, onExit) => reaper.watch(pid, onExit),
    notifySocket: (unit, onMessage) => notify.open(unit, onMessage),
  };
  const generate = (): void => {
    for (const g of runGenerators(root)) {
      if (g.ok) log.info(`generator ${g.name}: done`);
      else log.warn(`generator ${g.name} failed (${g.message}); its units are missing`);
    }
  };
  if (options.generators !== false) generate();
  const loader = new UnitLoader({ root, searchPath: options.unitPath ?? SYSTEM_UNIT_PATH });
  const manager = new Manager({
    loader,
    host,
    defaultTarget: options.defaultTarget ?? 'multi-user.target',
    critical: options.critical ?? [],
    beforeReload: options.generators === false ? undefined : generate,
  });
  for (const p of manager.graph.problems) log.warn(`${p.file}:${p.line}: ${p.message}`);
  for (const s of manager.graph.skipped) log.info(`skipping ${s.name} (${s.reason})`);
  for (const c of manager.graph.cycles)
    log.warn(`ordering cycle: ${c.join(' → ')}; dropped the last edge`);

  let resolveExit!: (code: number) => void;
  const exited = new Promise<number>((r) => {
    resolveExit = r;
  });
  // PID 1 lives until stopped, even when no unit process is a child of ours (only forking
  // daemons and oneshots): without a handle the event loop would empty and the container end.
  // One wake-up every 24 days: idle CPU stays 0.
  const keepAlive = setInterval(() => undefined, 2 ** 31 - 1);
  let control: ControlServer | null = null;
  let stopping: Promise<void> | null = null;
  const stop = (code = 0): Promise<void> => {
    stopping ??= (async () => {
      await manager.stopAll();
      await terminateRemaining(options.finalKillGraceMs ?? 5000, (m) => log.info(m));
      control?.close();
      notify.close();
      reaper.stop();
      detachSignals();
      clearInterval(keepAlive);
      resolveExit(code);
    })();
    return stopping;
  };
  manager.on('critical-exit', (unit: string, code: number) => {
    log.warn(`critical unit ${unit} ended: stopping the container (exit ${code})`);
    void stop(code);
  });

  const onSignal = (sig: NodeJS.Signals): void => {
    // SIGHUP is systemd's daemon-reload, not a shutdown (`docker kill -s HUP` must not stop all).
    if (sig === 'SIGHUP') {
      log.info('received SIGHUP: reloading unit files');
      manager.reloadUnitFiles();
      return;
    }
    log.info(`received ${sig}: stopping units`);
    void stop(sig === 'SIGTERM' || sig === 'SIGINT' ? 0 : 128 + 1);
  };
  const signals: NodeJS.Signals[] =
    options.handleSignals === false ? [] : ['SIGTERM', 'SIGINT', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  const detachSignals = (): void => {
    for (const s of signals) process.off(s, onSignal);
  };

  const socketPath =
    options.controlSocket === undefined
      ? process.env.BOSUN_CONTROL_SOCKET || DEFAULT_CONTROL_SOCKET
      : options.controlSocket;
  if (socketPath) {
    try {
      control = startControlServer(socketPath, manager, { stop: () => void stop(0) }, log);
    } catch (err) {
      // A non-root user on a read-only root with a root-owned /run: the units still run.
      log.warn(
        `control socket ${socketPath} unavailable (${(err as Error).message}): systemctl and bosun status will not reach this supervisor; set BOSUN_CONTROL_SOCKET to a writable place`,
      );
    }
  }
  // Units `systemctl start`ed while no supervisor ran (image build) start after the transaction.
  // tmpfiles.d first, as systemd-tmpfiles-setup.service (--create --remove --boot) before units.
  const tmpfiles =
    options.tmpfiles === false
      ? Promise.resolve()
      : applyTmpfiles({
          root,
          create: true,
          remove: true,
          boot: true,
          log: (level, message) => log[level](`tmpfiles: ${message}`),
        }).then(
          () => undefined,
          (err: unknown) => log.warn(`tmpfiles: ${(err as Error).message}`),
        );
  const ready = tmpfiles
    .then(() => manager.startAll())
    .then(async () => {
      await Promise.all(
        deferredUnits(root).map(async (name) => {
          const unit = manager.loadUnit(name);
          if (unit) await unit.start();
          else log.warn(`deferred start of ${name}: unit not found`);
        }),
      );
      // As systemd's "Startup finished in …": from the boot's start (this process's without a re-exec).
      const now = Date.now();
      const total = now - (options.startedAt ?? processStartedAt());
      const before = options.phases ?? [];
      const units = total - before.reduce((sum, [, ms]) => sum + ms, 0);
      const parts = [...before, ['units', units] as const].map(
        ([name, ms]) => `${name} ${Math.round(ms)} ms`,
      );
      log.info(`startup finished in ${Math.round(total)} ms (${parts.join(' + ')})`);
    });
  return { manager, ready, stop, exited };
}
